/**
 * The world clock, timers, pack config and verb precedence on a real server
 * (PGlite on disk, so timers can be shown to survive a restart):
 * - `world.tick` reaches the subscribed probe pack at 10 Hz; ticks that change
 *   nothing commit nothing, ticks that do are logged with their effects;
 * - `schedule` timers fire, and a timer pending at shutdown fires after restart;
 * - config variables reach the pack through myriad_config (with defaults);
 * - packs.precedence decides a verb two packs register, and a reload can flip it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Config } from '../../engine/config/defaults.ts';
import { startServer, type RunningServer } from '../../engine/gateway/server.ts';
import { testConfig, tempDataDir } from '../support/server.ts';
import { TelnetPlayer, createCharacter } from '../support/players.ts';
import { fixturePacks } from '../support/fixture-packs.ts';
import { captureLog } from '../support/log-capture.ts';

const PROBE_GRANTS = {
  send: ['actor' as const, 'direct' as const],
  write: ['probe.countdown', 'probe.note'],
  query: true,
  timers: true,
  config: true,
  subscribe: ['world.tick'],
  emit: ['probe.remind', 'probe.done'],
};

function config(dir: string, dataDir: string, precedence: Record<string, string>): Config {
  const c = testConfig({ packs: ['rooms', 'social', 'probe'], packDirs: [dir], dataDir, settings: { probe: { grants: PROBE_GRANTS, config: { greeting: 'ahoy' } } } });
  return { ...c, packs: { ...c.packs, precedence } };
}

test('ticks, timers across a restart, pack config, verb precedence', async (t) => {
  const fx = await fixturePacks(['probe']);
  const data = tempDataDir();
  t.after(() => {
    fx.remove();
    data.remove();
  });
  const logs = captureLog();
  let server: RunningServer = await startServer(config(fx.dir, data.dir, { look: 'probe', l: 'probe' }), logs.log);
  let stopped = false;
  t.after(async () => {
    if (!stopped) await server.stop();
  });
  const alice = await TelnetPlayer.connect(server.telnetPort);
  await createCharacter(alice, 'Alice');

  // Config variables: the operator's value, and the schema's default.
  alice.skip();
  alice.send('conf greeting');
  await alice.expect('conf greeting = "ahoy"');
  alice.send('conf limit');
  await alice.expect('conf limit = 3');
  alice.send('ping');
  await alice.expect('ahoy, pong from probe 0.1.0');

  // Precedence: the operator gave `look` and `l` to probe.
  alice.send('look');
  await alice.expect('the probe looks around');
  alice.send('l');
  await alice.expect('the probe looks around');

  // Ticks that change nothing commit nothing.
  const head = server.gateway.committer.head;
  const ticks = server.gateway.ticks.ticks;
  const polls = server.gateway.timers.polls;
  await new Promise((r) => setTimeout(r, 600));
  assert.ok(server.gateway.ticks.ticks >= ticks + 3, `ticks were delivered (${server.gateway.ticks.ticks - ticks} in 600 ms)`);
  assert.equal(server.gateway.committer.head, head, 'idle ticks wrote nothing to the log');
  assert.equal(server.gateway.timers.polls, polls, `with no timer pending, the timer pump does not query the database (${polls} → ${server.gateway.timers.polls}, next due ${String((server.gateway.timers as unknown as { nextDue: number }).nextDue)})`);

  // A tick that changes something is logged with its effects.
  alice.send('arm 3');
  await alice.expect('armed');
  const done = await alice.expect(/countdown done at tick \d+/, 3000);
  const doneTick = Number(/tick (\d+)/.exec(done)![1]);
  const events = await server.gateway.store.readAll(head, 10_000);
  const tickEvents = events.filter((e) => e.type === 'world.tick');
  assert.equal(tickEvents.length, 3, 'exactly the three ticks that changed the countdown were logged');
  assert.deepEqual(Object.keys(tickEvents[0]!.payload as object).sort(), ['dtMs', 'now', 'tick']);
  assert.equal((tickEvents[2]!.payload as { tick: number }).tick, doneTick);
  assert.ok(
    tickEvents.every((e) => (e.payload as { dtMs: number }).dtMs % 100 === 0),
    'dtMs is a whole number of 100 ms ticks',
  );

  // Timers fire at their time.
  const t0 = Date.now();
  alice.send('remind 300 tea is ready');
  await alice.expect('Reminder: tea is ready', 5000);
  assert.ok(Date.now() - t0 >= 300, 'not before its time');
  const remind = (await server.gateway.store.readAll(head, 10_000)).find((e) => e.type === 'probe.remind');
  assert.equal(remind?.stream, 'pack:probe');
  assert.equal(remind?.packVersion, '0.1.0');

  // A timer pending at shutdown survives the restart and fires after it.
  alice.send('remind 1500 after the restart');
  await alice.expect('I will remind you');
  assert.equal((await server.gateway.store.dueTimers(Number.MAX_SAFE_INTEGER, 10)).length, 1, 'the timer is in the database');
  await alice.close();
  await server.stop();
  stopped = true;
  server = await startServer(config(fx.dir, data.dir, { look: 'rooms', l: 'rooms' }), logs.log);
  stopped = false;
  const fired = async (): Promise<boolean> => (await server.gateway.store.readAll(0, 100_000)).some((e) => e.type === 'probe.remind' && (e.payload as { text: string }).text === 'after the restart');
  for (let i = 0; i < 100 && !(await fired()); i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(await fired(), true, 'the timer fired after the restart');
  assert.equal((await server.gateway.store.dueTimers(Number.MAX_SAFE_INTEGER, 10)).length, 0, 'and was consumed');

  // The new precedence gives `look` back to rooms.
  const again = await TelnetPlayer.connect(server.telnetPort);
  t.after(() => again.close());
  await again.expect(/connect <name> <password>/);
  again.send('connect Alice secret-pass');
  await again.expect(/^Exits:/);
  again.skip();
  again.send('look');
  await again.expect('Emberford Square');
});
