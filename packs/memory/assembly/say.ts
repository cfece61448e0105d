/** Formatting for speech and the admin view. */

/** `x` with `d` decimals (AssemblyScript has no toFixed). */
export function fixed(x: f64, d: i32): string {
  const p = Math.pow(10, d);
  const n = Math.round(Math.abs(x) * p);
  const whole = Math.floor(n / p);
  let frac = (<i64>(n - whole * p)).toString();
  while (frac.length < d) frac = '0' + frac;
  const sign = x < 0 && n > 0 ? '-' : '';
  return sign + (<i64>whole).toString() + (d > 0 ? '.' + frac : '');
}

export function signed(x: f64): string {
  const r = <i64>Math.round(x);
  return (r > 0 ? '+' : '') + r.toString();
}

/** "3d", "5h", "12m", "now": how long ago in game time. */
export function ago(ms: f64): string {
  if (ms >= 86400000) return (<i64>Math.floor(ms / 86400000)).toString() + 'd ago';
  if (ms >= 3600000) return (<i64>Math.floor(ms / 3600000)).toString() + 'h ago';
  if (ms >= 60000) return (<i64>Math.floor(ms / 60000)).toString() + 'm ago';
  return 'just now';
}

/** §5.3 emotion words. */
export function emotionWord(emotion: string): string {
  if (emotion == 'joy') return 'wonderful';
  if (emotion == 'anger') return 'outrageous';
  if (emotion == 'fear') return 'worrying';
  if (emotion == 'sadness') return 'heartbreaking';
  if (emotion == 'surprise') return 'surprising';
  return 'interesting';
}

/** §5.3 greetings by affection: > 60 friend, 20–60 polite, < 20 curt. */
export function greeting(affection: f64, name: string): string {
  if (affection > 60) return 'Hello friend! Good to see you, ' + name + '.';
  if (affection >= 20) return 'Greetings, ' + name + '.';
  return "Oh, it's you, " + name + '.';
}

/** "Alice gave me bread" said to Alice: "You gave me bread". */
export function toYou(text: string, name: string): string {
  return text.startsWith(name + ' ') ? 'You' + text.substring(name.length) : text;
}
