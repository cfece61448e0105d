/**
 * `npm run fuzz`: generated hostile input at scale (issue 11), not part of
 * `npm test` (which keeps its short seeded runs: test/unit/*properties*,
 * test/unit/fuzz-websocket, test/e2e/fuzz-server). Two halves:
 *
 * 1. In process, the parsers: telnet byte streams (biased to IAC, SB/SE,
 *    WILL/WONT/DO/DONT, CR/LF/NUL/ESC and UTF-8 lead bytes, split at random
 *    points) into TelnetParser + LineReader and into the whole option state
 *    machine (TelnetProtocol: negotiation, subnegotiation, GMCP, MTTS); WebSocket
 *    frame texts (garbage, random JSON, well-formed messages with hostile text)
 *    into parseClientMessage and cleanInputLine. A throw is a crash.
 * 2. A running server (PGlite, first-party packs): raw telnet sessions, WebSocket
 *    sessions of random frames, and command lines typed by logged-in players.
 *    Afterwards /health must be ok, a new player must be able to play, and the
 *    event log must be gap-free.
 *
 * Prints the input count, the crash count and the peak RSS (sampled every 50 ms;
 * the server runs in this process, so it is the server's peak). Seeded:
 * MYRIAD_FUZZ_SEED replays a run, MYRIAD_FUZZ_SCALE multiplies every count
 * (default 1: 1,010,000 inputs).
 */
import net from 'node:net';
import WebSocket from 'ws';
import { DO, DONT, GA, IAC, NOP, SB, SE, WILL, WONT } from '../engine/net/telnet/codes.ts';
import { LineReader } from '../engine/net/telnet/line-reader.ts';
import { TelnetParser } from '../engine/net/telnet/parser.ts';
import { cleanInputLine, parseClientMessage } from '../engine/net/websocket/protocol.ts';
import { healthReport } from '../engine/net/http/health.ts';
import { ProtocolHarness } from '../test/fixtures/telnet-harness.ts';
import { TelnetPlayer, WsPlayer, createCharacter } from '../test/support/players.ts';
import { startTestServer } from '../test/support/server.ts';

const SEED = Number(process.env['MYRIAD_FUZZ_SEED'] ?? Date.now() % 1_000_000);
const SCALE = Number(process.env['MYRIAD_FUZZ_SCALE'] ?? 1);

/**
 * How many of each input; the sum is 1,010,000 at scale 1. The server's share is
 * set by its speed here: a command line is a world call and a commit (~1–3 ms on
 * a loaded 2-core box), the parsers take microseconds.
 */
const COUNTS = {
  telnetParser: 350_000 * SCALE,
  telnetProtocol: 100_000 * SCALE,
  wsFrames: 450_000 * SCALE,
  serverTelnetSessions: 10_000 * SCALE,
  serverWsFrames: 60_000 * SCALE,
  serverCommandLines: 40_000 * SCALE,
};

/** xorshift32: fast, seeded, good enough to pick bytes. */
let rngState = (SEED ^ 0x9e3779b9) >>> 0 || 1;
function rand(): number {
  rngState ^= rngState << 13;
  rngState >>>= 0;
  rngState ^= rngState >>> 17;
  rngState ^= rngState << 5;
  rngState >>>= 0;
  return rngState / 0x1_0000_0000;
}
const int = (n: number): number => Math.floor(rand() * n);
const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;

const STEERING = [IAC, SB, SE, WILL, WONT, DO, DONT, GA, NOP, 1, 3, 24, 25, 31, 42, 69, 70, 86, 201];
const CONTROLS = [0x0d, 0x0a, 0x00, 0x08, 0x7f, 0x1b, 0x5b, 0x07, 0x9b, 0xc3, 0xa9, 0xe4, 0xf0, 0x9f, 0xff];

function telnetBytes(maxLength: number): Uint8Array {
  const out = new Uint8Array(int(maxLength + 1));
  for (let i = 0; i < out.length; i++) {
    const r = rand();
    out[i] = r < 0.35 ? 0x20 + int(95) : r < 0.55 ? pick(STEERING) : r < 0.75 ? pick(CONTROLS) : int(256);
  }
  return out;
}

