/**
 * creatures: NPCs from data (templates and spawn points in world.json), their
 * behaviours, loot and respawn. They act through the command path (`act`);
 * combat, health and `consider` are the combat pack's. docs/packs/creatures.md.
 */
import { GameEvent, JsonArr, JsonObj, OK, Events, State, dispatchEvent, dispatchSeed, now, randFloat, schedule, send, Message, Query } from '../../../sdk/assembly';
import { BODY, MIND } from './body';
import { seedWorld } from './seed';
import { think } from './mind';

export function myriad_event(): i32 {
  return dispatchEvent(onEvent);
}

export function myriad_seed(): i32 {
  return dispatchSeed(seedWorld);
}

function onEvent(e: GameEvent): i32 {
  if (e.type == 'world.tick') {
    const t = e.payload.getNumber('now', <f64>now());
    const dt = e.payload.getNumber('dtMs', 100);
    // Creatures think on world-second boundaries; each has its own next time.
    if (Math.floor(t / 1000) != Math.floor((t - dt) / 1000)) think(t);
    return OK;
  }
  if (e.type == 'combat.defeated') return onDefeated(e);
  if (e.type == 'creatures.respawn') return onRespawn(e);
  return OK;
}

/** One of ours fell: roll its loot into the corpse, and bring it back after respawnMs. */
function onDefeated(e: GameEvent): i32 {
  const id = e.payload.getString('id');
  if (id === null) return OK;
  const body = State.get(id!, BODY);
  if (body === null) return OK;
  const corpse = e.payload.getString('corpse');
  const loot = body.getArray('loot');
  if (corpse !== null && corpse!.length > 0 && loot !== null) {
    const items = new JsonArr();
    for (let i = 0; i < loot.length; i++) {
      const l = loot.at(i)!;
      const item = l.getObject('item');
      if (item !== null && randFloat() < l.getNumber('chance', 1)) items.push(item!);
    }
    if (items.length > 0) Events.emit('creatures.loot', 'entity:' + corpse!, new JsonObj().set('into', corpse!).set('items', items));
  }
  State.set(id!, MIND, new JsonObj().set('next', 0).set('leader', ''));
  schedule(<i64>body.getNumber('respawnMs', 60000), 'creatures.respawn', new JsonObj().set('npc', id!));
  return OK;
}

function onRespawn(e: GameEvent): i32 {
  const id = e.payload.getString('npc');
  if (id === null) return OK;
  const body = State.get(id!, BODY);
  if (body === null) return OK;
  const home = body.getString('home');
  if (home === null || Query.entity(home!) === null) return OK;
  State.move(id!, home!);
  const info = Query.entity(id!);
  const name = info === null ? 'something' : info.name;
  send('room:' + home!, Message.kind('move').text(name.charAt(0).toUpperCase() + name.substring(1) + ' appears.'));
  return OK;
}
