/**
 * Game time for needs and ages: the time pack's `time.clock` when it is
 * enabled (needs grow with the world's dilation and stand still while it is
 * paused), otherwise the host's world time. The formula is docs/packs/time.md's.
 */
import { JsonValue, Query, State, now } from '../../../sdk/assembly';

const CLOCK = 'time.clock';
export const DAY_MS: f64 = 86400000;
let clockEntity: string | null = null;

function clock(): JsonValue | null {
  if (clockEntity !== null) {
    const v = State.get(clockEntity!, CLOCK);
    if (v !== null) return v;
  }
  const holders = Query.withComponent(CLOCK);
  clockEntity = holders.length > 0 ? holders[0] : null;
  return clockEntity === null ? null : State.get(clockEntity!, CLOCK);
}

/** Game ms now. */
export function gameNow(): f64 {
  const t = <f64>now();
  const c = clock();
  if (c === null) return t;
  const at = c.getNumber('at', t);
  const game = c.getNumber('game', t);
  const rate = c.getNumber('rate', 1);
  const until = c.getNumber('until', 0);
  const then = c.getNumber('then', rate);
  if (rate == 0) return game;
  if (until > 0 && t > until) return Math.floor(game + (until - at) * rate + (t - until) * then);
  return Math.floor(game + (t - at) * rate);
}

export const HOUR_MS: f64 = 3600000;
/** §G3: a year of four 90-day seasons, as the time pack counts it (360 days). */
export const YEAR_MS: f64 = 360 * DAY_MS;