function split(data: Uint8Array, pieces: number): Uint8Array[] {
  const cuts = [...new Set(Array.from({ length: pieces }, () => int(data.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of cuts) {
    out.push(data.subarray(prev, c));
    prev = c;
  }
  out.push(data.subarray(prev));
  return out;
}

const HOSTILE_TEXT = ['\u001b[2J', '\u001b]0;pwn\u0007', '\r\nAdmin says, "hi"', '\u0000', '\u009b31m', '\ud800', '\u202egnp.exe', 'ÿû', 'é', '👩‍👩‍👧', '\t', '"', '\\', '{}', ''];
function hostileText(maxLength: number): string {
  let s = '';
  const n = int(maxLength);
  while (s.length < n) {
    const r = rand();
    s += r < 0.5 ? String.fromCharCode(0x20 + int(95)) : r < 0.8 ? pick(HOSTILE_TEXT) : String.fromCharCode(int(0x10000));
  }
  return s;
}

function randomJson(depth: number): unknown {
  const r = rand();
  if (depth <= 0 || r < 0.4) return pick([null, true, false, int(1e9) - 5e8, rand() * 1e6, hostileText(40), '', 'input', 'ping']);
  if (r < 0.7) return Array.from({ length: int(5) }, () => randomJson(depth - 1));
  const o: Record<string, unknown> = {};
  for (let i = int(5); i > 0; i--) o[pick(['type', 'text', 'id', 'x', hostileText(8)])] = randomJson(depth - 1);
  return o;
}

function wsFrame(): string {
  const r = rand();
  if (r < 0.2) return hostileText(200);
  if (r < 0.45) return JSON.stringify(randomJson(3));
  if (r < 0.55) return JSON.stringify(randomJson(3)).slice(0, int(60)); // cut JSON
  return JSON.stringify({ type: pick(['input', 'input', 'ping', 'nope']), text: hostileText(150), ...(rand() < 0.2 ? { id: hostileText(10) } : {}) });
}

const VERBS = ['say', 'pose', ':', '"', 'look', 'l', 'go', 'north', 'n', 's', 'e', 'w', 'help', 'who', 'get', 'drop', 'inventory', 'i', 'alias', 'unalias', 'species', 'raise', 'sheet', 'near', 'time', 'equip', 'use', '@shutdown', '@reload', '@packs', ''];
function commandLine(): string {
  return `${pick(VERBS)} ${hostileText(100)}`.replace(/[\r\n]/g, ' ').replace(/^\s*quit\b/i, 'look');
}

async function pool<T>(count: number, width: number, make: () => T, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        next++;
        await run(make());
      }
    }),
  );
}

let peakRss = 0;
const sample = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
// Every 50 ms while awaiting, and every 1,000 inputs in the synchronous loops (timers cannot fire there).
const sampler = setInterval(sample, 50);
let inputs = 0;
let crashes = 0;
const crash = (where: string, e: unknown): void => {
  crashes++;
  if (crashes <= 10) console.error(`CRASH in ${where}: ${(e as Error).stack ?? String(e)}`);
};
const t0 = performance.now();
const progress = (): void => {
  sample();
  if (inputs % 100_000 === 0) step('progress');
};
const step = (label: string): void => console.log(`${label}: ${inputs.toLocaleString('en')} inputs so far, ${((performance.now() - t0) / 1000).toFixed(0)} s, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`);

// --- 1. parsers in process ------------------------------------------------------
for (let i = 0; i < COUNTS.telnetParser; i++) {
  const data = telnetBytes(256);
  try {
    const parser = new TelnetParser({ maxSubnegotiationBytes: 64 });
    const lines = new LineReader({ maxLineBytes: 128 });
    for (const chunk of split(data, int(5))) {
      parser.feed(chunk);
      lines.push(chunk);
    }
  } catch (e) {
    crash('TelnetParser/LineReader', e);
  }
  if (++inputs % 1_000 === 0) progress();
}
step('telnet parser and line reader');
for (let i = 0; i < COUNTS.telnetProtocol; i++) {
  const data = telnetBytes(200);
  try {
    const h = new ProtocolHarness({ limits: { maxSubnegotiationBytes: 64, maxLineBytes: 128 } });
    for (const chunk of split(data, int(5))) h.protocol.receive(chunk);
  } catch (e) {
    crash('TelnetProtocol', e);
  }
  if (++inputs % 1_000 === 0) progress();
}
step('telnet option state machine');
for (let i = 0; i < COUNTS.wsFrames; i++) {
  const frame = wsFrame();
  try {
    const r = parseClientMessage(frame, 8_192);
    if (r.ok && r.message.type === 'input') cleanInputLine(r.message.text);
  } catch (e) {
    crash('parseClientMessage', e);
  }
  if (++inputs % 1_000 === 0) progress();
}
step('WebSocket frames');

