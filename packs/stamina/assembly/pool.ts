/**
 * The stamina pool of a character (`stamina.pool`), regenerated lazily: the
 * stored value is exact at game time `at`, and the value at any later time is
 *
 *   current(T) = min(max, stored + rate × multiplier × (T − max(at, busyUntil)) / 1000)
 *
 * where rate = Endurance / 10 per game second (gameplay-rules.md 2.2), paused
 * until `busyUntil` (the end of the last move: no regeneration while moving),
 * multiplier = 1 standing, restMultiplier (2) resting, × the place's bonus when
 * resting somewhere restful (the tavern's hearth). Nothing is written as time
 * passes; the pool is written when it changes hands (a move, rest, stand).
 *
 *   MaxStamina = Endurance × 7 + Might × 3   (character.derived.stamina)
 */
import { JsonObj, JsonValue, State, config } from '../../../sdk/assembly';

export const POOL = 'stamina.pool';
const ATTRS = 'character.attributes';
const DERIVED = 'character.derived';

export class Pool {
  current: f64 = -1;
  /** Game ms at which `current` was exact. */
  at: f64 = 0;
  /** Game ms until which the character is still moving (no regeneration). */
  busyUntil: f64 = 0;
  gait: string = 'walk';
  resting: bool = false;
  /** The rest place's bonus while resting (1 elsewhere). */
  bonus: f64 = 1;

  static parse(v: JsonValue | null): Pool {
    const p = new Pool();
    if (v === null || !v.isObject()) return p;
    p.current = v.getNumber('current', -1);
    p.at = v.getNumber('at', 0);
    p.busyUntil = v.getNumber('busyUntil', 0);
    const g = v.getString('gait');
    p.gait = g === null ? 'walk' : g!;
    p.resting = v.getBool('resting', false);
    p.bonus = v.getNumber('bonus', 1);
    return p;
  }

  toJson(): string {
    return new JsonObj()
      .set('current', Math.round(this.current * 100) / 100)
      .set('at', this.at)
      .set('busyUntil', this.busyUntil)
      .set('gait', this.gait)
      .set('resting', this.resting)
      .set('bonus', this.bonus)
      .toJson();
  }
}

export class Stats {
  constructor(
    public max: f64,
    public endurance: f64,
  ) {}

  /** Stamina per game second standing still. */
  baseRate(): f64 {
    return this.endurance / 10;
  }
}

/** Max stamina and endurance from the character pack, or the configured defaults without it. */
export function statsOf(id: string): Stats {
  const attrs = State.get(id, ATTRS);
  const derived = State.get(id, DERIVED);
  const endurance = attrs === null ? numberConfig('defaultEndurance', 50) : attrs.getNumber('endurance', 50);
  let max: f64 = 0;
  if (derived !== null) max = derived.getNumber('stamina', 0);
  if (max <= 0 && attrs !== null) max = attrs.getNumber('endurance', 50) * 7 + attrs.getNumber('might', 50) * 3;
  if (max <= 0) max = numberConfig('defaultMax', 500);
  return new Stats(max, endurance);
}

export function numberConfig(key: string, fallback: f64): f64 {
  const v = config(key);
  return v === null ? fallback : v.asNumber(fallback);
}

export function restMultiplier(): f64 {
  return numberConfig('restMultiplier', 2);
}

/** Stamina per game second with this pool's state. */
export function rateOf(p: Pool, s: Stats): f64 {
  return s.baseRate() * (p.resting ? restMultiplier() * p.bonus : 1);
}

export function readPool(id: string): Pool {
  return Pool.parse(State.get(id, POOL));
}

/** The pool's value at game time `t` (a character never seen before is fresh: full). */
export function currentAt(p: Pool, s: Stats, t: f64): f64 {
  if (p.current < 0) return s.max;
  const from = p.resting ? p.at : Math.max(p.at, p.busyUntil);
  const gained = t > from ? (rateOf(p, s) * (t - from)) / 1000 : 0;
  const v = p.current + gained;
  return v > s.max ? s.max : v;
}

/** Fold the regeneration up to `t` into the stored value. */
export function settle(p: Pool, s: Stats, t: f64): void {
  p.current = currentAt(p, s, t);
  p.at = t;
}

export function save(id: string, p: Pool): bool {
  return State.set(id, POOL, p);
}
