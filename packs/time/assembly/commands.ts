/**
 * `time` (everyone) and `@time` (admins): read the clock, change its dilation,
 * pause and resume it (with catch-up), move it forward.
 */
import { Command, Events, JsonObj, Message, OK, State, config, fail, reply } from '../../../sdk/assembly';
import { Clock } from './clock';
import { bandIndex, capitalize, clockText, dayMs, dayOfSeason, season, seasonProgress, skyText, sunPosition, untilClock, year, band } from './calendar';
import { CHANGED, CLOCK, FAILED, catchUp, catchUpRate, clockId, hostError, numberConfig, readClock, realNow, refresh, saveClock, snapshot } from './world';

export function timeCommand(cmd: Command): i32 {
  const id = clockId();
  if (id === null) {
    reply(Message.error('No clock runs in this world yet.'));
    return OK;
  }
  const c = readClock(id)!;
  const t = realNow();
  if (!refresh(id, c, t)) return fail('TIME_REFUSED', 'The clock is stuck (' + hostError() + ').');
  reply(describe(c, t));
  return OK;
}

/** "Morning, 08:00 — day 1 of spring, year 1." plus the sky, the season and how fast time runs. */
function describe(c: Clock, t: f64): Message {
  const g = c.gameAt(t);
  const i = bandIndex(g);
  const pct = <i64>Math.floor(seasonProgress(g) * 100);
  const msg = Message.kind('info')
    .styled(capitalize(band(g)) + ', ' + clockText(g), 'emphasis')
    .text(' — day ' + dayOfSeason(g).toString() + ' of ' + season(g) + ', year ' + year(g).toString() + '.')
    .newline()
    .text(skyText(i) + ' (sun position ' + fixed(sunPosition(g), 3) + '; ' + season(g) + ' is ' + pct.toString() + '% through.)')
    .newline();
  if (c.paused) msg.styled('Time stands still: the world clock is paused.', 'bad');
  else if (c.catchingUp(t)) {
    msg.styled('The world is catching up on lost time at ' + fixed(c.rate, 1) + '× (' + minutes(c.owedAt(t)) + ' to go).', 'hint');
  } else msg.text('Time runs at ' + fixed(c.dilation, 1) + '× here' + (c.dilation == 1 ? ' (as fast as yours).' : '.'));
  msg.data('World.Time', snapshot(c, t));
  return msg;
}

export function adminCommand(cmd: Command): i32 {
  const id = clockId();
  if (id === null) {
    reply(Message.error('No clock runs in this world yet.'));
    return OK;
  }
  const c = readClock(id)!;
  const t = realNow();
  const words = cmd.words();
  const sub = words.length > 0 ? words[0].toLowerCase() : '';
  if (sub == '' || sub == 'status') {
    if (!refresh(id, c, t)) return fail('TIME_REFUSED', 'The clock is stuck (' + hostError() + ').');
    reply(describe(c, t).newline().text(status(c, t)));
    return OK;
  }
  // Announce what the clock crossed before the change, so bands are never skipped silently.
  const caught = catchUp(id, c, t);
  if (caught == FAILED || (caught == CHANGED && !State.set(id, CLOCK, c))) return fail('TIME_REFUSED', 'The clock is stuck (' + hostError() + ').');
  if (sub == 'dilation' || sub == 'speed') return dilation(cmd, id, c, t, words);
  if (sub == 'pause' || sub == 'stop') return pause(cmd, id, c, t);
  if (sub == 'resume' || sub == 'start') return resume(cmd, id, c, t, words);
  if (sub == 'advance' || sub == 'skip') return advance(cmd, id, c, t, words.length > 1 ? words.slice(1).join('') : '');
  if (sub == 'set') return setClock(cmd, id, c, t, words);
  reply(Message.error('Usage: @time [status] | dilation <0.1–100> | pause | resume [nocatchup] | advance <30m|2h|1d> | set <hh:mm>'));
  return OK;
}

