/**
 * Kill test: a server process (PostgreSQL through DATABASE_URL) is SIGKILLed at a
 * random moment while scripted clients play (say unique tokens, walk, look),
 * restarted on the same ports, and the clients reconnect by themselves. After
 * every kill, and at the end:
 *
 *   - the event log has no gaps or duplicates: positions 1..N, per-stream
 *     versions 1..n, event ids unique;
 *   - every output line any client was shown is backed by a committed event
 *     (every token seen in a say is in a committed social.say);
 *   - every character is where the log says (its `look` names the room the
 *     world rebuilt from the log puts it in);
 *   - the world rebuilt from the log equals the snapshot.
 *
 * Defaults: 20 kills, 50 clients. MYRIAD_KILLS and MYRIAD_KILL_CLIENTS raise them
 * (the soak mode); MYRIAD_KILL_SEED fixes the random moments.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rebuildComponents, snapshotToState, type ComponentState } from '../../engine/store/rebuild.ts';
import type { EventStore, StoredEvent } from '../../engine/store/types.ts';
import { throwawayPostgres } from '../support/postgres.ts';
import { Bot, ChildServer, freePort, sleep, tokensIn } from '../support/reliability.ts';

const KILLS = Number(process.env['MYRIAD_KILLS'] ?? 20);
const CLIENTS = Number(process.env['MYRIAD_KILL_CLIENTS'] ?? 50);
let seed = Number(process.env['MYRIAD_KILL_SEED'] ?? Date.now() % 100_000);
const SEED = seed;
/** A small deterministic generator for the kill moments (Math.random drives the bots). */
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}

async function readLog(store: EventStore): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for (;;) {
    const page = await store.readAll(all.at(-1)?.position ?? 0, 10_000);
    all.push(...page);
    if (page.length < 10_000) return all;
  }
}

/** The log's own invariants: positions 1..N, per-stream versions 1..n, unique ids. */
function checkLog(events: readonly StoredEvent[]): void {
  events.forEach((e, i) => assert.equal(e.position, i + 1, `position ${e.position} at index ${i}: a gap or a duplicate`));
  const versions = new Map<string, number>();
  const ids = new Set<string>();
  for (const e of events) {
    assert.equal(e.version, (versions.get(e.stream) ?? 0) + 1, `stream ${e.stream}: version ${e.version} after ${versions.get(e.stream) ?? 0}`);
    versions.set(e.stream, e.version);
    assert.ok(!ids.has(e.id), `event id ${e.id} twice`);
    ids.add(e.id);
  }
}

function committedTokens(events: readonly StoredEvent[]): Set<string> {
  const out = new Set<string>();
  for (const e of events) if (e.type === 'social.say') for (const t of tokensIn(JSON.stringify(e.payload))) out.add(t);
  return out;
}

