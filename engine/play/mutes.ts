/**
 * Mutes (`@mute <name>`, issue 18; docs/decisions/0041): kept in memory, loaded
 * from the store at start and changed with it, so each command asks a Map, not the
 * database. The world refuses a muted character's talk commands (manifest `talk`).
 */
import { banEnd } from '../limits/address-guard.ts';
import { formatError } from '../errors.ts';
import type { MuteRow } from '../store/types.ts';

export class Mutes {
  private readonly byAccount = new Map<string, MuteRow>();

  constructor(private readonly clock: () => number = Date.now) {}

  load(rows: readonly MuteRow[]): void {
    this.byAccount.clear();
    for (const row of rows) this.byAccount.set(row.accountId, row);
  }

  set(row: MuteRow): void {
    this.byAccount.set(row.accountId, row);
  }

  delete(accountId: string): void {
    this.byAccount.delete(accountId);
  }

  /** The mute in force on an account, or null (none, or it has ended). */
  of(accountId: string): MuteRow | null {
    const row = this.byAccount.get(accountId);
    return row && (row.until === null || row.until > this.clock()) ? row : null;
  }

  /** What a muted character is told when a talk command is refused, or null when not muted. */
  refusal(accountId: string): string | null {
    const row = this.of(accountId);
    return row ? formatError('AUTH_MUTED', { until: banEnd(row.until), reason: row.reason }) : null;
  }

  /** Every mute in force (the admin page). */
  inForce(): MuteRow[] {
    const now = this.clock();
    return [...this.byAccount.values()].filter((r) => r.until === null || r.until > now);
  }
}
