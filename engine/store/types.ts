/**
 * The storage contract. Two backends implement it with the same SQL and the same
 * migrations: PGlite (embedded, the zero-config default) and PostgreSQL (`pg`).
 * The gateway is the only caller; the world never touches the database.
 */
import type { OutputMessage } from '../output/message.ts';

export interface Actor {
  /** `npc`: a creature acting through the command path (myriad_act, decision 0018). */
  readonly kind: 'character' | 'system' | 'pack' | 'npc';
  readonly id: string;
}

/** What a player is shown for an event, live and on reconnect replay. */
export interface Display {
  /** Shown to the actor (e.g. `You say, "hi"`). */
  readonly actor?: OutputMessage;
  /** Shown to everyone else in the stream's room (e.g. `Alice says, "hi"`). */
  readonly others?: OutputMessage;
}

/** An event produced by the world, not yet committed. */
export interface NewEvent {
  /** ULID, assigned by the world; unique. */
  readonly id: string;
  /** `room:<id>`, `char:<id>`, `entity:<id>`, `pack:<name>`, `world`. */
  readonly stream: string;
  /** Namespaced type, e.g. `social.say`, `engine.entity_moved`. */
  readonly type: string;
  /** Payload schema version (upcasters key on type + v). */
  readonly v: number;
  readonly actor: Actor | null;
  /** Pack name and version that emitted the event; null for engine events. */
  readonly pack: string | null;
  readonly packVersion: string | null;
  readonly payload: unknown;
  readonly display: Display | null;
  /** ISO-8601 time the world produced it. */
  readonly at: string;
  /**
   * Optimistic concurrency: when set, the append fails with STORE_CONCURRENCY
   * unless the stream's current version equals this value (0 = new stream).
   */
  readonly expectedVersion?: number;
}

export interface StoredEvent extends NewEvent {
  /** Global, gap-free order of commits within one database. */
  readonly position: number;
  /** Per-stream version, 1-based. */
  readonly version: number;
}

/** What a rebuild reads of an event: its position, type and payload. */
export interface TypedEvent {
  readonly position: number;
  readonly type: string;
  readonly payload: unknown;
}

/** One component value change for the snapshot tables; value null = delete. */
export interface ComponentChange {
  readonly entity: string;
  readonly key: string;
  readonly value: unknown | null;
}

/** What one command (or tick) commits: applied atomically with the rest of its group. */
export interface CommitUnit {
  readonly events: readonly NewEvent[];
  readonly changes: readonly ComponentChange[];
  /** Timers scheduled by this unit (persisted so they survive restarts). */
  readonly timersAdded?: readonly TimerRow[];
  /** Timers this unit consumed (fired), deleted in the same transaction. */
  readonly timersFired?: readonly string[];
}

export interface Snapshot {
  /** Position of the last event reflected in the component rows. */
  readonly position: number;
  readonly components: ReadonlyArray<readonly [entity: string, key: string, value: unknown]>;
}

export interface AccountRow {
  readonly id: string;
  readonly name: string;
  readonly passwordHash: string;
  readonly role: 'player' | 'builder' | 'admin';
  readonly characterId: string;
  readonly createdAt: string;
  readonly failedLogins: number;
  readonly lockedUntil: string | null;
}

export interface TimerRow {
  readonly id: string;
  readonly pack: string;
  readonly dueAt: number;
  readonly type: string;
  readonly payload: unknown;
}

/** An account's ban (moderation): `until` ms since the epoch, or null until lifted. */
export interface BanRow {
  readonly accountId: string;
  readonly until: number | null;
  readonly reason: string;
  readonly by: string;
  readonly at: number;
}

/** A ban of an address or CIDR block (`203.0.113.7`, `2001:db8::/32`), checked at connect. */
export interface AddressBanRow {
  readonly address: string;
  readonly until: number | null;
  readonly reason: string;
  readonly by: string;
  readonly at: number;
}

/** An account's mute: its talk commands are refused until `until` (null: until lifted). */
export interface MuteRow {
  readonly accountId: string;
  readonly until: number | null;
  readonly reason: string;
  readonly by: string;
  readonly at: number;
}

/** One thing an admin did (`@audit`): who, what, to whom, when (ms since the epoch). */
export interface AuditRow {
  readonly id: string;
  readonly at: number;
  readonly by: string;
  readonly action: string;
  readonly target: string;
  readonly detail: string;
}

/** A pack quarantine in force (pack_quarantine, docs/decisions/0013). */
export interface QuarantineRow {
  readonly pack: string;
  /** When it was quarantined, ms since the epoch. */
  readonly since: number;
  /** Why, e.g. "3 faults within 10 min". */
  readonly reason: string;
  /** The faults that tipped it, `CODE: message`, oldest first. */
  readonly faults: readonly string[];
}

export interface DueTimerOptions {
  /** At most this many of each pack's timers (the earliest). */
  readonly perPack?: number;
  /** Packs whose timers wait (quarantined). */
  readonly except?: readonly string[];
}

/** A backup's tables and header (engine/store/backup.ts writes and reads the file). */
export interface BackupTable {
  readonly name: string;
  /** Columns written (generated columns are left out: the database computes them). */
  readonly columns: readonly string[];
  readonly rows: number;
}

export interface BackupHeader {
  readonly format: 'myriad-backup';
  readonly formatVersion: number;
  readonly engine: string;
  readonly backend: 'pglite' | 'postgres';
  readonly createdAt: string;
  readonly migrations: readonly string[];
  readonly headPosition: number;
  /** In restore order: a table comes after the tables it references. */
  readonly tables: readonly BackupTable[];
}

export interface BackupSummary {
  readonly header: BackupHeader;
  readonly rows: number;
  readonly sha256: string;
}

