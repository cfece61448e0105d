/**
 * The `load` and `saturation` benchmarks: a real server (bench/load/server-child.ts)
 * and a load generator (bench/load/client-child.ts), each in its own process,
 * talking over 127.0.0.1.
 *
 * load:       N connections (N = 100, 500, 1,000; telnet and WebSocket 1:1) at one
 *             command per second each, PostgreSQL and PGlite; several measured
 *             windows per configuration after a warm-up.
 * saturation: 1,000 connections, the total rate stepped up until p99 ≥ 50 ms or
 *             the server no longer keeps up (answers < 97 % of the offered rate).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { ensureFirstPartyPacks, FIRST_PARTY_PACKS_DIR, REPO } from '../lib/packs.ts';
import type { BenchContext, BenchFn, Goal, Row, Size } from '../lib/result.ts';
import { figure, fmt } from '../lib/result.ts';
import { median, summarize, type Summary } from '../lib/stats.ts';
import type { ClientReply, ClientRequest, WindowReport } from './client-child.ts';
import type { NpcSetup, PgliteSetup, ServerReply, ServerRequest, ServerStats, TraceSummary } from './server-child.ts';
import { twoRoomWorld, writeGridWorld, writeWorld } from './grid-world.ts';
import { BUNDLE, ensureBundle } from '../lib/bundle.ts';

export type Backend = 'postgres' | 'pglite';
/**
 * grid: a 10 × 10 town (bench/load/grid-world.ts), ~N/100 players a room: the
 * figures of record. village: the 9-room starter village, ~N/9 a room: the crowd case.
 */
export type MapName = 'grid' | 'village' | 'two-rooms';
const GRID_SIDE = 10;

function mapFile(map: MapName): { file: string; forServer: string | null } {
  if (map === 'village') return { file: path.join(FIRST_PARTY_PACKS_DIR, 'rooms', 'world.json'), forServer: null };
  if (map === 'two-rooms') {
    const file = writeWorld(twoRoomWorld());
    return { file, forServer: file };
  }
  const file = writeGridWorld(GRID_SIDE);
  return { file, forServer: file };
}

const HERE = path.dirname(new URL(import.meta.url).pathname);

/** A forked TypeScript child with a typed request/reply channel. */
class Child<Req, Rep extends { t: string }> {
  private readonly proc: ChildProcess;
  private readonly queue: Array<{ want: string; resolve: (r: Rep) => void; reject: (e: Error) => void }> = [];
  private exited = false;

