/**
 * What an operator sees when a pack misbehaves: the trap logged from inside the
 * world with the command's corr (joining the gateway's lines for that command),
 * fault and quarantine counters in /metrics, /health 503 naming the quarantined
 * pack, @packs marking it; @reload keeping it and @packs unquarantine lifting it
 * (/health 200 again).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../../engine/logger.ts';
import { startServer } from '../../engine/gateway/server.ts';
import type { HealthReport } from '../../engine/net/http/health.ts';
import { fixturePacks } from '../support/fixture-packs.ts';
import { TelnetPlayer, createCharacter } from '../support/players.ts';
import { testConfig } from '../support/server.ts';

type Line = Record<string, unknown> & { msg: string };

async function get(port: number, path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, text: await res.text() };
}

test('a trapping pack: corr from socket into the world, faults and quarantine in metrics, /health and @packs', async (t) => {
  const fixtures = await fixturePacks(['trap']);
  const lines: Line[] = [];
  const log = createLogger('debug', false, { destination: { write: (l: string) => void lines.push(JSON.parse(l) as Line) } });
  const settings = { trap: { grants: { send: ['actor' as const], write: ['trap.mark'] } } };
  const server = await startServer(testConfig({ packs: ['rooms', 'social', 'trap'], packDirs: [fixtures.dir], settings }), log);
  const alice = await TelnetPlayer.connect(server.telnetPort);
  t.after(async () => {
    await alice.close();
    await server.stop();
    fixtures.remove();
  });
  await createCharacter(alice, 'Alice'); // admin: the first account
  const port = server.httpPort;

  alice.skip();
  alice.send('boom');
  await alice.expect('Something went wrong in the trap pack; your command was not run.');

  // The same corr on the socket's line, the world's trap line (logged inside the worker), the failure and the commit.
  const received = lines.find((l) => l.msg === 'command received' && l['verb'] === 'boom');
  assert.ok(received);
  const corr = received['corr'];
  const deadline = Date.now() + 3000;
  while (!lines.some((l) => l['corr'] === corr && l.msg === 'command committed') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const same = lines.filter((l) => l['corr'] === corr);
  // The pack's own line (the SDK's abort handler logs through the host) and the world's verdict on the call.
  const fromPack = same.find((l) => l['pack'] === 'trap' && /^kaboom on purpose \(assembly\/pack\.ts:\d+:\d+\)$/.test(l.msg));
  assert.ok(fromPack, `the pack's line carries the corr: ${JSON.stringify(same)}`);
  const fromWorld = same.find((l) => l['pack'] === 'trap' && /^myriad_command trap: /.test(l.msg));
  assert.ok(fromWorld, `the world's trap line carries the corr: ${JSON.stringify(same)}`);
  assert.equal(fromWorld['level'], 50);
  assert.ok(same.some((l) => l.msg === 'command failed' && l['code'] === 'PACK_TRAP' && l['pack'] === 'trap'));
  assert.ok(same.some((l) => l.msg === 'pack call' && l['pack'] === 'trap'));
  assert.ok(
    same.some((l) => l.msg === 'command committed' && l['events'] === 0),
    'a rolled-back command commits nothing',
  );

  // Two more faults quarantine the pack (3 in 10 minutes by default).
  for (let i = 0; i < 2; i++) {
    alice.send('boom');
    await alice.expect('Something went wrong in the trap pack');
  }
  alice.send('fuse');
  await alice.expect(/trap is disabled/);

  const metrics = (await get(server.metricsPort!, '/metrics')).text;
  assert.match(metrics, /^myriad_pack_faults_total\{pack="trap",kind="PACK_TRAP"\} 3$/m);
  assert.match(metrics, /^myriad_pack_quarantines_total\{pack="trap"\} 1$/m);
  assert.match(metrics, /^myriad_pack_call_latency_seconds_count\{pack="trap"\} [3-9]$/m);

  const degraded = await get(port, '/health');
  assert.equal(degraded.status, 503);
  const report = JSON.parse(degraded.text) as HealthReport;
  assert.equal(report.status, 'degraded');
  assert.equal(report.checks['packs']?.ok, false);
  assert.match(report.checks['packs']?.detail ?? '', /^quarantined: trap \(since \d{4}-\d\d-\d\dT.*last fault PACK_TRAP/);
  assert.equal(report.checks['database']?.ok, true);
  assert.equal(report.checks['world']?.ok, true);

  alice.skip();
  alice.send('@packs');
  await alice.expect(/^\s+trap\s+0\.1\.0\s+\d+\s+[\d.]+\s+3\s+0\s+QUARANTINED since \d{4}-/);
  await alice.expect(/^\s+last fault: PACK_TRAP/);

  // A reload keeps the stored quarantine; the admin lifts it.
  alice.send('@reload');
  await alice.expect(/^Packs reloaded in \d+ ms: .*trap@0\.1\.0/, 15_000);
  assert.equal((await get(port, '/health')).status, 503, 'still quarantined after the reload');
  alice.send('@packs unquarantine trap');
  await alice.expect('The quarantine of trap is lifted; it runs again from its next call.');
  const healthy = await get(port, '/health');
  assert.equal(healthy.status, 200, healthy.text);
  alice.send('fuse');
  await alice.expect('pong');
});
