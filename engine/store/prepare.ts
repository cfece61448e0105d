/**
 * Turning a group of commit units into rows, before any database work. Everything
 * that could make PostgreSQL reject the batch for one bad value is caught here, so
 * the caller learns WHICH unit is at fault (STORE_INVALID_VALUE names it) and can
 * retry the batch without it, instead of a whole group failing on a driver error.
 *
 * PostgreSQL cannot hold U+0000 in text or jsonb, and jsonb rejects lone UTF-16
 * surrogates (JSON.stringify writes them as `\udXXX` escapes); text columns would
 * silently turn a lone surrogate into U+FFFD. Those are the checks below.
 */
import { MyriadError } from '../errors.ts';
import type { CommitUnit, NewEvent, TimerRow } from './types.ts';

export interface PreparedEvent {
  readonly event: NewEvent;
  readonly unit: number;
  readonly actor: string | null;
  readonly payload: string;
  readonly display: string | null;
  /** Normalised ISO-8601 (ms precision, UTC), what a read returns. */
  readonly at: string;
}

export interface PreparedComponent {
  readonly entity: string;
  readonly key: string;
  /** JSON text, or null to delete the row. */
  readonly value: string | null;
}

export interface PreparedTimer {
  readonly id: string;
  /** null = delete (fired); otherwise the row to upsert with its payload as JSON text. */
  readonly row: (Omit<TimerRow, 'payload'> & { readonly payload: string }) | null;
}

export interface PreparedBatch {
  readonly unitCount: number;
  readonly events: readonly PreparedEvent[];
  /** Last change per (entity, key) within the batch: later units win. */
  readonly components: readonly PreparedComponent[];
  /** Last add/fire per timer id within the batch. */
  readonly timers: readonly PreparedTimer[];
}

// NUL, or a surrogate that is not half of a pair.
const BAD_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// In JSON text: a `\u0000` or `\udXXX` escape not itself escaped (an even run of
// backslashes before it). JSON.stringify only writes \udXXX for lone surrogates.
const BAD_JSON_ESCAPE = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f])/;

function fail(unit: number, what: string, reason: string): never {
  throw new MyriadError('STORE_INVALID_VALUE', { unit, what, reason });
}

function text(unit: number, what: string, value: unknown): string {
  if (typeof value !== 'string') fail(unit, what, `expected a string, got ${typeof value}`);
  if (BAD_TEXT.test(value)) fail(unit, what, 'contains NUL or a lone UTF-16 surrogate');
  return value;
}

function optionalText(unit: number, what: string, value: unknown): string | null {
  return value === null || value === undefined ? null : text(unit, what, value);
}

function json(unit: number, what: string, value: unknown): string {
  let out: string | undefined;
  try {
    out = JSON.stringify(value === undefined ? null : value);
  } catch (error) {
    fail(unit, what, error instanceof Error ? error.message : String(error));
  }
  if (out === undefined) fail(unit, what, 'is not JSON-serialisable');
  // Fast path: most JSON has no \u escapes at all.
  if (out.includes('\\u') && BAD_JSON_ESCAPE.test(out)) fail(unit, what, 'contains NUL or a lone UTF-16 surrogate');
  return out;
}

function integer(unit: number, what: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    fail(unit, what, `expected an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

function prepareEvent(unit: number, e: NewEvent): PreparedEvent {
  const where = `event ${String(e.id)}`;
  text(unit, `${where} id`, e.id);
  text(unit, `${where} stream`, e.stream);
  text(unit, `${where} type`, e.type);
  integer(unit, `${where} v`, e.v, 0);
  optionalText(unit, `${where} pack`, e.pack);
  optionalText(unit, `${where} packVersion`, e.packVersion);
  if (e.expectedVersion !== undefined) integer(unit, `${where} expectedVersion`, e.expectedVersion, 0);
  const time = typeof e.at === 'string' ? Date.parse(e.at) : Number.NaN;
  if (Number.isNaN(time)) fail(unit, `${where} at`, `not an ISO-8601 time: ${String(e.at)}`);
  return {
    event: e,
    unit,
    actor: e.actor === null || e.actor === undefined ? null : json(unit, `${where} actor`, e.actor),
    payload: json(unit, `${where} payload`, e.payload),
    display: e.display === null || e.display === undefined ? null : json(unit, `${where} display`, e.display),
    at: new Date(time).toISOString(),
  };
}

/** Validate and serialise; throws STORE_INVALID_VALUE naming the first bad unit. */
export function prepareBatch(units: readonly CommitUnit[]): PreparedBatch {
  const events: PreparedEvent[] = [];
  // Keyed by entity + NUL + key: NUL cannot occur in either (checked), so the
  // joined key is unambiguous.
  const components = new Map<string, PreparedComponent>();
  const timers = new Map<string, PreparedTimer>();
  units.forEach((u, unit) => {
    for (const e of u.events) events.push(prepareEvent(unit, e));
    for (const c of u.changes) {
      const entity = text(unit, 'component entity', c.entity);
      const key = text(unit, `component ${entity} key`, c.key);
      const value = c.value === null || c.value === undefined ? null : json(unit, `component ${entity}/${key}`, c.value);
      const id = `${entity}\u0000${key}`;
      components.delete(id); // re-insert so Map order follows the last write
      components.set(id, { entity, key, value });
    }
    for (const t of u.timersAdded ?? []) {
      const id = text(unit, 'timer id', t.id);
      const row = {
        id,
        pack: text(unit, `timer ${id} pack`, t.pack),
        dueAt: integer(unit, `timer ${id} dueAt`, t.dueAt, Number.MIN_SAFE_INTEGER),
        type: text(unit, `timer ${id} type`, t.type),
        payload: json(unit, `timer ${id} payload`, t.payload),
      };
      timers.delete(id);
      timers.set(id, { id, row });
    }
    for (const raw of u.timersFired ?? []) {
      const id = text(unit, 'fired timer id', raw);
      timers.delete(id);
      timers.set(id, { id, row: null });
    }
  });
  return { unitCount: units.length, events, components: [...components.values()], timers: [...timers.values()] };
}
