/**
 * Skill levels and experience (gameplay-rules 2.4).
 *
 *   skills.levels   on a character: { "<skill>": { "level": 0–100, "xp": ≥0 } }, only skills ever used
 *   skills.recent   on a character: { "<skill>|<context>|<ref>": { "n": repeats, "at": world ms } }
 *
 * Curve: going from level L to L+1 costs baseXp × (L+1)^1.5 experience (so the
 * first level costs baseXp), doubled once L has reached the soft cap
 * (relevant attribute × 1.5). Experience beyond a level carries over.
 */
import { JsonValue, State, now } from '../../../sdk/assembly';
import { SKILLS, attributeOf } from './catalog';
import { settings } from './settings';

export const LEVELS = 'skills.levels';
export const RECENT = 'skills.recent';
/** Another pack's component: the character pack's attributes (capabilities.read). */
export const ATTRIBUTES = 'character.attributes';
export const MAX_LEVEL = 100;
/** How many distinct recent actions are remembered per character for diminishing returns. */
const MAX_RECENT = 24;

export class SkillRecord {
  constructor(
    public level: i32,
    public xp: f64,
  ) {}
}

/** A character's `skills.levels` (an empty object when they have none). */
export function levelsOf(who: string): JsonValue {
  const v = State.get(who, LEVELS);
  return v !== null && v.isObject() ? v : JsonValue.newObject();
}

export function recordIn(levels: JsonValue, skill: i32): SkillRecord {
  const r = levels.getObject(SKILLS[skill]);
  if (r === null) return new SkillRecord(0, 0);
  let level = <i32>r.getNumber('level', 0);
  if (level < 0) level = 0;
  if (level > MAX_LEVEL) level = MAX_LEVEL;
  let xp = r.getNumber('xp', 0);
  if (!(xp >= 0)) xp = 0;
  return new SkillRecord(level, xp);
}

export function levelOf(who: string, skill: i32): i32 {
  return recordIn(levelsOf(who), skill).level;
}

/**
 * The attribute value a skill uses, from the character pack's
 * `character.attributes` ({ "might": 55, … }); `defaultAttribute` (50, the
 * middle of the 1–100 scale) when the character pack is not enabled.
 */
export function attributeValue(who: string, skill: i32): f64 {
  const attrs = State.get(who, ATTRIBUTES);
  const fallback = settings().defaultAttribute;
  if (attrs === null || !attrs.isObject()) return fallback;
  const v = attrs.getNumber(attributeOf(skill), -1);
  return v < 0 ? fallback : v;
}

/** Soft cap: relevant attribute × 1.5 (Might 50 → 75). */
export function softCap(who: string, skill: i32): i32 {
  return <i32>Math.floor(attributeValue(who, skill) * 1.5);
}

/** Experience needed to go from `level` to `level + 1`; +∞ at the maximum. */
export function xpToNext(level: i32, cap: i32): f64 {
  if (level >= MAX_LEVEL) return Infinity;
  const cost = settings().baseXp * Math.pow(<f64>(level + 1), 1.5);
  return level >= cap ? cost * 2 : cost;
}

/** Round to 2 decimals: keeps stored JSON short and comparisons stable. */
export function round2(x: f64): f64 {
  return Math.round(x * 100) / 100;
}

/**
 * Diminishing returns for the same action (same skill, context and target):
 * the n-th repeat within the window earns max(0.1, 1 − 0.1 × (n − 1)) of the
 * XP — full the first time, 10% by the 10th. Records the repeat.
 */
export function repeatFactor(who: string, key: string): f64 {
  const t = <f64>now();
  const window = settings().repeatWindowMs;
  const stored = State.get(who, RECENT);
  const recent = stored !== null && stored.isObject() ? stored : JsonValue.newObject();
  let n: i32 = 1;
  const prev = recent.getObject(key);
  if (prev !== null && t - prev.getNumber('at', 0) <= window) n = <i32>prev.getNumber('n', 0) + 1;
  recent.set(
    key,
    JsonValue.newObject()
      .set('n', JsonValue.fromNumber(<f64>n))
      .set('at', JsonValue.fromNumber(t)),
  );
  // Forget the oldest entries beyond MAX_RECENT (and any expired ones).
  const keys = recent.keys();
  const kept = JsonValue.newObject();
  let count = 0;
  for (let i = keys.length - 1; i >= 0 && count < MAX_RECENT; i--) {
    const e = recent.getObject(keys[i]);
    if (e === null || t - e.getNumber('at', 0) > window) continue;
    kept.set(keys[i], e);
    count++;
  }
  State.set(who, RECENT, reversed(kept));
  const f = round2(1.0 - 0.1 * <f64>(n - 1));
  return f < 0.1 ? 0.1 : f;
}

/** Keys were collected newest first; store them oldest first so eviction stays by age. */
function reversed(obj: JsonValue): JsonValue {
  const keys = obj.keys();
  const out = JsonValue.newObject();
  for (let i = keys.length - 1; i >= 0; i--) out.set(keys[i], obj.get(keys[i])!);
  return out;
}

export class Gain {
  constructor(
    public oldLevel: i32,
    public newLevel: i32,
    public xp: f64,
    public cap: i32,
  ) {}
}

/**
 * Add `xp` to a skill, raising its level as often as the experience pays for.
 * `levels` is the character's skills.levels as just read, `cap` the soft cap;
 * writes skills.levels.
 */
export function addXp(who: string, skill: i32, xp: f64, levels: JsonValue, cap: i32): Gain {
  const rec = recordIn(levels, skill);
  const old = rec.level;
  let level = rec.level;
  let pool = rec.xp + xp;
  for (;;) {
    const need = xpToNext(level, cap);
    if (pool < need) break;
    pool -= need;
    level++;
  }
  if (level >= MAX_LEVEL) pool = 0;
  levels.set(
    SKILLS[skill],
    JsonValue.newObject()
      .set('level', JsonValue.fromNumber(<f64>level))
      .set('xp', JsonValue.fromNumber(round2(pool))),
  );
  State.set(who, LEVELS, levels);
  return new Gain(old, level, xp, cap);
}

/** Set a level outright (admin), keeping no partial experience. */
export function setLevel(who: string, skill: i32, level: i32): void {
  const levels = levelsOf(who);
  levels.set(
    SKILLS[skill],
    JsonValue.newObject()
      .set('level', JsonValue.fromNumber(<f64>level))
      .set('xp', JsonValue.fromNumber(0)),
  );
  State.set(who, LEVELS, levels);
}

/** "12.5" — one decimal, for players. */
export function fixed1(x: f64): string {
  const tenths = <i64>Math.round(x * 10);
  const whole = tenths / 10;
  const frac = tenths % 10;
  return whole.toString() + (frac == 0 ? '' : '.' + (frac < 0 ? -frac : frac).toString());
}
