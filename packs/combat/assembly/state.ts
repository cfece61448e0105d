/**
 * Combat's own components:
 *
 *   combat.health   { hp, max, at }  hp exact at world ms `at`; out of combat it
 *                   grows lazily by REGEN_PER_S of max a second (×SAFE_REGEN in a safe room)
 *   combat.state    { target, action, queuedAt, executeAt, auto, last, defending, mode }
 *                   present only while fighting (the §7.1 Combatant + its one queued action)
 *   combat.effects  { list: [{ k, stacks, until, next, v }] }  §7.3 status effects
 *   combat.corpse   { of, name }  on corpses (kind "corpse")
 *   combat.pvp      true when a character consents to player-versus-player
 */
import { JsonArr, JsonObj, State } from '../../../sdk/assembly';

export const HEALTH = 'combat.health';
export const STATE = 'combat.state';
export const EFFECTS = 'combat.effects';
export const CORPSE = 'combat.corpse';
export const PVP = 'combat.pvp';
export const VOID = 'combat.void';

/**
 * 1 % of max HP a second out of combat: a new character (Vitality 50, 500 HP)
 * is whole again 100 s after a fight; 3× in a safe room (the tavern's hearth).
 */
export const REGEN_PER_S: f64 = 0.01;
export const SAFE_REGEN: f64 = 3;

export class Health {
  hp: f64 = 0;
  max: f64 = 0;
  at: f64 = 0;

  toJson(): string {
    return new JsonObj()
      .set('hp', Math.round(this.hp * 100) / 100)
      .set('max', this.max)
      .set('at', this.at)
      .toJson();
  }
}

/** The stored health, or a full one at `maxHp` when there is none yet. */
export function readHealth(id: string, maxHp: f64, t: f64): Health {
  const h = new Health();
  const v = State.get(id, HEALTH);
  if (v === null) {
    h.hp = maxHp;
    h.max = maxHp;
    h.at = t;
    return h;
  }
  h.hp = v.getNumber('hp', maxHp);
  h.max = maxHp;
  h.at = v.getNumber('at', t);
  if (h.hp > maxHp) h.hp = maxHp;
  return h;
}

/** HP now: exact while fighting; regenerated since `at` otherwise. */
export function hpNow(h: Health, t: f64, fighting: bool, safe: bool): f64 {
  if (fighting || t <= h.at) return h.hp;
  const rate = REGEN_PER_S * (safe ? SAFE_REGEN : 1.0);
  const v = h.hp + (h.max * rate * (t - h.at)) / 1000.0;
  return v > h.max ? h.max : v;
}

export function writeHealth(id: string, hp: f64, max: f64, t: f64): bool {
  const h = new Health();
  h.hp = hp < 0 ? 0 : hp;
  h.max = max;
  h.at = t;
  return State.set(id, HEALTH, h);
}

export class Combatant {
  target: string = '';
  action: string = '';
  queuedAt: f64 = 0;
  executeAt: f64 = 0;
  auto: bool = false;
  /** §7.1 LastActionTime: when this combatant's last action resolved (or was queued). */
  last: f64 = -1e15;
  defending: bool = false;
  /** "fighting" or "fleeing" (§7.1 InCombat / Fleeing; Idle = no component). */
  mode: string = 'fighting';

  toJson(): string {
    return new JsonObj().set('target', this.target).set('action', this.action).set('queuedAt', this.queuedAt).set('executeAt', this.executeAt).set('auto', this.auto).set('last', this.last).set('defending', this.defending).set('mode', this.mode).toJson();
  }
}

export function readCombatant(id: string): Combatant | null {
  const v = State.get(id, STATE);
  if (v === null) return null;
  const c = new Combatant();
  const tg = v.getString('target');
  c.target = tg === null ? '' : tg!;
  const a = v.getString('action');
  c.action = a === null ? '' : a!;
  c.queuedAt = v.getNumber('queuedAt', 0);
  c.executeAt = v.getNumber('executeAt', 0);
  c.auto = v.getBool('auto', false);
  c.last = v.getNumber('last', -1e15);
  c.defending = v.getBool('defending', false);
  const m = v.getString('mode');
  c.mode = m === null ? 'fighting' : m!;
  return c;
}

export function writeCombatant(id: string, c: Combatant): bool {
  return State.set(id, STATE, c);
}

export class Effect {
  k: string = '';
  stacks: i32 = 1;
  until: f64 = 0;
  next: f64 = 0;
  /** poison/bleed: damage a tick; slow/haste: reaction multiplier; weakness: damage share; bleed moves in `moves`. */
  v: f64 = 0;
  moves: i32 = 0;

  toJson(): string {
    return new JsonObj().set('k', this.k).set('stacks', this.stacks).set('until', this.until).set('next', this.next).set('v', this.v).set('moves', this.moves).toJson();
  }
}

export function readEffects(id: string): Array<Effect> {
  const out = new Array<Effect>();
  const v = State.get(id, EFFECTS);
  if (v === null) return out;
  const list = v.getArray('list');
  if (list === null) return out;
  for (let i = 0; i < list.length; i++) {
    const e = list.at(i);
    if (e === null) continue;
    const f = new Effect();
    const k = e!.getString('k');
    f.k = k === null ? '' : k!;
    f.stacks = <i32>e!.getNumber('stacks', 1);
    f.until = e!.getNumber('until', 0);
    f.next = e!.getNumber('next', 0);
    f.v = e!.getNumber('v', 0);
    f.moves = <i32>e!.getNumber('moves', 0);
    out.push(f);
  }
  return out;
}

export function writeEffects(id: string, list: Array<Effect>): bool {
  if (list.length == 0) return State.get(id, EFFECTS) === null ? true : State.del(id, EFFECTS);
  const arr = new JsonArr();
  for (let i = 0; i < list.length; i++) arr.push(list[i]);
  return State.set(id, EFFECTS, new JsonObj().set('list', arr));
}

export function findEffect(list: Array<Effect>, k: string): Effect | null {
  for (let i = 0; i < list.length; i++) if (list[i].k == k) return list[i];
  return null;
}

/** True when an effect of kind `k` is active at `t`. */
export function has(list: Array<Effect>, k: string, t: f64): bool {
  const e = findEffect(list, k);
  return e !== null && e.until > t;
}

/** Reaction-time multiplier from slow (×v) and haste (×v). */
export function speedMult(list: Array<Effect>, t: f64): f64 {
  let m: f64 = 1;
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    if (e.until <= t) continue;
    if (e.k == 'slow' || e.k == 'haste') m *= e.v;
  }
  return m;
}

/** Damage share from weakness (§7.3 −25 %). */
export function damageShare(list: Array<Effect>, t: f64): f64 {
  const e = findEffect(list, 'weakness');
  return e !== null && e.until > t ? e.v : 1.0;
}
