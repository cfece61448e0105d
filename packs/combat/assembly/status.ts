/**
 * §7.3 status effects: applying with the stacking rules, and the 1 s sweep
 * (expiry, damage over time). Numbers:
 *   poison   3 damage a stack every 5 s, stacks 1–5, 30 s per stack from the last
 *            application; Vitality > 70: 10 % a tick to lose a stack; cured by an antidote
 *   bleed    5 damage every 3 s for 20 s; every 3 moves −1 damage, 0 ends it (§G11:
 *            the stated mechanic, movement lessens it); cured by a bandage
 *   stun     2 s; newEnd = max(end, now) + 2 s, at most 10 s ahead; cannot act
 *   slow     ×1.5 reaction time 15 s; newest replaces, duration refreshes
 *   haste    ×0.7 reaction time 30 s
 *   weakness ×0.75 damage 45 s (and 60 s after a defeat: the respawn penalty)
 */
import { Effect, findEffect, readEffects, writeEffects } from './state';

export const POISON_PER_STACK: f64 = 3;
export const POISON_INTERVAL: f64 = 5000;
export const POISON_PER_STACK_MS: f64 = 30000;
export const POISON_MAX: i32 = 5;
export const BLEED_DAMAGE: f64 = 5;
export const BLEED_INTERVAL: f64 = 3000;
export const BLEED_MS: f64 = 20000;
export const STUN_MS: f64 = 2000;
export const STUN_CAP_MS: f64 = 10000;
export const SLOW_MS: f64 = 15000;
export const HASTE_MS: f64 = 30000;
export const WEAKNESS_MS: f64 = 45000;

/** Add or extend effect `k` on `list` by the rules above; returns the effect. */
export function apply(list: Array<Effect>, k: string, t: f64, v: f64, ms: f64): Effect {
  let e = findEffect(list, k);
  const fresh = e === null || e!.until <= t;
  if (e === null) {
    e = new Effect();
    e!.k = k;
    list.push(e!);
  }
  const f = e!;
  if (k == 'poison') {
    f.stacks = fresh ? 1 : f.stacks < POISON_MAX ? f.stacks + 1 : POISON_MAX;
    f.v = POISON_PER_STACK;
    f.until = t + POISON_PER_STACK_MS * <f64>f.stacks;
    if (fresh) f.next = t + POISON_INTERVAL;
  } else if (k == 'bleed') {
    f.stacks = 1;
    f.v = BLEED_DAMAGE;
    f.moves = 0;
    f.until = t + BLEED_MS;
    if (fresh) f.next = t + BLEED_INTERVAL;
  } else if (k == 'stun') {
    let end = (f.until > t ? f.until : t) + (ms > 0 ? ms : STUN_MS);
    if (end > t + STUN_CAP_MS) end = t + STUN_CAP_MS;
    f.until = end;
  } else {
    // slow, haste, weakness and other modifiers: newest replaces, duration refreshes.
    f.v = v;
    f.until = t + ms;
  }
  return f;
}

/** Remove effect `k`; true when there was one. */
export function cure(list: Array<Effect>, k: string): bool {
  for (let i = 0; i < list.length; i++) {
    if (list[i].k == k) {
      list.splice(i, 1);
      return true;
    }
  }
  return false;
}

/** One move while bleeding: every 3rd lessens the bleed by 1; at 0 it stops. */
export function moved(id: string): string {
  const list = readEffects(id);
  const e = findEffect(list, 'bleed');
  if (e === null) return '';
  e.moves++;
  let said = '';
  if (e.moves % 3 == 0) {
    e.v -= 1;
    if (e.v <= 0) {
      cure(list, 'bleed');
      said = 'Your wound closes.';
    } else said = 'Your wound bleeds less.';
  }
  writeEffects(id, list);
  return said;
}

export function nameOf(k: string): string {
  if (k == 'poison') return 'poisoned';
  if (k == 'bleed') return 'bleeding';
  if (k == 'stun') return 'stunned';
  if (k == 'slow') return 'slowed';
  if (k == 'haste') return 'hasted';
  if (k == 'weakness') return 'weakened';
  return k;
}
