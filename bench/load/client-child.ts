/**
 * The load generator, in its own process (forked by bench/load/load.ts): N lean
 * clients — raw telnet that negotiates nothing (it ignores every IAC sequence)
 * and WebSocket (`ws`, JSON frames) — that create a character each, then play
 * a scripted mix (say, pose, look, walk through a random exit of the map the
 * parent names) at a set total rate, open loop: commands go out on schedule whether
 * or not earlier ones were answered; or closed loop: each connection sends its next
 * command when the previous one is answered (the in-memory engines' benchmark).
 *
 * Latency = input written to the socket → the first output line of ITS answer
 * received: `say` → `You say, "<token>"`, `pose` → `<Name> <token>.`, `look` →
 * the room's title line, a walk → the destination's title line. A connection's
 * answers come in the order of its commands (the server runs and releases them in
 * order), so each connection matches its oldest pending command first.
 */
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import WebSocket from 'ws';

// ---- protocol with the parent ------------------------------------------------

export type ClientRequest =
  | { readonly t: 'setup'; readonly telnetPort: number; readonly httpPort: number; readonly n: number; readonly wsShare: number; readonly worldFile: string; readonly concurrency: number; readonly prefix: string }
  | { readonly t: 'rate'; readonly perSecond: number }
  /** Closed loop: every connection sends its next command as soon as the previous one is answered (or lost). */
  | { readonly t: 'closed-loop'; readonly on: boolean }
  | { readonly t: 'measure'; readonly seconds: number }
  | { readonly t: 'close' };

export interface WindowReport {
  readonly t: 'window';
  readonly seconds: number;
  /** Commands written during the window. */
  readonly sent: number;
  /** Of those, answered (matched) — their latencies are in `latenciesMs`. */
  readonly completed: number;
  /** Of those, not answered within the timeout. */
  readonly lost: number;
  readonly latenciesMs: number[];
  /** Commands not sent because the connection already had too many unanswered. */
  readonly skipped: number;
  /** Error lines received (rate limit, "can't go", internal errors). */
  readonly errors: number;
  /** Output lines received by all clients during the window (fan-out included). */
  readonly lines: number;
  readonly bytes: number;
  readonly byKind: Record<string, { n: number; p50: number; p99: number }>;
  /** The generator's own CPU (user+system µs) and event-loop delay p99 during the window. */
  readonly cpuUs: number;
  readonly lagP99Ms: number;
  readonly open: number;
}

export type ClientReply = { readonly t: 'ready'; readonly connectMs: number; readonly loginMs: number; readonly open: number; readonly failed: number; readonly failures: string[] } | WindowReport | { readonly t: 'error'; readonly message: string } | { readonly t: 'closed' };

// ---- the world's map (for walking and for the titles to expect) ---------------

interface Room {
  readonly name: string;
  readonly exits: ReadonlyArray<readonly [exit: string, to: string]>;
}
let rooms = new Map<string, Room>();
let titleToRoom = new Map<string, string>();
let startRoom = 'square';

const COMPASS = new Set(['north', 'south', 'east', 'west', 'northeast', 'northwest', 'southeast', 'southwest', 'up', 'down']);
const ERROR_LINE = /went wrong|can't go|Unknown command|slow down|too (fast|many)|not run|not logged in/i;
const TIMEOUT_MS = 10_000;
const MAX_PENDING = 20;

function pick<T>(xs: readonly T[]): T {
  return xs[Math.floor(Math.random() * xs.length)]!;
}

// ---- connections ---------------------------------------------------------------

type Kind = 'say' | 'pose' | 'look' | 'walk';

interface Pending {
  readonly kind: Kind;
  readonly match: (line: string) => boolean;
  readonly sentAt: number;
  readonly window: number;
  /** A resync look: whatever room title arrives, that is where we are. */
  readonly resync?: boolean;
}

function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.includes('\x1b') ? s.replace(/\x1b\[[0-9;]*m/g, '') : s;
}

function normalise(line: string): string {
  let l = stripAnsi(line).trimEnd();
  while (l.startsWith('> ')) l = l.slice(2);
  return l;
}

abstract class Conn {
  readonly pending: Pending[] = [];
  room = startRoom;
  seq = 0;
  nextAt = 0;
  open = false;
  private waiters: Array<{ test: (line: string) => boolean; resolve: () => void }> = [];

  constructor(
    readonly index: number,
    readonly name: string,
  ) {}

  abstract write(line: string): void;
  abstract close(): void;