function status(c: Clock, t: f64): string {
  return 'Clock: tick ' + (<i64>c.ticksAt(t)).toString() + ', game time ' + (<i64>c.gameAt(t)).toString() + ' ms, dilation ' + fixed(c.dilation, 1) + '×' + (c.paused ? ', paused' : c.catchingUp(t) ? ', catching up at ' + fixed(c.rate, 1) + '×' : ', running') + '.';
}

function dilation(cmd: Command, id: string, c: Clock, t: f64, words: string[]): i32 {
  const min = numberConfig('minDilation', 0.1);
  const max = numberConfig('maxDilation', 100);
  const x = words.length > 1 ? parseNumber(words[1]) : NaN;
  if (isNaN(x) || x < min || x > max) {
    reply(Message.error('Dilation must be a number from ' + fixed(min, 1) + ' to ' + fixed(max, 1) + ' (1 = real time), e.g. @time dilation 10.'));
    return OK;
  }
  const old = c.dilation;
  c.setDilation(t, x, catchUpRate());
  if (!saveClock(id, c, t)) return refused();
  const payload = new JsonObj().set('old', old).set('new', x).set('by', cmd.actor.id).set('gameTime', c.gameAt(t));
  const mine = Message.kind('system').text('The world clock now runs at ' + fixed(x, 1) + '× (it ran at ' + fixed(old, 1) + '×).');
  const theirs = Message.kind('system').styled(x > old ? 'Time quickens around you.' : 'Time slows around you.', 'hint');
  if (!Events.emit('time.dilation_changed', 'world', payload, mine, theirs)) return refused();
  return OK;
}

function pause(cmd: Command, id: string, c: Clock, t: f64): i32 {
  if (c.paused) {
    reply(Message.error('The world clock is already paused. Use @time resume.'));
    return OK;
  }
  c.pause(t);
  if (!saveClock(id, c, t)) return refused();
  const payload = new JsonObj().set('gameTime', c.gameAt(t)).set('realTime', t).set('by', cmd.actor.id);
  const mine = Message.kind('system').text('You pause the world clock. Time stands still until @time resume.');
  const theirs = Message.kind('system').styled('The world holds its breath: time stands still.', 'hint');
  if (!Events.emit('time.paused', 'world', payload, mine, theirs)) return refused();
  return OK;
}

function resume(cmd: Command, id: string, c: Clock, t: f64, words: string[]): i32 {
  if (!c.paused) {
    reply(Message.error('The world clock is not paused.'));
    return OK;
  }
  const skip = words.length > 1 && (words[1] == 'nocatchup' || words[1] == 'skip' || words[1] == 'now');
  const catchUpOn = !skip && configBool('catchUp', true);
  const pausedMs = t - c.pausedAt;
  const owed = c.resume(t, catchUpOn, catchUpRate());
  if (!saveClock(id, c, t)) return refused();
  const catchUpMs = c.catchingUp(t) ? c.until - t : 0;
  const payload = new JsonObj().set('gameTime', c.gameAt(t)).set('realTime', t).set('pausedMs', pausedMs).set('owedMs', owed).set('catchUpMs', catchUpMs).set('by', cmd.actor.id);
  let text = 'You resume the world clock after ' + seconds(pausedMs) + ' s.';
  if (owed > 0 && catchUpMs > 0) text += ' It catches up ' + minutes(owed) + ' at ' + fixed(c.rate, 1) + '× over the next ' + seconds(catchUpMs) + ' s.';
  else if (owed > 0) text += ' The ' + minutes(owed) + ' it missed are added at once.';
  else text += ' The paused time is not caught up.';
  const mine = Message.kind('system').text(text);
  const theirs = Message.kind('system').styled('Time flows again.', 'hint');
  if (!Events.emit('time.resumed', 'world', payload, mine, theirs)) return refused();
  return OK;
}

function advance(cmd: Command, id: string, c: Clock, t: f64, spec: string): i32 {
  const ms = parseDuration(spec, dayMs());
  if (ms <= 0) {
    reply(Message.error('Advance by how much game time? e.g. @time advance 30m, 2h, 1d, 1h30m.'));
    return OK;
  }
  return jump(cmd, id, c, t, ms);
}

