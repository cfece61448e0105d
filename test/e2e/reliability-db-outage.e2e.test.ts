/**
 * Database outage: the test starts its own PostgreSQL cluster (initdb/pg_ctl as
 * the postgres user), runs a server on it with players, stops PostgreSQL under
 * load and starts it again. While it is down: /health says degraded (503), new
 * commands get "the world is briefly unavailable; your command was not run" at
 * once (and indeed are not run), commands already in flight wait and finish after
 * the restart. Afterwards: the server recovered by itself, nothing acknowledged is
 * lost, the log is gap-free and the rebuild equals the snapshot.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rebuildComponents, snapshotToState } from '../../engine/store/rebuild.ts';
import { openStore } from '../../engine/store/open.ts';
import { startCluster } from '../support/pg-cluster.ts';
import { WsPlayer, createCharacter } from '../support/players.ts';
import { Bot, sleep, tokensIn } from '../support/reliability.ts';
import { startTestServer } from '../support/server.ts';

const OUTAGE_MS = Number(process.env['MYRIAD_OUTAGE_MS'] ?? 4_000);
/** `immediate` is a PostgreSQL crash (recovery from WAL at start); `fast` a clean stop. */
const MODE = (process.env['MYRIAD_OUTAGE_MODE'] ?? 'immediate') as 'fast' | 'immediate';
const UNAVAILABLE = /The world is briefly unavailable; your command was not run/;

async function health(port: number): Promise<{ status: number; database: boolean }> {
  const res = await fetch(`http://127.0.0.1:${port}/health`);
  const body = (await res.json()) as { checks: Record<string, { ok: boolean }> };
  return { status: res.status, database: body.checks['database']?.ok === true };
}

