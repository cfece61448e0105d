/**
 * The EventStore on Kysely, shared by both backends: pglite.ts and postgres.ts
 * only build the dialect. Same SQL, same migrations, same tests.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { MyriadError } from '../errors.ts';
import { ENGINE_VERSION } from '../version.ts';
import { dumpDatabase, restoreDatabase } from './backup.ts';
import { GroupCommitter, upsertTimers } from './commit.ts';
import { SMALL_ROWS_PER_STATEMENT, chunks } from './chunks.ts';
import { uniqueViolation } from './db-errors.ts';
import { migrate } from './migrations.ts';
import { fromJsonPage, jsonText, toAccount, toInt, toTimer } from './rows.ts';
import { META_SNAPSHOT, type Tables } from './tables.ts';
import type { AccountRow, AddressBanRow, AuditRow, BackupSummary, BanRow, CommitUnit, DueTimerOptions, EventStore, MuteRow, ProgressFn, QuarantineRow, Snapshot, StoredEvent, TimerRow, TypedEvent } from './types.ts';

/** Events (or positions, readTypes) per JSON text in a read: 1,000 events of up to ~500 kB each fit one JavaScript string. */
const PAGE_GROUP = 1_000;

export class KyselyEventStore implements EventStore {
  readonly backend: 'pglite' | 'postgres';
  readonly #db: Kysely<Tables>;
  readonly #committer: GroupCommitter;
  readonly #afterClose: () => void;
  #closed: Promise<void> | undefined;

  /** afterClose runs once the database is closed (pglite.ts releases its directory lock there). */
  constructor(db: Kysely<Tables>, backend: 'pglite' | 'postgres', afterClose: () => void = () => undefined) {
    this.#db = db;
    this.backend = backend;
    this.#committer = new GroupCommitter(db);
    this.#afterClose = afterClose;
  }

  migrate(onProgress?: ProgressFn): Promise<void> {
    return migrate(this.#db, onProgress);
  }

  commit(units: readonly CommitUnit[]): Promise<StoredEvent[][]> {
    return this.#committer.commit(units);
  }

  async readStream(stream: string, afterVersion: number, limit: number): Promise<StoredEvent[]> {
    return this.#readEvents(sql`stream = ${stream} AND version > ${afterVersion}`, sql`version`, limit);
  }

  async readAll(afterPosition: number, limit: number): Promise<StoredEvent[]> {
    return this.#readEvents(sql`position > ${afterPosition}`, sql`position`, limit);
  }

  async readByIds(ids: readonly string[]): Promise<StoredEvent[]> {
    if (ids.length === 0) return [];
    return this.#readEvents(sql`id = ANY(${[...ids]}::text[])`, sql`position`, ids.length);
  }

  async readMissed(streams: readonly string[], afterPosition: number, limit: number): Promise<StoredEvent[]> {
    if (streams.length === 0) return [];
    return this.#readEvents(sql`stream = ANY(${[...streams]}::text[]) AND position > ${afterPosition} AND display IS NOT NULL`, sql`position`, limit);
  }

  /**
   * Events as JSON text, up to PAGE_GROUP events per row, each row decoded with one
   * JSON.parse (rows.ts, fromJsonPage): the drivers decoding every field of every
   * row (and the garbage of it) was most of a replay's time, and `at` went
   * text → Date (by regular expression) → ISO text. PostgreSQL builds the text in
   * its own process; `at` travels as epoch milliseconds. Grouping keeps each text
   * far below V8's and PostgreSQL's limits on one string (~512 MB, 1 GB) even with
   * large payloads.
   */
  async #readEvents(where: RawBuilder<unknown>, order: RawBuilder<unknown>, limit: number): Promise<StoredEvent[]> {
    const { rows } = await sql<{ page: string }>`
      SELECT json_agg(json_build_array(position, id, stream, version, type, v, actor, pack, pack_version, payload, display,
                                       date_part('epoch', at) * 1000) ORDER BY ${order})::text AS page
      FROM (SELECT e.*, (row_number() OVER (ORDER BY ${order}) - 1) / ${sql.lit(PAGE_GROUP)} AS g
            FROM (SELECT * FROM events WHERE ${where} ORDER BY ${order} LIMIT ${limit}) e) e
      GROUP BY g
      ORDER BY g`.execute(this.#db);
    if (rows.length === 1) return fromJsonPage(rows[0]!.page);
    const out: StoredEvent[] = [];
    for (const row of rows) for (const event of fromJsonPage(row.page)) out.push(event);
    return out;
  }

  async readTypes(types: readonly string[], afterPosition: number, upToPosition: number): Promise<TypedEvent[]> {
    if (types.length === 0 || upToPosition <= afterPosition) return [];
    // JSON text, one row per PAGE_GROUP positions, each parsed with one JSON.parse
    // (see #readEvents): the driver decoding 20,000 rows field by field (and the
    // garbage of it) was most of a rebuild's time.
    const { rows } = await sql<{ page: string }>`
      SELECT json_agg(json_build_array(position, type, payload) ORDER BY position)::text AS page
      FROM (SELECT position, type, payload, position / ${sql.lit(PAGE_GROUP)} AS g FROM events
            WHERE position > ${afterPosition} AND position <= ${upToPosition} AND type = ANY(${[...types]}::text[])) e
      GROUP BY g
      ORDER BY g`.execute(this.#db);
    const out: TypedEvent[] = [];
    for (const row of rows) {
      const tuples = JSON.parse(row.page) as Array<[number, string, unknown]>;
      for (const t of tuples) out.push({ position: t[0], type: t[1], payload: t[2] });
    }
    return out;
  }

  async headPosition(): Promise<number> {
    const row = await this.#db
      .selectFrom('events')
      .select((eb) => eb.fn.max('position').as('head'))
      .executeTakeFirst();
    return row?.head === null || row?.head === undefined ? 0 : toInt(row.head);
  }

  /** One REPEATABLE READ transaction, so the rows and the position agree. */
  async loadSnapshot(): Promise<Snapshot> {
    return this.#db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const meta = await trx.selectFrom('meta').select('value').where('key', '=', META_SNAPSHOT).executeTakeFirst();
        const rows = await trx.selectFrom('components').select(['entity', 'key', 'value']).orderBy('entity').orderBy('key').execute();
        return {
          position: meta === undefined ? 0 : toInt(meta.value as number),
          components: rows.map((r) => [r.entity, r.key, r.value] as const),
        };
      });
  }

