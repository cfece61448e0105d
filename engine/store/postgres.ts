/**
 * The PostgreSQL backend: a `pg` Pool behind Kysely's PostgresDialect.
 *
 * Pool size 10: the store's writes are serialised by the head-row lock (one group
 * commit at a time), so extra connections only serve concurrent reads (replay,
 * account lookups) — 10 leaves room for those without crowding PostgreSQL's
 * default max_connections of 100 when several servers share it.
 */
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { MyriadError } from '../errors.ts';
import { reasonOf } from './db-errors.ts';
import { KyselyEventStore } from './event-store.ts';
import type { Tables } from './tables.ts';
import type { EventStore } from './types.ts';

export interface PostgresStoreOptions {
  /** e.g. postgres://user@host:5432/myriad */
  readonly url: string;
  /** Connections in the pool; default 10. */
  readonly poolSize?: number;
  /** Give up connecting after this long; default 5,000 ms (an unreachable host otherwise hangs for the OS TCP timeout, ~2 min). */
  readonly connectTimeoutMs?: number;
}

/** Open a pool and check the server answers. Does not migrate; see open.ts. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<EventStore> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
  });
  // An idle connection dropped by the server emits 'error' on the pool; unhandled,
  // that would crash the process. The next query gets a fresh connection or an error.
  pool.on('error', () => undefined);
  // A client checked out (inside a transaction) has no pool listener: if the server ends
  // its session then (a restart, pg_terminate_backend), the 'error' would be unhandled and
  // end the process. Its query fails on its own, and the pool discards it on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new MyriadError('STORE_UNAVAILABLE', { reason: `${redact(options.url)}: ${reasonOf(error)}` });
  }
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return new KyselyEventStore(db, 'postgres');
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