  /** Every complete output line, normalised. */
  protected line(raw: string): void {
    const line = normalise(raw);
    stats.lines++;
    if (this.waiters.length) {
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(line)) return true;
        w.resolve();
        return false;
      });
    }
    if (ERROR_LINE.test(line)) {
      stats.errors++;
      // Our idea of where we are may be wrong now: clear and look.
      this.resync();
      return;
    }
    const head = this.pending[0];
    if (!head) return;
    if (head.resync) {
      const room = titleToRoom.get(line);
      if (room === undefined) return;
      this.room = room;
      this.pending.shift();
      this.next();
      return;
    }
    if (head.match(line)) {
      this.pending.shift();
      const now = performance.now();
      completed(head, now - head.sentAt);
      this.next();
    }
  }

  /** Closed loop: the answer arrived, so the next command goes out now. */
  next(): void {
    if (closedLoop && this.open && this.pending.length === 0) this.play(performance.now());
  }

  waitFor(test: (line: string) => boolean, ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: timed out`)), ms);
      this.waiters.push({ test, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  resync(): void {
    for (const p of this.pending.splice(0)) lost(p);
    this.pending.push({ kind: 'look', match: () => false, sentAt: performance.now(), window: -1, resync: true });
    this.write('look');
  }

  /** Send the next scripted command. */
  play(now: number): void {
    if (this.pending.length >= MAX_PENDING) {
      if (measuring >= 0) stats.skipped++;
      return;
    }
    const roll = (this.index * 7 + this.seq++) % 4;
    const token = `q${this.index}x${this.seq}`;
    let kind: Kind;
    let line: string;
    let match: (l: string) => boolean;
    if (roll === 0) {
      kind = 'say';
      line = `say ${token}`;
      const want = `You say, "${token}"`;
      match = (l) => l.includes(want);
    } else if (roll === 1) {
      kind = 'pose';
      line = `pose ${token}`;
      const want = `${this.name} ${token}.`;
      match = (l) => l.includes(want);
    } else if (roll === 2) {
      kind = 'look';
      line = 'look';
      const title = rooms.get(this.room)!.name;
      match = (l) => l === title;
    } else {
      kind = 'walk';
      const exits = rooms.get(this.room)!.exits;
      const [exit, to] = pick(exits);
      line = COMPASS.has(exit) ? exit : `go ${exit}`;
      this.room = to;
      const title = rooms.get(to)!.name;
      match = (l) => l === title;
    }
    this.pending.push({ kind, match, sentAt: now, window: measuring });
    if (measuring >= 0) stats.sent++;
    this.write(line);
  }

  expire(now: number): void {
    while (this.pending.length && now - this.pending[0]!.sentAt > TIMEOUT_MS) {
      const p = this.pending.shift()!;
      lost(p);
      if (!p.resync) {
        this.resync();
        return;
      }
    }
    this.next();
  }
}

class TelnetConn extends Conn {
  private socket!: net.Socket;
  private text = '';
  private iacState = 0; // 0 data, 1 after IAC, 2 after IAC verb, 3 in SB, 4 IAC in SB

  connect(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      this.socket = socket;
      socket.setNoDelay(true);
      socket.once('connect', () => {
        this.open = true;
        resolve();
      });
      socket.once('error', reject);
      socket.on('data', (chunk: Buffer) => this.onData(chunk));
      socket.on('close', () => (this.open = false));
      socket.on('error', () => undefined);
    });
  }

  private onData(chunk: Buffer): void {
    stats.bytes += chunk.length;
    let data = chunk;
    if (chunk.includes(255) || this.iacState !== 0) data = this.stripIac(chunk);
    this.text += data.toString('utf8');
    let nl = this.text.indexOf('\n');
    while (nl >= 0) {
      const raw = this.text.slice(0, nl).replace(/\r$/, '');
      this.text = this.text.slice(nl + 1);
      this.line(raw);
      nl = this.text.indexOf('\n');
    }
  }

  /** Drop telnet commands: IAC x, IAC verb option, IAC SB … IAC SE. */
  private stripIac(chunk: Buffer): Buffer {
    const out = Buffer.allocUnsafe(chunk.length);
    let n = 0;
    for (const b of chunk) {
      switch (this.iacState) {
        case 0:
          if (b === 255) this.iacState = 1;
          else out[n++] = b;
          break;
        case 1:
          if (b === 255) {
            out[n++] = 255;
            this.iacState = 0;
          } else if (b === 250) this.iacState = 3;
          else if (b >= 251 && b <= 254) this.iacState = 2;
          else this.iacState = 0;
          break;
        case 2:
          this.iacState = 0;
          break;
        case 3:
          if (b === 255) this.iacState = 4;
          break;
        case 4:
          this.iacState = b === 240 ? 0 : 3;
          break;
      }
    }
    return out.subarray(0, n);
  }

  write(line: string): void {
    if (this.open) this.socket.write(line + '\r\n');
  }

  close(): void {
    this.socket.destroy();
  }
}

class WsConn extends Conn {
  private ws!: WebSocket;

  connect(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { perMessageDeflate: false });
      this.ws = ws;
      ws.once('open', () => {
        this.open = true;
        resolve();
      });
      ws.once('error', reject);
      ws.on('message', (data: Buffer) => {
        stats.bytes += data.length;
        const frame = JSON.parse(data.toString()) as { type: string; text?: string; code?: string; message?: string };
        if (frame.type === 'output' || frame.type === 'prompt') {
          for (const l of String(frame.text ?? '').split('\n')) this.line(l);
        } else if (frame.type === 'error') {
          this.line(`ERROR ${frame.code}: ${frame.message}`);
        }
      });
      ws.on('close', () => (this.open = false));
      ws.on('error', () => undefined);
    });
  }

  write(line: string): void {
    if (this.open) this.ws.send(JSON.stringify({ type: 'input', text: line }));
  }

  close(): void {
    this.ws.terminate();
  }
}

// ---- measurement state ----------------------------------------------------------

let conns: Conn[] = [];
/** Index of the window being measured, -1 outside windows. */
let measuring = -1;
let windowCount = 0;
const stats = { sent: 0, skipped: 0, errors: 0, lines: 0, bytes: 0 };
let latencies: number[] = [];
let kinds = new Map<Kind, number[]>();
let lostInWindow = 0;

function completed(p: Pending, ms: number): void {
  if (p.window < 0 || p.window !== windowCount - 1) return;
  latencies.push(ms);
  let k = kinds.get(p.kind);
  if (!k) kinds.set(p.kind, (k = []));
  k.push(ms);
}

function lost(p: Pending): void {
  if (p.window >= 0 && p.window === windowCount - 1) lostInWindow++;
}

// ---- the schedule -----------------------------------------------------------------

let intervalMs = Infinity;
let ticker: NodeJS.Timeout | null = null;
let closedLoop = false;

/** Closed loop on: each connection sends one command and then one per answer; the 2 ms ticker only expires lost ones. */
function setClosedLoop(on: boolean): void {
  closedLoop = on;
  intervalMs = Infinity;
  for (const c of conns) c.nextAt = Infinity;
  if (!ticker) ticker = setInterval(tick, 2);
  if (on) for (const c of conns) c.next();
}

function setRate(perSecond: number): void {
  closedLoop = false;
  intervalMs = perSecond > 0 ? (conns.length * 1000) / perSecond : Infinity;
  const now = performance.now();
  for (const c of conns) c.nextAt = Number.isFinite(intervalMs) ? now + Math.random() * intervalMs : Infinity;
  if (!ticker) ticker = setInterval(tick, 2);
}

function tick(): void {
  const now = performance.now();
  for (const c of conns) {
    if (!c.open) continue;
    if (c.nextAt <= now) {
      c.play(now);
      c.nextAt += intervalMs;
      // Fell more than a period behind (this process was starved): do not burst to catch up.
      if (c.nextAt < now - intervalMs) c.nextAt = now + intervalMs;
    }
    if (c.pending.length) c.expire(now);
  }
}

async function measure(seconds: number): Promise<WindowReport> {
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  latencies = [];
  kinds = new Map();
  lostInWindow = 0;
  Object.assign(stats, { sent: 0, skipped: 0, errors: 0, lines: 0, bytes: 0 });
  const cpu0 = process.cpuUsage();
  const w = windowCount++;
  measuring = w;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  measuring = -1;
  const elapsed = (performance.now() - t0) / 1000;
  const snapshot = { ...stats };
  const cpu = process.cpuUsage(cpu0);
  lag.disable();
  // Let the window's commands finish (or time out) while play goes on.
  const sentInWindow = snapshot.sent;
  const deadline = performance.now() + TIMEOUT_MS + 1000;
  while (latencies.length + lostInWindow < sentInWindow && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const byKind: WindowReport['byKind'] = {};
  for (const [k, xs] of kinds) {
    xs.sort((a, b) => a - b);
    byKind[k] = { n: xs.length, p50: xs[Math.floor(xs.length * 0.5)] ?? NaN, p99: xs[Math.min(xs.length - 1, Math.ceil(xs.length * 0.99) - 1)] ?? NaN };
  }
  return {
    t: 'window',
    seconds: elapsed,
    sent: sentInWindow,
    completed: latencies.length,
    lost: sentInWindow - latencies.length,
    latenciesMs: latencies,
    skipped: snapshot.skipped,
    errors: snapshot.errors,
    lines: snapshot.lines,
    bytes: snapshot.bytes,
    byKind,
    cpuUs: cpu.user + cpu.system,
    lagP99Ms: lag.percentile(99) / 1e6,
    open: conns.filter((c) => c.open).length,
  };
}

// ---- setup: connect and create characters ---------------------------------------

function letters(i: number, width: number): string {
  let s = '';
  for (let k = 0; k < width; k++) {
    s = String.fromCharCode(97 + (i % 26)) + s;
    i = Math.floor(i / 26);
  }
  return s;
}

/** The exits to take from one room to another (breadth-first: fewest steps). */
function pathTo(from: string, to: string): Array<readonly [exit: string, to: string]> {
  const came = new Map<string, readonly [room: string, exit: string]>([[from, [from, '']]]);
  const queue = [from];
  while (queue.length > 0 && !came.has(to)) {
    const room = queue.shift()!;
    for (const [exit, next] of rooms.get(room)!.exits) {
      if (came.has(next)) continue;
      came.set(next, [room, exit]);
      queue.push(next);
    }
  }
  const steps: Array<readonly [string, string]> = [];
  for (let at = to; at !== from && came.has(at); ) {
    const [prev, exit] = came.get(at)!;
    steps.unshift([exit, at]);
    at = prev;
  }
  return steps;
}

async function setup(req: Extract<ClientRequest, { t: 'setup' }>): Promise<ClientReply> {
  const world = JSON.parse(readFileSync(req.worldFile, 'utf8')) as { start: string; rooms: Record<string, { name: string; exits: Record<string, string> }> };
  rooms = new Map(Object.entries(world.rooms).map(([key, r]) => [key, { name: r.name, exits: Object.entries(r.exits) }]));
  titleToRoom = new Map([...rooms].map(([key, r]) => [r.name, key]));
  startRoom = world.start;
  const wsEvery = req.wsShare > 0 ? Math.round(1 / req.wsShare) : Infinity;
  conns = Array.from({ length: req.n }, (_, i) => {
    const name = `${req.prefix}${letters(i, 4)}`;
    const cap = name.charAt(0).toUpperCase() + name.slice(1);
    return i % wsEvery === wsEvery - 1 ? new WsConn(i, cap) : new TelnetConn(i, cap);
  });
  const failures: string[] = [];
  const t0 = performance.now();
  let connectMs = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < conns.length) {
      const c = conns[next++]!;
      try {
        const banner = c.waitFor((l) => l.includes('create <name> <password>'), 15_000);
        await (c instanceof TelnetConn ? c.connect(req.telnetPort) : (c as WsConn).connect(req.httpPort));
        await banner;
        const entered = c.waitFor((l) => l.startsWith('Exits:'), 30_000);
        c.write(`create ${c.name} bench-password`);
        await entered;
        // Walk to a room picked at random (the shortest way), so the crowd spreads over
        // the whole map as a MUD's players do, instead of a random walk that keeps most
        // of them near the start room where every character arrives.
        const keys = [...rooms.keys()];
        for (const [exit, to] of pathTo(c.room, keys[c.index % keys.length]!)) {
          const title = rooms.get(to)!.name;
          const there = c.waitFor((l) => l === title, 30_000);
          c.write(COMPASS.has(exit) ? exit : `go ${exit}`);
          c.room = to;
          await there;
        }
      } catch (e) {
        failures.push(`${c.name}: ${(e as Error).message}`);
        c.close();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(req.concurrency, conns.length) }, worker));
  connectMs = performance.now() - t0;
  return { t: 'ready', connectMs, loginMs: connectMs, open: conns.filter((c) => c.open).length, failed: failures.length, failures: failures.slice(0, 5) };
}

const reply = (m: ClientReply): void => {
  process.send?.(m);
};

process.on('message', (msg: ClientRequest) => {
  void (async () => {
    switch (msg.t) {
      case 'setup':
        reply(await setup(msg));
        return;
      case 'rate':
        setRate(msg.perSecond);
        return;
      case 'closed-loop':
        setClosedLoop(msg.on);
        return;
      case 'measure':
        reply(await measure(msg.seconds));
        return;
      case 'close':
        if (ticker) clearInterval(ticker);
        for (const c of conns) c.close();
        reply({ t: 'closed' });
        setTimeout(() => process.exit(0), 50);
        return;
    }
  })().catch((e: unknown) => reply({ t: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
});

process.on('disconnect', () => process.exit(0));
