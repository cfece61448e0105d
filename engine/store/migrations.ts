/**
 * Ordered schema migrations, run by Kysely's Migrator with an in-code provider.
 * The Migrator takes a PostgreSQL advisory lock and runs each step in a
 * transaction (PostgreSQL DDL is transactional), so two processes starting at once
 * cannot both apply a step, and a failed step leaves the schema as it was.
 *
 * SQL here must be valid on PostgreSQL 15 (the system server) and 18 (PGlite 0.5):
 * no features newer than 15 (e.g. no `UNIQUE NULLS NOT DISTINCT` tricks, no virtual
 * generated columns).
 *
 * Never edit a migration that has shipped; add the next one.
 */
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { MyriadError } from '../errors.ts';
import type { ProgressFn } from './types.ts';
import { META_HEAD, META_SNAPSHOT } from './tables.ts';

const INITIAL: readonly string[] = [
  // position is assigned by commit.ts under the writer lock, not by a sequence:
  // a sequence leaves gaps when a transaction rolls back, and two writers could
  // commit positions out of order, so a reader tailing by position would skip
  // events. Explicit positions under one lock are gap-free and commit-ordered.
  `CREATE TABLE events (
     position     bigint PRIMARY KEY,
     id           text NOT NULL UNIQUE,
     stream       text NOT NULL,
     version      integer NOT NULL,
     type         text NOT NULL,
     v            integer NOT NULL,
     actor        jsonb,
     pack         text,
     pack_version text,
     payload      jsonb NOT NULL,
     display      jsonb,
     at           timestamptz NOT NULL,
     CONSTRAINT events_stream_version UNIQUE (stream, version)
   )`,
  // Reconnect replay (readMissed) asks "displayable events in these streams after
  // position P". Partial: state events (no display) are most of the log and never
  // replayed, so leaving them out keeps this index, and every insert, cheaper.
  `CREATE INDEX events_stream_position ON events (stream, position) WHERE display IS NOT NULL`,
  `CREATE TABLE streams (
     stream  text PRIMARY KEY,
     version integer NOT NULL
   )`,
  `CREATE TABLE components (
     entity text NOT NULL,
     key    text NOT NULL,
     value  jsonb NOT NULL,
     PRIMARY KEY (entity, key)
   )`,
  `CREATE TABLE meta (
     key   text PRIMARY KEY,
     value jsonb NOT NULL
   )`,
  `INSERT INTO meta (key, value) VALUES ('${META_HEAD}', '0'), ('${META_SNAPSHOT}', '0')`,
  // name_key is generated so it can never disagree with name; the UNIQUE on it is
  // what makes "Alice" and "alice" the same account name.
  `CREATE TABLE accounts (
     id            text PRIMARY KEY,
     name          text NOT NULL,
     name_key      text GENERATED ALWAYS AS (lower(name)) STORED,
     password_hash text NOT NULL,
     role          text NOT NULL CHECK (role IN ('player', 'builder', 'admin')),
     character_id  text NOT NULL,
     created_at    timestamptz NOT NULL DEFAULT now(),
     failed_logins integer NOT NULL DEFAULT 0,
     locked_until  timestamptz,
     CONSTRAINT accounts_name_key UNIQUE (name_key)
   )`,
  `CREATE TABLE cursors (
     character_id text PRIMARY KEY,
     position     bigint NOT NULL
   )`,
  `CREATE TABLE timers (
     id      text PRIMARY KEY,
     pack    text NOT NULL,
     due_at  bigint NOT NULL,
     type    text NOT NULL,
     payload jsonb NOT NULL
   )`,
  `CREATE INDEX timers_due_at ON timers (due_at, id)`,
];

/**
 * Per-account command aliases (`alias gs = go south`), expanded by the gateway
 * before a line reaches the world. Host data about a player's input, not world
 * state, so not in the event log.
 */
const ALIASES: readonly string[] = [
  `CREATE TABLE aliases (
     account_id text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
     name       text NOT NULL,
     expansion  text NOT NULL,
     PRIMARY KEY (account_id, name)
   )`,
];

/**
 * The event log's JSON columns become `json` (text checked for syntax, stored as
 * written) instead of `jsonb` (parsed into a binary tree on insert, printed back on
 * every read). Nothing queries inside them: they are written once and read back
 * whole, so jsonb's parsing was pure cost, ~25 % of PostgreSQL's CPU per appended
 * event, and jsonb_out on every replayed row. Rewrites the table once (ALTER TYPE).
 * components, meta and timers stay jsonb (small, upserted, not the hot path).
 */
