/**
 * Timer bombs and Extism kernel memory (issue 11, holes 2 and 3), against a real
 * server with an innocent player typing all along. Before issue 11:
 *
 * - bomb: 200 timers per call, 200 more per timer — 200 × 200 timers ran 40,200
 *   calls, stalled every player for 1.36 s, grew the server by 150 MB, no fault;
 * - kernelhog: `extism:host/env` alloc took 256 MiB in one call (RSS 929 →
 *   1,184 MB), no fault, and held the world ~400 ms.
 *
 * Now scheduling past limits.timerCallsPerSecond or limits.maxPendingTimers fails
 * the call as a fault (PACK_TIMER_LIMIT) and counts towards quarantine, due timers
 * fire at most timersPerLook of a pack per look, and a call's kernel blocks are
 * capped at its memory grant (PACK_KERNEL_MEMORY). The innocent player's longest
 * round trip is asserted under the watchdog bound (wallMs + watchdogMarginMs).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../engine/gateway/server.ts';
import { DEFAULT_PACK_LIMITS, DEFAULTS } from '../../engine/config/defaults.ts';
import { testConfig } from '../support/server.ts';
import { TelnetPlayer, createCharacter } from '../support/players.ts';
import { fixturePacks, type FixtureSet } from '../support/fixture-packs.ts';
import { captureLog, type CapturedLog } from '../support/log-capture.ts';

/** The watchdog's bound on one call: a pause longer than this would have been a stall it failed to stop. */
const WATCHDOG_BOUND_MS = DEFAULT_PACK_LIMITS.wallMs + DEFAULTS.world.watchdogMarginMs;
const MAX_PENDING = 40;

const SETTINGS = {
  bomb: { grants: { send: ['actor' as const], timers: true, emit: ['bomb.tick'] }, limits: { maxPendingTimers: MAX_PENDING } },
  kernelhog: { grants: { send: ['actor' as const] } },
};

/**
 * Bob says numbered lines back to back until `done()` and keeps the longest
 * round trip: what an innocent player feels while a hostile pack runs.
 */
async function innocentPauses(bob: TelnetPlayer, done: () => boolean): Promise<{ longestMs: number; says: number; all: number[] }> {
  let longestMs = 0;
  const all: number[] = [];
  let says = 0;
  // The command rate limit is 10 a second sustained: one say every 120 ms stays under it.
  while (!done() || says < 3) {
    const t0 = performance.now();
    bob.send(`say tick ${says}`);
    await bob.expect(`You say, "tick ${says}"`, 10_000);
    all.push(Math.round(performance.now() - t0));
    longestMs = Math.max(longestMs, performance.now() - t0);
    says++;
    await new Promise((r) => setTimeout(r, 120));
  }
  return { longestMs, says, all };
}

