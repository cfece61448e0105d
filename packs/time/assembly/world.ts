/**
 * Where the clock lives and how it moves on: the clock entity (spawned by the
 * seed) carries `time.clock` (the formula's inputs) and `time.now` (the
 * reference's tick payload as of the last boundary). A wake timer, armed for the
 * next band boundary, writes `time.now` and announces new bands and seasons;
 * nothing runs on the ticks in between.
 */
import { Events, JsonObj, JsonValue, Message, Query, State, config, lastError, log, now, schedule } from '../../../sdk/assembly';
import { Clock } from './clock';
import { band, bandAnnouncement, bandIndex, dayNumber, nextBoundary, season, seasonAnnouncement, seasonIndex, seasonProgress, sunPosition, year } from './calendar';

export const CLOCK = 'time.clock';
export const NOW = 'time.now';
export const WAKE = 'time.wake';

/** A wake more than this late is presumed lost (engine restart without its timer) and re-armed. */
const LOST_WAKE_MS: f64 = 5_000;

let clockEntity: string | null = null;

/** The clock entity's id, or null before the seed ran. Cached: the entity is never removed. */
export function clockId(): string | null {
  if (clockEntity !== null) return clockEntity;
  const holders = Query.withComponent(CLOCK);
  clockEntity = holders.length > 0 ? holders[0] : null;
  return clockEntity;
}

export function readClock(id: string): Clock | null {
  return Clock.parse(State.get(id, CLOCK));
}

export function realNow(): f64 {
  return <f64>now();
}

export function numberConfig(key: string, fallback: f64): f64 {
  const v = config(key);
  return v === null ? fallback : v.asNumber(fallback);
}

export function catchUpRate(): f64 {
  return numberConfig('catchUpDilation', 100);
}

/** `time.now`: the reference's tick payload (gameplay-rules.md 1.2/1.3) at real time `at`. */
export function snapshot(c: Clock, at: f64): JsonObj {
  const g = c.gameAt(at);
  return new JsonObj()
    .set('tickNumber', c.ticksAt(at))
    .set('gameTime', g)
    .set('realTime', at)
    .set('dilationFactor', c.dilation)
    .set('timeOfDay', band(g))
    .set('sunPosition', round4(sunPosition(g)))
    .set('currentSeason', season(g))
    .set('seasonProgress', round4(seasonProgress(g)))
    .set('day', dayNumber(g) + 1)
    .set('year', year(g))
    .set('paused', c.paused);
}

function round4(x: f64): f64 {
  return Math.round(x * 10000) / 10000;
}

/**
 * Write the clock after a change and arm the wake for the next boundary. A new
 * wake number makes every earlier timer stale, so a change never leaves two
 * live wakes behind. Returns false (with lastError) if the host refused.
 */
export function saveClock(id: string, c: Clock, t: f64): bool {
  c.wake += 1;
  c.due = 0;
  if (!c.paused) {
    const g = c.gameAt(t);
    const delay = c.realUntil(t, nextBoundary(g));
    if (delay >= 0) {
      // +1 ms: land just past the boundary, never a hair before it.
      const ms = delay + 1;
      c.due = t + ms;
      if (!schedule(<i64>ms, WAKE, new JsonObj().set('wake', c.wake))) return false;
    }
  }
  return State.set(id, CLOCK, c);
}

/**
 * Bring `time.now` up to date and announce what changed: a new band (if the
 * name changed) and a new season. Only the current band is announced, however
 * many were skipped (an advance of three days says "it is night", once).
 * Returns CHANGED when the clock's record of what was announced moved on (the
 * caller saves the clock), UNCHANGED, or FAILED (lastError says why).
 */
export const UNCHANGED: i32 = 0;
export const CHANGED: i32 = 1;
export const FAILED: i32 = -1;

export function catchUp(id: string, c: Clock, t: f64): i32 {
  const g = c.gameAt(t);
  const b = band(g);
  const s = season(g);
  const day = <f64>(dayNumber(g) + 1);
  if (b == c.band && s == c.season && day == c.day) return UNCHANGED;
  const prevBand = c.band;
  const prevSeason = c.season;
  c.band = b;
  c.season = s;
  c.day = day;
  if (!State.set(id, NOW, snapshot(c, t))) return FAILED;
  if (prevSeason.length > 0 && s != prevSeason) {
    const i = seasonIndex(g);
    const payload = new JsonObj().set('season', s).set('previous', prevSeason).set('year', year(g)).set('day', day).set('gameTime', g);
    if (!Events.emit('time.season', 'world', payload, null, Message.kind('info').styled(seasonAnnouncement(i), 'emphasis'))) return FAILED;
  }
  if (prevBand.length > 0 && b != prevBand) {
    const i = bandIndex(g);
    const payload = new JsonObj()
      .set('timeOfDay', b)
      .set('previous', prevBand)
      .set('day', day)
      .set('season', s)
      .set('sunPosition', round4(sunPosition(g)))
      .set('gameTime', g);
    if (!Events.emit('time.band', 'world', payload, null, Message.kind('info').styled(bandAnnouncement(i), 'hint'))) return FAILED;
  }
  return CHANGED;
}

/** A wake timer fired: if it is the live one, catch up and re-arm. */
export function onWake(payload: JsonValue): bool {
  const id = clockId();
  if (id === null) return true;
  const c = readClock(id);
  if (c === null) return true;
  if (payload.getNumber('wake', -1) != c.wake) return true; // stale: a later change re-armed
  const t = realNow();
  if (catchUp(id, c, t) == FAILED) return false;
  return saveClock(id, c, t);
}

/** Called by commands: catch up, and re-arm a wake that should have fired long ago. */
export function refresh(id: string, c: Clock, t: f64): bool {
  const r = catchUp(id, c, t);
  if (r == FAILED) return false;
  if (!c.paused && (c.due == 0 || t > c.due + LOST_WAKE_MS)) {
    if (c.due != 0) log('warn', 'the wake timer due at ' + (<i64>c.due).toString() + ' did not fire; re-arming');
    return saveClock(id, c, t);
  }
  return r == CHANGED ? State.set(id, CLOCK, c) : true;
}

export function hostError(): string {
  const e = lastError();
  return e === null ? 'the host refused' : e.message;
}
