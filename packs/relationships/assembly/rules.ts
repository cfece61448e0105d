/**
 * Relationship formulas, gameplay-rules §3.3 — action modifiers, decay
 * without interaction, behavioural baseline and drift. Pure functions; the
 * numbers are the reference's unless marked READING.
 */

export const DAY_MS: f64 = 86400000;
/** §3.3: 0.5 affinity per 30 days without interaction. */
export const DECAY_PER_PERIOD: f64 = 0.5;
export const IDLE_PERIOD_MS: f64 = 30 * DAY_MS;
/** §3.3: baseline from the first 20 interactions; current behaviour = the last 20. */
export const WINDOW: i32 = 20;

/** The six behavioural traits, in this order everywhere. */
export const TRAITS: string[] = ['aggression', 'generosity', 'honesty', 'sociability', 'recklessness', 'loyalty'];

export class Modifier {
  constructor(
    public affection: f64,
    public trust: f64,
    public fear: f64,
    public loyalty: f64,
  ) {}
}

/** §3.3 action modifiers table. A gift's affection is `giftValue / 10`. */
export function modifier(action: string, giftValue: f64): Modifier {
  if (action == 'gift') return new Modifier(giftValue / 10, 5, 0, 0);
  if (action == 'threat') return new Modifier(-15, -10, 20, 0);
  if (action == 'help') return new Modifier(10, 8, 0, 0);
  if (action == 'lie') return new Modifier(-10, -25, 0, 0);
  if (action == 'violence') return new Modifier(-40, -20, 30, 0);
  if (action == 'betrayal') return new Modifier(-60, -50, 0, -0.3);
  if (action == 'support') return new Modifier(5, 5, 0, 0.05);
  // §5.3 outcomes of a conversation.
  if (action == 'positive') return new Modifier(3, 2, 0, 0);
  if (action == 'negative') return new Modifier(-5, -3, 0, 0);
  if (action == 'neutral') return new Modifier(1, 0, 0, 0);
  return new Modifier(0, 0, 0, 0);
}

/**
 * What one action says about the one who did it, per trait (0..1), for the
 * baseline. READING: the reference defines the traits by frequency ("hostile-
 * action frequency", "gift frequency"), so each action is a sample of 1 for
 * the traits it shows and 0 for those it does not; honesty is 0.5 (unknown)
 * except for a caught lie.
 */
export function sample(action: string): f64[] {
  //        aggression generosity honesty sociability recklessness loyalty
  if (action == 'gift') return [0, 1, 0.5, 0.5, 0, 0.5];
  if (action == 'help' || action == 'support') return [0, 0.5, 0.5, 0.5, 0, 1];
  if (action == 'violence') return [1, 0, 0.5, 0, 1, 0];
  if (action == 'threat') return [1, 0, 0.5, 0, 0.5, 0];
  if (action == 'lie') return [0, 0, 0, 0.5, 0, 0];
  if (action == 'betrayal') return [0.5, 0, 0, 0, 0.5, 0];
  // talk, and conversation outcomes.
  return [0, 0, 0.5, 1, 0, 0.5];
}

export function clamp(x: f64, lo: f64, hi: f64): f64 {
  return Math.max(lo, Math.min(hi, x));
}

/**
 * §3.3 decay toward neutral of affection or trust after `idleMs` beyond the
 * first 30 idle days: 0.5 per 30 days; affection > 75 decays at half speed;
 * affection < −50 faster — READING: twice as fast (the reference gives no rate).
 */
export function decayed(value: f64, affection: f64, owedMs: f64): f64 {
  if (owedMs <= 0 || value == 0) return value;
  let speed: f64 = 1;
  if (affection > 75) speed = 0.5;
  else if (affection < -50) speed = 2;
  const step = (owedMs / IDLE_PERIOD_MS) * DECAY_PER_PERIOD * speed;
  return value > 0 ? Math.max(0, value - step) : Math.min(0, value + step);
}

/** §3.3 slow update `old × 0.9 + recent × 0.1`. */
export function blend(old: f64, recent: f64): f64 {
  return old * 0.9 + recent * 0.1;
}

/** §3.3 drift levels: < 0.3 none, 0.3–0.5 subtle, 0.5–0.7 moderate, ≥ 0.7 severe. */
export function driftLevel(drift: f64): string {
  if (drift >= 0.7) return 'severe';
  if (drift >= 0.5) return 'moderate';
  if (drift >= 0.3) return 'subtle';
  return 'none';
}

export function levelRank(level: string): i32 {
  if (level == 'severe') return 3;
  if (level == 'moderate') return 2;
  if (level == 'subtle') return 1;
  return 0;
}

/** §3.3 what the NPC says at each level. */
export function driftLine(level: string): string {
  if (level == 'severe') return "You're not yourself. Something is very wrong.";
  if (level == 'moderate') return "That's not like you. What's going on?";
  return 'You seem different lately.';
}

/**
 * Whether a change of behaviour is for the better by an ordinary villager's
 * values: more generous, honest, loyal; less aggressive and reckless. +1 or −1
 * (§3.3 `directionMultiplier`).
 */
export function direction(base: f64[], now: f64[]): f64 {
  const good = now[1] - base[1] + now[2] - base[2] + now[5] - base[5] - (now[0] - base[0]) - (now[4] - base[4]);
  return good >= 0 ? 1 : -1;
}

/** §3.3 `affinityDelta = driftMagnitude × 50 × directionMultiplier`. */
export function driftAffinity(drift: f64, dir: f64): f64 {
  return drift * 50 * dir;
}

/** §3.3 trust and fear changes per drift level (negative changes only add fear). */
export function driftTrust(level: string): f64 {
  if (level == 'severe') return -25;
  if (level == 'moderate') return -10;
  return 0;
}
