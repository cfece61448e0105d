/**
 * Recognising PostgreSQL errors the store turns into catalogue codes. Both drivers
 * expose the server's SQLSTATE as `code` and the violated constraint as
 * `constraint` (pg's DatabaseError and PGlite's, which mirrors it).
 */

/** SQLSTATE 23505: unique_violation. */
const UNIQUE_VIOLATION = '23505';

interface PgErrorFields {
  readonly code?: unknown;
  readonly constraint?: unknown;
  readonly detail?: unknown;
}

export function uniqueViolation(error: unknown): { constraint: string; detail: string } | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as PgErrorFields;
  if (e.code !== UNIQUE_VIOLATION) return null;
  return {
    constraint: typeof e.constraint === 'string' ? e.constraint : '',
    detail: typeof e.detail === 'string' ? e.detail : '',
  };
}

/** `Key (stream, version)=(room:1, 3) already exists.` → `room:1` (best effort). */
export function streamFromDetail(detail: string): string {
  const match = /=\((.*), (\d+)\) already exists/.exec(detail);
  return match?.[1] ?? 'unknown';
}

export function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return reasonOf(error.errors[0]);
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
