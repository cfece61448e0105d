/**
 * Defeat at 0 HP (§7.1 Defeated): a corpse (kind "corpse") in the room; a
 * creature goes to the void (the creatures pack brings it back at its spawn
 * point, whole); a character leaves what they carry unequipped in the corpse and
 * wakes in the respawn room (config `respawnRoom`, the tavern) at half HP,
 * weakened (×0.75 damage) for 60 s — the documented penalty.
 */
import { JsonObj, Events, Query, schedule } from '../../../sdk/assembly';
import * as Memo from './memo';
import { Fighter, fighterOf, the, The } from './fighter';
import { CORPSE, HEALTH, STATE, VOID, readCombatant, writeEffects, writeHealth, Effect } from './state';
import { apply } from './status';
import { tell, tellRoom, tellVitals } from './show';
import { respawnRoom } from './world';

/** Corpses crumble after 5 minutes: long enough to come back for your things. */
export const CORPSE_MS: f64 = 300000;
export const RESPAWN_HP_SHARE: f64 = 0.5;
export const PENALTY_MS: f64 = 60000;
export const PENALTY_SHARE: f64 = 0.75;
const EQUIP = 'inventory.equipment';

export function voidEntity(): string | null {
  const ids = Query.withComponent(VOID);
  if (ids.length > 0) return ids[0];
  return Memo.spawn(new JsonObj().set('name', 'nowhere').set('kind', 'void').set(VOID, true));
}

function bare(name: string): string {
  if (name.startsWith('a ')) return name.substring(2);
  if (name.startsWith('an ')) return name.substring(3);
  return name;
}

export function defeat(v: Fighter, killer: string, t: f64): void {
  const room = v.room;
  Memo.del(v.id, STATE);
  writeEffects(v.id, new Array<Effect>());
  stopOpponents(v.id, room, t);
  const corpse = Memo.spawn(
    new JsonObj()
      .set('name', 'the corpse of ' + (v.kind == 'npc' ? 'a ' + bare(v.name) : v.name))
      .set('kind', 'corpse')
      .set('location', room)
      .set(CORPSE, new JsonObj().set('of', v.id).set('name', v.name).set('at', t)),
  );
  const cid = corpse === null ? '' : corpse!;
  if (cid.length > 0) schedule(<i64>CORPSE_MS, 'combat.decay', new JsonObj().set('corpse', cid));
  const k = killer.length > 0 ? fighterOf(killer) : null;
  const by = k === null ? '' : the(k!);
  if (v.kind == 'npc') {
    Memo.del(v.id, HEALTH);
    const nowhere = voidEntity();
    if (nowhere !== null) Memo.move(v.id, nowhere!);
    if (k !== null) tell(killer, The(v) + ' dies.', 'good');
    tellRoom(room, The(v) + ' dies.', killer, '');
  } else {
    if (cid.length > 0) leaveBelongings(v.id, cid);
    const home = respawnRoom();
    if (home !== null) Memo.move(v.id, home!);
    const hp = v.maxHp * RESPAWN_HP_SHARE;
    writeHealth(v.id, hp, v.maxHp, t);
    const fx = new Array<Effect>();
    apply(fx, 'weakness', t, PENALTY_SHARE, PENALTY_MS);
    writeEffects(v.id, fx);
    tellRoom(room, v.name + ' falls' + (by.length > 0 ? ' to ' + by : '') + '!', v.id, killer);
    if (k !== null) tell(killer, 'You have defeated ' + v.name + '.', 'good');
    tell(v.id, 'You have been defeated' + (by.length > 0 ? ' by ' + by : '') + '. Everything goes dark…', 'bad');
    tellVitals(v.id, 'You wake by the hearth of the Crooked Lantern, aching and weak (60 s). What you carried lies on your corpse.', 'system', hp, v.maxHp);
  }
  Events.emit('combat.defeated', 'room:' + room, new JsonObj().set('id', v.id).set('kind', v.kind).set('by', killer).set('room', room).set('corpse', cid));
}

/** Whoever fought `id` turns to another opponent in the room or stops. */
function stopOpponents(id: string, room: string, t: f64): void {
  const here = Query.contents(room, '', -1, id, 200);
  for (let i = 0; i < here.length; i++) {
    const o = readCombatant(here[i].id);
    if (o === null || o.target != id) continue;
    // The fight is over for them: regeneration starts now (they are re-engaged if someone else attacks).
    Memo.del(here[i].id, STATE);
    const h = Memo.get(here[i].id, HEALTH);
    if (h !== null) writeHealth(here[i].id, h.getNumber('hp', 0), h.getNumber('max', 1), t);
  }
}

/** A defeated character's loose belongings (not what they wear or wield) go into the corpse. */
function leaveBelongings(who: string, corpse: string): void {
  const eq = Memo.get(who, EQUIP);
  const carried = Query.contents(who, 'item', -1, '', 64);
  for (let i = 0; i < carried.length; i++) {
    const id = carried[i].id;
    let worn = false;
    if (eq !== null) {
      const slots = eq.keys();
      for (let s = 0; s < slots.length; s++) {
        const held = eq.getString(slots[s]);
        if (held !== null && held! == id) worn = true;
      }
    }
    if (!worn) Memo.move(id, corpse);
  }
}

/**
 * combat.decay: the corpse crumbles. What is left in it (other packs' items,
 * which combat may move but not remove) goes to the void; the corpse itself is
 * despawned. A corpse from before despawn existed has no spawner recorded and is
 * refused: it goes to the void whole, as corpses used to.
 */
export function decay(corpse: string): void {
  if (Memo.get(corpse, CORPSE) === null) return;
  const nowhere = voidEntity();
  if (nowhere === null) return;
  const info = Memo.entity(corpse);
  if (info !== null && info.location !== null) tellRoom(info.location!, cap1(info.name) + ' crumbles to dust.', '', '');
  const left = Query.contents(corpse, '', -1, '', 64);
  for (let i = 0; i < left.length; i++) Memo.move(left[i].id, nowhere!);
  if (left.length < 64 && Memo.despawn(corpse)) return;
  Memo.del(corpse, CORPSE);
  Memo.move(corpse, nowhere!);
}

function cap1(s: string): string {
  return s.length > 0 ? s.charAt(0).toUpperCase() + s.substring(1) : s;
}
