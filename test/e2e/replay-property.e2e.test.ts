/**
 * Reconnect replay as a property: a character who leaves (quit, or hangs up
 * without it) and comes back sees every event caused by others exactly once, in
 * order, rendered as live — live before it left, then replayed, then live again.
 *
 * The witness Cat stays connected in the same room the whole time; Bob's lines
 * (first connection after the script starts, then the second connection's replay
 * and live output) must equal Cat's lines about Ann and Dan. fast-check draws the
 * script: says, poses and walks out and back by Ann and Dan, spread over the
 * absence, with some sent in the same millisecond as the leaving and as the return.
 * Over telnet and WebSocket, on PGlite and PostgreSQL.
 *
 * Runtime: RUNS scripts per backend (each transport half of them), ~1 s each.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startTestServer, type TestServerOptions } from '../support/server.ts';
import { TelnetPlayer, WsPlayer, createCharacter, type Player } from '../support/players.ts';
import { throwawayPostgres } from '../support/postgres.ts';

/** Scripts per backend: enough to mix transports, leave modes and same-millisecond actions in ~10 s. */
const RUNS = 8;

type Actor = 'Ann' | 'Dan';
interface Step {
  readonly who: Actor;
  readonly kind: 'say' | 'pose' | 'walk';
  /** ms after the leaving; 0 = same millisecond. */
  readonly at: number;
}
interface Script {
  readonly transport: 'telnet' | 'websocket';
  readonly leave: 'quit' | 'hangup';
  readonly steps: readonly Step[];
  /** Actions sent in the same millisecond as the reconnecting `connect` line. */
  readonly atReturn: readonly Step[];
  readonly returnAfter: number;
}

const step = fc.record({
  who: fc.constantFrom<Actor>('Ann', 'Dan'),
  kind: fc.constantFrom<Step['kind']>('say', 'pose', 'say', 'pose', 'walk'),
  at: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60 })),
});
const script: fc.Arbitrary<Script> = fc.record({
  transport: fc.constantFrom<Script['transport']>('telnet', 'websocket'),
  leave: fc.constantFrom<Script['leave']>('quit', 'hangup'),
  steps: fc.array(step, { minLength: 1, maxLength: 6 }),
  atReturn: fc.array(
    step.map((s) => ({ ...s, kind: s.kind === 'walk' ? ('say' as const) : s.kind })),
    { maxLength: 2 },
  ),
  returnAfter: fc.integer({ min: 20, max: 120 }),
});

/** Lines about Ann or Dan, the replay's game-time prefix taken off. */
function othersLines(lines: readonly string[]): string[] {
  return lines.map((l) => l.replace(/^\[day \d+, \d\d:\d\d\] /, '')).filter((l) => /^(Ann|Dan) /.test(l));
}

async function login(transport: Script['transport'], server: { telnetPort: number; httpPort: number }): Promise<Player> {
  const p = transport === 'telnet' ? await TelnetPlayer.connect(server.telnetPort) : await WsPlayer.connect(server.httpPort);
  await p.expect(/connect <name> <password>/);
  return p;
}

