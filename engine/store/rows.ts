/**
 * Database rows ↔ the contract's objects. The two drivers differ in what they hand
 * back (int8: string from `pg`, number from PGlite; timestamptz: Date from both; events
 * come as one JSON page, see fromJsonPage), so
 * everything read goes through here and the rest of the store never sees a row.
 */
import type { Selectable } from 'kysely';
import type { AccountRow, Actor, Display, StoredEvent, TimerRow } from './types.ts';
import type { AccountsTable, TimersTable } from './tables.ts';

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

/**
 * A page of events as event-store.ts reads it: a JSON array of
 * [position, id, stream, version, type, v, actor, pack, pack_version, payload,
 * display, at as epoch ms].
 */
export function fromJsonPage(page: string): StoredEvent[] {
  const tuples = JSON.parse(page) as Array<[number, string, string, number, string, number, Actor | null, string | null, string | null, unknown, Display | null, number]>;
  const out = new Array<StoredEvent>(tuples.length);
  for (let i = 0; i < tuples.length; i++) {
    const t = tuples[i]!;
    out[i] = {
      position: t[0],
      id: t[1],
      stream: t[2],
      version: t[3],
      type: t[4],
      v: t[5],
      actor: t[6],
      pack: t[7],
      packVersion: t[8],
      payload: t[9],
      display: t[10],
      // The epoch in seconds × 1000 is a float8, not exact: round to the millisecond stored.
      at: new Date(Math.round(t[11])).toISOString(),
    };
  }
  return out;
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
