/**
 * The four ways to move (gameplay-rules.md 2.2): stamina per metre and speed
 * relative to walking. Walk 1/m at 1×; run 2/m at 2×; sneak 1.5/m at 0.5×
 * (quiet); sprint 4/m at 3× (loud). Walking speed is 1.4 m/s (a person's
 * ordinary pace; the reference gives only ratios).
 */
import { config } from '../../../sdk/assembly';

export const GAITS: string[] = ['walk', 'run', 'sneak', 'sprint'];
const COSTS: f64[] = [1, 2, 1.5, 4];
const SPEEDS: f64[] = [1, 2, 0.5, 3];
const NOISE: string[] = ['normal', 'normal', 'quiet', 'loud'];
const ING: string[] = ['walking', 'running', 'sneaking', 'sprinting'];

export function gaitIndex(name: string): i32 {
  for (let i = 0; i < GAITS.length; i++) if (GAITS[i] == name) return i;
  return 0;
}

/** Stamina per metre (config `costs` overrides). */
export function costPerMetre(gait: string): f64 {
  const i = gaitIndex(gait);
  const c = config('costs');
  return c === null ? COSTS[i] : c.getNumber(GAITS[i], COSTS[i]);
}

/** Metres per second. */
export function speed(gait: string): f64 {
  const i = gaitIndex(gait);
  const base = config('walkSpeed');
  const walk = base === null ? 1.4 : base.asNumber(1.4);
  const s = config('speeds');
  return walk * (s === null ? SPEEDS[i] : s.getNumber(GAITS[i], SPEEDS[i]));
}

export function speedFactor(gait: string): f64 {
  const i = gaitIndex(gait);
  const s = config('speeds');
  return s === null ? SPEEDS[i] : s.getNumber(GAITS[i], SPEEDS[i]);
}

export function noise(gait: string): string {
  return NOISE[gaitIndex(gait)];
}

export function ing(gait: string): string {
  return ING[gaitIndex(gait)];
}
