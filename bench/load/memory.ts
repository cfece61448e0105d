/**
 * The `memory` benchmark: the server's RSS where issues 16 and 18 set goals.
 *
 * - The embedded default (PGlite in a data directory) idle with two players, on a
 *   fresh data directory (its first start runs initdb in the process) and restarted
 *   on it, with shared_buffers 128 MiB (PostgreSQL's default, what PGlite used) and
 *   16 MiB (ours, decision 0030), the two alternated in one run on the same machine state.
 * - PostgreSQL with 1,000 connections logged in and playing at 1 command/s each.
 *
 * The 500-bot crowd's RSS is measured by the closedloop benchmark (bench/load/two-rooms.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureFirstPartyPacks } from '../lib/packs.ts';
import type { BenchContext, BenchFn, Goal, Row } from '../lib/result.ts';
import { fmt } from '../lib/result.ts';
import { median } from '../lib/stats.ts';
import { openSession, window } from './load.ts';

const SIZES = {
  tiny: { pools: [16], rounds: 1, play: 1, settle: 0.5, pgConnections: 10 },
  full: { pools: [128, 16], rounds: 2, play: 5, settle: 3, pgConnections: 1000 },
} as const;

const MiB = 2 ** 20;
/** The goals are in MB (10^6 bytes), RSS is reported in MiB. */
const MB_PER_MIB = MiB / 1e6;

interface Idle {
  readonly pool: number;
  readonly start: 'fresh' | 'restarted';
  /** Right after start-up. */
  readonly startedMiB: number;
  /** Two players logged in, after a few seconds of play and a pause. */
  readonly idleMiB: number;
}

async function idleWithTwo(ctx: BenchContext, dataDir: string, pool: number, start: Idle['start'], prefix: string): Promise<Idle> {
  const cfg = SIZES[ctx.size];
  const s = await openSession('pglite', 2, ctx, 'two-rooms', undefined, { wsShare: 0, prefix, pglite: { dataDir, sharedBuffersMiB: pool } });
  try {
    s.client.send({ t: 'rate', perSecond: 2 });
    await window(s, 2, cfg.play);
    s.client.send({ t: 'rate', perSecond: 0 });
    await new Promise((r) => setTimeout(r, cfg.settle * 1000));
    const idle = await s.server.request({ t: 'stats' }, 'stats');
    const r: Idle = { pool, start, startedMiB: s.ready.rss / MiB, idleMiB: idle.rss / MiB };
    ctx.progress(`PGlite shared_buffers ${pool} MiB, ${start}: ${fmt(r.startedMiB)} MiB after start-up, ${fmt(r.idleMiB)} MiB idle with two players`);
    return r;
  } finally {
    await s.close();
  }
}

interface PostgresCrowd {
  readonly connections: number;
  readonly loggedInMiB: number;
  readonly playingMiB: number;
  readonly answeredPerSecond: number;
}

async function postgresCrowd(ctx: BenchContext): Promise<PostgresCrowd> {
  const n = SIZES[ctx.size].pgConnections;
  const s = await openSession('postgres', n, ctx, 'grid');
  try {
    const loggedIn = await s.server.request({ t: 'stats' }, 'stats');
    s.client.send({ t: 'rate', perSecond: n });
    await new Promise((r) => setTimeout(r, SIZES[ctx.size].settle * 1000));
    const { figures } = await window(s, n, SIZES[ctx.size].play);
    s.client.send({ t: 'rate', perSecond: 0 });
    return { connections: figures.connections, loggedInMiB: loggedIn.rss / MiB, playingMiB: figures.serverRssMiB, answeredPerSecond: figures.answeredPerSecond };
  } finally {
    await s.close();
  }
}

