/** Output helpers: combat lines (kind "combat") and Char.Vitals with hp/maxhp. */
import { JsonObj, Message, send } from '../../../sdk/assembly';

export function whole(v: f64): i64 {
  return <i64>Math.floor(v + 1e-9);
}

export function vitals(hp: f64, max: f64): JsonObj {
  return new JsonObj().set('hp', whole(hp)).set('maxhp', whole(max));
}

const BAR = 20;

export function bar(cur: f64, max: f64): string {
  const n = max > 0 ? <i32>Math.round((cur / max) * BAR) : 0;
  let out = '[';
  for (let i = 0; i < BAR; i++) out += i < n ? '#' : '-';
  return out + ']';
}

/** A combat line to one character (discarded by the engine when `to` is not a character in the game). */
export function tell(to: string, text: string, style: string = ''): void {
  const m = Message.kind('combat');
  if (style.length > 0) m.styled(text, style);
  else m.text(text);
  send(to, m);
}

/** A combat line to one character with its vitals attached (GMCP Char.Vitals on change). */
export function tellVitals(to: string, text: string, style: string, hp: f64, max: f64): void {
  const m = Message.kind('combat');
  if (style.length > 0) m.styled(text, style);
  else m.text(text);
  m.data('Char.Vitals', vitals(hp, max));
  send(to, m);
}

/** A combat line to everyone in `room` but `a` and `b`. */
export function tellRoom(room: string, text: string, a: string, b: string): void {
  if (room.length == 0) return;
  const except = new Array<string>();
  except.push(a);
  if (b.length > 0) except.push(b);
  send('room:' + room, Message.kind('combat').text(text), except);
}

export function cap(s: string): string {
  return s.length > 0 ? s.charAt(0).toUpperCase() + s.substring(1) : s;
}
