/**
 * Password hashing with Argon2id. Parameters follow OWASP's current minimum for
 * Argon2id (m = 19 MiB, t = 2, p = 1); the encoded hash stores them, so raising
 * them later only needs `needsRehash` on the next successful login.
 */
import { hash, verify } from '@node-rs/argon2';

/** Algorithm.Argon2id (a const enum, which verbatimModuleSyntax cannot import). */
const ARGON2ID = 2;

export interface Argon2Params {
  readonly memoryCost: number; // KiB
  readonly timeCost: number;
  readonly parallelism: number;
}

export const DEFAULT_ARGON2: Argon2Params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string, params: Argon2Params = DEFAULT_ARGON2): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, ...params });
}

export async function verifyPassword(encoded: string, password: string): Promise<boolean> {
  try {
    return await verify(encoded, password);
  } catch {
    return false; // a malformed stored hash never lets anyone in
  }
}

/** True when the stored hash was made with weaker parameters than the current ones. */
export function needsRehash(encoded: string, params: Argon2Params = DEFAULT_ARGON2): boolean {
  const m = /^\$argon2id\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(encoded);
  if (!m) return true;
  return Number(m[1]) < params.memoryCost || Number(m[2]) < params.timeCost || Number(m[3]) < params.parallelism;
}

let dummyHash: Promise<string> | null = null;
/**
 * A real hash to verify against when the account does not exist, so a login for
 * an unknown name costs the same time as a wrong password (no account enumeration
 * by timing).
 */
export function dummyHashFor(params: Argon2Params = DEFAULT_ARGON2): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-' + Math.random(), params);
  return dummyHash;
}
