/**
 * Game time for relationships: the time pack's `time.clock` when it is enabled
 * (so affinity decays over the world's days and `@time advance 60d` is two
 * idle months), otherwise the host's world time. docs/packs/time.md's formula.
 */
import { JsonValue, Query, State, now } from '../../../sdk/assembly';

const CLOCK = 'time.clock';
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