  /** file: a TypeScript file (run through tsx) or a bundled .mjs (plain node). */
  constructor(
    file: string,
    readonly label: string,
    profileDir?: string,
  ) {
    // MYRIAD_BENCH_PROFILE=<dir>: the server child runs under --cpu-prof (profiles written at its exit).
    const prof = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
    const loader = file.endsWith('.ts') ? ['--import', 'tsx'] : ['--enable-source-maps'];
    this.proc = fork(file, [], { cwd: REPO, execArgv: [...prof, ...loader], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.proc.on('message', (m: Rep) => {
      if (m.t === 'error') {
        const w = this.queue.shift();
        w?.reject(new Error(`${label}: ${(m as unknown as { message: string }).message}`));
        return;
      }
      const i = this.queue.findIndex((w) => w.want === m.t);
      if (i >= 0) this.queue.splice(i, 1)[0]!.resolve(m);
    });
    this.proc.on('exit', (code) => {
      this.exited = true;
      for (const w of this.queue.splice(0)) w.reject(new Error(`${label} exited with code ${code}`));
    });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  send(msg: Req): void {
    this.proc.send(msg as never);
  }

  request<T extends Rep['t']>(msg: Req, want: T, timeoutMs = 120_000): Promise<Extract<Rep, { t: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.label}: no ${want} within ${timeoutMs} ms`)), timeoutMs);
      this.queue.push({
        want,
        resolve: (r) => (clearTimeout(timer), resolve(r as Extract<Rep, { t: T }>)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.send(msg);
    });
  }

  /** End the child we started (by its pid), if it did not exit by itself. */
  async kill(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((r) => this.proc.once('exit', () => r()));
    this.proc.kill('SIGTERM');
    await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))]);
    if (!this.exited) this.proc.kill('SIGKILL');
  }
}

type ServerChild = Child<ServerRequest, ServerReply>;
type ClientChild = Child<ClientRequest, ClientReply>;

/** A throwaway PostgreSQL database; drop() removes it. */
export async function throwawayDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `myriad_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      try {
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}

interface Session {
  readonly server: ServerChild;
  readonly client: ClientChild;
  readonly ready: Extract<ServerReply, { t: 'ready' }>;
  readonly login: Extract<ClientReply, { t: 'ready' }>;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** Share of WebSocket clients (the rest raw telnet); 0.5 unless given. */
  readonly wsShare?: number;
  /** PGlite in a data directory on disk with this buffer pool, instead of in memory. */
  readonly pglite?: PgliteSetup;
  /** Character names start with it ('ld' unless given): a second session on the same database needs new names. */
  readonly prefix?: string;
}

/** Start a server and a generator, connect N clients and create their characters. */
export async function openSession(backend: Backend, n: number, ctx: BenchContext, map: MapName, npc?: NpcSetup, options: SessionOptions = {}): Promise<Session> {
  const world = mapFile(map);
  const db = backend === 'postgres' ? await throwawayDatabase(ctx.postgresUrl!) : null;
  // The server as `npm start` runs it (bundled); the generator through tsx.
  await ensureBundle(ctx.progress);
  const server: ServerChild = new Child(BUNDLE.benchServer, 'server', process.env['MYRIAD_BENCH_PROFILE']);
  const client: ClientChild = new Child(path.join(HERE, 'client-child.ts'), 'load generator');
  const close = async (): Promise<void> => {
    await client.request({ t: 'close' }, 'closed', 10_000).catch(() => undefined);
    await server.request({ t: 'stop' }, 'stopped', 20_000).catch(() => undefined);
    await client.kill();
    await server.kill();
    await db?.drop().catch(() => undefined);
  };
  try {
    const ready = await server.request({ t: 'start', databaseUrl: db?.url ?? null, worldFile: world.forServer, ...(npc ? { npc } : {}), ...(options.pglite && backend === 'pglite' ? { pglite: options.pglite } : {}) }, 'ready', 600_000);
    ctx.progress(`${backend} (${map}): server up in ${fmt(ready.startMs)} ms; connecting ${n} clients and creating characters`);
    const login = await client.request({ t: 'setup', telnetPort: ready.telnetPort, httpPort: ready.httpPort, n, wsShare: options.wsShare ?? 0.5, worldFile: world.file, concurrency: 20, prefix: options.prefix ?? 'ld' }, 'ready', 600_000);
    if (login.failed > 0) ctx.progress(`${backend}: ${login.failed} of ${n} logins failed: ${login.failures.join('; ')}`);
    return { server, client, ready, login, close };
  } catch (e) {
    await close();
    throw e;
  }
}

export interface WindowFigures {
  readonly offered: number;
  readonly seconds: number;
  readonly sentPerSecond: number;
  readonly answeredPerSecond: number;
  readonly lost: number;
  readonly skipped: number;
  readonly errors: number;
  readonly latencyMs: Summary;
  readonly byKind: WindowReport['byKind'];
  readonly linesPerSecond: number;
  readonly serverCpuPercent: number;
  readonly clientCpuPercent: number;
  readonly serverRssMiB: number;
  readonly serverHeapMiB: number;
  readonly gatewayLagP99Ms: number;
  readonly gatewayElu: number;
  readonly clientLagP99Ms: number;
  readonly commitsPerSecond: number;
  readonly unitsPerCommit: number;
  readonly commitMs: number;
  readonly open: number;
  readonly connections: number;
  /** Where the window's commands spent their time on the server (engine/commit/trace.ts). */
  readonly trace: TraceSummary;
}

export async function window(s: Session, offered: number, seconds: number): Promise<{ figures: WindowFigures; latencies: number[] }> {
  const before = await s.server.request({ t: 'stats' }, 'stats');
  const w = await s.client.request({ t: 'measure', seconds }, 'window', (seconds + 30) * 1000);
  const after: ServerStats = await s.server.request({ t: 'stats' }, 'stats');
  const wall = after.wallMs - before.wallMs;
  const commits = after.commits.count - before.commits.count;
  const figures: WindowFigures = {
    offered,
    seconds: w.seconds,
    sentPerSecond: w.sent / w.seconds,
    answeredPerSecond: w.completed / w.seconds,
    lost: w.lost,
    skipped: w.skipped,
    errors: w.errors,
    latencyMs: summarize(w.latenciesMs),
    byKind: w.byKind,
    linesPerSecond: w.lines / w.seconds,
    serverCpuPercent: ((after.cpuUs - before.cpuUs) / 1000 / wall) * 100,
    clientCpuPercent: (w.cpuUs / 1000 / (w.seconds * 1000)) * 100,
    serverRssMiB: after.rss / 2 ** 20,
    serverHeapMiB: after.heapUsed / 2 ** 20,
    gatewayLagP99Ms: after.lagP99Ms,
    gatewayElu: after.elu,
    clientLagP99Ms: w.lagP99Ms,
    commitsPerSecond: commits / (wall / 1000),
    unitsPerCommit: commits ? (after.commits.units - before.commits.units) / commits : 0,
    commitMs: commits ? (after.commits.ms - before.commits.ms) / commits : 0,
    open: w.open,
    connections: after.connections,
    trace: after.trace,
  };
  return { figures, latencies: w.latenciesMs };
}

const LOAD_SIZES = {
  // tiny: one backend (PostgreSQL when reachable: it starts faster than PGlite), seconds.
  tiny: { ns: [10], backends: ['postgres'] as Backend[], crowd: [] as number[], warmup: 0.5, windows: 1, seconds: 1, perConn: 2 },
  // crowd: the same mix in the 9-room village with PostgreSQL, at these N.
  full: { ns: [100, 500, 1000], backends: ['postgres', 'pglite'] as Backend[], crowd: [500, 1000], warmup: 3, windows: 3, seconds: 5, perConn: 1 },
} as const;

export interface LoadConfigResult {
  readonly backend: Backend;
  readonly map: MapName;
  readonly n: number;
  readonly offered: number;
  readonly startMs: number;
  readonly rssIdleMiB: number;
  readonly rssBeforeStartMiB: number;
  /** Everyone logged in, before play. */
  readonly rssLoggedInMiB: number;
  readonly loginSeconds: number;
  readonly loginFailed: number;
  /** Medians over the windows. */
  readonly answeredPerSecond: number;
  /** Percentiles over every command of every window. */
  readonly latencyMs: Summary;
  readonly windowP99Ms: readonly number[];
  readonly serverCpuPercent: number;
  readonly clientCpuPercent: number;
  readonly serverRssMiB: number;
  readonly linesPerSecond: number;
  readonly lost: number;
  readonly errors: number;
  readonly windows: readonly WindowFigures[];
}

export async function runLoad(ctx: BenchContext, size: Size): Promise<{ configs: LoadConfigResult[]; skipped: string[] }> {
  await ensureFirstPartyPacks(ctx.progress);
  const cfg = LOAD_SIZES[size];
  const skipped: string[] = [];
  const wanted: Backend[] = size === 'tiny' && !ctx.postgresUrl ? ['pglite'] : [...cfg.backends];
  const backends = wanted.filter((b) => {
    if (b === 'postgres' && !ctx.postgresUrl) {
      skipped.push('postgres: no PostgreSQL reachable');
      return false;
    }
    return true;
  });
  const configs: LoadConfigResult[] = [];
  const runs: Array<{ backend: Backend; n: number; map: MapName }> = backends.flatMap((backend) => cfg.ns.map((n) => ({ backend, n, map: 'grid' as MapName })));
  if (backends.includes('postgres')) for (const n of cfg.crowd) runs.push({ backend: 'postgres', n, map: 'village' });
  {
    for (const { backend, n, map } of runs) {
      const offered = n * cfg.perConn;
      ctx.progress(`load: ${backend}, ${map}, ${n} connections, ${offered} commands/s offered`);
      const s = await openSession(backend, n, ctx, map);
      try {
        const loggedIn = await s.server.request({ t: 'stats' }, 'stats');
        s.client.send({ t: 'rate', perSecond: offered });
        await new Promise((r) => setTimeout(r, cfg.warmup * 1000));
        const windows: WindowFigures[] = [];
        const all: number[] = [];
        for (let i = 0; i < cfg.windows; i++) {
          const { figures, latencies } = await window(s, offered, cfg.seconds);
          windows.push(figures);
          for (const x of latencies) all.push(x);
          ctx.progress(`load: ${backend} ${map} N=${n} window ${i + 1}/${cfg.windows}: ${fmt(figures.answeredPerSecond)} answered/s, p99 ${fmt(figures.latencyMs.p99)} ms, server CPU ${fmt(figures.serverCpuPercent)} %, RSS ${fmt(figures.serverRssMiB)} MiB`);
        }
        s.client.send({ t: 'rate', perSecond: 0 });
        configs.push({
          backend,
          map,
          n,
          offered,
          startMs: s.ready.startMs,
          rssIdleMiB: s.ready.rss / 2 ** 20,
          rssBeforeStartMiB: s.ready.rssBeforeStart / 2 ** 20,
          rssLoggedInMiB: loggedIn.rss / 2 ** 20,
          loginSeconds: s.login.loginMs / 1000,
          loginFailed: s.login.failed,
          answeredPerSecond: median(windows.map((w) => w.answeredPerSecond)),
          latencyMs: summarize(all),
          windowP99Ms: windows.map((w) => w.latencyMs.p99),
          serverCpuPercent: median(windows.map((w) => w.serverCpuPercent)),
          clientCpuPercent: median(windows.map((w) => w.clientCpuPercent)),
          serverRssMiB: Math.max(...windows.map((w) => w.serverRssMiB)),
          linesPerSecond: median(windows.map((w) => w.linesPerSecond)),
          lost: windows.reduce((a, w) => a + w.lost, 0),
          errors: windows.reduce((a, w) => a + w.errors, 0),
          windows,
        });
      } finally {
        await s.close();
      }
    }
  }
  return { configs, skipped };
}

/**
 * Two sizes in the 100-room grid town: 100 connections (~1 player a room: the
 * engine's per-command cost) and 1,000 (~10 a room, ~10 lines out per say, pose
 * or walk). Steps go up until one fails.
 */
const SAT_SIZES = {
  tiny: { runs: [{ n: 10, rates: [10, 20] }], backends: ['postgres'] as Backend[], warmup: 0.5, seconds: 1 },
  full: {
    runs: [
      { n: 100, rates: [250, 500, 1000, 1500, 2000, 3000, 4000, 5000, 6000, 8000] },
      { n: 1000, rates: [100, 250, 500, 750, 1000, 1500, 2000, 3000, 5000] },
    ],
    backends: ['postgres', 'pglite'] as Backend[],
    warmup: 2,
    seconds: 5,
  },
} as const;

export const P99_LIMIT_MS = 50;
/** Answered at least this share of the offered rate, or the step counts as not sustained. */
export const KEEP_UP = 0.97;

export interface SaturationResult {
  readonly backend: Backend;
  readonly n: number;
  readonly steps: readonly WindowFigures[];
  /** Highest offered rate with p99 < 50 ms and answered ≥ 97 % of offered. */
  readonly sustained: number | null;
  readonly sustainedAnswered: number | null;
  /** Highest answered rate seen at any step (whatever its latency). */
  readonly peakAnswered: number;
  readonly stoppedBecause: string;
}

export async function runSaturation(ctx: BenchContext, size: Size): Promise<{ results: SaturationResult[]; skipped: string[] }> {
  await ensureFirstPartyPacks(ctx.progress);
  const cfg = SAT_SIZES[size];
  const skipped: string[] = [];
  const results: SaturationResult[] = [];
  const wanted: Backend[] = size === 'tiny' && !ctx.postgresUrl ? ['pglite'] : [...cfg.backends];
  for (const backend of wanted) {
    if (backend === 'postgres' && !ctx.postgresUrl) {
      skipped.push('postgres: no PostgreSQL reachable');
      continue;
    }
    for (const run of cfg.runs) {
      ctx.progress(`saturation: ${backend}, ${run.n} connections`);
      const s = await openSession(backend, run.n, ctx, 'grid');
      const steps: WindowFigures[] = [];
      let sustained: WindowFigures | null = null;
      let stoppedBecause = 'all steps sustained';
      try {
        for (const rate of run.rates) {
          s.client.send({ t: 'rate', perSecond: rate });
          await new Promise((r) => setTimeout(r, cfg.warmup * 1000));
          const { figures } = await window(s, rate, cfg.seconds);
          steps.push(figures);
          const ok = figures.latencyMs.n > 0 && figures.latencyMs.p99 < P99_LIMIT_MS && figures.answeredPerSecond >= KEEP_UP * rate && figures.lost === 0;
          ctx.progress(`saturation: ${backend} N=${run.n} ${rate}/s offered → ${fmt(figures.answeredPerSecond)} answered/s, p99 ${p99Text(figures.latencyMs)}, server CPU ${fmt(figures.serverCpuPercent)} %, generator CPU ${fmt(figures.clientCpuPercent)} % ${ok ? 'ok' : '✗'}`);
          if (ok) sustained = figures;
          else {
            stoppedBecause = figures.latencyMs.n > 0 && figures.latencyMs.p99 >= P99_LIMIT_MS ? `p99 ${p99Text(figures.latencyMs)} at ${rate}/s offered` : `answered ${fmt(figures.answeredPerSecond)}/s of ${rate}/s offered (${figures.lost} not answered within 10 s)`;
            break;
          }
        }
        s.client.send({ t: 'rate', perSecond: 0 });
      } finally {
        await s.close();
      }
      results.push({
        backend,
        n: run.n,
        steps,
        sustained: sustained?.offered ?? null,
        sustainedAnswered: sustained?.answeredPerSecond ?? null,
        peakAnswered: Math.max(0, ...steps.map((x) => x.answeredPerSecond)),
        stoppedBecause,
      });
    }
  }
  return { results, skipped };
}

// ---- reporting -----------------------------------------------------------------------

/** A p99 for tables: null (shown "—") when nothing was answered within the 10 s timeout. */
function p99Value(l: Summary): number | null {
  return l.n > 0 ? figure(l.p99) : null;
}

function p99Text(l: Summary): string {
  return l.n > 0 ? `${fmt(l.p99)} ms` : 'none answered within 10 s';
}

export function loadRows(configs: readonly LoadConfigResult[]): Row[] {
  return configs.map((c) => ({
    metric: `${c.backend}, ${c.map === 'grid' ? '100-room grid' : '9-room village'}, ${c.n.toLocaleString('en-US')} connections, ${c.offered.toLocaleString('en-US')}/s offered`,
    value: p99Value(c.latencyMs),
    unit: 'ms p99',
    note: `${fmt(c.answeredPerSecond)} answered/s; ${c.latencyMs.n > 0 ? `p50 ${fmt(c.latencyMs.p50)} / p95 ${fmt(c.latencyMs.p95)} ms; window p99s ${c.windowP99Ms.map((x) => (Number.isFinite(x) ? fmt(x) : '—')).join(', ')}` : 'no command answered within 10 s (overloaded)'}; server CPU ${fmt(c.serverCpuPercent)} %, RSS ${fmt(c.serverRssMiB)} MiB (${fmt(c.rssLoggedInMiB)} logged in, before play; ${fmt(c.rssIdleMiB)} after start-up); generator CPU ${fmt(c.clientCpuPercent)} %; ${fmt(c.linesPerSecond)} lines/s to clients (${fmt(c.linesPerSecond / Math.max(1, c.offered))} per command); not answered ${c.lost}, error lines ${c.errors}`,
  }));
}

export function loadGoals(configs: readonly LoadConfigResult[]): Goal[] {
  const pg1000 = configs.find((c) => c.backend === 'postgres' && c.n === 1000 && c.map === 'grid');
  const any1000 = pg1000 ?? configs.find((c) => c.n === 1000);
  const goals: Goal[] = [];
  goals.push(
    any1000
      ? { goal: '1,000 concurrent connections held', current: `${any1000.windows.at(-1)?.connections ?? '?'} connections open at the end (${any1000.backend}), ${any1000.loginFailed} failed logins`, met: (any1000.windows.at(-1)?.connections ?? 0) >= 1000 && any1000.loginFailed === 0 }
      : { goal: '1,000 concurrent connections held', current: 'not measured at this size', met: null },
  );
  goals.push(
    pg1000
      ? { goal: 'p99 < 50 ms at 1,000 commands/s', current: `${p99Text(pg1000.latencyMs)} p99 at ${fmt(pg1000.answeredPerSecond)} answered/s (PostgreSQL, 1,000 connections × 1/s in the 100-room grid)`, met: pg1000.latencyMs.n > 0 && pg1000.latencyMs.p99 < 50 && pg1000.answeredPerSecond >= KEEP_UP * 1000 }
      : { goal: 'p99 < 50 ms at 1,000 commands/s', current: 'not measured at this size', met: null },
  );
  goals.push(
    pg1000
      ? { goal: 'Server RSS < 300 MiB with PostgreSQL at 1,000 connections', current: `${fmt(pg1000.serverRssMiB)} MiB playing at 1,000 commands/s offered; ${fmt(pg1000.rssLoggedInMiB)} MiB with the 1,000 logged in, before play; ${fmt(pg1000.rssIdleMiB)} MiB after start-up`, met: pg1000.serverRssMiB < 300 }
      : { goal: 'Server RSS < 300 MiB with PostgreSQL at 1,000 connections', current: 'not measured at this size', met: null },
  );
  return goals;
}

export function saturationRows(results: readonly SaturationResult[]): Row[] {
  const rows: Row[] = [];
  for (const r of results) {
    rows.push({
      metric: `${r.backend}, ${r.n.toLocaleString('en-US')} connections: highest rate with p99 < ${P99_LIMIT_MS} ms`,
      value: r.sustained,
      unit: 'commands/s',
      note: `stopped: ${r.stoppedBecause}; peak answered ${fmt(r.peakAnswered)}/s`,
    });
    for (const s of r.steps) {
      rows.push({
        metric: `${r.backend}, ${r.n.toLocaleString('en-US')} connections: ${s.offered.toLocaleString('en-US')}/s offered`,
        value: p99Value(s.latencyMs),
        unit: 'ms p99',
        note: `${fmt(s.answeredPerSecond)} answered/s${s.latencyMs.n > 0 ? `, p50 ${fmt(s.latencyMs.p50)} ms` : ''}; server CPU ${fmt(s.serverCpuPercent)} %, generator ${fmt(s.clientCpuPercent)} %; gateway busy ${fmt(s.gatewayElu * 100)} %, lag p99 ${fmt(s.gatewayLagP99Ms)} ms; ${fmt(s.unitsPerCommit)} units/commit, ${fmt(s.commitMs)} ms/commit; ${fmt(s.linesPerSecond)} lines/s`,
      });
    }
  }
  return rows;
}

export function saturationGoals(results: readonly SaturationResult[]): Goal[] {
  const pg = results.filter((r) => r.backend === 'postgres');
  const best = pg.reduce<SaturationResult | null>((a, r) => ((r.sustained ?? 0) > (a?.sustained ?? -1) ? r : a), null);
  const all = pg.map((r) => `${r.sustained === null ? 'none' : `${r.sustained.toLocaleString('en-US')}/s`} at ${r.n.toLocaleString('en-US')} connections (then ${r.stoppedBecause})`).join('; ');
  return [
    best
      ? { goal: '≥ 5,000 commands/s sustained with PostgreSQL, every command through a pack and a durable commit', current: `${all}; p99 < 50 ms as the bar`, met: (best.sustained ?? 0) >= 5000 }
      : { goal: '≥ 5,000 commands/s sustained with PostgreSQL, every command through a pack and a durable commit', current: 'not measured at this size', met: null },
  ];
}

// ---- the two benchmarks ----------------------------------------------------------------

export const loadBench: BenchFn = async (ctx) => {
  const { configs, skipped } = await runLoad(ctx, ctx.size);
  const cfg = LOAD_SIZES[ctx.size];
  const pg = configs.find((c) => c.backend === 'postgres' && c.map === 'grid' && c.n === Math.max(...cfg.ns));
  const pgl = configs.find((c) => c.backend === 'pglite' && c.map === 'grid' && c.n === Math.max(...cfg.ns));
  const findings = [...skipped];
  if (pg && pgl)
    findings.push(
      `At ${pg.n.toLocaleString('en-US')} connections the server's RSS is ${fmt(pg.serverRssMiB)} MiB with PostgreSQL and ${fmt(pgl.serverRssMiB)} MiB with PGlite, which runs inside the server process (its own share, measured alone, is in the lifecycle benchmark); right after start-up: ${fmt(pg.rssIdleMiB)} vs ${fmt(pgl.rssIdleMiB)} MiB.`,
    );
  return {
    title: 'Load',
    method: [
      `A real server (\`startServer\`, first-party packs \`rooms\` + \`social\` only — the packs the mix plays) in one process and the load generator in another (\`bench/load/\`), over 127.0.0.1. N connections, alternately raw telnet (negotiates nothing) and WebSocket (JSON), each creates a character and walks the shortest way to a room picked at random, so the crowd spreads over the map (warm-up, not measured; Argon2 at cheap parameters, and 127.0.0.1 exempt from the per-address limits; the per-connection command limit is raised so that the saturation steps measure the server, not the limiter), then plays at ${cfg.perConn} command/s per connection, open loop (sent on schedule, answered or not): say, pose, look and a walk through a random exit, in turn.`,
      `Latency is input written → first line of that command's answer received (\`You say, "<token>"\`, \`<Name> <token>.\`, the room title); a command not answered within 10 s counts as not answered. Answers are released only after their group commit is durable. ${cfg.warmup} s warm-up, then ${cfg.windows} windows of ${cfg.seconds} s; commands/s is the median over windows of commands answered, percentiles are over every command of every window; server CPU is user+system of the whole server process (gateway, world worker, libuv, PGlite) over wall time (200 % = both cores), RSS the largest seen.`,
      `The load generator shares the two cores with the server: its CPU is reported beside the server's. The map is a town of ${GRID_SIDE} × ${GRID_SIDE} rooms (\`bench/load/grid-world.ts\`, given to \`rooms\` with \`packs.settings.rooms.world\`): players spread ~N/100 to a room, like a busy MUD, and a say, pose or walk is shown to everyone in the room ("lines/s to clients" counts it). The crowd rows play the same mix in the 9-room starter village, ~N/9 to a room (~N/5 in the square and on the road), where the output grows with N².`,
    ].join(' '),
    rows: loadRows(configs),
    goals: loadGoals(configs),
    findings,
    raw: { configs, skipped },
  };
};

export const saturationBench: BenchFn = async (ctx) => {
  const { results, skipped } = await runSaturation(ctx, ctx.size);
  const cfg = SAT_SIZES[ctx.size];
  const runs = cfg.runs.map((r) => `${r.n.toLocaleString('en-US')} connections: ${r.rates.map((x) => x.toLocaleString('en-US')).join(', ')}`).join('; ');
  return {
    title: 'Saturation',
    method: `The load benchmark's server, generator and mix, at two crowd sizes; the total rate steps up (${runs} commands/s; ${cfg.warmup} s settle, ${cfg.seconds} s measured per step) and stops at the first step whose p99 is ≥ ${P99_LIMIT_MS} ms, or that answers fewer than ${KEEP_UP * 100} % of the offered commands, or leaves any unanswered. The figure is the highest step that passed. Both in the load benchmark's 100-room grid town: 100 connections show the per-command cost (about one player a room), 1,000 the fan-out of ~10 to a room.`,
    rows: saturationRows(results),
    goals: saturationGoals(results),
    findings: skipped,
    raw: { results, skipped },
  };
};
