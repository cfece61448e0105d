/**
 * /health against a real server on a throwaway PostgreSQL database: 200 with each
 * check while healthy; 503 naming the database once PostgreSQL refuses the server
 * (connections terminated, new ones refused); a say typed meanwhile waits for its
 * commit, and arrives with /health back at 200 once the database returns.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import type { HealthReport } from '../../engine/net/http/health.ts';
import { ENGINE_VERSION } from '../../engine/version.ts';
import { ADMIN_URL, throwawayPostgres } from '../support/postgres.ts';
import { TelnetPlayer, createCharacter } from '../support/players.ts';
import { startTestServer } from '../support/server.ts';

/**
 * Packs that commit on their own (creatures wander on ticks; townsfolk think, and NPCs
 * gossip, on timers): one of their commits would meet the outage before the say whose
 * hold-and-retry this test checks, and the say would then be refused at once instead.
 */
const TICKING_PACKS = new Set(['creatures', 'lives', 'memory', 'relationships']);
import { DEFAULT_PACKS } from '../../engine/config/defaults.ts';

async function health(port: number): Promise<{ status: number; body: HealthReport }> {
  const res = await fetch(`http://127.0.0.1:${port}/health`);
  return { status: res.status, body: (await res.json()) as HealthReport };
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function until<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('/health is 200 when healthy, 503 while PostgreSQL refuses the server, 200 again after', async (t) => {
  const db = await throwawayPostgres();
  if ('skip' in db) {
    t.skip(db.skip);
    return;
  }
  // Without the creatures pack: its wanderers commit on world ticks, so the outage would
  // be noticed (and later commands refused, ENGINE_WORLD_UNAVAILABLE) before Alice's say,
  // and this test is about her say being the commit that is held and retried.
  const server = await startTestServer({ databaseUrl: db.url, packs: DEFAULT_PACKS.filter((p) => !TICKING_PACKS.has(p)) });
  const alice = await TelnetPlayer.connect(server.telnetPort);
  // after-hooks run in the order they were added: player, server, then the database.
  t.after(() => alice.close());
  t.after(() => server.stop());
  t.after(() => db.drop());
  const port = server.httpPort;
  await createCharacter(alice, 'Alice');

  const ok = await health(port);
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.status, 'ok');
  assert.equal(ok.body.checks['database']?.ok, true);
  assert.match(ok.body.checks['database']?.detail ?? '', /^postgres, answered in/);
  assert.equal(ok.body.checks['world']?.ok, true);
  assert.equal(ok.body.checks['packs']?.ok, true);
  assert.equal(ok.body.checks['nats'], undefined, 'NATS is not configured, so not checked');
  assert.equal(ok.body.version, ENGINE_VERSION);
  assert.ok(ok.body.lastEventPosition > 0, 'creating Alice committed events');
  assert.equal(ok.body.lastEventPosition, server.gateway.committer.head);
  assert.ok(ok.body.uptimeSeconds >= 0);
  assert.ok(ok.body.memory.rssBytes > 0 && ok.body.memory.heapUsedBytes > 0);
  assert.equal(ok.body.playersOnline, 1, JSON.stringify(ok.body));

  // PostgreSQL turns the server away: every connection it had is ended, new ones are refused.
  await admin(`ALTER DATABASE ${db.name} WITH ALLOW_CONNECTIONS false`);
  await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db.name}'`);
  const down = await until(
    '503',
    () => health(port),
    (h) => h.status === 503,
  );
  assert.equal(down.body.status, 'degraded');
  assert.equal(down.body.checks['database']?.ok, false);
  // Refused at once, normally; on a loaded machine the 1 s probe timeout may come first.
  assert.match(down.body.checks['database']?.detail ?? '', /unreachable|commits failing|no answer within/);
  assert.equal(down.body.checks['world']?.ok, true, `only the database is down: ${JSON.stringify(down.body.checks)}`);

  // A command typed now runs in the world but cannot commit: its output is held back.
  alice.skip();
  alice.send('say is anyone there');
  const failing = await until(
    'commits failing',
    () => health(port),
    (h) => /commits failing/.test(h.body.checks['database']?.detail ?? ''),
  );
  assert.equal(failing.status, 503);
  assert.ok(!alice.lines().some((l) => l.includes('You say, "is anyone there"')), 'no output before its commit');

  // The database comes back: the retried commit lands, the say is shown, /health is 200.
  await admin(`ALTER DATABASE ${db.name} WITH ALLOW_CONNECTIONS true`);
  await alice.expect('You say, "is anyone there"', 10_000);
  const back = await until(
    '200',
    () => health(port),
    (h) => h.status === 200,
  );
  assert.equal(back.body.checks['database']?.ok, true, JSON.stringify(back.body.checks));
  assert.ok(back.body.lastEventPosition > ok.body.lastEventPosition, `${back.body.lastEventPosition} > ${ok.body.lastEventPosition}`);
});