/** A room's display name, wherever the rooms pack keeps it. */
function nameOf(state: ComponentState, entity: string): string | null {
  for (const [key, value] of state.get(entity) ?? []) {
    if (key === 'name' && typeof value === 'string') return value;
    if (typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string' && key.startsWith('rooms.')) return (value as { name: string }).name;
  }
  return null;
}

test(`the server survives ${KILLS} SIGKILLs under ${CLIENTS} players with zero loss`, { timeout: 30 * 60_000 }, async (t) => {
  const pg = await throwawayPostgres();
  if ('skip' in pg) return t.skip(pg.skip);
  t.after(() => pg.drop());
  const [telnetPort, httpPort] = [await freePort(), await freePort()];
  const server = new ChildServer({
    telnetPort,
    httpPort,
    databaseUrl: pg.url,
    config: {
      log: { level: 'info', pretty: false },
      packs: { enabled: ['rooms', 'social'] },
      // Every client is on 127.0.0.1 and scripted: no per-address caps, a generous command rate.
      limits: { exemptAddresses: ['127.0.0.1', '::1'], commands: { count: 1_000, windowMs: 1_000 } },
    },
  });
  t.after(() => server.dispose());
  const bots = Array.from(
    { length: CLIENTS },
    (_, i) =>
      new Bot(i, {
        name: `Bot${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}${String.fromCharCode(97 + (Math.floor(i / 676) % 26))}`,
        password: 'kill-test-pass',
        transport: i % 5 === 0 ? 'telnet' : 'websocket',
        telnetPort,
        httpPort,
        pace: [50, 250],
      }),
  );
  t.after(async () => {
    for (const b of bots) await b.close().catch(() => undefined);
  });
  const reader = await pg.openStore();

  const startMs: number[] = [];
  const reconnectMs: number[] = [];
  startMs.push(await server.start());
  // The first account is the admin; create the bots one after another (creation is the slow part).
  for (const b of bots) b.start();
  for (const b of bots) assert.ok(await b.waitOnline(60_000), `${b.opts.name} came online`);

  let lastCount = 0;
  for (let k = 1; k <= KILLS; k++) {
    // Play for a random 0.3–2.3 s, then kill at that moment: commands are in flight.
    await sleep(300 + random() * 2_000);
    await server.kill();
    const events = await readLog(reader);
    checkLog(events);
    assert.ok(events.length >= lastCount, 'the log never shrinks');
    lastCount = events.length;
    // Every token anyone has been shown so far is committed.
    const committed = committedTokens(events);
    for (const b of bots) for (const tok of tokensIn(b.lines().join('\n'))) assert.ok(committed.has(tok), `${b.opts.name} was shown ${tok}, which is not in the log (kill ${k})`);
    await sleep(random() * 500); // the clients notice and start retrying
    startMs.push(await server.start());
    const t0 = performance.now();
    const back = await Promise.all(bots.map((b) => b.waitOnline(60_000)));
    assert.ok(back.every(Boolean), `all clients reconnected after kill ${k} (${back.filter(Boolean).length}/${bots.length})`);
    reconnectMs.push(performance.now() - t0);
  }

  // Quiet down, then every character's own `look` against the log.
  for (const b of bots) await b.pause();
  await sleep(500);
  const events = await readLog(reader);
  checkLog(events);
  const rebuilt = await rebuildComponents(reader);
  const rooms = new Map<string, string>();
  for (const entity of rebuilt.keys()) {
    const name = nameOf(rebuilt, entity);
    if (name && rebuilt.get(entity)?.has('rooms.exits')) rooms.set(entity, name);
  }
  assert.ok(rooms.size >= 5, `room names found in the log (${rooms.size})`);
  const titles = new RegExp(`^(${[...rooms.values()].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
  let checked = 0;
  for (const b of bots) {
    const account = await reader.findAccount(b.opts.name);
    assert.ok(account, `account ${b.opts.name}`);
    const location = rebuilt.get(account.characterId)?.get('location');
    assert.equal(typeof location, 'string', `${b.opts.name} has a location in the log`);
    const p = b.player!;
    p.skip();
    p.send('look');
    const title = await p.expect(titles, 10_000);
    assert.equal(title, rooms.get(location as string), `${b.opts.name} stands where the log says`);
    checked++;
  }
  const committed = committedTokens(events);
  let seen = 0;
  for (const b of bots) {
    for (const tok of tokensIn(b.lines().join('\n'))) {
      seen++;
      assert.ok(committed.has(tok), `${b.opts.name} was shown ${tok}, which is not in the log`);
    }
  }
  await server.stop();
  const snapshot = snapshotToState((await reader.loadSnapshot()).components);
  assert.deepEqual(await rebuildComponents(reader), snapshot, 'the world rebuilt from the log equals the snapshot');

  const said = bots.reduce((n, b) => n + b.saidTokens, 0);
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  t.diagnostic(
    `${KILLS} SIGKILLs survived with zero loss (seed ${SEED}); ${CLIENTS} clients, ${bots.reduce((n, b) => n + b.commands, 0)} commands, ` +
      `${said} says sent, ${committed.size} committed (${said - committed.size} in flight at a kill, never acknowledged), ${seen} token sightings all backed by the log; ${events.length} events, gap-free; ` +
      `${checked} characters where the log says; restart median ${median(startMs.slice(1)).toFixed(0)} ms, all clients back in median ${median(reconnectMs).toFixed(0)} ms (max ${Math.max(...reconnectMs).toFixed(0)} ms)`,
  );
});
