/**
 * Game time for prices: the time pack's `time.clock` when it is enabled (so
 * markets follow the world's dilation and stand still while it is paused),
 * otherwise the host's world time. The formula is docs/packs/time.md's; the
 * pack reads the component, it never counts ticks (prices are brought up to
 * date lazily, when someone looks at or trades in a market).
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
