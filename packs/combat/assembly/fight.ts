/**
 * The §7.1 state machine and queue resolution. A combatant has at most one
 * queued action (`combat.state.action`), executed at queuedAt + reaction time by
 * the world tick, earliest first (ties by id). After it resolves, a combatant
 * still facing a living opponent in the room queues a normal attack
 * automatically (`auto`), which an explicit command replaces.
 *
 *   Idle (no combat.state) → InCombat (attacks or is attacked)
 *   InCombat → Fleeing (flee queued) → Idle (flee succeeds) | InCombat (fails)
 *   InCombat → Defeated (HP 0: corpse, respawn) ; InCombat → Idle (no opponent left)
 */
import { JsonObj, Events, Query, randFloat, randInt } from '../../../sdk/assembly';
import * as Memo from './memo';
import { Fighter, fighterOf, the, The } from './fighter';
import { blow, fleeChance, interruptChance, reactionTime, staminaCost, stunPercent, weaponWear } from './rules';
import { Combatant, Effect, HEALTH, STATE, damageShare, has, hpNow, readCombatant, readEffects, readHealth, speedMult, writeCombatant, writeEffects, writeHealth } from './state';
import { apply, nameOf, SLOW_MS } from './status';
import { cap, tell, tellRoom, tellVitals, whole } from './show';
import { defeat } from './defeat';
import { exitsOf, isSafe } from './world';

/** Queue `action` for `f` against `target` at `t` (validated by the caller). */
export function queue(f: Fighter, c: Combatant, action: string, target: string, t: f64, auto: bool): void {
  const mult = speedMult(readEffects(f.id), t);
  c.action = action;
  c.target = target.length > 0 ? target : c.target;
  c.queuedAt = t;
  c.executeAt = t + reactionTime(action, f.agility, mult);
  c.auto = auto;
  if (action == 'flee') c.mode = 'fleeing';
  writeCombatant(f.id, c);
}

/** Put `id` in combat against `attacker` if it is idle: it answers with normal attacks. */
export function engage(id: string, attacker: string, t: f64): void {
  const existing = readCombatant(id);
  if (existing !== null && existing.target.length > 0) return;
  const f = fighterOf(id);
  if (f === null) return;
  const c = existing === null ? new Combatant() : existing!;
  // Regeneration stops: fix the HP reached so far.
  if (existing === null) settleHealth(f, t);
  queue(f, c, 'attack', attacker, t, true);
}

/** Write the HP regenerated up to `t` (entering combat stops regeneration). */
export function settleHealth(f: Fighter, t: f64): f64 {
  const h = readHealth(f.id, f.maxHp, t);
  const hp = hpNow(h, t, false, isSafe(f.room));
  writeHealth(f.id, hp, f.maxHp, t);
  return hp;
}

export function currentHp(f: Fighter, t: f64): f64 {
  const h = readHealth(f.id, f.maxHp, t);
  return hpNow(h, t, Memo.get(f.id, STATE) !== null, isSafe(f.room));
}

/** Leave combat: regeneration starts from now. */
export function endFight(id: string, t: f64): void {
  if (Memo.get(id, STATE) === null) return;
  Memo.del(id, STATE);
  const h = Memo.get(id, HEALTH);
  if (h !== null) writeHealth(id, h.getNumber('hp', 0), h.getNumber('max', 1), t);
}

class Due {
  constructor(
    public id: string,
    public at: f64,
  ) {}
}

/**
 * Actions one tick resolves at most; the rest, the latest due, wait for the next
 * tick (100 ms later) and go first there. A blow is ~19 host calls and ~9 effects
 * and costs 0.3–2 ms of the world thread by machine load (bench/notes.md): 64 stay
 * well inside the manifest's limits (4,096 host calls, 2,048 effects) and its
 * 250 ms wall budget on a loaded machine. 64 a tick at 10 Hz is 640 actions a
 * second: ~550 combatants fighting at once (an attack every ~0.85 s) before
 * actions start to run late.
 */
const MAX_ACTIONS_PER_TICK = 64;

