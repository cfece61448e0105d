/**
 * Hostile input against a running server: random telnet byte streams (split at
 * random points, biased towards IAC, SB/SE, escapes and line ends), random
 * WebSocket frames, and random command lines from logged-in players. Afterwards
 * the server must be healthy, play must work, and the event log must be intact
 * (gap-free positions; the world rebuilt from the log equals the snapshot).
 *
 * Seeded (MYRIAD_FUZZ_SEED, printed) so a failure can be replayed;
 * MYRIAD_FUZZ_SCALE multiplies the counts for a longer run.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import fc from 'fast-check';
import WebSocket from 'ws';
import { healthReport } from '../../engine/net/http/health.ts';
import { DO, DONT, IAC, NOP, SB, SE, WILL, WONT } from '../../engine/net/telnet/codes.ts';
import { rebuildComponents, snapshotToState } from '../../engine/store/rebuild.ts';
import { TelnetPlayer, WsPlayer, createCharacter } from '../support/players.ts';
import { startTestServer } from '../support/server.ts';

const SEED = Number(process.env['MYRIAD_FUZZ_SEED'] ?? Date.now() % 1_000_000);
const SCALE = Number(process.env['MYRIAD_FUZZ_SCALE'] ?? 1);

const byte = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
  { weight: 2, arbitrary: fc.constantFrom(IAC, SB, SE, WILL, WONT, DO, DONT, NOP, 24, 31, 42, 69, 70, 86, 201) },
  { weight: 2, arbitrary: fc.constantFrom(0x0d, 0x0a, 0x00, 0x08, 0x7f, 0x1b, 0x5b, 0x07, 0x9b) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 255 }) },
);
const telnetStream = fc.record({
  bytes: fc.array(byte, { maxLength: 3_000 }).map((a) => Buffer.from(a)),
  cuts: fc.array(fc.nat(), { maxLength: 8 }),
});
const wsFrame = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.json({ maxDepth: 3 }),
  fc.record({ type: fc.constantFrom('input', 'ping', 'nope'), text: fc.string({ unit: 'binary', maxLength: 300 }) }).map((o) => JSON.stringify(o)),
);
const verb = fc.constantFrom('say', 'pose', ':', '"', 'look', 'l', 'go', 'north', 'n', 's', 'help', 'who', 'get', 'drop', 'inventory', 'i', '@shutdown', '@reload', 'alias', 'unalias', 'quit ', 'species', 'raise', 'sheet', 'near', 'time', '');
const commandLine = fc.tuple(verb, fc.string({ unit: 'binary', maxLength: 120 })).map(([v, rest]) => `${v} ${rest}`.replace(/^quit $/, 'look').replace(/^quit\s*$/, 'look'));

function splitAt(data: Buffer, cuts: readonly number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => (data.length ? c % data.length : 0)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of at) {
    out.push(data.subarray(prev, p));
    prev = p;
  }
  out.push(data.subarray(prev));
  return out.filter((b) => b.length);
}

async function pool<T>(items: readonly T[], width: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await run(items[next++] as T);
    }),
  );
}

test(`random telnet bytes, WebSocket frames and command lines do not hurt the server (seed ${SEED})`, { timeout: 300_000 }, async (t) => {
  const server = await startTestServer({ limits: { commands: { count: 1_000, windowMs: 1_000 } } });
  t.after(() => server.stop());
  let inputs = 0;

  // 1. Raw telnet streams, before login (the parser, option negotiation, line reader, login flow).
  const streams = fc.sample(telnetStream, { numRuns: 150 * SCALE, seed: SEED });
  await pool(streams, 8, async ({ bytes, cuts }) => {
    const socket = net.connect(server.telnetPort, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    for (const chunk of splitAt(bytes, cuts)) {
      socket.write(chunk);
      await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setTimeout(r, 20));
    socket.destroy();
    inputs++;
  });

  // 2. WebSocket sessions of random frames (JSON, garbage, wrong types), before login.
  const sessions = fc.sample(fc.array(wsFrame, { minLength: 1, maxLength: 15 }), { numRuns: 60 * SCALE, seed: SEED + 1 });
  await pool(sessions, 6, async (frames) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.httpPort}/ws`);
    ws.on('error', () => undefined);
    await new Promise<void>((resolve) => {
      ws.once('open', () => resolve());
      ws.once('close', () => resolve());
    });
    for (const f of frames) if (ws.readyState === ws.OPEN) ws.send(f);
    await new Promise((r) => setTimeout(r, 20));
    ws.terminate();
    inputs += frames.length;
  });

  // 3. Logged-in players typing random commands (router, packs, aliases, admin refusals).
  const players: Array<TelnetPlayer | WsPlayer> = [];
  // The first account is the admin; the fuzzers are players (their @shutdown must be refused).
  const admin = await TelnetPlayer.connect(server.telnetPort);
  await createCharacter(admin, 'Operator');
  await admin.close();
  for (let i = 0; i < 6; i++) {
    const p = i % 2 ? await WsPlayer.connect(server.httpPort) : await TelnetPlayer.connect(server.telnetPort);
    await createCharacter(p, `Fuzzer${String.fromCharCode(97 + i)}`);
    players.push(p);
  }
  const lines = fc.sample(commandLine, { numRuns: 600 * SCALE, seed: SEED + 2 });
  await Promise.all(
    players.map(async (p, i) => {
      for (let j = i; j < lines.length; j += players.length) {
        const line = lines[j] ?? '';
        // UTF-8, as a client sends text: a raw 0xFF here would start a telnet command and could
        // swallow the rest of the session (hostile bytes are phase 1's job).
        if (p instanceof TelnetPlayer) p.send(line.replace(/[\r\n]/g, ' '));
        else p.send(line);
        inputs++;
        if (j % 20 === i) await new Promise((r) => setTimeout(r, 10));
      }
    }),
  );
  // Everyone's commands have run once each player's marker comes back.
  for (const [i, p] of players.entries()) {
    if (p.closed) continue;
    p.send(`say marker ${i}`);
    await p.expect(`You say, "marker ${i}"`, 20_000);
  }

  // The server is healthy and plays normally.
  const health = healthReport(server.gateway);
  assert.equal(health.status, 'ok', JSON.stringify(health.checks));
  const alice = await TelnetPlayer.connect(server.telnetPort);
  await createCharacter(alice, 'Alice');
  alice.send('say the dust has settled');
  await alice.expect('You say, "the dust has settled"');
  for (const p of [...players, alice]) await p.close();

  // The log is intact: positions gap-free, per-stream versions gap-free, the world rebuilt from it equals the snapshot.
  await server.gateway.committer.drain();
  const store = server.gateway.store;
  const events = await store.readAll(0, 1_000_000);
  events.forEach((e, i) => assert.equal(e.position, i + 1, 'gap-free positions'));
  const versions = new Map<string, number>();
  for (const e of events) {
    assert.equal(e.version, (versions.get(e.stream) ?? 0) + 1, `stream ${e.stream} versions`);
    versions.set(e.stream, e.version);
  }
  const rebuilt = await rebuildComponents(store);
  const snapshot = snapshotToState((await store.loadSnapshot()).components);
  assert.deepEqual(rebuilt, snapshot);
  t.diagnostic(`fuzzed ${inputs} inputs (${streams.length} telnet streams, ${sessions.length} WebSocket sessions, ${lines.length} command lines), seed ${SEED}; ${events.length} events, log intact`);
});