function setClock(cmd: Command, id: string, c: Clock, t: f64, words: string[]): i32 {
  const hm = words.length > 1 ? words[1] : '';
  const colon = hm.indexOf(':');
  const h = colon > 0 ? parseNumber(hm.substring(0, colon)) : NaN;
  const m = colon > 0 ? parseNumber(hm.substring(colon + 1)) : NaN;
  if (isNaN(h) || isNaN(m) || h < 0 || h > 23 || m < 0 || m > 59 || h != Math.floor(h) || m != Math.floor(m)) {
    reply(Message.error('Usage: @time set <hh:mm> — moves the clock forward to the next time it reads hh:mm (time never runs backwards).'));
    return OK;
  }
  return jump(cmd, id, c, t, untilClock(c.gameAt(t), <i32>h, <i32>m));
}

function jump(cmd: Command, id: string, c: Clock, t: f64, ms: f64): i32 {
  c.advance(t, ms);
  if (catchUp(id, c, t) == FAILED) return refused();
  if (!saveClock(id, c, t)) return refused();
  const g = c.gameAt(t);
  const payload = new JsonObj().set('byMs', ms).set('gameTime', g).set('by', cmd.actor.id);
  const mine = Message.kind('system').text('You move the world clock forward ' + minutes(ms) + '; it is now ' + clockText(g) + '.');
  if (!Events.emit('time.advanced', 'world', payload, mine, null)) return refused();
  return OK;
}

function refused(): i32 {
  return fail('TIME_REFUSED', 'The clock will not move (' + hostError() + ').');
}

function configBool(key: string, fallback: bool): bool {
  const v = config(key);
  return v === null ? fallback : v.asBool(fallback);
}

/** "1d2h30m15s", "90m", "2h", "45" (minutes) → game ms; 0 when unreadable. */
export function parseDuration(spec: string, dayMs: f64): f64 {
  let total: f64 = 0;
  let digits = '';
  let any = false;
  for (let i = 0; i < spec.length; i++) {
    const ch = spec.charAt(i);
    if ((ch >= '0' && ch <= '9') || ch == '.') {
      digits += ch;
      continue;
    }
    const n = parseNumber(digits);
    if (isNaN(n)) return 0;
    let unit: f64 = 0;
    if (ch == 'd') unit = dayMs;
    else if (ch == 'h') unit = dayMs / 24;
    else if (ch == 'm') unit = dayMs / 1440;
    else if (ch == 's') unit = dayMs / 86400;
    else return 0;
    total += n * unit;
    digits = '';
    any = true;
  }
  if (digits.length > 0) {
    const n = parseNumber(digits);
    if (isNaN(n)) return 0;
    total += n * (dayMs / 1440); // a bare number means minutes
    any = true;
  }
  return any ? Math.floor(total) : 0;
}

/** A decimal number ("10", "0.5"); NaN otherwise. */
export function parseNumber(s: string): f64 {
  if (s.length == 0 || s.length > 12) return NaN;
  let dot = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charAt(i);
    if (ch == '.') {
      if (dot) return NaN;
      dot = true;
    } else if (!(ch >= '0' && ch <= '9')) return NaN;
  }
  if (s == '.') return NaN;
  return parseFloat(s);
}

/** One or more decimals, without trailing zeros: 10 → "10", 0.5 → "0.5", 0.333 → "0.333". */
export function fixed(x: f64, places: i32): string {
  const scale = Math.pow(10, places);
  const v = Math.round(x * scale) / scale;
  const whole = <i64>Math.floor(v);
  const frac = <i64>Math.round((v - <f64>whole) * scale);
  if (frac == 0) return whole.toString();
  let digits = frac.toString();
  while (digits.length < places) digits = '0' + digits;
  while (digits.endsWith('0')) digits = digits.substring(0, digits.length - 1);
  return whole.toString() + '.' + digits;
}

/** "1 game minute", "0.2 game minutes": a game minute is a 1440th of the configured day. */
function minutes(gameMs: f64): string {
  const n = fixed(gameMs / (dayMs() / 1440), 1);
  return n + (n == '1' ? ' game minute' : ' game minutes');
}

function seconds(ms: f64): string {
  return fixed(ms / 1000, 1);
}