export const memoryBench: BenchFn = async (ctx) => {
  await ensureFirstPartyPacks(ctx.progress);
  const cfg = SIZES[ctx.size];
  const idle: Idle[] = [];
  for (let round = 0; round < cfg.rounds; round++) {
    for (const pool of cfg.pools) {
      const dir = mkdtempSync(path.join(tmpdir(), 'myriad-bench-memory-'));
      try {
        // New names on the restart: the first start's characters are in the database.
        idle.push(await idleWithTwo(ctx, dir, pool, 'fresh', 'fr'));
        idle.push(await idleWithTwo(ctx, dir, pool, 'restarted', 'rs'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  const pg = ctx.postgresUrl ? await postgresCrowd(ctx) : null;

  const rows: Row[] = [];
  const med = (pool: number, start: Idle['start'], key: 'startedMiB' | 'idleMiB'): number => median(idle.filter((x) => x.pool === pool && x.start === start).map((x) => x[key]));
  for (const pool of cfg.pools) {
    for (const start of ['fresh', 'restarted'] as const) {
      const runs = idle.filter((x) => x.pool === pool && x.start === start);
      rows.push({
        metric: `PGlite, shared_buffers ${pool} MiB${pool === 16 ? ' (default)' : ''}, ${start === 'fresh' ? 'first start on a fresh data dir' : 'restarted on its data dir'}: idle with two players`,
        value: Math.round(med(pool, start, 'idleMiB')),
        unit: 'MiB RSS',
        note: `${fmt(med(pool, start, 'startedMiB'))} MiB right after start-up; each run: ${runs.map((x) => fmt(x.idleMiB)).join(', ')} MiB`,
      });
    }
  }
  if (pg) {
    rows.push({
      metric: `PostgreSQL, ${pg.connections.toLocaleString('en-US')} connections at 1 command/s each`,
      value: Math.round(pg.playingMiB),
      unit: 'MiB RSS',
      note: `${fmt(pg.loggedInMiB)} MiB logged in, before play; ${fmt(pg.answeredPerSecond)} answered/s`,
    });
  }
  const ours = med(16, 'restarted', 'idleMiB');
  const oursFresh = med(16, 'fresh', 'idleMiB');
  const goals: Goal[] = [
    {
      goal: 'PGlite default idle with two players ≤ 200 MB RSS (issue 18: ~550 MB)',
      current: `${fmt(ours * MB_PER_MIB)} MB restarted on its data dir, ${fmt(oursFresh * MB_PER_MIB)} MB on the first start (initdb runs in a child process)`,
      met: Number.isFinite(ours) ? ours * MB_PER_MIB <= 200 : null,
    },
    pg
      ? { goal: 'PostgreSQL at 1,000 connections ≤ 200 MB RSS', current: `${fmt(pg.playingMiB * MB_PER_MIB)} MB playing, ${fmt(pg.loggedInMiB * MB_PER_MIB)} MB logged in (${pg.connections} connections)`, met: pg.connections >= 1000 ? pg.playingMiB * MB_PER_MIB <= 200 : null }
      : { goal: 'PostgreSQL at 1,000 connections ≤ 200 MB RSS', current: 'no PostgreSQL reachable', met: null },
  ];
  const findings: string[] = [];
  const pools: readonly number[] = cfg.pools;
  if (pools.includes(128) && pools.includes(16)) {
    const saved = med(128, 'restarted', 'idleMiB') - ours;
    findings.push(`shared_buffers 128 → 16 MiB saves ${fmt(saved)} MiB idle (restarted on the data dir), same run: PGlite touches its whole buffer pool inside the WebAssembly memory, so the pool is resident from the first query.`);
  }
  return {
    title: 'Memory',
    method: `The load benchmark's server (bundled, as \`npm start\` runs it) in its own process, RSS from \`process.memoryUsage()\`. PGlite in a temporary data directory on disk, as the default runs: the server starts on the fresh directory (PGlite's initdb runs in a child process, decision 0030), two telnet players log in, play ${cfg.play} s at 1 command/s each and pause ${cfg.settle} s, then the server is stopped and started again on the same directory (the usual state of a server) and the same is measured; shared_buffers ${cfg.pools.join(' and ')} MiB alternated, ${cfg.rounds} round(s), medians shown. PostgreSQL: ${cfg.pgConnections.toLocaleString('en-US')} connections (telnet and WebSocket) in the 100-room grid, logged in, then ${cfg.play} s at 1 command/s each. The 500-bot crowd's RSS is in the closedloop benchmark.`,
    rows,
    goals,
    findings,
    raw: { idle, pg },
  };
};
