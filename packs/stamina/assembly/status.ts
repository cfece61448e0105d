/** How stamina reads to a player: a bar, the numbers, how fast it comes back. */
import { JsonObj, Message } from '../../../sdk/assembly';
import { Pool, Stats, currentAt, rateOf } from './pool';
import { ing } from './gaits';

const BAR = 20;

export function bar(cur: f64, max: f64): string {
  const n = max > 0 ? <i32>Math.round((cur / max) * BAR) : 0;
  let out = '[';
  for (let i = 0; i < BAR; i++) out += i < n ? '#' : '-';
  return out + ']';
}

/** "Stamina [#####---------------] 120/500" with GMCP Char.Vitals for clients that draw bars. */
export function statusLine(p: Pool, s: Stats, prefix: string, style: string): Message {
  const cur = p.current < 0 ? s.max : p.current;
  return Message.kind('info')
    .styled(prefix, style)
    .text('stamina ' + bar(cur, s.max) + ' ' + whole(cur).toString() + '/' + whole(s.max).toString() + '.')
    .data('Char.Vitals', vitals(cur, s.max));
}

/**
 * GMCP Char.Vitals with the keys clients' stock gauges read: stamina is `ep`/`maxep`
 * (endurance, as IRE and Mudlet name it) until combat adds `hp`; `string` is the line
 * a client shows as is.
 */
export function vitals(cur: f64, max: f64): JsonObj {
  return new JsonObj()
    .set('ep', whole(cur))
    .set('maxep', whole(max))
    .set('string', 'Stamina ' + whole(cur).toString() + '/' + whole(max).toString());
}

export function describe(p: Pool, s: Stats, t: f64, restPlace: string): Message {
  const cur = currentAt(p, s, t);
  const msg = Message.kind('info')
    .styled('Stamina ', 'emphasis')
    .text(bar(cur, s.max) + ' ' + whole(cur).toString() + '/' + whole(s.max).toString())
    .text(' — you are ' + (p.resting ? 'resting' + (restPlace.length > 0 ? ' ' + restPlace : '') : 'standing still') + ' (pace: ' + ing(p.gait) + ').')
    .newline();
  const rate = rateOf(p, s);
  if (cur >= s.max) msg.text('You are fresh.');
  else if (!p.resting && t < p.busyUntil) msg.text('You will get your breath back once you stop moving.');
  else msg.text('You recover ' + one(rate) + ' a second' + (p.resting ? '' : ' standing still; rest to recover faster') + '.');
  msg.data('Char.Vitals', vitals(cur, s.max));
  return msg;
}

export function whole(v: f64): i64 {
  return <i64>Math.floor(v + 1e-9);
}

/** One decimal, without a trailing ".0". */
export function one(v: f64): string {
  const r = <i64>Math.round(v * 10);
  return r % 10 == 0 ? (r / 10).toString() : (r / 10).toString() + '.' + (r % 10).toString();
}
