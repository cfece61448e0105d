/**
 * ULIDs (https://github.com/ulid/spec): 48 bits of milliseconds, 80 random bits,
 * 26 Crockford base-32 characters, sortable by time. Ids of events, accounts,
 * characters and per-line correlation ids all come from here.
 *
 * Why not ulidx: its `ulid()` asks `crypto.getRandomValues` for each of the 16
 * random characters separately (~33 µs an id here) and its monotonic factory still
 * does at every new millisecond — `randomFillSync` was 2–3 % of the world thread
 * and ~2 % of the gateway at 1,000 commands/s. This one draws randomness 4 KiB at
 * a time (one random byte → one character: 256 is a multiple of 32, so the draw
 * stays uniform) and, within a millisecond, increments the previous id's random
 * part as the spec's monotonic mode does, so ids from one thread strictly increase.
 */
import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_CHARS = 16;
const pool = new Uint8Array(4096);
let poolAt = pool.length;

let lastMs = -1;
let lastTime = '';
/** The random part of the last id, one base-32 digit (0–31) per character. */
const digits = new Uint8Array(RANDOM_CHARS);

function drawRandom(): void {
  if (poolAt + RANDOM_CHARS > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  for (let i = 0; i < RANDOM_CHARS; i++) digits[i] = pool[poolAt++]! & 31;
}

/** Add one to the random part; false when it was all 31s (the spec's overflow). */
function increment(): boolean {
  for (let i = RANDOM_CHARS - 1; i >= 0; i--) {
    if (digits[i]! < 31) {
      digits[i]!++;
      return true;
    }
    digits[i] = 0;
  }
  return false;
}

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32]! + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

export function newUlid(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    lastTime = encodeTime(now);
    drawRandom();
  } else if (!increment()) {
    // 2^80 ids in one millisecond cannot happen; a clock far behind could only
    // repeat ids, so move the time part on instead.
    lastMs++;
    lastTime = encodeTime(lastMs);
    drawRandom();
  }
  let out = lastTime;
  for (let i = 0; i < RANDOM_CHARS; i++) out += ALPHABET[digits[i]!];
  return out;
}
