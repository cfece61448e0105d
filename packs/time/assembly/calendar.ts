/**
 * The calendar: what a game time (ms since the world's epoch, day 1 of the
 * first spring at 00:00) means — sun position, the eight time-of-day bands,
 * day, season, year — and where the next boundary is.
 *
 * Rules (gameplay-rules.md 1.3):
 *   sunPosition    = (gameTime % dayLength) / dayLength     0 midnight, 0.5 noon
 *   seasonProgress = ((gameTime % yearLength) / seasonLength) % 1
 *   bands by sunPosition: night 0–0.25, dawn 0.25–0.3, morning 0.3–0.45,
 *   noon 0.45–0.55, afternoon 0.55–0.7, dusk 0.7–0.75, evening 0.75–0.9, night 0.9–1
 * Choice (docs/packs/time.md): a year is exactly four seasons (4 × 90 = 360 days
 * by default), because seasonProgress is defined through yearLength.
 */
import { config } from '../../../sdk/assembly';

export const SEASONS: string[] = ['spring', 'summer', 'autumn', 'winter'];
/** Band names by index; 0 and 7 are both night (before and after midnight). */
export const BANDS: string[] = ['night', 'dawn', 'morning', 'noon', 'afternoon', 'dusk', 'evening', 'night'];
/** Where bands 1..7 start, as a fraction of the day; index 7's end (1.0) is midnight. */
const STARTS: f64[] = [0.25, 0.3, 0.45, 0.55, 0.7, 0.75, 0.9];

let loaded = false;
let dayMsCache: f64 = 86_400_000;
let seasonDaysCache: f64 = 90;

/** Config is fixed for the life of the instance (the operator's file), so read it once. */
function load(): void {
  if (loaded) return;
  loaded = true;
  const day = config('dayLengthSeconds');
  if (day !== null && day.asNumber(0) >= 60) dayMsCache = Math.floor(day.asNumber(0)) * 1000;
  const season = config('seasonLengthDays');
  if (season !== null && season.asNumber(0) >= 1) seasonDaysCache = Math.floor(season.asNumber(0));
}

export function dayMs(): f64 {
  load();
  return dayMsCache;
}

export function seasonMs(): f64 {
  load();
  return seasonDaysCache * dayMsCache;
}

export function yearMs(): f64 {
  return 4 * seasonMs();
}

/** ms into the current day; exact integers, so band edges never wobble. */
function inDay(game: f64): f64 {
  const d = dayMs();
  return game - Math.floor(game / d) * d;
}

/** The band's start within the day in ms (index 1..7). */
function startMs(i: i32): f64 {
  return Math.floor(STARTS[i - 1] * dayMs());
}

export function sunPosition(game: f64): f64 {
  return inDay(game) / dayMs();
}

/** 0..7; 0 = night before dawn, 7 = night after evening. */
export function bandIndex(game: f64): i32 {
  const t = inDay(game);
  let i = 0;
  while (i < 7 && t >= startMs(i + 1)) i++;
  return i;
}

export function band(game: f64): string {
  return BANDS[bandIndex(game)];
}

/** The next game time, after `game`, at which the band starts to change or a new day begins. */
export function nextBoundary(game: f64): f64 {
  const dayStart = game - inDay(game);
  const i = bandIndex(game);
  if (i < 7) return dayStart + startMs(i + 1);
  return dayStart + dayMs();
}

/** Days since the epoch (0-based). */
export function dayNumber(game: f64): i64 {
  return <i64>Math.floor(game / dayMs());
}

export function seasonIndex(game: f64): i32 {
  const y = yearMs();
  return <i32>Math.floor((game - Math.floor(game / y) * y) / seasonMs());
}

export function season(game: f64): string {
  return SEASONS[seasonIndex(game)];
}

export function seasonProgress(game: f64): f64 {
  const y = yearMs();
  const s = seasonMs();
  const inYear = game - Math.floor(game / y) * y;
  return (inYear - Math.floor(inYear / s) * s) / s;
}

/** 1-based day within the season. */
export function dayOfSeason(game: f64): i64 {
  const y = yearMs();
  const s = seasonMs();
  const inYear = game - Math.floor(game / y) * y;
  return <i64>Math.floor((inYear - Math.floor(inYear / s) * s) / dayMs()) + 1;
}

/** 1-based year. */
export function year(game: f64): i64 {
  return <i64>Math.floor(game / yearMs()) + 1;
}

/** "08:05" — the day is divided into 24 hours of dayLength / 24 each. */
export function clockText(game: f64): string {
  const minutes = <i64>Math.floor((inDay(game) / dayMs()) * 1440);
  const h = minutes / 60;
  const m = minutes % 60;
  return pad2(h) + ':' + pad2(m);
}

function pad2(n: i64): string {
  return n < 10 ? '0' + n.toString() : n.toString();
}

/** Game ms to go from `game` forward to the next time the clock reads hh:mm (never 0: a full day when it reads that now). */
export function untilClock(game: f64, hour: i32, minute: i32): f64 {
  const target = Math.floor((<f64>(hour * 60 + minute) / 1440) * dayMs());
  let delta = target - inDay(game);
  if (delta <= 0) delta += dayMs();
  return delta;
}

/** The sky for `time`: one short phrase per band. */
export function skyText(i: i32): string {
  if (i == 1) return 'The sky is paling in the east.';
  if (i == 2) return 'The sun is climbing in the east.';
  if (i == 3) return 'The sun stands high overhead.';
  if (i == 4) return 'The sun is sinking into the west.';
  if (i == 5) return 'The sun is setting; the light is turning gold.';
  if (i == 6) return 'The last light is fading from the west.';
  return 'The sun is below the horizon.';
}

/** What everyone online is told when a band begins (index 1..7). */
export function bandAnnouncement(i: i32): string {
  if (i == 1) return 'The sky pales in the east: dawn is coming.';
  if (i == 2) return 'The sun climbs clear of the horizon. It is morning.';
  if (i == 3) return 'The sun stands at its height: midday.';
  if (i == 4) return 'The shadows begin to lengthen into afternoon.';
  if (i == 5) return 'The sun sinks low and the light turns gold: dusk.';
  if (i == 6) return 'The last light fades. Evening settles in.';
  return 'Darkness falls. It is night.';
}

export function seasonAnnouncement(i: i32): string {
  if (i == 0) return 'Spring has come: the air smells of rain and green things.';
  if (i == 1) return 'Summer has come: the days are long and warm.';
  if (i == 2) return 'Autumn has come: the leaves begin to turn.';
  return 'Winter has come: the nights draw in and the air bites.';
}

export function capitalize(s: string): string {
  if (s.length == 0) return s;
  return s.charAt(0).toUpperCase() + s.substring(1);
}
