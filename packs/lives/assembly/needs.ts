/**
 * The desire engine (gameplay-rules §5.1): 13 needs, 0–100 (100 = most urgent),
 * in four tiers, growing on game time; personality-weighted priority picks the
 * next goal.
 *
 *   priority = urgency × personalityWeight × tierMultiplier
 *   tier multipliers: survival 4.0, social 2.0, achievement 1.5, pleasure 1.0
 *   personalityWeight = 0.5 + 1.5 × trait / 100  (0.5–2.0): survival ← Neuroticism,
 *     social ← Extraversion, achievement ← Conscientiousness, curiosity/creativity ← Openness,
 *     hedonism ← Extraversion
 *
 * A need drives a goal only past its threshold (hunger > 70, thirst > 60, sleep
 * > 75, safety > 50, companionship > 60, conversation > 50, affection ≥ 70,
 * curiosity > 40; the reference names none for the rest: resource acquisition
 * and hedonism > 50, task completion, skill improvement and creativity > 30).
 * A new goal interrupts the current one only at 2× its priority, or when a
 * survival need is critical (≥ 95).
 */
import { JsonObj, JsonValue } from '../../../sdk/assembly';
import { Traits } from './personality';

export const NEEDS: string[] = ['hunger', 'thirst', 'sleep', 'safety', 'companionship', 'conversation', 'affection', 'taskCompletion', 'skillImprovement', 'resourceAcquisition', 'curiosity', 'hedonism', 'creativity'];
const TIER: i32[] = [1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4];
const TIER_MULTIPLIER: f64[] = [0, 4.0, 2.0, 1.5, 1.0];
const THRESHOLD: f64[] = [70, 60, 75, 50, 60, 50, 69.999, 30, 30, 50, 40, 50, 30];
/** The goal each need drives (§5.1 fulfilment mapping). */
export const GOAL: string[] = ['eat', 'drink', 'sleep', 'flee', 'company', 'converse', 'bond', 'work', 'practise', 'trade', 'explore', 'revel', 'create'];
export const CRITICAL: f64 = 95;
export const INTERRUPT_RATIO: f64 = 2;

/** §5.1 rates per game hour. */
export const HUNGER_PER_H: f64 = 1.0;
export const THIRST_PER_H: f64 = 1.5;
export const SLEEP_PER_H_AWAKE: f64 = 1.0;
export const SLEEP_PER_H_ASLEEP: f64 = -10;
export const COMPANIONSHIP_ALONE_PER_H: f64 = 0.5;
export const COMPANIONSHIP_COMPANY_PER_H: f64 = -5;
export const CONVERSATION_PER_H: f64 = 1.0;
export const AFFECTION_PER_H: f64 = 0.2;
export const SKILL_PER_H_OPEN: f64 = 0.3;
/** §5.1 safety from context: combat 100, hostiles 50 + 10 each, dangerous area 30, town 5, home 0. */
export function safetyFrom(inCombat: bool, hostiles: i32, dangerous: bool, atHome: bool): f64 {
  if (inCombat) return 100;
  if (hostiles > 0) return Math.min(100, 50 + 10 * <f64>hostiles);
  if (dangerous) return 30;
  return atHome ? 0 : 5;
}

/** What the world around the NPC is like for the hours being counted. */
export class Context {
  alone: bool = true;
  asleep: bool = false;
  inCombat: bool = false;
  hostiles: i32 = 0;
  dangerous: bool = false;
  atHome: bool = false;
  /** Wealth percentile among peers, 0–100 (§5.1 resource acquisition grows below 50). */
  wealthPercentile: f64 = 50;
  /** Open tasks (§5.1 task completion +10 per active task; an occupation is one). */
  tasks: i32 = 1;
  /** Artist or craftsman (§5.1 creativity). */
  maker: bool = false;
}

export class Needs {
  v: f64[] = [20, 20, 20, 5, 20, 20, 20, 20, 10, 20, 30, 10, 10];

  get(name: string): f64 {
    const i = NEEDS.indexOf(name);
    return i < 0 ? 0 : this.v[i];
  }

  set(name: string, x: f64): void {
    const i = NEEDS.indexOf(name);
    if (i >= 0) this.v[i] = clamp(x);
  }

  add(name: string, dx: f64): void {
    this.set(name, this.get(name) + dx);
  }

  toJson(o: JsonObj): JsonObj {
    for (let i = 0; i < NEEDS.length; i++) o.set(NEEDS[i], Math.round(this.v[i] * 100) / 100);
    return o;
  }

  static fromJson(v: JsonValue | null): Needs {
    const n = new Needs();
    if (v === null) return n;
    for (let i = 0; i < NEEDS.length; i++) n.v[i] = v.getNumber(NEEDS[i], n.v[i]);
    return n;
  }
}

function clamp(x: f64): f64 {
  return x < 0 ? 0 : x > 100 ? 100 : x;
}

