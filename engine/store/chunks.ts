/**
 * Splitting multi-row statements. PostgreSQL's wire protocol counts bind
 * parameters in an int16, so one statement carries at most 65,535 of them;
 * chunk sizes keep rows × columns well under that.
 */
export function* chunks<T>(items: readonly T[], size: number): Generator<readonly T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/**
 * events go as one array parameter per column (commit.ts), so the limit is size,
 * not count: 2,000 rows of a few hundred bytes keep one statement's parameters
 * under 1 MB.
 */
export const EVENT_ROWS_PER_INSERT = 2_000;
/** 2–5 column tables (streams, components, timers, cursors): ≤ 25,000 parameters. */
export const SMALL_ROWS_PER_STATEMENT = 5_000;