async function waitFor(cond: () => boolean, what: () => string, ms = 8000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function replayProperty(storage: TestServerOptions): Promise<number> {
  const t0 = Date.now();
  // Bob logs in once a script: more than the 5 a minute a name may try by default.
  // Dan walks north and south in many scripts: at the default 1 stamina a metre he ran dry
  // ("Insufficient stamina: walking north costs 40 …") and Cat saw nothing to compare.
  const server = await startTestServer({
    ...storage,
    limits: { exemptAddresses: ['127.0.0.1', '::1'], loginsPerName: { count: 1000, windowMs: 60_000 } },
    settings: { stamina: { config: { costs: { walk: 0.05 } } } },
  });
  try {
    const [ann, dan, cat, bob0] = await Promise.all([0, 1, 2, 3].map(() => TelnetPlayer.connect(server.telnetPort)));
    await createCharacter(ann!, 'Ann');
    await createCharacter(dan!, 'Dan');
    await createCharacter(cat!, 'Cat');
    await createCharacter(bob0!, 'Bob');
    let bob: Player = bob0!;
    if (process.env['REPLAY_TIMING']) console.error('setup', Date.now() - t0);
    const actors: Record<Actor, TelnetPlayer> = { Ann: ann!, Dan: dan! };
    let run = 0;
    const act = (s: Step, i: number): void => {
      const token = `r${run}s${i}`;
      const p = actors[s.who];
      if (s.kind === 'say') p.send(`say ${token}`);
      else if (s.kind === 'pose') p.send(`:${token} waves`);
      else {
        p.send('north');
        p.send('south');
      }
    };
    await fc.assert(
      fc.asyncProperty(script, async (sc) => {
        run++;
        const t0 = Date.now();
        const lap = (what: string): void => {
          if (process.env['REPLAY_TIMING']) console.error(run, what, Date.now() - t0);
        };
        const expectedLines = (steps: readonly Step[]): number => steps.reduce((n, s) => n + (s.kind === 'walk' ? 2 : 1), 0);
        const total = expectedLines(sc.steps) + expectedLines(sc.atReturn);
        const catFrom = cat!.lines().length;
        const bobFrom = bob.lines().length;
        const first = bob;

        // Leave, with some actions in the same millisecond.
        if (sc.leave === 'quit') first.send('quit');
        else (first as TelnetPlayer | WsPlayer).hangUp();
        const later = sc.steps.map((s, i) => (s.at === 0 ? (act(s, i), null) : new Promise<void>((r) => setTimeout(() => (act(s, i), r()), s.at))));
        await Promise.all(later);
        lap('acted');
        await waitFor(
          () => first.closed,
          () => 'the leaving connection to close',
        );
        lap('closed');
        await new Promise((r) => setTimeout(r, sc.returnAfter));

        // Return, with some actions in the same millisecond as the connect line.
        const second = await login(sc.transport, server);
        second.send('connect bob secret-pass');
        for (const [i, s] of sc.atReturn.entries()) act(s, 100 + i);
        await second.expect(/^Exits:/);
        lap('back');
        bob = second;

        const catLines = (): string[] => othersLines(cat!.lines().slice(catFrom));
        const bobLines = (): string[] => [...othersLines(first.lines().slice(bobFrom)), ...othersLines(second.lines())];
        await waitFor(
          () => catLines().length >= total,
          () => `Cat to see ${total} lines: ${JSON.stringify(catLines())}; Ann: ${JSON.stringify(ann!.lines().slice(-6))}; Dan: ${JSON.stringify(dan!.lines().slice(-6))}`,
        );
        await waitFor(
          () => bobLines().length >= catLines().length,
          () => `Bob: ${JSON.stringify(bobLines())}\nCat: ${JSON.stringify(catLines())}`,
          3000,
        ).catch(() => undefined);
        lap('seen');
        // Nothing more arrives late (a duplicate would).
        await new Promise((r) => setTimeout(r, 50));
        assert.deepEqual(bobLines(), catLines(), `script ${JSON.stringify(sc)}\nBob's first connection: ${JSON.stringify(first.lines().slice(bobFrom))}\nsecond: ${JSON.stringify(second.lines())}`);

        // The replay block: a header only when something was missed, counted right, every line timed.
        const all = second.lines();
        const head = all.findIndex((l) => l.startsWith('--- ') && /missed event/.test(l));
        const end = all.indexOf('--- end of replay ---');
        if (head === -1) assert.equal(end, -1, 'no end marker without a header');
        else {
          const replayed = all.slice(head + 1, end);
          const n = replayed.length;
          assert.equal(all[head], `--- ${n} missed event${n === 1 ? '' : 's'} ---`);
          assert.ok(n > 0, 'no "0 missed events" block');
          for (const l of replayed) assert.match(l, /^\[day \d+, \d\d:\d\d\] /, 'each replayed line carries its game time');
        }
        assert.ok(!all.some((l) => /--- 0 missed/.test(l)));
      }),
      { numRuns: RUNS, endOnFailure: true, includeErrorInReport: true },
    );
    await Promise.all([ann!.close(), dan!.close(), cat!.close(), bob.close()]);
    return run;
  } finally {
    await server.stop();
  }
}

test('replay on PGlite: Bob sees what Cat saw of the others, once, in order, timed', async () => {
  const runs = await replayProperty({});
  assert.equal(runs, RUNS);
});

test('replay on PostgreSQL: the same property', async (t) => {
  const pg = await throwawayPostgres();
  if ('skip' in pg) return t.skip(pg.skip);
  t.after(() => pg.drop());
  const runs = await replayProperty({ databaseUrl: pg.url });
  assert.equal(runs, RUNS);
});