describe('timer bombs and kernel memory are bounded, and an innocent player keeps playing', () => {
  let fixtures: FixtureSet;
  let server: RunningServer;
  let logs: CapturedLog;
  let alice: TelnetPlayer;
  let bob: TelnetPlayer;

  before(async () => {
    fixtures = await fixturePacks(['bomb', 'kernelhog']);
    logs = captureLog();
    server = await startServer(testConfig({ packs: ['rooms', 'social', 'bomb', 'kernelhog'], packDirs: [fixtures.dir], settings: SETTINGS }), logs.log);
    alice = await TelnetPlayer.connect(server.telnetPort);
    bob = await TelnetPlayer.connect(server.telnetPort);
    await createCharacter(alice, 'Alice');
    await createCharacter(bob, 'Bob');
    // Warm the say path up (first calls compile it), so the pauses measured are the attack's.
    for (let i = 0; i < 5; i++) {
      bob.send(`say warm ${i}`);
      await bob.expect(`You say, "warm ${i}"`);
    }
  });

  after(async () => {
    await alice?.close();
    await bob?.close();
    await server?.stop();
    fixtures?.remove();
  });

  it('hole 2: a timer bomb faults, is quarantined, fires a bounded number of timers and stalls no one', async (t) => {
    let finished = false;
    const pauses = innocentPauses(bob, () => finished);
    // 200 at once: more than timerCallsPerSecond (20) in one second — refused as a fault.
    alice.skip();
    alice.send('bomb');
    await alice.expect('Something went wrong in the bomb pack; your command was not run.');
    await logs.waitFor(/myriad_command budget: more timers than timerCallsPerSecond 20 allows/, 'bomb');
    // 15 a call stays under the rate, but every timer lights 15 more: the chain faults
    // on the rate or on maxPendingTimers (40 here) until the pack is quarantined.
    await new Promise((r) => setTimeout(r, 1_100));
    alice.send('bomb 15');
    await alice.expect('lit 15 fuses');
    await logs.waitFor(/pack bomb is quarantined after 3 faults within 10 min/, 'bomb', 20_000);
    await new Promise((r) => setTimeout(r, 500)); // held timers stay held
    finished = true;
    const { longestMs, says, all } = await pauses;
    const faults = logs.find(/budget: more timers than (timerCallsPerSecond|maxPendingTimers)/, 'bomb');
    assert.ok(faults.length >= 3, `each overrun is a fault (${faults.length})`);
    const status = server.gateway.world.packStatus().find((p) => p.name === 'bomb');
    assert.equal(status?.quarantined, true);
    assert.match(status?.lastFault ?? '', /^PACK_TIMER_LIMIT: /);
    alice.send('fizz');
    await alice.expect('bomb is disabled');
    const fired = server.gateway.timers.fired;
    const waiting = (await server.gateway.store.pendingTimers())['bomb'] ?? 0;
    t.diagnostic(`timer bomb: ${fired} timer calls fired, ${waiting} timers left waiting, ${faults.length} faults; Bob's longest round trip ${longestMs.toFixed(0)} ms over ${says} says (bound ${WATCHDOG_BOUND_MS} ms): ${all.join(', ')}`);
    assert.ok(waiting <= MAX_PENDING, `pending timers stay within maxPendingTimers (${waiting})`);
    assert.ok(fired < 200, `a bounded number of timer calls ran (${fired}), not 40,200`);
    assert.ok(longestMs < WATCHDOG_BOUND_MS, `Bob's longest pause ${longestMs.toFixed(0)} ms is under the watchdog bound ${WATCHDOG_BOUND_MS} ms`);
    assert.equal(bob.closed || alice.closed, false);
  });

  it('hole 3: kernel memory is capped at the memory grant; the call is a fault and the world is not held', async (t) => {
    const rssBefore = process.memoryUsage().rss;
    let finished = false;
    const pauses = innocentPauses(bob, () => finished);
    alice.skip();
    alice.send('gulp');
    await alice.expect('Something went wrong in the kernelhog pack; your command was not run.');
    alice.send('gobble');
    await alice.expect('Something went wrong in the kernelhog pack; your command was not run.');
    alice.send('nibble');
    await alice.expect('nibbled');
    finished = true;
    const { longestMs, says, all } = await pauses;
    const rssGrowth = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    const faults = logs.find(/myriad_command budget: \d+ bytes of Extism kernel memory in one call \(the cap is limits\.memoryPages × 64 KiB = 1048576\)/, 'kernelhog');
    assert.equal(faults.length, 2, 'both hogs are faults, logged with the cap');
    const status = server.gateway.world.packStatus().find((p) => p.name === 'kernelhog');
    assert.match(status?.lastFault ?? '', /^PACK_KERNEL_MEMORY: /);
    assert.equal(status?.faults, 2);
    assert.doesNotMatch(alice.lines().join('\n'), /the kernel gave 256 MiB/);
    t.diagnostic(`kernel hog: RSS growth ${rssGrowth.toFixed(0)} MB; Bob's longest round trip ${longestMs.toFixed(0)} ms over ${says} says (bound ${WATCHDOG_BOUND_MS} ms): ${all.join(', ')}`);
    assert.ok(rssGrowth < 128, `the server did not take 256 MiB (grew ${rssGrowth.toFixed(0)} MB)`);
    assert.ok(longestMs < WATCHDOG_BOUND_MS, `Bob's longest pause ${longestMs.toFixed(0)} ms is under the watchdog bound ${WATCHDOG_BOUND_MS} ms`);
  });
});