  async createAccount(row: Omit<AccountRow, 'failedLogins' | 'lockedUntil' | 'createdAt'>): Promise<AccountRow> {
    try {
      const inserted = await this.#db.insertInto('accounts').values({ id: row.id, name: row.name, password_hash: row.passwordHash, role: row.role, character_id: row.characterId }).returningAll().executeTakeFirstOrThrow();
      return toAccount(inserted);
    } catch (error) {
      if (uniqueViolation(error)?.constraint === 'accounts_name_key') throw new MyriadError('AUTH_NAME_TAKEN', { name: row.name });
      throw error;
    }
  }

  async findAccount(name: string): Promise<AccountRow | null> {
    const row = await this.#db
      .selectFrom('accounts')
      .selectAll()
      .where('name_key', '=', (eb) => eb.fn('lower', [eb.val(name)]))
      .executeTakeFirst();
    return row === undefined ? null : toAccount(row);
  }

  async countAccounts(): Promise<number> {
    const row = await this.#db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return toInt(row.n as string | number);
  }

  async updateAccount(id: string, patch: Partial<Pick<AccountRow, 'passwordHash' | 'role' | 'failedLogins' | 'lockedUntil'>>): Promise<void> {
    const set: { password_hash?: string; role?: string; failed_logins?: number; locked_until?: string | null } = {};
    if (patch.passwordHash !== undefined) set.password_hash = patch.passwordHash;
    if (patch.role !== undefined) set.role = patch.role;
    if (patch.failedLogins !== undefined) set.failed_logins = patch.failedLogins;
    if (patch.lockedUntil !== undefined) set.locked_until = patch.lockedUntil;
    if (Object.keys(set).length === 0) return;
    await this.#db.updateTable('accounts').set(set).where('id', '=', id).execute();
  }

  async getCursor(characterId: string): Promise<number> {
    const row = await this.#db.selectFrom('cursors').select('position').where('character_id', '=', characterId).executeTakeFirst();
    return row === undefined ? 0 : toInt(row.position);
  }

  async getAliases(accountId: string): Promise<Array<readonly [string, string]>> {
    const rows = await this.#db.selectFrom('aliases').select(['name', 'expansion']).where('account_id', '=', accountId).orderBy('name').execute();
    return rows.map((r) => [r.name, r.expansion] as const);
  }

