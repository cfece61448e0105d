/**
 * A logical backup of the whole database, the same for PGlite and PostgreSQL (so a
 * PGlite world can move to PostgreSQL and back): gzip'd JSON lines.
 *
 *   line 1       the header: format, engine version, backend, the applied migrations,
 *                every table with its columns and row count, the log's head position
 *   per table    {"table": name, "rows": n}, then its n rows, one `row_to_json` each
 *   last line    {"end": true, "rows": total, "sha256": of every row line}: a
 *                truncated or edited file is refused before anything is committed
 *
 * Tables are found in the catalogue, not listed here, so tables added by later
 * migrations are backed up without touching this file. The dump reads in one
 * REPEATABLE READ transaction (a consistent picture while a PostgreSQL server keeps
 * running) through a cursor, 1,000 rows at a time; the restore writes every table in
 * one transaction, parents before children (foreign keys), so a failed restore
 * leaves the database as empty as it found it.
 */
import { createHash } from 'node:crypto';
import { Migrator, sql, type Kysely, type Transaction } from 'kysely';
import { MyriadError } from '../errors.ts';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, MIGRATIONS } from './migrations.ts';
import type { BackupHeader, BackupSummary, BackupTable, ProgressFn } from './types.ts';

export const BACKUP_FORMAT: BackupHeader['format'] = 'myriad-backup';
export const BACKUP_FORMAT_VERSION = 1;
/** Rows per cursor fetch and per INSERT: ~1,000 events are well under a megabyte of JSON. */
const BATCH_ROWS = 1_000;

/** Write the database as backup lines (each without its newline) to `write`. */
export async function dumpDatabase(db: Kysely<any>, meta: { engine: string; backend: 'pglite' | 'postgres' }, write: (line: string) => Promise<void>, onProgress?: ProgressFn): Promise<BackupSummary> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const tables: BackupTable[] = [];
      for (const name of await tablesInRestoreOrder(trx)) {
        const count = await sql<{ n: string | number }>`SELECT count(*) AS n FROM ${sql.table(name)}`.execute(trx);
        tables.push({ name, columns: await writableColumns(trx, name), rows: Number(count.rows[0]?.n ?? 0) });
      }
      const migrations = (await sql<{ name: string }>`SELECT name FROM ${sql.table(MIGRATION_TABLE)} ORDER BY name`.execute(trx)).rows.map((r) => r.name);
      const head = await sql<{ value: unknown }>`SELECT value FROM meta WHERE key = 'head_position'`.execute(trx);
      const header: BackupHeader = { format: BACKUP_FORMAT, formatVersion: BACKUP_FORMAT_VERSION, engine: meta.engine, backend: meta.backend, createdAt: new Date().toISOString(), migrations, headPosition: Number(head.rows[0]?.value ?? 0), tables };
      await write(JSON.stringify(header));
      const total = tables.reduce((n, t) => n + t.rows, 0);
      const hash = createHash('sha256');
      let done = 0;
      onProgress?.(0, total, 'rows');
      for (const table of tables) {
        await write(JSON.stringify({ table: table.name, rows: table.rows }));
        const order = await primaryKey(trx, table.name);
        await sql`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM ${sql.table(table.name)} t ${order.length ? sql`ORDER BY ${sql.join(order.map((c) => sql.ref(`t.${c}`)))}` : sql``}`.execute(trx);
        let written = 0;
        for (;;) {
          const page = await sql<{ j: string }>`FETCH ${sql.raw(String(BATCH_ROWS))} FROM backup_rows`.execute(trx);
          for (const row of page.rows) {
            hash.update(row.j).update('\n');
            await write(row.j);
          }
          written += page.rows.length;
          done += page.rows.length;
          onProgress?.(done, total, table.name);
          if (page.rows.length < BATCH_ROWS) break;
        }
        await sql`CLOSE backup_rows`.execute(trx);
        if (written !== table.rows) throw new Error(`table ${table.name}: counted ${table.rows} rows but read ${written}`);
      }
      const sha256 = hash.digest('hex');
      await write(JSON.stringify({ end: true, rows: total, sha256 }));
      return { header, rows: total, sha256 };
    });
}

