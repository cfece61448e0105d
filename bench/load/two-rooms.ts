/**
 * The `closedloop` and `memory` benchmarks: issue 16's side-by-side workload
 * against an in-memory engine (Ranvier 3), with its figures printed beside ours.
 *
 * closedloop: every bot in two adjacent rooms (bench/load/grid-world.ts
 *             twoRoomWorld), raw telnet, the load benchmark's mix (say, pose, look,
 *             walk). 50 bots closed loop (each sends its next command when the answer
 *             arrives), then the same 50 at 1 command/s each, then 500 bots at 1/s.
 *             PostgreSQL and PGlite (in a data directory on disk, as the default
 *             runs). Each window also reports where the server's time went (p50 of
 *             each hop, engine/commit/trace.ts).
 * memory:     the embedded default's RSS idle with two players, on a fresh data
 *             directory and restarted on it, with shared_buffers 128 MiB (PostgreSQL's
 *             default) and 16 MiB (ours, decision 0030) alternated in one run; and
 *             PostgreSQL at 1,000 connections.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PHASES, type Phase } from '../../engine/commit/trace.ts';
import { ensureFirstPartyPacks } from '../lib/packs.ts';
import type { BenchContext, BenchFn, Goal, Row, Size } from '../lib/result.ts';
import { fmt } from '../lib/result.ts';
import { median, summarize, type Summary } from '../lib/stats.ts';
import { type Backend, openSession, type SessionOptions, window, type WindowFigures } from './load.ts';

/** Issue 16's figures, measured side by side on this machine kind (the floor to beat). */
export const REFERENCE = {
  closed50: {
    ranvier: { perSecond: 3208, p50: 13, p99: 31, rssMiB: 101 },
    postgres: { perSecond: 1663, p50: 28, p99: 52, rssMiB: 296 },
    pglite: { perSecond: 1158, p50: 42, p99: 67, rssMiB: 1029 },
  },
  crowd500: {
    ranvier: { answered: 450, p99: 2200 },
    postgres: { answered: 500, p99: 419 },
    pglite: { answered: 418, p99: 1360, rssMiB: 991 },
  },
  open50: {
    ranvier: { p50: 0.7, p99: 44 },
    postgres: { p50: 4.7, p99: 12 },
    pglite: { p50: 5.2, p99: 18 },
  },
} as const;

const SIZES = {
  tiny: { backends: ['postgres'] as Backend[], bots: 4, crowd: 8, warmup: 0.5, windows: 1, seconds: 1 },
  full: { backends: ['postgres', 'pglite'] as Backend[], bots: 50, crowd: 500, warmup: 3, windows: 3, seconds: 5 },
} as const;

const ms = (x: number): string => `${fmt(x)} ms`;

interface Measured {
  readonly windows: readonly WindowFigures[];
  readonly latencyMs: Summary;
  readonly perSecond: number;
  readonly rssMiB: number;
  readonly cpuPercent: number;
}

