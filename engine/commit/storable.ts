/**
 * Making a commit unit storable when the store refused it as STORE_INVALID_VALUE
 * (a NUL or a lone UTF-16 surrogate in a string, a value JSON cannot hold). Such a
 * unit is not a database outage: retrying it unchanged would block every commit
 * behind it forever (one WebSocket message with "\ud800" in a say did exactly that).
 * The committer stores a repaired copy instead: NUL removed, lone surrogates
 * replaced by U+FFFD, unserialisable values turned into null.
 */
import type { CommitUnit } from '../store/types.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** 64 levels: deeper than any legitimate payload, and a cycle ends there. */
const MAX_DEPTH = 64;

export function storableText(s: string): string {
  return s.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\uFFFD');
}

export function storableValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return storableText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object' || depth >= MAX_DEPTH) return null;
  if (Array.isArray(value)) return value.map((v) => storableValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v !== undefined && typeof v !== 'function' && typeof v !== 'symbol') out[storableText(k)] = storableValue(v, depth + 1);
  }
  return out;
}

export function storableUnit(unit: CommitUnit): CommitUnit {
  return storableValue(unit) as CommitUnit;
}
