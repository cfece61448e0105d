/**
 * The game time an event happened, for replayed lines ("[day 3, 08:05]").
 *
 * The time pack keeps its clock as the `time.clock` component (packs/time/assembly/clock.ts):
 *
 *   game(now) = rate == 0              ? game
 *             : until > 0 && now > until ? game + (until - at) * rate + (now - until) * then
 *             :                            game + (now - at) * rate
 *
 * with `now` the host's world time in ms, which is the wall clock an event's `at`
 * records. The host evaluates that formula with the clock as it stands at replay
 * time (docs/decisions/replay-game-time.md): a pause, `@time advance` or dilation
 * change during the absence moves the earlier lines by that change, which is what
 * a rebase means. The day and clock text follow packs/time/assembly/calendar.ts
 * (day 1 starts at game ms 0; 24 hours of dayLength / 24 each).
 */

export interface ClockState {
  readonly at: number;
  readonly game: number;
  readonly rate: number;
  readonly until: number;
  readonly then: number;
}

/** Default day length of the time pack (`dayLengthSeconds`, 86 400 s). */
export const DEFAULT_DAY_MS = 86_400_000;

export function parseClock(value: unknown): ClockState | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const num = (k: string, d: number): number => (typeof v[k] === 'number' && Number.isFinite(v[k]) ? (v[k] as number) : d);
  return { at: num('at', 0), game: num('game', 0), rate: num('rate', 1), until: num('until', 0), then: num('then', 1) };
}

export function gameMsAt(clock: ClockState, now: number): number {
  if (clock.rate === 0) return clock.game;
  if (clock.until > 0 && now > clock.until) return Math.floor(clock.game + (clock.until - clock.at) * clock.rate + (now - clock.until) * clock.then);
  return Math.floor(clock.game + (now - clock.at) * clock.rate);
}

/** "day 3, 08:05" for game ms `game` with days of `dayMs`. */
export function gameTimeText(game: number, dayMs: number): string {
  const g = Math.max(0, game);
  const day = Math.floor(g / dayMs) + 1;
  const minutes = Math.floor(((g - (day - 1) * dayMs) / dayMs) * 1440);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `day ${day}, ${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}
