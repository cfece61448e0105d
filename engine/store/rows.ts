/**
 * Database rows ↔ the contract's objects. The two drivers differ in what they hand
 * back (int8: string from `pg`, number from PGlite; timestamptz: Date from both), so
 * everything read goes through here and the rest of the store never sees a row.
 */
import type { Selectable } from 'kysely';
import type { AccountRow, Actor, Display, StoredEvent, TimerRow } from './types.ts';
import type { AccountsTable, EventsTable, TimersTable } from './tables.ts';

/**
 * int8 → number. Positions and versions stay far below 2^53 (at 50,000 events/s a
 * log takes ~5,700 years to get there), so a JS number is exact.
 */
export function toInt(value: string | number | bigint): number {
  return typeof value === 'number' ? value : Number(value);
}

/** timestamptz → ISO-8601 UTC with milliseconds (what `Date#toISOString` gives). */
export function toIso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function toStoredEvent(row: Selectable<EventsTable>): StoredEvent {
  return {
    position: toInt(row.position),
    id: row.id,
    stream: row.stream,
    version: row.version,
    type: row.type,
    v: row.v,
    actor: (row.actor ?? null) as Actor | null,
    pack: row.pack,
    packVersion: row.pack_version,
    payload: row.payload,
    display: (row.display ?? null) as Display | null,
    at: toIso(row.at),
  };
}

const ROLES = new Set<AccountRow['role']>(['player', 'builder', 'admin']);

export function toAccount(row: Selectable<AccountsTable>): AccountRow {
  // The CHECK constraint keeps role in this set; the guard keeps the type honest.
  const role = ROLES.has(row.role as AccountRow['role']) ? (row.role as AccountRow['role']) : 'player';
  return {
    id: row.id,
    name: row.name,
    passwordHash: row.password_hash,
    role,
    characterId: row.character_id,
    createdAt: toIso(row.created_at),
    failedLogins: row.failed_logins,
    lockedUntil: row.locked_until === null ? null : toIso(row.locked_until),
  };
}

export function toTimer(row: Selectable<TimersTable>): TimerRow {
  return { id: row.id, pack: row.pack, dueAt: toInt(row.due_at), type: row.type, payload: row.payload };
}

/** JSON text for a jsonb column; `undefined` is stored as JSON null. */
export function jsonText(value: unknown): string {
  return value === undefined ? 'null' : JSON.stringify(value);
}