const EVENTS_JSON: readonly string[] = [
  `ALTER TABLE events
     ALTER COLUMN actor TYPE json USING actor::json,
     ALTER COLUMN payload TYPE json USING payload::json,
     ALTER COLUMN display TYPE json USING display::json`,
];

/**
 * Quarantined packs, so a pack that faults on committed state stays off across
 * restarts and reloads (issue 11: each start cost three watchdog restarts, ~650
 * ms of stall for everyone, before the in-memory quarantine caught it again).
 * One row per pack: the last quarantine (when, why) and its lifting (when, by
 * whom); a row with lifted_at NULL is in force.
 */
const PACK_QUARANTINE: readonly string[] = [
  `CREATE TABLE pack_quarantine (
     pack      text PRIMARY KEY,
     since     timestamptz NOT NULL,
     reason    text NOT NULL,
     faults    jsonb NOT NULL,
     lifted_at timestamptz,
     lifted_by text
   )`,
];

/**
 * Moderation (issue 18): an account's ban (one row; \`until\` null = until lifted),
 * kept across restarts and checked at every login; and the audit of what admins
 * did, who did it, when (\`@audit\`).
 */
const MODERATION: readonly string[] = [
  `CREATE TABLE bans (
     account_id text PRIMARY KEY REFERENCES accounts (id),
     until      timestamptz,
     reason     text NOT NULL,
     by_name    text NOT NULL,
     at         timestamptz NOT NULL
   )`,
  `CREATE TABLE audit (
     id      text PRIMARY KEY,
     at      timestamptz NOT NULL,
     by_name text NOT NULL,
     action  text NOT NULL,
     target  text NOT NULL,
     detail  text NOT NULL
   )`,
  'CREATE INDEX audit_at ON audit (at)',
];

/**
 * Moderation, second part (issue 18): bans by address (an IP address or a CIDR
 * block, checked at connect) and mutes (an account's talk commands refused).
 * Both kept across restarts; `until` null = until lifted.
 */
const ADDRESS_BANS_AND_MUTES: readonly string[] = [
  `CREATE TABLE address_bans (
     address text PRIMARY KEY,
     until   timestamptz,
     reason  text NOT NULL,
     by_name text NOT NULL,
     at      timestamptz NOT NULL
   )`,
  `CREATE TABLE mutes (
     account_id text PRIMARY KEY REFERENCES accounts (id),
     until      timestamptz,
     reason     text NOT NULL,
     by_name    text NOT NULL,
     at         timestamptz NOT NULL
   )`,
];

function statements(list: readonly string[]): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      for (const statement of list) await sql.raw(statement).execute(db);
    },
  };
}

/** Keyed by name; the Migrator applies them in name order. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_initial': statements(INITIAL),
  '0002_aliases': statements(ALIASES),
  '0003_events_json': statements(EVENTS_JSON),
  '0004_pack_quarantine': statements(PACK_QUARANTINE),
  '0005_moderation': statements(MODERATION),
  '0006_address_bans_and_mutes': statements(ADDRESS_BANS_AND_MUTES),
};

export const MIGRATION_TABLE = 'myriad_migrations';
export const MIGRATION_LOCK_TABLE = 'myriad_migrations_lock';

/** Bring the schema up to date. Idempotent; safe to run from two processes at once. */
export async function migrate(db: Kysely<any>, onProgress?: ProgressFn): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  let known;
  try {
    known = await migrator.getMigrations();
  } catch (error) {
    throw new MyriadError('STORE_MIGRATION_FAILED', { name: '(reading applied migrations)', reason: reasonOf(error) });
  }
  const pending = known.filter((m) => m.executedAt === undefined).map((m) => m.name);
  const total = pending.length;
  onProgress?.(0, total, total === 0 ? 'schema up to date' : `applying ${total} migration(s)`);
  // One step at a time so progress can be reported between steps. Another process
  // may apply some of them meanwhile: migrateUp then has nothing to do and we stop.
  for (let done = 0; done < total; ) {
    const { error, results } = await migrator.migrateUp();
    const failed = results?.find((r) => r.status === 'Error');
    if (error !== undefined || failed !== undefined) {
      throw new MyriadError('STORE_MIGRATION_FAILED', {
        name: failed?.migrationName ?? pending[done] ?? '(unknown)',
        reason: reasonOf(error),
      });
    }
    if (results === undefined || results.length === 0) break;
    done += results.length;
    onProgress?.(Math.min(done, total), total, `applied ${results.map((r) => r.migrationName).join(', ')}`);
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
