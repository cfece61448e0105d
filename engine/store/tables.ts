/**
 * Kysely's view of the schema created by migrations.ts. Column types are what the
 * drivers hand back: `pg` returns int8 as a string and PGlite as a number, so every
 * bigint column is read through `toInt` in rows.ts. jsonb columns are written as
 * JSON text (both drivers pass a string through to jsonb untouched) and read back
 * parsed.
 */
import type { ColumnType } from 'kysely';

type Int8 = ColumnType<string | number, number, number>;
type Jsonb = ColumnType<unknown, string, string>;
type JsonbNull = ColumnType<unknown, string | null, string | null>;
type Timestamp = ColumnType<Date | string, string, string>;

export interface EventsTable {
  position: Int8;
  id: string;
  stream: string;
  version: number;
  type: string;
  v: number;
  actor: JsonbNull;
  pack: string | null;
  pack_version: string | null;
  payload: Jsonb;
  display: JsonbNull;
  at: Timestamp;
}

export interface StreamsTable {
  stream: string;
  version: number;
}

export interface ComponentsTable {
  entity: string;
  key: string;
  value: Jsonb;
}

export interface MetaTable {
  key: string;
  value: Jsonb;
}

export interface AccountsTable {
  id: string;
  name: string;
  /** Generated column: lower(name). Never written. */
  name_key: ColumnType<string, never, never>;
  password_hash: string;
  role: string;
  character_id: string;
  created_at: ColumnType<Date | string, string | undefined, never>;
  failed_logins: ColumnType<number, number | undefined, number>;
  locked_until: ColumnType<Date | string | null, string | null | undefined, string | null>;
}

export interface CursorsTable {
  character_id: string;
  position: Int8;
}

export interface TimersTable {
  id: string;
  pack: string;
  due_at: Int8;
  type: string;
  payload: Jsonb;
}

export interface AliasesTable {
  account_id: string;
  name: string;
  expansion: string;
}

export interface Tables {
  events: EventsTable;
  streams: StreamsTable;
  components: ComponentsTable;
  meta: MetaTable;
  accounts: AccountsTable;
  cursors: CursorsTable;
  timers: TimersTable;
  aliases: AliasesTable;
  pack_quarantine: PackQuarantineTable;
  bans: BansTable;
  audit: AuditTable;
  address_bans: AddressBansTable;
  mutes: MutesTable;
}

export interface AddressBansTable {
  address: string;
  until: ColumnType<Date | string | null, string | null, string | null>;
  reason: string;
  by_name: string;
  at: ColumnType<Date | string, string, string>;
}

export interface MutesTable {
  account_id: string;
  until: ColumnType<Date | string | null, string | null, string | null>;
  reason: string;
  by_name: string;
  at: ColumnType<Date | string, string, string>;
}

export interface BansTable {
  account_id: string;
  until: ColumnType<Date | string | null, string | null, string | null>;
  reason: string;
  by_name: string;
  at: ColumnType<Date | string, string, string>;
}

export interface AuditTable {
  id: string;
  at: ColumnType<Date | string, string, string>;
  by_name: string;
  action: string;
  target: string;
  detail: string;
}

export interface PackQuarantineTable {
  pack: string;
  since: ColumnType<Date | string, string, string>;
  reason: string;
  faults: Jsonb;
  lifted_at: ColumnType<Date | string | null, string | null | undefined, string | null>;
  lifted_by: string | null;
}

/** meta keys. head_position doubles as the writer lock (see commit.ts). */
export const META_HEAD = 'head_position';
export const META_SNAPSHOT = 'snapshot_position';
