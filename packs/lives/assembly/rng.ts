/**
 * A local generator (SplitMix64) seeded by one host `rand()` per pack call: a
 * thousand inheritances draw ~90,000 numbers, and a host call each would pass
 * the call's 2,000 host-call budget. Seeded from the host, it stays as
 * deterministic as the world's seed.
 */
import { rand } from '../../../sdk/assembly';

// SplitMix64's constants, written as two 32-bit halves (a 64-bit literal is past what JavaScript tooling reads exactly).
const GOLDEN: u64 = ((<u64>0x9e3779b9) << 32) | <u64>0x7f4a7c15;
const MIX1: u64 = ((<u64>0xbf58476d) << 32) | <u64>0x1ce4e5b9;
const MIX2: u64 = ((<u64>0x94d049bb) << 32) | <u64>0x133111eb;

let state: u64 = 0;
let seeded = false;

/** Re-seed from the host (at the start of each call that draws). */
export function reseed(): void {
  state = rand();
  seeded = true;
}

/** Uniform in [0, 1). */
export function roll(): f64 {
  if (!seeded) reseed();
  state += GOLDEN;
  let z = state;
  z = (z ^ (z >> 30)) * MIX1;
  z = (z ^ (z >> 27)) * MIX2;
  z = z ^ (z >> 31);
  return <f64>(z >> 11) / 9007199254740992.0;
}

export function rollInt(n: i32): i32 {
  return <i32>Math.floor(roll() * <f64>n);
}
