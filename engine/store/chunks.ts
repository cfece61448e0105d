/**
 * Splitting multi-row statements. PostgreSQL's wire protocol counts bind
 * parameters in an int16, so one statement carries at most 65,535 of them;
 * chunk sizes are chosen so rows × columns stays well under that.
 */
export function* chunks<T>(items: readonly T[], size: number): Generator<readonly T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** events: 11 columns × 1,000 rows = 11,000 parameters per INSERT. */
export const EVENT_ROWS_PER_INSERT = 1_000;
/** 2–5 column tables (streams, components, timers, cursors): ≤ 25,000 parameters. */
export const SMALL_ROWS_PER_STATEMENT = 5_000;
