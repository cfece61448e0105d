/**
 * The local admin token: a server with no `http.adminToken` writes a random one to
 * `<dataDir>/admin.token` (mode 0600) and accepts it as the bearer token, so
 * `myriad reload` on the same machine, as the same user, works on a default
 * server without anyone setting a token (decision 0036). Whoever can read the
 * data directory can read the database too, so the file grants nothing new.
 * Not written for an in-memory store (no directory) — tests, the harness.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCAL_TOKEN_FILE = 'admin.token';

// One token per data directory per process: the HTTP and HTTPS servers share it.
const written = new Map<string, string>();

/** Write (once per process) and return the token, or null for an in-memory store. */
export function localAdminToken(dataDir: string): string | null {
  if (dataDir.startsWith('memory://')) return null;
  const known = written.get(dataDir);
  if (known !== undefined) return known;
  // 32 bytes: the same strength the docs ask of http.adminToken (openssl rand -hex 32).
  const token = randomBytes(32).toString('hex');
  const file = join(dataDir, LOCAL_TOKEN_FILE);
  // With PostgreSQL the data directory holds only this and myriad.pid: it may not exist yet.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // an older file keeps its mode through writeFileSync
  written.set(dataDir, token);
  return token;
}

/** The token a running server wrote to `dataDir`, or null. */
export function readLocalAdminToken(dataDir: string): string | null {
  try {
    const token = readFileSync(join(dataDir, LOCAL_TOKEN_FILE), 'utf8').trim();
    return token.length > 0 ? token : null;
  } catch {
    return null;
  }
}