export type ProgressFn = (done: number, total: number, label: string) => void;

export interface EventStore {
  readonly backend: 'pglite' | 'postgres';
  /** Create or upgrade the schema. Idempotent. */
  migrate(onProgress?: ProgressFn): Promise<void>;
  /**
   * Group commit: every unit's events and changes in one transaction. Returns the
   * stored events of each unit, in order. If any unit's expectedVersion check
   * fails the whole transaction rolls back and a StoreError STORE_CONCURRENCY is
   * thrown naming the stream.
   */
  commit(units: readonly CommitUnit[]): Promise<StoredEvent[][]>;
  /** Events of one stream after a version, in version order. */
  readStream(stream: string, afterVersion: number, limit: number): Promise<StoredEvent[]>;
  /** All events after a global position, in position order (rebuild, tail). */
  readAll(afterPosition: number, limit: number): Promise<StoredEvent[]>;
  /** The stored events with these ids, in log order (a commit whose answer was lost is found by them). */
  readByIds(ids: readonly string[]): Promise<StoredEvent[]>;
  /**
   * The lean read for rebuilds: position, type and payload of the events of the
   * given types with afterPosition < position <= upToPosition, in position order.
   * A page may hold fewer rows than the range is wide (other types are skipped).
   */
  readTypes(types: readonly string[], afterPosition: number, upToPosition: number): Promise<TypedEvent[]>;
  /** Events with a display, in the given streams, after a position (reconnect replay). */
  readMissed(streams: readonly string[], afterPosition: number, limit: number): Promise<StoredEvent[]>;
  /** Position of the last committed event (0 when empty). */
  headPosition(): Promise<number>;
  /** The snapshot tables, for starting a world quickly. */
  loadSnapshot(): Promise<Snapshot>;
  /** `myriad backup`: every table as backup lines (store/backup.ts has the format), from one consistent read. */
  backup(write: (line: string) => Promise<void>, onProgress?: ProgressFn): Promise<BackupSummary>;
  /** `myriad restore`: backup lines into this empty database, all or nothing (STORE_RESTORE_NOT_EMPTY, STORE_BACKUP_INVALID). */
  restore(lines: AsyncIterable<string>, onProgress?: ProgressFn): Promise<BackupSummary>;

  createAccount(row: Omit<AccountRow, 'failedLogins' | 'lockedUntil' | 'createdAt'>): Promise<AccountRow>;
  /** Case-insensitive lookup. */
  findAccount(name: string): Promise<AccountRow | null>;
  /** How many accounts exist (the first one may become admin). */
  countAccounts(): Promise<number>;
  updateAccount(id: string, patch: Partial<Pick<AccountRow, 'passwordHash' | 'role' | 'failedLogins' | 'lockedUntil'>>): Promise<void>;

  /** Accounts whose name matches `pattern` (`*` any letters, case ignored), by name, at most `limit`. */
  listAccounts(pattern: string, limit: number): Promise<AccountRow[]>;
  /** Ban an account (replacing its ban, if any). */
  banAccount(row: BanRow): Promise<void>;
  /** Every account ban, expired or not (the admin page). */
  bans(): Promise<BanRow[]>;
  /** Lift an account's ban; false when there was none. */
  unbanAccount(accountId: string): Promise<boolean>;
  /** The account's ban, expired or not; null when none. */
  banOf(accountId: string): Promise<BanRow | null>;
  /** Ban an address or CIDR block (replacing its ban, if any). */
  banAddress(row: AddressBanRow): Promise<void>;
  /** Lift an address ban; false when there was none. */
  unbanAddress(address: string): Promise<boolean>;
  /** Every address ban, expired or not (the gateway keeps them in memory: checked at each connect). */
  addressBans(): Promise<AddressBanRow[]>;
  /** Mute an account (replacing its mute, if any). */
  muteAccount(row: MuteRow): Promise<void>;
  /** Lift a mute; false when there was none. */
  unmuteAccount(accountId: string): Promise<boolean>;
  /** Every mute, expired or not (kept in memory: checked at each command). */
  mutes(): Promise<MuteRow[]>;
  addAudit(row: AuditRow): Promise<void>;
  /** The newest `limit` audit rows, newest first. */
  readAudit(limit: number): Promise<AuditRow[]>;

  /** Last global position a character has seen (0 if never set). */
  getCursor(characterId: string): Promise<number>;
  setCursors(cursors: ReadonlyArray<readonly [characterId: string, position: number]>): Promise<void>;

  /** A player's command aliases, name → expansion (`alias gs = go south`). */
  getAliases(accountId: string): Promise<ReadonlyArray<readonly [name: string, expansion: string]>>;
  /** Set one alias; expansion null removes it. */
  setAlias(accountId: string, name: string, expansion: string | null): Promise<void>;

  /** Persisted pack timers (the `schedule` effect). */
  addTimers(timers: readonly TimerRow[]): Promise<void>;
  /** Due timers, earliest first; `perPack` caps each pack's share of the page, `except` leaves packs out. */
  dueTimers(now: number, limit: number, options?: DueTimerOptions): Promise<TimerRow[]>;
  /** Waiting timers per pack (the world's TimerQuota starts from it). */
  pendingTimers(): Promise<Record<string, number>>;
  deleteTimers(ids: readonly string[]): Promise<void>;

  /** Quarantines in force (not lifted). */
  quarantinedPacks(): Promise<QuarantineRow[]>;
  /** Record a quarantine (replacing the pack's last, lifted one). */
  quarantinePack(row: QuarantineRow): Promise<void>;
  /** Lift a pack's quarantine in force; false when there was none. `by` names who (an admin, the CLI). */
  liftQuarantine(pack: string, by: string, at: number): Promise<boolean>;

  close(): Promise<void>;
}