/**
 * Load backup lines into an empty database: its schema is brought to the backup's
 * migrations, the rows inserted, and then the remaining migrations applied, so a
 * backup from an older engine restores into a newer one. Everything or nothing.
 */
export async function restoreDatabase(db: Kysely<any>, lines: AsyncIterable<string>, onProgress?: ProgressFn): Promise<BackupSummary> {
  const it = lines[Symbol.asyncIterator]();
  const next = async (what: string): Promise<string> => {
    const r = await it.next();
    if (r.done) throw restoreError(`the file ends early, before ${what} (truncated?)`);
    return r.value;
  };
  const header = parseHeader(await next('the header'));
  const known = Object.keys(MIGRATIONS).sort();
  const unknown = header.migrations.filter((m) => !known.includes(m));
  if (unknown.length) throw restoreError(`it was made by a newer Myriad (${header.engine}, migrations ${unknown.join(', ')} unknown here); restore it with that version or later`);
  if (header.migrations.some((m, i) => m !== known[i])) throw restoreError(`its migrations (${header.migrations.join(', ')}) are not a prefix of this engine's`);
  await refuseUnlessEmpty(db);
  await dropIfAhead(db, header.migrations);
  const last = header.migrations.at(-1);
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) }, migrationTableName: MIGRATION_TABLE, migrationLockTableName: MIGRATION_LOCK_TABLE });
  if (last !== undefined) {
    const { error } = await migrator.migrateTo(last);
    if (error) throw new MyriadError('STORE_MIGRATION_FAILED', { name: last, reason: error instanceof Error ? error.message : String(error) });
  }
  const total = header.tables.reduce((n, t) => n + t.rows, 0);
  const hash = createHash('sha256');
  let done = 0;
  onProgress?.(0, total, 'rows');
  const sha256 = await db.transaction().execute(async (trx) => {
    // The first migration seeds meta's head and snapshot positions; the backup has its own.
    await sql`DELETE FROM meta`.execute(trx);
    for (const table of header.tables) {
      const section = JSON.parse(await next(`table ${table.name}`)) as { table?: string; rows?: number };
      if (section.table !== table.name || section.rows !== table.rows) throw restoreError(`expected table ${table.name} (${table.rows} rows) here, found ${JSON.stringify(section).slice(0, 80)}`);
      let batch: string[] = [];
      for (let i = 0; i < table.rows; i++) {
        const line = await next(`row ${i + 1} of ${table.name}`);
        hash.update(line).update('\n');
        batch.push(line);
        if (batch.length === BATCH_ROWS || i === table.rows - 1) {
          await insertRows(trx, table, batch);
          done += batch.length;
          onProgress?.(done, total, table.name);
          batch = [];
        }
      }
    }
    const end = JSON.parse(await next('the end line')) as { end?: boolean; rows?: number; sha256?: string };
    const sha256 = hash.digest('hex');
    if (end.end !== true || end.rows !== total || end.sha256 !== sha256) throw restoreError(`its rows do not match its checksum (sha256 ${sha256}, the file says ${end.sha256}): the file was changed or damaged`);
    for (const table of header.tables) {
      const count = await sql<{ n: string | number }>`SELECT count(*) AS n FROM ${sql.table(table.name)}`.execute(trx);
      if (Number(count.rows[0]?.n) !== table.rows) throw restoreError(`table ${table.name} holds ${count.rows[0]?.n} rows after the restore, the backup ${table.rows}`);
    }
    return sha256;
  });
  return { header, rows: total, sha256 };
}