// --- 2. a running server --------------------------------------------------------
const server = await startTestServer({ limits: { commands: { count: 100_000, windowMs: 1_000 }, floodDisconnectAfter: 1_000_000 } });
step('server started');
try {
  await pool(
    COUNTS.serverTelnetSessions,
    8,
    () => split(telnetBytes(2_000), int(8)),
    async (chunks) => {
      const socket = net.connect(server.telnetPort, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.on('data', () => undefined);
      await new Promise<void>((resolve) => {
        socket.once('connect', () => resolve());
        socket.once('error', () => resolve());
      });
      for (const chunk of chunks) socket.write(chunk);
      await new Promise((r) => setTimeout(r, 5));
      socket.destroy();
      inputs++;
    },
  );
  step('server: raw telnet sessions');

  const FRAMES_PER_SESSION = 50;
  await pool(
    Math.ceil(COUNTS.serverWsFrames / FRAMES_PER_SESSION),
    6,
    () => Array.from({ length: FRAMES_PER_SESSION }, wsFrame),
    async (frames) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.httpPort}/ws`);
      ws.on('error', () => undefined);
      await new Promise<void>((resolve) => {
        ws.once('open', () => resolve());
        ws.once('close', () => resolve());
      });
      for (const f of frames) if (ws.readyState === ws.OPEN) ws.send(f);
      await new Promise((r) => setTimeout(r, 5));
      ws.terminate();
      inputs += frames.length;
    },
  );
  step('server: WebSocket frames');

  const admin = await TelnetPlayer.connect(server.telnetPort);
  await createCharacter(admin, 'Operator'); // the first account is the admin; the fuzzers are players
  await admin.close();
  const players: Array<TelnetPlayer | WsPlayer> = [];
  for (let i = 0; i < 8; i++) {
    const p = i % 2 ? await WsPlayer.connect(server.httpPort) : await TelnetPlayer.connect(server.telnetPort);
    await createCharacter(p, `Fuzzer${String.fromCharCode(97 + i)}`);
    players.push(p);
  }
  const perPlayer = Math.ceil(COUNTS.serverCommandLines / players.length);
  await Promise.all(
    players.map(async (p, i) => {
      for (let j = 0; j < perPlayer; j++) {
        p.send(commandLine());
        inputs++;
        // A marker every 200 lines: wait for the world to catch up, so output does not pile up unread.
        if (j % 200 === 199) {
          p.send(`say marker ${i} ${j}`);
          await p.expect(`You say, "marker ${i} ${j}"`, 60_000);
          p.skip();
        }
      }
    }),
  );
  step('server: command lines');

  const health = healthReport(server.gateway);
  if (health.status !== 'ok') throw new Error(`the server is not healthy after the fuzz: ${JSON.stringify(health.checks)}`);
  const alice = await TelnetPlayer.connect(server.telnetPort);
  await createCharacter(alice, 'Alice');
  alice.send('say the dust has settled');
  await alice.expect('You say, "the dust has settled"');
  for (const p of [...players, alice]) await p.close();
  await server.gateway.committer.drain();
  const events = await server.gateway.store.readAll(0, 10_000_000);
  events.forEach((e, i) => {
    if (e.position !== i + 1) throw new Error(`event log gap at position ${i + 1}`);
  });
  console.log(`server after the fuzz: /health ok, a new player plays, ${events.length.toLocaleString('en')} events gap-free`);
} finally {
  await server.stop();
  clearInterval(sampler);
}

const seconds = (performance.now() - t0) / 1000;
console.log(`fuzz: ${inputs.toLocaleString('en')} inputs, ${crashes} crashes, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB, ${seconds.toFixed(0)} s, seed ${SEED}, scale ${SCALE}`);
process.exit(crashes === 0 ? 0 : 1);
