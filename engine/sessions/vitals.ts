/**
 * One `Char.Vitals` per character, whichever pack sent a part of it.
 *
 * Several packs own a vital each (stamina sends `ep`/`maxep`, combat `hp`/`maxhp`),
 * but MUD clients treat `Char.Vitals` as one record: Mudlet replaces `gmcp.Char.Vitals`
 * with each message and TinTin++ scripts read the last one, so a combat update without
 * `ep` would empty the stamina gauge. The session keeps the last value of every key and
 * sends the whole record each time, with a `string` line built from all of it (each
 * pack's own `string` only knows its own vital).
 */

export const VITALS_PACKAGE = 'Char.Vitals';

/** Gauges in the order the `string` line shows them: key, maximum key, label. */
const GAUGES: readonly (readonly [string, string, string])[] = [
  ['hp', 'maxhp', 'HP'],
  ['mp', 'maxmp', 'MP'],
  ['ep', 'maxep', 'Stamina'],
];

export class VitalsRecord {
  private value: Record<string, unknown> = {};

  /** Fold a pack's partial `Char.Vitals` into the record and return the whole record. */
  merge(part: unknown): Record<string, unknown> {
    if (part === null || typeof part !== 'object' || Array.isArray(part)) return this.value;
    const next: Record<string, unknown> = { ...this.value, ...(part as Record<string, unknown>) };
    const line = GAUGES.filter(([cur, max]) => next[cur] !== undefined && next[max] !== undefined)
      .map(([cur, max, label]) => `${label} ${String(next[cur])}/${String(next[max])}`)
      .join('  ');
    if (line) next['string'] = line;
    this.value = next;
    return next;
  }
}