/** A temporary PGlite data directory with our default buffer pool, removed by the caller. */
function dataDir(): { setup: SessionOptions['pglite'] & object; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'myriad-bench-pglite-'));
  return { setup: { dataDir: dir, sharedBuffersMiB: 16 }, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function measure(s: Awaited<ReturnType<typeof openSession>>, offered: number, windows: number, seconds: number, label: string, ctx: BenchContext): Promise<Measured> {
  const ws: WindowFigures[] = [];
  const all: number[] = [];
  for (let i = 0; i < windows; i++) {
    const { figures, latencies } = await window(s, offered, seconds);
    ws.push(figures);
    for (const x of latencies) all.push(x);
    ctx.progress(`${label} window ${i + 1}/${windows}: ${fmt(figures.answeredPerSecond)} answered/s, p50 ${ms(figures.latencyMs.p50)}, p99 ${ms(figures.latencyMs.p99)}, server CPU ${fmt(figures.serverCpuPercent)} %, RSS ${fmt(figures.serverRssMiB)} MiB`);
  }
  return {
    windows: ws,
    latencyMs: summarize(all),
    perSecond: median(ws.map((w) => w.answeredPerSecond)),
    rssMiB: Math.max(...ws.map((w) => w.serverRssMiB)),
    cpuPercent: median(ws.map((w) => w.serverCpuPercent)),
  };
}

interface BackendResult {
  readonly backend: Backend;
  readonly closed: Measured;
  readonly open: Measured;
  readonly crowd: Measured;
}

/** Median over the windows of each phase's p50 (and mean). */
function breakdown(m: Measured): Record<Phase, { p50: number; mean: number }> {
  return Object.fromEntries(PHASES.map((p) => [p, { p50: median(m.windows.map((w) => w.trace.phases[p].p50)), mean: median(m.windows.map((w) => w.trace.phases[p].mean)) }])) as Record<Phase, { p50: number; mean: number }>;
}

async function runBackend(backend: Backend, ctx: BenchContext, size: Size): Promise<BackendResult> {
  const cfg = SIZES[size];
  const settle = (): Promise<void> => new Promise((r) => setTimeout(r, cfg.warmup * 1000));
  const dir = backend === 'pglite' ? dataDir() : null;
  const options: SessionOptions = { wsShare: 0, ...(dir ? { pglite: dir.setup } : {}) };
  let closed: Measured;
  let open: Measured;
  try {
    ctx.progress(`${backend}: ${cfg.bots} bots in two rooms`);
    const s = await openSession(backend, cfg.bots, ctx, 'two-rooms', undefined, options);
    try {
      s.client.send({ t: 'closed-loop', on: true });
      await settle();
      closed = await measure(s, 0, cfg.windows, cfg.seconds, `${backend} closed loop ${cfg.bots}`, ctx);
      s.client.send({ t: 'rate', perSecond: cfg.bots });
      await settle();
      open = await measure(s, cfg.bots, cfg.windows, cfg.seconds, `${backend} ${cfg.bots} × 1/s`, ctx);
      s.client.send({ t: 'rate', perSecond: 0 });
    } finally {
      await s.close();
    }
  } finally {
    dir?.remove();
  }
  const crowdDir = backend === 'pglite' ? dataDir() : null;
  let crowd: Measured;
  try {
    ctx.progress(`${backend}: ${cfg.crowd} bots in two rooms`);
    const s = await openSession(backend, cfg.crowd, ctx, 'two-rooms', undefined, { wsShare: 0, ...(crowdDir ? { pglite: crowdDir.setup } : {}) });
    try {
      s.client.send({ t: 'rate', perSecond: cfg.crowd });
      await settle();
      crowd = await measure(s, cfg.crowd, cfg.windows, cfg.seconds, `${backend} ${cfg.crowd} × 1/s`, ctx);
      s.client.send({ t: 'rate', perSecond: 0 });
    } finally {
      await s.close();
    }
  } finally {
    crowdDir?.remove();
  }
  return { backend, closed, open, crowd };
}

function rowsOf(r: BackendResult, bots: number, crowd: number): Row[] {
  const name = r.backend === 'postgres' ? 'PostgreSQL' : 'PGlite';
  const ref = REFERENCE;
  const before = r.backend === 'postgres' ? ref.closed50.postgres : ref.closed50.pglite;
  const rows: Row[] = [
    {
      metric: `${name}: ${bots} bots, closed loop`,
      value: Math.round(r.closed.perSecond),
      unit: 'commands/s',
      note: `p50 ${ms(r.closed.latencyMs.p50)}, p99 ${ms(r.closed.latencyMs.p99)}, server CPU ${fmt(r.closed.cpuPercent)} % of 200, RSS ${fmt(r.closed.rssMiB)} MiB. Ranvier 3 (in memory): ${fmt(ref.closed50.ranvier.perSecond)}/s, p50 ${ref.closed50.ranvier.p50} ms, p99 ${ref.closed50.ranvier.p99} ms, RSS ${ref.closed50.ranvier.rssMiB} MB; Myriad in the issue: ${fmt(before.perSecond)}/s, p50 ${before.p50} ms, p99 ${before.p99} ms, RSS ${fmt(before.rssMiB)} MB`,
    },
  ];
  const b = breakdown(r.closed);
  for (const p of PHASES) rows.push({ metric: `${name}: closed loop, ${p}`, value: Number(fmt(b[p].p50).replace(/,/g, '')), unit: 'ms p50', note: `mean ${ms(b[p].mean)}` });
  const w = r.closed.windows;
  rows.push({
    metric: `${name}: closed loop, commands per world batch / per commit`,
    value: Number(fmt(median(w.map((x) => x.trace.batchSize.mean)))),
    unit: 'commands a batch (mean)',
    note: `${fmt(median(w.map((x) => x.trace.unitsPerCommit.mean)))} commands a commit (mean); ${fmt(median(w.map((x) => x.commitsPerSecond)))} commits/s, ${ms(median(w.map((x) => x.commitMs)))} a commit`,
  });
  const o = r.backend === 'postgres' ? ref.open50.postgres : ref.open50.pglite;
  rows.push({
    metric: `${name}: ${bots} bots × 1 command/s`,
    value: Number(fmt(r.open.latencyMs.p99)),
    unit: 'ms p99',
    note: `p50 ${ms(r.open.latencyMs.p50)}; ${fmt(r.open.perSecond)} answered/s. Ranvier: p50 ${ref.open50.ranvier.p50} ms, p99 ${ref.open50.ranvier.p99} ms; Myriad in the issue: p50 ${o.p50} ms, p99 ${o.p99} ms`,
  });
  const c = r.backend === 'postgres' ? ref.crowd500.postgres : ref.crowd500.pglite;
  rows.push({
    metric: `${name}: ${crowd} bots × 1 command/s (${crowd / 2} a room)`,
    value: Number(fmt(r.crowd.latencyMs.p99)),
    unit: 'ms p99',
    note: `${fmt(r.crowd.perSecond)} answered/s, p50 ${ms(r.crowd.latencyMs.p50)}, RSS ${fmt(r.crowd.rssMiB)} MiB, server CPU ${fmt(r.crowd.cpuPercent)} %. Ranvier: ${ref.crowd500.ranvier.answered}/s answered, p99 ${fmt(ref.crowd500.ranvier.p99)} ms; Myriad in the issue: ${c.answered}/s, p99 ${fmt(c.p99)} ms${'rssMiB' in c ? `, RSS ${c.rssMiB} MB` : ''}`,
  });
  return rows;
}

function goalsOf(results: readonly BackendResult[]): Goal[] {
  const pg = results.find((r) => r.backend === 'postgres');
  const pgl = results.find((r) => r.backend === 'pglite');
  const target = 1.5 * REFERENCE.closed50.ranvier.perSecond;
  return [
    pg
      ? { goal: `Closed loop, 50 bots in two rooms, PostgreSQL: ≥ ${fmt(target)} commands/s (1.5 × Ranvier) with p50 ≤ 10 ms`, current: `${fmt(pg.closed.perSecond)}/s, p50 ${ms(pg.closed.latencyMs.p50)}`, met: pg.closed.perSecond >= target && pg.closed.latencyMs.p50 <= 10 }
      : { goal: 'Closed loop, PostgreSQL', current: 'not measured', met: null },
    pgl
      ? { goal: `Closed loop, 50 bots in two rooms, PGlite: ≥ ${fmt(REFERENCE.closed50.ranvier.perSecond)} commands/s (Ranvier's rate)`, current: `${fmt(pgl.closed.perSecond)}/s, p50 ${ms(pgl.closed.latencyMs.p50)}`, met: pgl.closed.perSecond >= REFERENCE.closed50.ranvier.perSecond }
      : { goal: 'Closed loop, PGlite', current: 'not measured', met: null },
    pgl ? { goal: 'PGlite default under the 500-bot crowd ≤ 400 MB RSS', current: `${fmt(pgl.crowd.rssMiB * 1.048576)} MB (issue: ${REFERENCE.crowd500.pglite.rssMiB} MB)`, met: pgl.crowd.rssMiB * 1.048576 <= 400 } : { goal: 'PGlite default under the 500-bot crowd ≤ 400 MB RSS', current: 'not measured', met: null },
  ];
}

export const closedLoopBench: BenchFn = async (ctx) => {
  await ensureFirstPartyPacks(ctx.progress);
  const cfg = SIZES[ctx.size];
  const results: BackendResult[] = [];
  const skipped: string[] = [];
  // Tiny: PostgreSQL when reachable (it starts faster), else PGlite.
  const backends: readonly Backend[] = ctx.size === 'tiny' && !ctx.postgresUrl ? ['pglite'] : cfg.backends;
  for (const backend of backends) {
    if (backend === 'postgres' && !ctx.postgresUrl) {
      skipped.push('postgres: no PostgreSQL reachable');
      continue;
    }
    results.push(await runBackend(backend, ctx, ctx.size));
  }
  return {
    title: 'Closed loop in two rooms, against an in-memory engine',
    method: [
      `Issue 16's workload: the load benchmark's server and generator (\`bench/load/\`), every bot a raw telnet connection in one of two adjacent rooms (\`twoRoomWorld\`), playing say, pose, look and a walk to the other room in turn. Closed loop: each of ${cfg.bots} bots sends its next command as soon as the first line of the previous answer arrives, so commands/s = bots ÷ latency. Then the same bots at 1 command/s each, then ${cfg.crowd} bots at 1/s (${cfg.crowd / 2} a room: a say reaches ~${cfg.crowd / 2}). PostgreSQL (127.0.0.1, fsync on) and PGlite in a data directory on disk with the default settings (\`storage.pgliteSharedBuffersMiB\` 16). ${cfg.warmup} s settle, ${cfg.windows} windows of ${cfg.seconds} s each; commands/s is the median over windows.`,
      "The in-memory reference (Ranvier 3: Node, no sandbox, no durability) and Myriad's figures before this work are issue 16's, measured side by side with the same generator on this machine kind; ours are measured now, on a machine that is shared and loaded (load average at the start is beside the run), so compare ratios within one run rather than absolute figures across runs.",
      "The breakdown rows split each command's time on the server (from the play layer handing the line to the pipeline, to its output written to the socket) into hops, stamped on the main thread (`Pipeline.trace`, `engine/commit/trace.ts`): queued behind the world batch in progress; the thread hops (the batch posted to the world worker and its results posted back, less the world's own time); the world's time for this command and for the rest of its batch (measured in the worker); the wait for the commit in progress; the commit itself (one transaction with its fsync, group commit); the wait for earlier results to be released; and the delivery (rendering and the corked socket writes). Each is the median over the window's commands, so the phases do not add up exactly to the total's median. What is not in the server total — the client's socket, the kernel and both event loops — is the client's latency minus it.",
    ].join('\n\n'),
    rows: results.flatMap((r) => rowsOf(r, cfg.bots, cfg.crowd)),
    goals: goalsOf(results),
    findings: skipped,
    raw: { results, skipped, reference: REFERENCE },
  };
};
