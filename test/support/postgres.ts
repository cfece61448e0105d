/**
 * A throwaway PostgreSQL database per test run, or the reason there is none.
 *
 *   const pg = await throwawayPostgres();
 *   if ('skip' in pg) return t.skip(pg.skip);
 *   const store = await pg.openStore();   // migrated
 *   ...
 *   await pg.drop();                       // closes stores it opened, drops the DB
 *
 * The admin URL is MYRIAD_TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/test
 * (trust auth on the CI machine). Databases are named myriad_test_<random>.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore } from '../../engine/store/open.ts';
import type { EventStore } from '../../engine/store/types.ts';

export const ADMIN_URL = process.env.MYRIAD_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface ThrowawayPostgres {
  /** URL of the fresh, empty database. */
  readonly url: string;
  readonly name: string;
  /** A migrated store on the database; each call opens its own pool. */
  openStore(): Promise<EventStore>;
  /** Run SQL on the database directly (as a foreign writer, or to inspect). */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  /** Close every store opened here and drop the database. */
  drop(): Promise<void>;
}

function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return reasonOf(error.errors[0]);
  return error instanceof Error ? error.message || error.name : String(error);
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adminClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3_000 });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

export async function throwawayPostgres(): Promise<ThrowawayPostgres | { readonly skip: string }> {
  const name = `myriad_test_${randomBytes(6).toString('hex')}`;
  try {
    const admin = await adminClient();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
  } catch (error) {
    return { skip: `no PostgreSQL at ${new URL(ADMIN_URL).host}: ${reasonOf(error)}` };
  }
  const url = withDatabase(ADMIN_URL, name);
  const stores: EventStore[] = [];
  const direct = new pg.Pool({ connectionString: url, max: 2 });
  direct.on('error', () => undefined);
  return {
    url,
    name,
    async openStore() {
      const store = await openStore({ databaseUrl: url });
      stores.push(store);
      return store;
    },
    async query(text, values) {
      return (await direct.query(text, values)).rows;
    },
    async drop() {
      await Promise.allSettled(stores.map((s) => s.close()));
      await direct.end().catch(() => undefined);
      const admin = await adminClient();
      try {
        // WITH (FORCE) (PostgreSQL 13+) ends connections a failed test left open.
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
