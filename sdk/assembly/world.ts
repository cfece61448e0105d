/**
 * Time, randomness, configuration and logging. Time and randomness come only
 * from the host (seeded per command or tick), so replays are reproducible.
 */
import { myriad_rand, myriad_now, myriad_config, myriad_log } from './env';
import { JsonValue, quote } from './json/index';
import { writeString } from './memory';
import { answered } from './result';

/** 64 random bits (capability `random`). */
export function rand(): u64 {
  return myriad_rand();
}

/** A uniform integer in [0, n); 0 when n <= 0. Modulo bias is < n / 2^64. */
export function randInt(n: i32): i32 {
  if (n <= 0) return 0;
  return <i32>(myriad_rand() % <u64>n);
}

/** A uniform float in [0, 1), from the top 53 bits. */
export function randFloat(): f64 {
  return <f64>(myriad_rand() >> 11) / 9007199254740992.0;
}

/** World time in milliseconds. */
export function now(): u64 {
  return myriad_now();
}

/** A configured value (or its default), or null when unset or refused (capability `config`). */
export function config(key: string): JsonValue | null {
  const req = writeString('{"key":' + quote(key) + '}');
  const v = answered(req, myriad_config(req));
  return v === null || v.isNull() ? null : v;
}

/** Log for operators; `level` is "info", "warn" or "error". Counted against the log budget. */
export function log(level: string, msg: string): bool {
  const req = writeString('{"level":' + quote(level) + ',"msg":' + quote(msg) + '}');
  return answered(req, myriad_log(req)) !== null;
}
