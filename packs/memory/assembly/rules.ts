/**
 * Memory formulas, gameplay-rules §3.1, §3.2, §3.4 — pure functions of a
 * memory's numbers and its age in game days, so decay needs no batch job: a
 * memory's clarity *now* is computed when it is read (docs/packs/memory.md,
 * decision 0050). Readings chosen where the reference contradicts itself (§G 8)
 * are marked READING.
 */

/** §3.2: 0.1 % of clarity a day. */
export const BASE_DECAY_PER_DAY: f64 = 0.001;
/** §3.2: memories never vanish below this. */
export const CLARITY_FLOOR: f64 = 0.1;
/** §3.2: forgotten (left out of recall) when retention falls below this. */
export const FORGET_BELOW: f64 = 0.15;
/** §3.4: emotional memories (weight above this) are consolidated in sleep and boosted in recall. */
export const EMOTIONAL: f64 = 0.6;
export const DAY_MS: f64 = 86400000;

/**
 * READING (§G 8): of the three emotion modifiers, §3.2's low-emotion
 * acceleration `rate × (1 + (1 − ew))`. A neutral memory decays at twice the
 * base rate (half-life 250 days, inside the reference's 365-day test) and a
 * peak-emotion one at the base rate (500 days): emotional memories last twice
 * as long, the same ratio as §3.4's 50 % resistance, and the test can see both.
 */
export function decayRate(ew: f64): f64 {
  return BASE_DECAY_PER_DAY * (1 + (1 - ew));
}

/** §3.2: `min(accessCount / 20, 0.5)` — at most half as fast. */
export function rehearsalBonus(access: i32): f64 {
  return Math.min(<f64>access / 20, 0.5);
}

/** §3.2: `initial × (1 − rate × days × (1 − rehearsal))`, floored at 0.1. */
export function clarityAt(initial: f64, ew: f64, access: i32, days: f64): f64 {
  const c = initial * (1 - decayRate(ew) * Math.max(days, 0) * (1 - rehearsalBonus(access)));
  return Math.max(c, CLARITY_FLOOR);
}

/** Days at which a memory reaches half its initial clarity (for the harness's half-life check). */
export function halfLifeDays(ew: f64, access: i32): f64 {
  return 0.5 / (decayRate(ew) * (1 - rehearsalBonus(access)));
}

/**
 * §3.1 importance `emotionalWeight × clarity × (1 + recencyBonus + accessBonus)`,
 * recencyBonus `max(0, 1 − days/365)`, accessBonus `min(access/10, 1)`; §3.4's
 * 1.7–2.0× for memories above 0.7 is the `(1 + ew)` factor, applied there only.
 */
export function importance(ew: f64, clarity: f64, access: i32, days: f64): f64 {
  const recency = Math.max(0, 1 - days / 365);
  const accessBonus = Math.min(<f64>access / 10, 1);
  const base = ew * clarity * (1 + recency + accessBonus);
  return ew > 0.7 ? base * (1 + ew) : base;
}

/**
 * §3.1 relevance `recency×0.3 + ew×0.4 + accessCount×0.1 + contextMatch×0.2`.
 * accessCount enters as `min(access/10, 1)` (a raw count would swamp the other
 * terms after ten recalls); recency is `max(0, 1 − days/365)`; contextMatch is
 * the share of the situation's tags the memory carries (0..1).
 */
export function relevance(ew: f64, access: i32, days: f64, contextMatch: f64): f64 {
  const recency = Math.max(0, 1 - days / 365);
  return recency * 0.3 + ew * 0.4 + Math.min(<f64>access / 10, 1) * 0.1 + contextMatch * 0.2;
}

/**
 * §3.2 retention `clarity × ew × (1 − rate × days) × (1 + rehearsal × access)`.
 * READING: `baseRetention = clarity × (0.5 + 0.5 × ew)` — with the literal
 * `clarity × ew`, a casual memory of weight 0.1 would be forgotten the moment
 * it was made (1 × 0.1 < 0.15), which §5.3 (small talk remembered and passed
 * on) contradicts. With this reading a fresh neutral memory starts at 0.5 and
 * falls below 0.15 after ~226 days unless rehearsed.
 */
export function retention(clarity: f64, ew: f64, access: i32, days: f64): f64 {
  const base = clarity * (0.5 + 0.5 * ew);
  return base * Math.max(0, 1 - decayRate(ew) * days) * (1 + rehearsalBonus(access) * <f64>access);
}

/** §3.2: `0.05 × (1 − clarity)` on each recall. */
export function corruptionChance(clarity: f64): f64 {
  return 0.05 * (1 - clarity);
}

/** §3.4 sleep consolidation: `clarity += 0.1 × ew` for emotional memories of the past day (capped at 1). */
export function consolidated(clarity: f64, ew: f64): f64 {
  return ew > EMOTIONAL ? Math.min(1, clarity + 0.1 * ew) : clarity;
}

/** §3.4 emotionalWeight of a combat memory: `0.7 + (damageTaken / maxHP) × 0.3`. */
export function combatWeight(damage: f64, maxHp: f64): f64 {
  return Math.min(1, 0.7 + (maxHp > 0 ? Math.min(damage / maxHp, 1) : 0) * 0.3);
}

/** §3.4 gift: `0.3 + (giftValue / wealthLevel) × 0.4`, the ratio capped at 1. */
export function giftWeight(value: f64, wealth: f64): f64 {
  return 0.3 + Math.min(wealth > 0 ? value / wealth : 1, 1) * 0.4;
}

/** §5.3 `topicScore = ew×0.4 + recency×0.3 + shared×0.3`; recency over one game day (news is fresh for a day). */
export function topicScore(ew: f64, days: f64, shared: bool): f64 {
  return ew * 0.4 + Math.max(0, 1 - days) * 0.3 + (shared ? 0.3 : 0);
}

/** §5.3 `0.1 × (1 + extraversion/100) × (1 + affection/200) × (1 + companionship/100)`. */
export function chatProbability(base: f64, extraversion: f64, affection: f64, companionship: f64): f64 {
  return base * (1 + extraversion / 100) * (1 + affection / 200) * (1 + companionship / 100);
}

/** §5.3 cooldown: 5 game minutes, `× (1 − extraversion/200)` for extraverts. */
export function chatCooldownMs(extraversion: f64): f64 {
  return 300000 * (1 - Math.max(extraversion, 0) / 200);
}

/** How a clarity reads in speech. */
export function clarityWords(clarity: f64): string {
  if (clarity >= 0.95) return 'I remember it clearly';
  if (clarity >= 0.7) return 'if I remember right';
  if (clarity >= 0.4) return "it's a little hazy now";
  return "it's all but gone from me";
}