function parseHeader(line: string): BackupHeader {
  let header: BackupHeader;
  try {
    header = JSON.parse(line) as BackupHeader;
  } catch {
    throw restoreError('it is not a Myriad backup (the first line is not JSON)');
  }
  if (header.format !== BACKUP_FORMAT) throw restoreError('it is not a Myriad backup (no "myriad-backup" header)');
  if (header.formatVersion !== BACKUP_FORMAT_VERSION) throw restoreError(`backup format ${header.formatVersion} is not ${BACKUP_FORMAT_VERSION}, the one this engine reads`);
  return header;
}

/** Nothing may be overwritten: every table that exists must be empty (meta holds only its seeded zeros). */
async function refuseUnlessEmpty(db: Kysely<any>): Promise<void> {
  for (const name of await tablesInRestoreOrder(db)) {
    const where = name === 'meta' ? sql`WHERE value::text <> '0'` : sql``;
    const count = await sql<{ n: string | number }>`SELECT count(*) AS n FROM ${sql.table(name)} ${where}`.execute(db);
    if (Number(count.rows[0]?.n) > 0) throw new MyriadError('STORE_RESTORE_NOT_EMPTY', { table: name });
  }
}

/**
 * An empty database whose schema is newer than the backup's (a server was started
 * on it once) cannot be migrated down: its empty tables are dropped and the schema
 * is built again up to the backup's migrations. Only after refuseUnlessEmpty.
 */
async function dropIfAhead(db: Kysely<any>, wanted: readonly string[]): Promise<void> {
  const exists = await sql<{ n: string | number }>`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ${MIGRATION_TABLE}`.execute(db);
  if (Number(exists.rows[0]?.n) === 0) return;
  const applied = (await sql<{ name: string }>`SELECT name FROM ${sql.table(MIGRATION_TABLE)} ORDER BY name`.execute(db)).rows.map((r) => r.name);
  if (applied.every((m, i) => wanted[i] === m)) return;
  const tables = await tablesInRestoreOrder(db);
  await db.transaction().execute(async (trx) => {
    for (const name of [...tables.reverse(), MIGRATION_TABLE, MIGRATION_LOCK_TABLE]) await sql`DROP TABLE IF EXISTS ${sql.table(name)}`.execute(trx);
  });
}

/** One INSERT for a batch of rows: the JSON array is expanded by json_populate_recordset into the table's row type. */
async function insertRows(trx: Transaction<any>, table: BackupTable, rows: readonly string[]): Promise<void> {
  const cols = sql.join(table.columns.map((c) => sql.ref(c)));
  await sql`INSERT INTO ${sql.table(table.name)} (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::${sql.table(table.name)}, ${`[${rows.join(',')}]`}::json)`.execute(trx);
}

/** Base tables of the current schema except the migrator's, parents (referenced by a foreign key) first. */
async function tablesInRestoreOrder(db: Kysely<any>): Promise<string[]> {
  const tables = (await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db)).rows.map((r) => r.name).filter((n) => n !== MIGRATION_TABLE && n !== MIGRATION_LOCK_TABLE);
  const refs = (await sql<{ child: string; parent: string }>`SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent FROM pg_constraint c WHERE c.contype = 'f'`.execute(db)).rows;
  const ordered: string[] = [];
  const visit = (name: string, path: Set<string>): void => {
    if (ordered.includes(name) || path.has(name)) return;
    path.add(name);
    for (const r of refs) if (r.child === name && r.parent !== name && tables.includes(r.parent)) visit(r.parent, path);
    ordered.push(name);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

async function writableColumns(db: Kysely<any>, table: string): Promise<string[]> {
  const r = await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${table} AND is_generated = 'NEVER' ORDER BY ordinal_position`.execute(db);
  return r.rows.map((c) => c.name);
}

async function primaryKey(db: Kysely<any>, table: string): Promise<string[]> {
  const r = await sql<{ name: string }>`SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = ${table}::regclass AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)`.execute(db);
  return r.rows.map((c) => c.name);
}

function restoreError(reason: string): MyriadError {
  return new MyriadError('STORE_BACKUP_INVALID', { reason });
}
