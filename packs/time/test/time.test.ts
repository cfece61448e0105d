/**
 * time, through the pack harness (`myriad pack test packs/time`), with the clock
 * in the test's hands: the calendar, the eight bands and their announcements,
 * dilation, pause/resume with the reference's catch-up example, advance/set,
 * `time.now` as the reference's tick payload, and a game-year at 1000×.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { packWorld, type PackWorld } from '../../../sdk/tooling/harness.ts';

const pack = fileURLToPath(new URL('..', import.meta.url));

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

interface Clock {
  readonly game: number;
  readonly dilation: number;
  readonly paused: boolean;
}
interface Now {
  readonly timeOfDay: string;
  readonly currentSeason: string;
  readonly day: number;
  readonly gameTime: number;
  readonly tickNumber: number;
  readonly sunPosition: number;
  readonly seasonProgress: number;
  readonly dilationFactor: number;
  readonly realTime: number;
  readonly year: number;
  readonly paused: boolean;
}

const ADA = 'Ada'; // runs admin commands
const PIP = 'Pip';

async function world(settings?: Record<string, unknown>): Promise<{ w: PackWorld; clockId: string; admin: string; player: string }> {
  const w = await packWorld({ pack, ...(settings ? { settings: { time: { config: settings } } } : {}) });
  const clockId = [...w.state.withComponent('time.clock')][0]!;
  await w.character(ADA);
  await w.character(PIP);
  return { w, clockId, admin: ADA, player: PIP };
}

/** Run a command and return what the actor saw. */
async function run(w: PackWorld, who: string, line: string, admin = false): Promise<string> {
  return (await w.command(who, line, { admin })).text;
}

/** Everything a character was shown, one line per entry. */
function lines(w: PackWorld, who: string): string[] {
  return w.seen(who).join('\n').split('\n');
}

function gameNow(w: PackWorld, clockId: string): number {
  const c = w.get<Clock & { at: number; rate: number; until: number; then: number }>(clockId, 'time.clock')!;
  if (c.rate === 0) return c.game;
  if (c.until > 0 && w.now > c.until) return Math.floor(c.game + (c.until - c.at) * c.rate + (w.now - c.until) * c.then);
  return Math.floor(c.game + (w.now - c.at) * c.rate);
}

test('a new world wakes at 08:00 on the first morning of spring; time reads the clock', async (t) => {
  const { w, clockId, player } = await world();
  t.after(() => w.close());
  assert.equal(gameNow(w, clockId), 8 * HOUR);
  const now = w.get<Now>(clockId, 'time.now')!;
  assert.deepEqual(
    { timeOfDay: now.timeOfDay, currentSeason: now.currentSeason, day: now.day, year: now.year, sunPosition: now.sunPosition, dilationFactor: now.dilationFactor, paused: now.paused },
    { timeOfDay: 'morning', currentSeason: 'spring', day: 1, year: 1, sunPosition: 0.3333, dilationFactor: 1, paused: false },
  );
  const out = await w.command(player, 'time');
  assert.match(out.text, /^Morning, 08:00 — day 1 of spring, year 1\.$/m);
  assert.match(out.text, /The sun is climbing in the east\. \(sun position 0\.333; spring is 0% through\.\)/);
  assert.match(out.text, /Time runs at 1× here \(as fast as yours\)\./);
  // The message carries the reference's tick payload for clients (GMCP World.Time).
  const msg = out.messages.at(-1)!;
  assert.equal(msg.data?.package, 'World.Time');
  assert.equal((msg.data?.value as { timeOfDay: string } | undefined)?.timeOfDay, 'morning');
});

test('the bands turn on time, each announced once, with the reference payload', async (t) => {
  const { w, clockId, player } = await world();
  t.after(() => w.close());
  await w.advance(DAY); // 08:00 day 1 → 08:00 day 2 at 1×
  const bands = w.payloads<{ timeOfDay: string; previous: string; day: number }>('time.band').map((p) => `${p.day}:${p.timeOfDay}`);
  assert.deepEqual(bands, ['1:noon', '1:afternoon', '1:dusk', '1:evening', '1:night', '2:dawn', '2:morning']);
  assert.deepEqual(
    lines(w, player).filter((l) => /dawn|midday|Darkness/.test(l)),
    ['The sun stands at its height: midday.', 'Darkness falls. It is night.', 'The sky pales in the east: dawn is coming.'],
  );
  const now = w.get<Now>(clockId, 'time.now')!;
  assert.equal(now.day, 2);
  assert.equal(now.timeOfDay, 'morning');
  // time.now is the tick payload as of the last boundary (07:12, morning): 10 Hz ticks since the clock started.
  assert.equal(now.tickNumber, Math.floor((now.realTime - Date.UTC(2025, 0, 1)) / 100));
  assert.equal(now.tickNumber, (23 * HOUR + 12 * MIN) / 100);
  // Exactly one wake timer is pending: the next boundary's.
  assert.equal(w.timers.length, 1);
});

test('admins change the dilation; players may not', async (t) => {
  const { w, clockId, admin, player } = await world();
  t.after(() => w.close());
  assert.match(await run(w, player, '@time dilation 10'), /Only admins may use "@time"/);
  assert.match(await run(w, admin, '@time dilation 1000', true), /Dilation must be a number from 0\.1 to 100/);
  assert.match(await run(w, admin, '@time dilation fast', true), /Dilation must be a number/);
  const before = gameNow(w, clockId);
  assert.match(await run(w, admin, '@time dilation 10', true), /The world clock now runs at 10× \(it ran at 1×\)\./);
  assert.ok(lines(w, player).includes('Time quickens around you.'));
  await w.advance(60_000); // one real minute at 10× = ten game minutes
  assert.equal(gameNow(w, clockId) - before, 10 * MIN);
  assert.match(await run(w, player, 'time'), /^Morning, 08:10/m);
  assert.deepEqual(
    w.payloads('time.dilation_changed').map((p) => [p['old'], p['new']]),
    [[1, 10]],
  );
});