  async setAlias(accountId: string, name: string, expansion: string | null): Promise<void> {
    if (expansion === null) {
      await this.#db.deleteFrom('aliases').where('account_id', '=', accountId).where('name', '=', name).execute();
      return;
    }
    await this.#db
      .insertInto('aliases')
      .values({ account_id: accountId, name, expansion })
      .onConflict((oc) => oc.columns(['account_id', 'name']).doUpdateSet({ expansion: (eb) => eb.ref('excluded.expansion') }))
      .execute();
  }

  async setCursors(cursors: ReadonlyArray<readonly [characterId: string, position: number]>): Promise<void> {
    // ON CONFLICT DO UPDATE refuses to touch one row twice in a statement: last wins.
    const last = new Map(cursors);
    const rows = [...last].map(([character_id, position]) => ({ character_id, position }));
    for (const part of chunks(rows, SMALL_ROWS_PER_STATEMENT)) {
      await this.#db
        .insertInto('cursors')
        .values([...part])
        .onConflict((oc) => oc.column('character_id').doUpdateSet({ position: (eb) => eb.ref('excluded.position') }))
        .execute();
    }
  }

  async addTimers(timers: readonly TimerRow[]): Promise<void> {
    const last = new Map(timers.map((t) => [t.id, t]));
    const rows = [...last.values()].map((t) => ({ id: t.id, pack: t.pack, due_at: t.dueAt, type: t.type, payload: jsonText(t.payload) }));
    for (const part of chunks(rows, SMALL_ROWS_PER_STATEMENT)) await upsertTimers(this.#db, part);
  }

  async dueTimers(now: number, limit: number, options: DueTimerOptions = {}): Promise<TimerRow[]> {
    const { perPack, except = [] } = options;
    let due = this.#db.selectFrom('timers').selectAll().where('due_at', '<=', now);
    if (except.length) due = due.where('pack', 'not in', [...except]);
    if (perPack === undefined) {
      const rows = await due.orderBy('due_at').orderBy('id').limit(limit).execute();
      return rows.map(toTimer);
    }
    // The earliest `perPack` of each pack: one pack's backlog cannot fill the page
    // and starve the others' timers (issue 11, timer bombs).
    const ranked = due.select(sql<number>`row_number() OVER (PARTITION BY pack ORDER BY due_at, id)`.as('rank'));
    const rows = await this.#db.selectFrom(ranked.as('t')).select(['t.id', 't.pack', 't.due_at', 't.type', 't.payload']).where('t.rank', '<=', perPack).orderBy('t.due_at').orderBy('t.id').limit(limit).execute();
    return rows.map(toTimer);
  }

  async pendingTimers(): Promise<Record<string, number>> {
    const rows = await this.#db
      .selectFrom('timers')
      .select(['pack', sql<string>`count(*)`.as('n')])
      .groupBy('pack')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.pack, Number(r.n)]));
  }

  async deleteTimers(ids: readonly string[]): Promise<void> {
    for (const part of chunks(ids, SMALL_ROWS_PER_STATEMENT)) {
      await this.#db
        .deleteFrom('timers')
        .where('id', 'in', [...part])
        .execute();
    }
  }

  async listAccounts(pattern: string, limit: number): Promise<AccountRow[]> {
    // Names are letters only (accounts.ts), so the pattern needs no escaping beyond * → %.
    const like = pattern.replace(/[^A-Za-z*]/g, '').replace(/\*/g, '%') || '%';
    const rows = await this.#db.selectFrom('accounts').selectAll().where(sql<boolean>`lower(name) LIKE lower(${like})`).orderBy('name').limit(limit).execute();
    return rows.map(toAccount);
  }

  async banAccount(row: BanRow): Promise<void> {
    const values = { account_id: row.accountId, until: row.until === null ? null : new Date(row.until).toISOString(), reason: row.reason, by_name: row.by, at: new Date(row.at).toISOString() };
    await this.#db
      .insertInto('bans')
      .values(values)
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ until: values.until, reason: values.reason, by_name: values.by_name, at: values.at }))
      .execute();
  }

  async unbanAccount(accountId: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('bans').where('account_id', '=', accountId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async banOf(accountId: string): Promise<BanRow | null> {
    const r = await this.#db.selectFrom('bans').selectAll().where('account_id', '=', accountId).executeTakeFirst();
    return r ? { accountId: r.account_id, until: r.until === null ? null : new Date(r.until).getTime(), reason: r.reason, by: r.by_name, at: new Date(r.at).getTime() } : null;
  }

  async bans(): Promise<BanRow[]> {
    const rows = await this.#db.selectFrom('bans').selectAll().execute();
    return rows.map((r) => ({ accountId: r.account_id, until: msOrNull(r.until), reason: r.reason, by: r.by_name, at: new Date(r.at).getTime() }));
  }

  async banAddress(row: AddressBanRow): Promise<void> {
    const values = { address: row.address, until: isoOrNull(row.until), reason: row.reason, by_name: row.by, at: new Date(row.at).toISOString() };
    await this.#db
      .insertInto('address_bans')
      .values(values)
      .onConflict((oc) => oc.column('address').doUpdateSet({ until: values.until, reason: values.reason, by_name: values.by_name, at: values.at }))
      .execute();
  }

  async unbanAddress(address: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('address_bans').where('address', '=', address).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async addressBans(): Promise<AddressBanRow[]> {
    const rows = await this.#db.selectFrom('address_bans').selectAll().orderBy('address').execute();
    return rows.map((r) => ({ address: r.address, until: msOrNull(r.until), reason: r.reason, by: r.by_name, at: new Date(r.at).getTime() }));
  }

  async muteAccount(row: MuteRow): Promise<void> {
    const values = { account_id: row.accountId, until: isoOrNull(row.until), reason: row.reason, by_name: row.by, at: new Date(row.at).toISOString() };
    await this.#db
      .insertInto('mutes')
      .values(values)
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ until: values.until, reason: values.reason, by_name: values.by_name, at: values.at }))
      .execute();
  }

  async unmuteAccount(accountId: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('mutes').where('account_id', '=', accountId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async mutes(): Promise<MuteRow[]> {
    const rows = await this.#db.selectFrom('mutes').selectAll().execute();
    return rows.map((r) => ({ accountId: r.account_id, until: msOrNull(r.until), reason: r.reason, by: r.by_name, at: new Date(r.at).getTime() }));
  }

  async addAudit(row: AuditRow): Promise<void> {
    await this.#db
      .insertInto('audit')
      .values({ id: row.id, at: new Date(row.at).toISOString(), by_name: row.by, action: row.action, target: row.target, detail: row.detail })
      .execute();
  }

  async readAudit(limit: number): Promise<AuditRow[]> {
    const rows = await this.#db.selectFrom('audit').selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ id: r.id, at: new Date(r.at).getTime(), by: r.by_name, action: r.action, target: r.target, detail: r.detail }));
  }

  async quarantinedPacks(): Promise<QuarantineRow[]> {
    const rows = await this.#db.selectFrom('pack_quarantine').selectAll().where('lifted_at', 'is', null).orderBy('pack').execute();
    return rows.map((r) => ({ pack: r.pack, since: new Date(r.since).getTime(), reason: r.reason, faults: (typeof r.faults === 'string' ? JSON.parse(r.faults) : r.faults) as string[] }));
  }

  async quarantinePack(row: QuarantineRow): Promise<void> {
    const values = { pack: row.pack, since: new Date(row.since).toISOString(), reason: row.reason, faults: jsonText(row.faults), lifted_at: null, lifted_by: null };
    await this.#db
      .insertInto('pack_quarantine')
      .values(values)
      .onConflict((oc) => oc.column('pack').doUpdateSet({ since: values.since, reason: values.reason, faults: values.faults, lifted_at: null, lifted_by: null }))
      .execute();
  }

  async liftQuarantine(pack: string, by: string, at: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('pack_quarantine')
      .set({ lifted_at: new Date(at).toISOString(), lifted_by: by })
      .where('pack', '=', pack)
      .where('lifted_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Idempotent: a second close waits for the first. */
  backup(write: (line: string) => Promise<void>, onProgress?: ProgressFn): Promise<BackupSummary> {
    return dumpDatabase(this.#db, { engine: ENGINE_VERSION, backend: this.backend }, write, onProgress);
  }

  restore(lines: AsyncIterable<string>, onProgress?: ProgressFn): Promise<BackupSummary> {
    return restoreDatabase(this.#db, lines, onProgress);
  }

  close(): Promise<void> {
    this.#closed ??= this.#db.destroy().finally(this.#afterClose);
    return this.#closed;
  }
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function msOrNull(value: Date | string | null): number | null {
  return value === null ? null : new Date(value).getTime();
}