/** Resolve queued actions due by `t`, earliest first (at most MAX_ACTIONS_PER_TICK). */
export function resolveDue(t: f64): void {
  const ids = Query.withComponent(STATE);
  const due = new Array<Due>();
  for (let i = 0; i < ids.length; i++) {
    const c = readCombatant(ids[i]);
    if (c !== null && c.action.length > 0 && c.executeAt <= t) due.push(new Due(ids[i], c.executeAt));
  }
  due.sort((a: Due, b: Due): i32 => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const n = min(due.length, MAX_ACTIONS_PER_TICK);
  for (let i = 0; i < n; i++) resolveOne(due[i].id, t);
}

function resolveOne(id: string, t: f64): void {
  const c = readCombatant(id);
  if (c === null || c.action.length == 0) return; // defeated or interrupted meanwhile
  const f = fighterOf(id);
  if (f === null) {
    Memo.del(id, STATE);
    return;
  }
  const action = c.action;
  const at = c.executeAt;
  c.action = '';
  c.last = at;
  c.defending = false; // §7.1: defend lasts until the next action executes
  const fx = readEffects(id);
  if (has(fx, 'stun', t)) {
    tell(id, 'You are stunned and your ' + action + ' comes to nothing.', 'bad');
    writeCombatant(id, c);
    next(f, c, t);
    return;
  }
  exert(f, staminaCost(action));
  if (action == 'defend') {
    c.defending = true;
    writeCombatant(id, c);
    tell(id, 'You raise your guard.', 'good');
    tellRoom(f.room, The(f) + ' raises ' + (f.kind == 'npc' ? 'its' : 'their') + ' guard.', id, '');
    return; // guard holds until the next action: none is queued automatically
  }
  if (action == 'flee') {
    writeCombatant(id, c);
    flee(f, c, t);
    return;
  }
  writeCombatant(id, c);
  strike(f, c, action, t);
}

/** After an action: keep fighting the target if it is alive and here, else stop. */
function next(f: Fighter, c: Combatant, t: f64, known: Fighter | null = null): void {
  const cur = readCombatant(f.id);
  if (cur === null) return;
  // The target as the blow left it (one read of its components, not two).
  let tf: Fighter | null = known;
  if (tf === null && c.target.length > 0) tf = fighterOf(c.target);
  if (tf === null || tf.room != f.room) {
    if (!retarget(f, cur, t)) endFight(f.id, t);
    return;
  }
  if (cur.action.length == 0) queue(f, cur, 'attack', c.target, t, true);
}

/** Another opponent in the room still fighting `f`? Turn to it. */
function retarget(f: Fighter, c: Combatant, t: f64): bool {
  const here = Query.contents(f.room, '', -1, f.id, 200);
  for (let i = 0; i < here.length; i++) {
    const o = readCombatant(here[i].id);
    if (o !== null && o.target == f.id) {
      queue(f, c, 'attack', here[i].id, t, true);
      return true;
    }
  }
  return false;
}

function strike(f: Fighter, c: Combatant, action: string, t: f64): void {
  const tf = fighterOf(c.target);
  if (tf === null || tf.room != f.room || tf.room.length == 0) {
    tell(f.id, 'Your target is no longer here.');
    if (!retarget(f, c, t)) endFight(f.id, t);
    return;
  }
  if (isSafe(f.room)) {
    tell(f.id, 'This is a safe place: you lower your weapon.');
    endFight(f.id, t);
    endFight(tf.id, t);
    return;
  }
  const tc = readCombatant(tf.id);
  const roll = randInt(100) + 1;
  const extra = randFloat();
  const share = damageShare(readEffects(f.id), t);
  const defending = tc !== null && tc.defending;
  const hit = blow(f.weaponBase, f.weaponType, f.skill, f.might, f.agility, f.cunning, action, f.weaponDurability, tf.armorClass, tf.armorDurability, defending, roll, extra, share);
  const verb = f.weaponVerb;
  const with_ = f.weaponId.length > 0 ? ' with ' + f.weaponName : '';
  wear(f.weaponId, f.id, weaponWear(action, hit.fumble), hit.fumble ? 'fumble' : 'attack');
  skillCheck(f, tf.id);
  if (hit.fumble) {
    exert(f, staminaCost(action) * 0.5); // ×1.5 in all on a fumble (§7.2)
    tell(f.id, 'You fumble your ' + (action == 'attack' ? 'attack' : action + ' attack') + ' on ' + the(tf) + '!', 'bad');
    tell(tf.id, The(f) + ' fumbles ' + (f.kind == 'npc' ? 'its' : 'their') + ' attack on you.');
    tellRoom(f.room, The(f) + ' fumbles an attack on ' + the(tf) + '.', f.id, tf.id);
    Events.emit('combat.missed', 'room:' + f.room, new JsonObj().set('attacker', f.id).set('target', tf.id).set('action', action).set('roll', roll));
    engage(tf.id, f.id, t);
    next(f, c, t, tf);
    return;
  }
  const h = readHealth(tf.id, tf.maxHp, t);
  const before = hpNow(h, t, tc !== null, false);
  const after = before - hit.damage > 0 ? before - hit.damage : 0;
  writeHealth(tf.id, after, tf.maxHp, t);
  if (tf.armorId.length > 0) wear(tf.armorId, tf.id, 1, 'hit');
  exert(tf, 0); // a hit stops the victim's stamina regeneration (§2.2)
  const crit = hit.crit ? 'critical ' : '';
  const amount = ' (' + whole(hit.damage).toString() + ')';
  tell(f.id, 'You land a ' + crit + (action == 'attack' ? '' : action + ' ') + verb + ' on ' + the(tf) + with_ + amount + '.', hit.crit ? 'good' : '');
  tellVitals(tf.id, The(f) + ' ' + (hit.crit ? 'critically ' : '') + verbs(verb) + ' you' + with_ + amount + '. HP ' + whole(after).toString() + '/' + whole(tf.maxHp).toString() + '.', 'bad', after, tf.maxHp);
  tellRoom(f.room, The(f) + ' ' + verbs(verb) + ' ' + the(tf) + '.', f.id, tf.id);
  Events.emit('combat.hit', 'room:' + f.room, new JsonObj().set('attacker', f.id).set('target', tf.id).set('action', action).set('roll', roll).set('damage', hit.damage).set('crit', hit.crit).set('hp', whole(after)).set('maxhp', whole(tf.maxHp)));
  if (after <= 0) {
    defeat(tf, f.id, t);
    next(f, c, t);
    return;
  }
  engage(tf.id, f.id, t);
  afflict(f, tf, action, hit.crit, t);
  interrupt(tf, hit.damage, t);
  next(f, c, t, tf);
}

function verbs(v: string): string {
  if (v.endsWith('sh') || v.endsWith('ch')) return v + 'es';
  return v + 's';
}

/** §7.3 chances on a hit: poison (weapon's `poison` %), bleed (slashing crit 20 %), stun, slow (frost %). */
function afflict(f: Fighter, tf: Fighter, action: string, crit: bool, t: f64): void {
  const fx = readEffects(tf.id);
  let changed = false;
  if (f.poison > 0 && randFloat() * 100 < f.poison) {
    const e = apply(fx, 'poison', t, 0, 0);
    announce(tf, 'poison', e, t);
    changed = true;
  }
  if (crit && f.weaponType == 'slashing' && randFloat() < 0.2) {
    announce(tf, 'bleed', apply(fx, 'bleed', t, 0, 0), t);
    changed = true;
  }
  const stun = stunPercent(action, f.weaponType, crit);
  if (stun > 0 && randFloat() * 100 < stun) {
    const stunned = apply(fx, 'stun', t, 0, 0);
    announce(tf, 'stun', stunned, t);
    const tc = readCombatant(tf.id);
    if (tc !== null) {
      // §7.3: the current action is interrupted and fails; defending is cleared.
      // The fight goes on when the stun wears off: an attack is queued from then
      // (left without one, a stunned player stood still being bitten).
      tc.defending = false;
      // A flee being readied fails too: say so, or the player would see the fight
      // carry on as if the flee had never been typed (the rules' "fails", made visible).
      if (tc.action == 'flee') tell(tf.id, 'The blow stuns you: your escape is cut short.', 'bad');
      tc.mode = 'fighting';
      queue(tf, tc, 'attack', tc.target, stunned.until, true);
    }
    changed = true;
  }
  if (f.frost > 0 && randFloat() * 100 < f.frost) {
    announce(tf, 'slow', apply(fx, 'slow', t, 1.5, SLOW_MS), t);
    changed = true;
  }
  if (changed) writeEffects(tf.id, fx);
}

export function announce(tf: Fighter, k: string, e: Effect, t: f64): void {
  const left = (e.until - t) / 1000;
  tell(tf.id, 'You are ' + nameOf(k) + (k == 'poison' ? ' (' + e.stacks.toString() + (e.stacks == 1 ? ' dose' : ' doses') + ')' : '') + ' for ' + (<i64>Math.round(left)).toString() + ' s.', 'bad');
  tellRoom(tf.room, The(tf) + ' is ' + nameOf(k) + '.', tf.id, '');
  Events.emit('combat.effect', 'char:' + tf.id, new JsonObj().set('id', tf.id).set('effect', k).set('change', 'applied').set('stacks', e.stacks).set('until', e.until));
}

/** §7.1: a blow over 30 % of max HP may interrupt the victim's queued action. */
function interrupt(tf: Fighter, damage: f64, t: f64): void {
  const chance = interruptChance(damage, tf.maxHp);
  if (chance <= 0 || randFloat() >= chance) return;
  const tc = readCombatant(tf.id);
  if (tc === null || tc.action.length == 0) return;
  tell(tf.id, 'The blow knocks you off balance: your ' + tc.action + ' is lost.', 'bad');
  tc.action = '';
  tc.last = t;
  writeCombatant(tf.id, tc);
  queue(tf, tc, 'attack', tc.target, t, true);
}

function flee(f: Fighter, c: Combatant, t: f64): void {
  const enemy = c.target.length > 0 ? fighterOf(c.target) : null;
  const enemyAgility = enemy === null ? 0 : enemy.agility;
  const chance = fleeChance(f.agility, enemyAgility);
  const exits = exitsOf(f.room);
  const keys = exits === null ? new Array<string>() : exits!.keys();
  if (keys.length == 0 || randFloat() >= chance) {
    c.mode = 'fighting';
    writeCombatant(f.id, c);
    tell(f.id, 'You try to break away, but ' + (enemy === null ? 'you are cut off' : the(enemy) + ' cuts you off') + '!', 'bad');
    tellRoom(f.room, The(f) + ' tries to flee, but fails.', f.id, '');
    next(f, c, t);
    return;
  }
  const exit = keys[randInt(keys.length)];
  const dest = exits!.getString(exit)!;
  const from = f.room;
  endFight(f.id, t);
  // Whoever was fighting the fugitive turns to someone else or stops.
  const here = Query.contents(from, '', -1, f.id, 200);
  for (let i = 0; i < here.length; i++) {
    const o = readCombatant(here[i].id);
    if (o !== null && o.target == f.id) {
      const opp = fighterOf(here[i].id);
      if (opp !== null && !retarget(opp, o, t)) endFight(here[i].id, t);
    }
  }
  Memo.move(f.id, dest);
  const info = Memo.entity(dest);
  tell(f.id, 'You flee ' + exit + (info === null ? '' : ' to ' + info.name) + '!', 'good');
  tellRoom(from, The(f) + ' flees ' + exit + '.', f.id, '');
  tellRoom(dest, cap(the(f)) + ' arrives at a run.', f.id, '');
  Events.emit('combat.fled', 'room:' + from, new JsonObj().set('id', f.id).set('from', from).set('to', dest).set('exit', exit));
}

/** Durability through the inventory pack: `combat.wear`, which it subscribes to. */
function wear(item: string, actor: string, amount: i32, reason: string): void {
  if (item.length == 0) return;
  Events.emit('combat.wear', 'char:' + actor, new JsonObj().set('item', item).set('actor', actor).set('amount', amount).set('reason', reason));
}

/** Skill XP through the skills pack's check API (decision 0006): characters only. */
function skillCheck(f: Fighter, target: string): void {
  if (f.kind != 'character') return;
  Events.emit('combat.skill_check', 'char:' + f.id, new JsonObj().set('actor', f.id).set('skill', f.skillName).set('difficulty', 'medium').set('context', 'combat.attack').set('ref', target).set('quiet', true));
}

/** Stamina through the stamina pack: `combat.exerted`, characters only. */
function exert(f: Fighter, cost: f64): void {
  if (f.kind != 'character') return;
  Events.emit('combat.exerted', 'char:' + f.id, new JsonObj().set('id', f.id).set('cost', cost));
}