/** Grow every need over `hours` of game time in `ctx` (§5.1). */
export function grow(n: Needs, hours: f64, t: Traits, ctx: Context): void {
  if (hours <= 0) return;
  n.add('hunger', HUNGER_PER_H * hours);
  n.add('thirst', THIRST_PER_H * hours);
  n.add('sleep', (ctx.asleep ? SLEEP_PER_H_ASLEEP : SLEEP_PER_H_AWAKE) * hours);
  n.set('safety', safetyFrom(ctx.inCombat, ctx.hostiles, ctx.dangerous, ctx.atHome));
  // Extraverts (≥ 60) grow lonely 50% faster, introverts (≤ 40) 50% slower; talkers twice as fast.
  const social = t.e >= 60 ? 1.5 : t.e <= 40 ? 0.5 : 1.0;
  n.add('companionship', (ctx.alone ? COMPANIONSHIP_ALONE_PER_H * social : COMPANIONSHIP_COMPANY_PER_H) * hours);
  n.add('conversation', CONVERSATION_PER_H * (t.e >= 60 ? 2 : 1) * hours);
  n.add('affection', AFFECTION_PER_H * hours);
  // Task completion: +10 per active task, spread over an 8-hour working day.
  n.add('taskCompletion', ((10 * <f64>ctx.tasks) / 8) * hours);
  if (t.o >= 60) n.add('skillImprovement', SKILL_PER_H_OPEN * hours);
  if (ctx.wealthPercentile < 50) n.add('resourceAcquisition', ((50 - ctx.wealthPercentile) / 50) * hours);
  // Curiosity drifts toward its base (open 40–60, closed 5–15); hedonism grows when unstimulated for 2+ h.
  const curiosityBase = t.o >= 60 ? 50 : t.o <= 40 ? 10 : 30;
  n.set('curiosity', n.get('curiosity') + (curiosityBase - n.get('curiosity')) * Math.min(1, hours / 24));
  const hedonist = (t.e - t.c + 100) / 200; // high E + low C → 1
  if (hours >= 2 || n.get('hedonism') > 0) n.add('hedonism', hedonist * 0.5 * hours);
  if (ctx.maker) n.add('creativity', 0.5 * hours);
}

/** §5.1 personality weight of a need, 0.5–2.0. */
export function weightOf(i: i32, t: Traits): f64 {
  let trait: f64 = 50;
  const tier = TIER[i];
  if (tier == 1) trait = t.n;
  else if (tier == 2) trait = t.e;
  else if (tier == 3) trait = t.c;
  else trait = NEEDS[i] == 'hedonism' ? t.e : t.o;
  return 0.5 + (1.5 * trait) / 100;
}

export function priorityOf(i: i32, n: Needs, t: Traits): f64 {
  const u = n.v[i];
  // Task urgency (§5.1): needValue × (1 + conscientiousness) with C as a fraction.
  if (NEEDS[i] == 'taskCompletion') return u * (1 + t.c / 100) * TIER_MULTIPLIER[3];
  return u * weightOf(i, t) * TIER_MULTIPLIER[TIER[i]];
}

export class Choice {
  constructor(
    public goal: string,
    public need: string,
    public priority: f64,
  ) {}
}

/** The most pressing need past its threshold, or "idle". */
export function topGoal(n: Needs, t: Traits): Choice {
  let best = -1;
  let bestP: f64 = 0;
  for (let i = 0; i < NEEDS.length; i++) {
    if (n.v[i] <= THRESHOLD[i]) continue;
    const p = priorityOf(i, n, t);
    if (p > bestP) {
      bestP = p;
      best = i;
    }
  }
  return best < 0 ? new Choice('idle', '', 0) : new Choice(GOAL[best], NEEDS[best], bestP);
}

/** §5.1 interruption: only for twice the current priority, or a critical survival need. */
export function choose(n: Needs, t: Traits, currentGoal: string, currentPriority: f64): Choice {
  const top = topGoal(n, t);
  if (top.goal == currentGoal || currentGoal == 'idle' || currentGoal.length == 0) return top;
  const i = NEEDS.indexOf(top.need);
  if (i >= 0 && TIER[i] == 1 && n.v[i] >= CRITICAL) return top;
  // The current goal's need may be satisfied already: then it yields to anything.
  const cur = GOAL.indexOf(currentGoal);
  const curP = cur < 0 || n.v[cur] <= THRESHOLD[cur] ? 0 : priorityOf(cur, n, t);
  if (curP == 0 || top.priority >= INTERRUPT_RATIO * curP) return top;
  return new Choice(currentGoal, NEEDS[cur], curP);
}

/** Describing the NPC's state in one word for `look`: "hungry", "starving", "tired"… or "". */
export function stateWord(n: Needs): string {
  if (n.get('hunger') >= 85) return 'starving';
  if (n.get('thirst') >= 80) return 'parched';
  if (n.get('sleep') >= 90) return 'exhausted';
  if (n.get('hunger') >= 70) return 'hungry';
  if (n.get('thirst') >= 60) return 'thirsty';
  if (n.get('sleep') >= 75) return 'tired';
  if (n.get('companionship') >= 80) return 'lonely';
  return '';
}
