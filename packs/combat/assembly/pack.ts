/**
 * combat: health, the §7.1 action queue, §7.2 damage, §7.3 status effects.
 * Commands: attack (kill), quick, heavy, defend, flee, hp, consider, loot, pvp, @combat.
 * Resolution runs on world.tick; docs/packs/combat.md has the rules and choices.
 */
import { Command, GameEvent, Message, OK, dispatchCommand, dispatchEvent, fail, now, reply } from '../../../sdk/assembly';
import { attack, defend, flee } from './commands';
import { consider, hp, loot, pvp } from './info';
import { admin } from './admin';
import { resolveDue, currentHp } from './fight';
import { sweep } from './sweep';
import { decay } from './defeat';
import { fighterOf } from './fighter';
import { HEALTH, hpNow, readCombatant, readEffects, readHealth, writeEffects, writeHealth } from './state';
import { isSafe } from './world';
import { apply, cure, moved, HASTE_MS } from './status';
import { tell, tellVitals, whole } from './show';
import * as Memo from './memo';

export function myriad_command(): i32 {
  Memo.reset();
  return dispatchCommand(onCommand);
}

export function myriad_event(): i32 {
  Memo.reset();
  return dispatchEvent(onEvent);
}

function onCommand(cmd: Command): i32 {
  const v = cmd.verb;
  if (v == 'attack' || v == 'quick' || v == 'heavy') return attack(cmd, v);
  if (v == 'defend') return defend(cmd);
  if (v == 'flee') return flee(cmd);
  if (v == 'hp') return hp(cmd);
  if (v == 'consider') return consider(cmd);
  if (v == 'loot') return loot(cmd);
  if (v == 'pvp') return pvp(cmd);
  if (v == '@combat') return admin(cmd);
  reply(Message.error('combat does not know the command "' + v + '".'));
  return OK;
}

function onEvent(e: GameEvent): i32 {
  if (e.type == 'world.tick') return onTick(e);
  if (e.type == 'rooms.leave') return onLeave(e);
  if (e.type == 'inventory.used') return onUsed(e);
  if (e.type == 'character.created') return onCreated(e);
  if (e.type == 'combat.decay') {
    const c = e.payload.getString('corpse');
    if (c !== null) decay(c!);
    return OK;
  }
  return OK;
}

function onTick(e: GameEvent): i32 {
  const t = e.payload.getNumber('now', <f64>now());
  const dt = e.payload.getNumber('dtMs', 100);
  resolveDue(t);
  // §7.3's sweep: once a world second.
  if (Math.floor(t / 1000) != Math.floor((t - dt) / 1000)) sweep(t);
  return OK;
}

/** Walking away from a fight is refused (flee instead); a bleeding walker bleeds less every 3 moves. */
function onLeave(e: GameEvent): i32 {
  const id = e.payload.getString('id');
  if (id === null) return OK;
  const c = readCombatant(id!);
  if (c !== null && c.target.length > 0) {
    const tf = fighterOf(c.target);
    const who = tf === null ? 'someone' : tf.kind == 'npc' ? 'the ' + strip(tf.name) : tf.name;
    return fail('COMBAT_ENGAGED', 'You are fighting ' + who + '! Type flee to try to get away.');
  }
  const said = moved(id!);
  if (said.length > 0) tell(id!, said, 'good');
  // Regeneration so far ran at the rate of the room left; from now, the destination's (a safe room's is 3×).
  const from = e.payload.getString('from');
  const to = e.payload.getString('to');
  const h = Memo.get(id!, HEALTH);
  if (h !== null && from !== null && to !== null) {
    const t = <f64>now();
    const health = readHealth(id!, h.getNumber('max', 1), t);
    writeHealth(id!, hpNow(health, t, false, isSafe(from!)), health.max, t, to!);
  }
  return OK;
}

/**
 * A finished character starts at full health, stored, so the prompt and GMCP
 * Char.Vitals show hit points from the first step rather than from the first fight.
 */
function onCreated(e: GameEvent): i32 {
  const id = e.payload.getString('id');
  if (id === null || Memo.get(id!, HEALTH) !== null) return OK;
  const f = fighterOf(id!, false);
  if (f === null) return OK;
  const t = <f64>now();
  writeHealth(id!, f.maxHp, f.maxHp, t);
  return OK;
}

function strip(n: string): string {
  if (n.startsWith('a ')) return n.substring(2);
  if (n.startsWith('an ')) return n.substring(3);
  return n;
}

/**
 * Items' `use.effect` through the inventory pack's `inventory.used`: antidote
 * cures poison, bandage stops bleeding, heal restores 25 % of max HP, haste ×0.7
 * reaction time for 30 s.
 */
function onUsed(e: GameEvent): i32 {
  const who = e.payload.getString('actor');
  const effect = e.payload.getString('effect');
  if (who === null || effect === null) return OK;
  const t = <f64>now();
  const list = readEffects(who!);
  if (effect! == 'antidote') {
    if (cure(list, 'poison')) tell(who!, 'The antidote burns going down; the poison is gone.', 'good');
    else tell(who!, 'You were not poisoned.');
  } else if (effect! == 'bandage') {
    if (cure(list, 'bleed')) tell(who!, 'You bind the wound; the bleeding stops.', 'good');
    else tell(who!, 'You were not bleeding.');
  } else if (effect! == 'haste') {
    apply(list, 'haste', t, 0.7, HASTE_MS);
    tell(who!, 'Your heart races: you are hasted for 30 s.', 'good');
  } else if (effect! == 'heal') {
    const f = fighterOf(who!);
    if (f !== null) {
      const cur = currentHp(f, t);
      let after = cur + f.maxHp * 0.25;
      if (after > f.maxHp) after = f.maxHp;
      writeHealth(who!, after, f.maxHp, t);
      tellVitals(who!, 'Warmth spreads through you. HP ' + whole(after).toString() + '/' + whole(f.maxHp).toString() + '.', 'good', after, f.maxHp);
    }
    return OK;
  } else return OK;
  writeEffects(who!, list);
  return OK;
}