test('pause freezes the world; resume catches up at 100× (the reference example: 10 min paused at 10× → 100 game minutes)', async (t) => {
  const { w, clockId, admin, player } = await world();
  t.after(() => w.close());
  await run(w, admin, '@time dilation 10', true);
  const start = gameNow(w, clockId);
  assert.match(await run(w, admin, '@time pause', true), /You pause the world clock/);
  assert.ok(lines(w, player).includes('The world holds its breath: time stands still.'));
  assert.match(await run(w, admin, '@time pause', true), /already paused/);
  const bandsBefore = w.payloads('time.band').length;
  await w.advance(10 * MIN); // the wake armed before the pause fires, finds itself stale, and re-arms nothing
  assert.equal(gameNow(w, clockId), start, 'no game time passes while paused');
  assert.match(await run(w, player, 'time'), /Time stands still: the world clock is paused\./);
  await w.advance(DAY);
  assert.equal(w.payloads('time.band').length, bandsBefore, 'no band turns while paused');
  assert.equal(w.timers.length, 0, 'a paused clock arms no wake');
  await run(w, admin, '@time resume nocatchup', true);
  await run(w, admin, '@time pause', true);
  await w.advance(10 * MIN);

  const out = await run(w, admin, '@time resume', true);
  assert.match(out, /It catches up 100 game minutes at 100× over the next 66\.7 s\./);
  const resumed = w.payloads<{ owedMs: number; catchUpMs: number; pausedMs: number }>('time.resumed').at(-1)!;
  assert.deepEqual(resumed, { ...resumed, owedMs: 100 * MIN, pausedMs: 10 * MIN, catchUpMs: 66_667 });
  assert.match(await run(w, player, 'time'), /catching up on lost time at 100×/);
  await w.advance(66_667);
  // Caught up: exactly where a clock that never paused would be (± the 1 ms rounding of the catch-up end).
  const expected = start + (10 * MIN + 66_667) * 10;
  assert.ok(Math.abs(gameNow(w, clockId) - expected) <= 100, `${gameNow(w, clockId)} vs ${expected}`);
  await w.advance(1000);
  assert.ok(Math.abs(gameNow(w, clockId) - (expected + 10_000)) <= 100);
  assert.match(await run(w, player, 'time'), /Time runs at 10× here\./);
});

test('resume nocatchup discards the paused time; advance and set move the clock forward only', async (t) => {
  const { w, clockId, admin, player } = await world();
  t.after(() => w.close());
  await run(w, admin, '@time pause', true);
  await w.advance(HOUR);
  assert.match(await run(w, admin, '@time resume nocatchup', true), /The paused time is not caught up\./);
  assert.equal(gameNow(w, clockId), 8 * HOUR);

  assert.match(await run(w, admin, '@time advance 1h30m', true), /forward 90 game minutes; it is now 09:30\./);
  assert.match(await run(w, admin, '@time advance', true), /Advance by how much/);
  assert.match(await run(w, admin, '@time set 05:00', true), /it is now 05:00\./);
  const now = w.get<Now>(clockId, 'time.now')!;
  assert.equal(now.day, 2);
  assert.equal(now.timeOfDay, 'night');
  // Only the band it lands in is announced, not every band it skipped.
  assert.deepEqual(
    w.payloads<{ timeOfDay: string }>('time.band').map((p) => p.timeOfDay),
    ['night'],
  );
  await w.advance(90 * MIN); // dawn begins at sun position 0.25 = 06:00
  assert.match(await run(w, player, 'time'), /^Dawn, 06:30/m);
  assert.deepEqual(
    w.payloads<{ timeOfDay: string }>('time.band').map((p) => p.timeOfDay),
    ['night', 'dawn'],
  );
  assert.match(await run(w, admin, '@time set 25:00', true), /Usage: @time set <hh:mm>/);
  assert.match(await run(w, admin, '@time', true), /Clock: tick \d+, game time \d+ ms, dilation 1×, running\./);
  assert.match(await run(w, admin, '@time bogus', true), /Usage: @time/);
});

test('a game-year at 1000×: 365 dawns, 4 seasons turned, one wake per boundary', async (t) => {
  const { w, clockId, admin } = await world({ maxDilation: 1000 });
  t.after(() => w.close());
  await run(w, admin, '@time dilation 1000', true);
  const t0 = performance.now();
  await w.advance((365 * DAY) / 1000);
  const ms = performance.now() - t0;
  const dawns = w.payloads<{ timeOfDay: string }>('time.band').filter((p) => p.timeOfDay === 'dawn').length;
  const seasons = w.payloads<{ season: string }>('time.season').map((p) => p.season);
  assert.equal(dawns, 365);
  assert.deepEqual(seasons, ['summer', 'autumn', 'winter', 'spring']);
  const now = w.get<Now>(clockId, 'time.now')!;
  assert.equal(now.year, 2, 'a year is four 90-day seasons: day 366 is in year 2');
  t.diagnostic(`a game-year at 1000×: ${ms.toFixed(0)} ms, ${w.payloads('time.band').length} band events`);
});