test('PostgreSQL stopped and restarted under load: clear answers, nothing acknowledged lost, recovery on its own', { timeout: 240_000 }, async (t) => {
  const cluster = await startCluster();
  if ('skip' in cluster) return t.skip(cluster.skip);
  const cleanup: Array<() => Promise<unknown>> = [];
  // One hook, in order: players, server (it drains commits: the database must be up), cluster.
  t.after(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => undefined);
    await cluster.destroy();
  });
  const server = await startTestServer({ databaseUrl: cluster.url, packs: ['rooms', 'social'], limits: { commands: { count: 1_000, windowMs: 1_000 } } });
  cleanup.push(async () => {
    await cluster.start().catch(() => undefined);
    await server.stop();
  });

  const admin = await WsPlayer.connect(server.httpPort);
  await createCharacter(admin, 'Operator');
  const bots = Array.from(
    { length: 20 },
    (_, i) =>
      new Bot(i, {
        name: `Player${String.fromCharCode(97 + i)}`,
        password: 'outage-pass',
        transport: i % 4 === 0 ? 'telnet' : 'websocket',
        telnetPort: server.telnetPort,
        httpPort: server.httpPort,
        pace: [100, 300],
      }),
  );
  cleanup.push(async () => {
    for (const b of bots) await b.close();
  });
  for (const b of bots) b.start();
  for (const b of bots) assert.ok(await b.waitOnline(30_000));
  const probe = await WsPlayer.connect(server.httpPort);
  await createCharacter(probe, 'Probe');
  await sleep(1_000);

  // A prober says a new token every 100 ms without waiting, and times each answer:
  // acknowledged ("You say, "<token>"") or refused (the unavailable message, which names
  // no token: refusals come at once, so one belongs to the newest unanswered probe,
  // while older ones may still be waiting for the database).
  interface Probe {
    token: string;
    sentAt: number;
    ms?: number;
    answer?: 'said' | 'refused';
  }
  const probes: Probe[] = [];
  const probeWs = (probe as unknown as { ws: import('ws').WebSocket }).ws;
  probeWs.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { type: string; text?: string };
    if (frame.type !== 'output' || !frame.text) return;
    const now = performance.now();
    const said = /You say, "(tok999x\d+)"/.exec(frame.text)?.[1];
    const p = said ? probes.find((x) => x.token === said) : UNAVAILABLE.test(frame.text) ? [...probes].reverse().find((x) => x.answer === undefined) : undefined;
    if (p && p.answer === undefined) {
      p.answer = said ? 'said' : 'refused';
      p.ms = now - p.sentAt;
    }
  });
  let probing = true;
  const prober = (async () => {
    for (let n = 0; probing; n++) {
      const token = `tok999x${n}`;
      probes.push({ token, sentAt: performance.now() });
      probe.send(`say ${token}`);
      await sleep(100);
    }
  })();

  // Down.
  const downAt = performance.now();
  await cluster.stop(MODE);
  const statuses: Array<{ status: number; database: boolean }> = [];
  while (performance.now() - downAt < OUTAGE_MS) {
    statuses.push(await health(server.httpPort));
    await sleep(200);
  }
  const sawDegraded = statuses.some((s) => s.status === 503 && !s.database);
  // Up again: how long until commits flow by themselves?
  await cluster.start();
  const upAt = performance.now();
  while (!server.gateway.committer.healthy) {
    assert.ok(performance.now() - upAt < 30_000, 'the server recovers within 30 s of the database');
    await sleep(10);
  }
  const recoveryMs = performance.now() - upAt;
  assert.equal((await health(server.httpPort)).status, 200, '/health is ok again');
  await sleep(2_000); // play on after recovery
  probing = false;
  await prober;
  await sleep(500);
  for (const b of bots) await b.pause();
  await sleep(300);

  assert.ok(sawDegraded, `/health said degraded (503) during the outage: ${JSON.stringify(statuses.slice(0, 5))}`);
  const during = probes.filter((p) => p.sentAt > downAt && p.sentAt < upAt);
  for (const p of probes) assert.ok(p.answer, `probe ${p.token} was answered`);
  const refused = probes.filter((p) => p.answer === 'refused');
  assert.ok(refused.length > 0, 'commands during the outage got the clear answer');
  const slowestRefusal = Math.max(...refused.map((p) => p.ms ?? Infinity));
  assert.ok(slowestRefusal < 2_500, `refusals come at once (slowest ${slowestRefusal.toFixed(0)} ms)`);
  const waited = probes.filter((p) => p.answer === 'said' && p.sentAt < upAt && p.sentAt + (p.ms ?? 0) > upAt);
  // Players were told, and told again when it was over.
  const botText = bots.map((b) => b.lines().join('\n')).join('\n');
  assert.match(botText, /The world is waiting for its database/);
  assert.match(botText, /The world is back/);

  // Nothing acknowledged is lost; nothing refused was run.
  const reader = await openStore({ databaseUrl: cluster.url });
  cleanup.push(() => reader.close());
  assert.ok(await server.gateway.committer.drainWithin(60_000), 'every queued result is committed after the recovery');
  const events = await reader.readAll(0, 1_000_000);
  events.forEach((e, i) => assert.equal(e.position, i + 1, 'gap-free positions'));
  const committed = new Set(events.filter((e) => e.type === 'social.say').flatMap((e) => tokensIn(JSON.stringify(e.payload))));
  for (const p of probes) {
    if (p.answer === 'said') assert.ok(committed.has(p.token), `acknowledged ${p.token} is committed`);
    else assert.ok(!committed.has(p.token), `refused ${p.token} was not run`);
  }
  let sightings = 0;
  for (const b of bots) {
    for (const tok of tokensIn(b.lines().join('\n'))) {
      sightings++;
      assert.ok(committed.has(tok), `${b.opts.name} was shown ${tok}, which is not committed`);
    }
  }
  assert.deepEqual(await rebuildComponents(reader), snapshotToState((await reader.loadSnapshot()).components));
  t.diagnostic(
    `outage ${OUTAGE_MS} ms (pg_ctl stop -m ${MODE}): /health 503 in ${statuses.filter((s) => s.status === 503).length}/${statuses.length} polls; ` +
      `${during.length} probes during it: ${refused.length} refused at once (slowest ${slowestRefusal.toFixed(0)} ms), ` +
      `${waited.length} in flight waited for the database (longest ${Math.max(0, ...waited.map((p) => p.ms ?? 0)).toFixed(0)} ms) and completed; ` +
      `recovery ${recoveryMs.toFixed(0)} ms after PostgreSQL accepted connections; ${sightings} token sightings all committed, ${events.length} events gap-free`,
  );
  await Promise.all([admin.close(), probe.close()]);
});

test('a server stopped while its PostgreSQL is down stops within its deadline, and what it dropped was never acknowledged', { timeout: 120_000 }, async (t) => {
  const cluster = await startCluster();
  if ('skip' in cluster) return t.skip(cluster.skip);
  t.after(() => cluster.destroy());
  const server = await startTestServer({ databaseUrl: cluster.url, packs: ['rooms', 'social'] });
  const player = await WsPlayer.connect(server.httpPort);
  await createCharacter(player, 'Lastword');
  await cluster.stop('immediate');
  player.send('say nobody will hear this');
  await player.expect(/waiting for its database|briefly unavailable/, 15_000);
  const t0 = performance.now();
  await server.stop();
  const ms = performance.now() - t0;
  // 15 s for the queued commits, then the store is closed with a 2 s limit.
  assert.ok(ms < 30_000, `stop finished in ${ms.toFixed(0)} ms`);
  await player.close();
  // What was queued was never acknowledged: nobody saw it, and it is not in the log.
  await cluster.start();
  const reader = await openStore({ databaseUrl: cluster.url });
  t.after(() => reader.close());
  const says = (await reader.readAll(0, 10_000)).filter((e) => e.type === 'social.say');
  assert.deepEqual(says, [], 'the dropped say was never committed');
  t.diagnostic(`stop without the database took ${ms.toFixed(0)} ms`);
});
