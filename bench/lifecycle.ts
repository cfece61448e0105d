/**
 * The `lifecycle` benchmark:
 *
 * - cold start: spawn `node dist/myriad.mjs start` (the bundle `npm start` runs;
 *   env ports, data dir or DATABASE_URL) and time until a telnet connection gets
 *   the banner; fresh database, then again on the now-existing one; also the
 *   TypeScript through `node --import tsx`, to show what transpiling costs;
 * - world worker restart with 10,000 entities committed (`gateway.world.restart`);
 * - pack hot reload (`gateway.reloadPacks()`), same world;
 * - memory per loaded pack, and PGlite's own memory, each in a fresh process.
 *
 *   npx tsx bench/lifecycle.ts [tiny|full]
 */
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { monotonicFactory } from 'ulidx';
import { DEFAULTS, type Config } from '../engine/config/defaults.ts';
import { startServer } from '../engine/gateway/server.ts';
import type { CommitUnit } from '../engine/store/types.ts';
import { throwawayDatabase } from './load/load.ts';
import { ensureFirstPartyPacks, REPO } from './lib/packs.ts';
import type { BenchContext, BenchFn, Goal, Row, Size } from './lib/result.ts';
import { fmt } from './lib/result.ts';
import { median } from './lib/stats.ts';
import { BUNDLE, ensureBundle } from './lib/bundle.ts';

const ulid = monotonicFactory();
const run = promisify(execFile);

type Backend = 'postgres' | 'pglite';
/** bundle: `node dist/myriad.mjs start`, what `npm start` runs; node: the TypeScript through tsx. */
type Variant = 'bundle' | 'node';
const VARIANT_LABEL: Record<Variant, string> = { bundle: 'node dist/myriad.mjs (npm start)', node: 'node --import tsx (from source)' };

const SIZES = {
  tiny: { coldRuns: 1, coldVariants: ['bundle'] as const, coldExisting: false, entities: 1_000, restarts: 1, reloads: 1, packCopies: 2, packs: ['social'] },
  full: { coldRuns: 3, coldVariants: ['bundle', 'node'] as const, coldExisting: true, entities: 10_000, restarts: 5, reloads: 5, packCopies: 20, packs: ['rooms', 'social'] },
} as const;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Connect until the banner arrives; resolves with the time it did. */
function waitForBanner(port: number, deadline: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      if (performance.now() > deadline) return reject(new Error('no banner before the deadline'));
      const socket = net.connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (b: Buffer) => {
        text += b.toString('latin1');
        if (text.includes('Welcome to')) {
          const t = performance.now();
          socket.destroy();
          resolve(t);
        }
      });
      socket.once('error', () => {
        socket.destroy();
        setTimeout(attempt, 10);
      });
    };
    attempt();
  });
}

export interface ColdStart {
  readonly backend: Backend;
  readonly variant: Variant;
  readonly fresh: boolean;
  /** Spawn → banner received, ms. */
  readonly ms: number;
  /** What the server logged as its own start-up time ("Myriad is up", ms), when found. */
  readonly serverMs: number | null;
}

async function coldStart(backend: Backend, variant: Variant, env: NodeJS.ProcessEnv, fresh: boolean): Promise<ColdStart> {
  const telnet = await freePort();
  const http = await freePort();
  const cmd = variant === 'bundle' ? ([process.execPath, ['--enable-source-maps', BUNDLE.cli, 'start']] as const) : ([process.execPath, ['--import', 'tsx', 'engine/cli/main.ts', 'start']] as const);
  const t0 = performance.now();
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['DATABASE_URL', 'MYRIAD_CONFIG', 'MYRIAD_DATA_DIR']) delete childEnv[k];
  const child = spawn(cmd[0], [...cmd[1]], {
    cwd: REPO,
    env: { ...childEnv, ...env, MYRIAD_TELNET_PORT: String(telnet), MYRIAD_HTTP_PORT: String(http) },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, stopped as one below.
    detached: true,
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    const t = await Promise.race([waitForBanner(telnet, t0 + 60_000), exited.then(() => Promise.reject(new Error(`server exited: ${out.slice(-2000)}`)))]);
    const up = /"ms":(\d+)[^\n]*Myriad is up|Myriad is up[^\n]*"ms":(\d+)/.exec(out);
    return { backend, variant, fresh, ms: t - t0, serverMs: up ? Number(up[1] ?? up[2]) : null };
  } finally {
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
      if (!stopped) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  }
}

function serverConfig(backend: Backend, databaseUrl: string | null): Config {
  const d = structuredClone(DEFAULTS);
  return {
    ...d,
    server: { ...d.server, host: '127.0.0.1' },
    telnet: { ...d.telnet, port: 0 },
    http: { ...d.http, port: 0 },
    storage: { ...d.storage, dataDir: 'memory://bench', databaseUrl: backend === 'postgres' ? databaseUrl : null },
    log: { level: 'silent', pretty: false },
    configFile: null,
  };
}

export interface WorldTimings {
  readonly backend: Backend;
  readonly entities: number;
  readonly restartMs: number[];
  readonly reloadMs: number[] | null;
  readonly reloadMissing: string | null;
}

async function worldTimings(backend: Backend, databaseUrl: string | null, entities: number, restarts: number, reloads: number, progress: (m: string) => void): Promise<WorldTimings> {
  const server = await startServer(serverConfig(backend, databaseUrl), pino({ level: 'silent' }));
  try {
    const g = server.gateway;
    progress(`lifecycle: ${backend} committing ${entities.toLocaleString('en-US')} entities`);
    const room = ulid();
    const cause = { actor: { kind: 'system' as const, id: 'bench' }, pack: null, packVersion: null };
    const unit = (ids: string[]): CommitUnit => ({
      events: ids.map((id) => ({ id: ulid(), stream: `entity:${id}`, type: 'engine.entity_created', v: 1, ...cause, payload: { id, components: { name: `Thing ${id.slice(-4)}`, kind: 'item', location: room } }, display: null, at: new Date().toISOString() })),
      changes: ids.flatMap((id) => [
        { entity: id, key: 'name', value: `Thing ${id.slice(-4)}` },
        { entity: id, key: 'kind', value: 'item' },
        { entity: id, key: 'location', value: room },
      ]),
    });
    const all = Array.from({ length: entities }, () => ulid());
    await g.store.commit([
      {
        events: [],
        changes: [
          { entity: room, key: 'name', value: 'Store Room' },
          { entity: room, key: 'kind', value: 'room' },
        ],
      },
    ]);
    for (let i = 0; i < all.length; i += 1000) await g.store.commit([unit(all.slice(i, i + 1000))]);
    const restartMs: number[] = [];
    for (let i = 0; i < restarts; i++) {
      progress(`lifecycle: ${backend} world restart ${i + 1}/${restarts}`);
      const t0 = performance.now();
      await g.world.restart('bench', null);
      restartMs.push(performance.now() - t0);
    }
    const reload = (g as { reloadPacks?: () => Promise<{ ok: boolean; ms: number; error?: string }> }).reloadPacks;
    if (typeof reload !== 'function') return { backend, entities, restartMs, reloadMs: null, reloadMissing: 'gateway.reloadPacks() is not there' };
    const reloadMs: number[] = [];
    for (let i = 0; i < reloads; i++) {
      progress(`lifecycle: ${backend} pack reload ${i + 1}/${reloads}`);
      const t0 = performance.now();
      const report = await reload.call(g);
      if (!report.ok) return { backend, entities, restartMs, reloadMs: null, reloadMissing: `reload refused: ${report.error}` };
      reloadMs.push(performance.now() - t0);
    }
    return { backend, entities, restartMs, reloadMs, reloadMissing: null };
  } finally {
    await server.stop();
  }
}

interface MemSample {
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

async function memoryChild(args: string[]): Promise<{ before: MemSample; after: MemSample; count?: number; wasmBytes?: number; memoryPages?: number; openMs?: number }> {
  const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(REPO, 'bench', 'lib', 'memory-child.ts'), ...args], { cwd: REPO, maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as never;
}

export interface LifecycleRaw {
  readonly cold: ColdStart[];
  readonly world: WorldTimings[];
  readonly packMemory: Array<{ pack: string; count: number; rssPerPackMiB: number; heapPerPackMiB: number; externalPerPackMiB: number; wasmKiB: number; memoryPages: number }>;
  readonly pglite: { rssMiB: number; openMs: number } | null;
  readonly skipped: string[];
}

export async function runLifecycle(ctx: BenchContext): Promise<LifecycleRaw> {
  await ensureFirstPartyPacks(ctx.progress);
  const cfg = SIZES[ctx.size];
  const skipped: string[] = [];
  const backends: Backend[] = ctx.size === 'tiny' ? [ctx.postgresUrl ? 'postgres' : 'pglite'] : ctx.postgresUrl ? ['postgres', 'pglite'] : ['pglite'];
  if (!ctx.postgresUrl) skipped.push('postgres: no PostgreSQL reachable');

  await ensureBundle(ctx.progress);
  const cold: ColdStart[] = [];
  for (const backend of backends) {
    for (const variant of cfg.coldVariants) {
      for (let i = 0; i < cfg.coldRuns; i++) {
        const db = backend === 'postgres' ? await throwawayDatabase(ctx.postgresUrl!) : null;
        const dir = mkdtempSync(path.join(tmpdir(), 'myriad-bench-'));
        const env: NodeJS.ProcessEnv = backend === 'postgres' ? { DATABASE_URL: db!.url, MYRIAD_DATA_DIR: dir } : { MYRIAD_DATA_DIR: dir };
        try {
          ctx.progress(`lifecycle: cold start ${backend} via ${variant} ${i + 1}/${cfg.coldRuns} (fresh database)`);
          cold.push(await coldStart(backend, variant, env, true));
          if (cfg.coldExisting) {
            ctx.progress(`lifecycle: cold start ${backend} via ${variant} ${i + 1}/${cfg.coldRuns} (existing database)`);
            cold.push(await coldStart(backend, variant, env, false));
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
          await db?.drop().catch(() => undefined);
        }
      }
    }
  }

  const world: WorldTimings[] = [];
  for (const backend of backends) {
    const db = backend === 'postgres' ? await throwawayDatabase(ctx.postgresUrl!) : null;
    try {
      world.push(await worldTimings(backend, db?.url ?? null, cfg.entities, cfg.restarts, cfg.reloads, ctx.progress));
    } finally {
      await db?.drop().catch(() => undefined);
    }
  }

  const packMemory: LifecycleRaw['packMemory'] = [];
  for (const pack of cfg.packs) {
    ctx.progress(`lifecycle: memory of ${cfg.packCopies} × ${pack}`);
    const m = await memoryChild(['packs', pack, String(cfg.packCopies)]);
    const per = (k: keyof MemSample): number => (m.after[k] - m.before[k]) / cfg.packCopies / 2 ** 20;
    packMemory.push({ pack, count: cfg.packCopies, rssPerPackMiB: per('rss'), heapPerPackMiB: per('heapUsed'), externalPerPackMiB: per('external'), wasmKiB: (m.wasmBytes ?? 0) / 1024, memoryPages: m.memoryPages ?? 0 });
  }
  let pglite: LifecycleRaw['pglite'] = null;
  if (ctx.size === 'full') {
    ctx.progress('lifecycle: PGlite memory (fresh process)');
    const m = await memoryChild(['pglite']);
    pglite = { rssMiB: (m.after.rss - m.before.rss) / 2 ** 20, openMs: m.openMs ?? NaN };
  }
  return { cold, world, packMemory, pglite, skipped };
}

export const lifecycleBench: BenchFn = async (ctx) => {
  const raw = await runLifecycle(ctx);
  const rows: Row[] = [];
  const goals: Goal[] = [];
  const groups = new Map<string, ColdStart[]>();
  for (const c of raw.cold) {
    const key = `${c.backend}|${c.variant}|${c.fresh}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const [key, runs] of groups) {
    const [backend, variant, fresh] = key.split('|');
    const ms = runs.map((r) => r.ms);
    const server = runs.map((r) => r.serverMs).filter((x): x is number => x !== null);
    rows.push({
      metric: `cold start to banner, ${backend}, ${VARIANT_LABEL[variant as Variant]}, ${fresh === 'true' ? 'fresh database' : 'existing database'}`,
      value: Math.round(median(ms)),
      unit: 'ms',
      note: `${runs.length} run${runs.length > 1 ? 's' : ''} (${ms.map((x) => Math.round(x)).join(', ')} ms)${server.length ? `; startServer itself ${Math.round(median(server))} ms` : ''}`,
    });
  }
  const pgCold = raw.cold.filter((c) => c.backend === 'postgres' && c.variant === 'bundle');
  const pgColdAny = pgCold.length ? pgCold : raw.cold.filter((c) => c.backend === 'postgres');
  const coldFigure = (runs: ColdStart[]): string => {
    const existing = runs.filter((c) => !c.fresh).map((c) => c.ms);
    const fresh = runs.filter((c) => c.fresh).map((c) => c.ms);
    const parts = [existing.length ? `${fmt(median(existing) / 1000)} s on an existing database` : null, fresh.length ? `${fmt(median(fresh) / 1000)} s on a fresh one` : null].filter(Boolean);
    return `${parts.join(', ')} (${VARIANT_LABEL[runs[0]!.variant]}, spawn → banner)`;
  };
  goals.push(
    pgColdAny.length ? { goal: 'Cold start < 3 s with PostgreSQL', current: coldFigure(pgColdAny), met: median((pgColdAny.some((c) => !c.fresh) ? pgColdAny.filter((c) => !c.fresh) : pgColdAny).map((c) => c.ms)) < 3000 } : { goal: 'Cold start < 3 s with PostgreSQL', current: 'not measured (no PostgreSQL)', met: null },
  );
  for (const w of raw.world) {
    rows.push({ metric: `${w.backend}: world worker restart, ${w.entities.toLocaleString('en-US')} entities`, value: Math.round(median(w.restartMs)), unit: 'ms', note: `median of ${w.restartMs.length} (${w.restartMs.map((x) => Math.round(x)).join(', ')} ms)` });
    rows.push(
      w.reloadMs
        ? { metric: `${w.backend}: pack hot reload (reloadPacks), ${w.entities.toLocaleString('en-US')} entities`, value: Math.round(median(w.reloadMs)), unit: 'ms', note: `median of ${w.reloadMs.length} (${w.reloadMs.map((x) => Math.round(x)).join(', ')} ms)` }
        : { metric: `${w.backend}: pack hot reload`, value: null, unit: 'ms', note: w.reloadMissing ?? 'missing' },
    );
  }
  const pgWorld = raw.world.find((w) => w.backend === 'postgres') ?? raw.world[0];
  if (pgWorld) {
    const m = median(pgWorld.restartMs);
    goals.push({ goal: 'World restart with 10,000 entities < 1 s', current: `${Math.round(m)} ms (${pgWorld.backend}, ${pgWorld.entities.toLocaleString('en-US')} entities)`, met: pgWorld.entities >= 10_000 ? m < 1000 : null });
  }
  for (const p of raw.packMemory) {
    rows.push({ metric: `memory per loaded pack: ${p.pack}`, value: Number(fmt(p.rssPerPackMiB)), unit: 'MiB RSS', note: `${p.count} instances in a fresh process; heap ${fmt(p.heapPerPackMiB)} MiB, external ${fmt(p.externalPerPackMiB)} MiB per pack; wasm ${fmt(p.wasmKiB)} KiB, memory cap ${p.memoryPages} pages` });
  }
  if (raw.pglite) rows.push({ metric: 'PGlite in memory, opened and migrated', value: Math.round(raw.pglite.rssMiB), unit: 'MiB RSS', note: `fresh process; opening took ${Math.round(raw.pglite.openMs)} ms` });
  const cfg = SIZES[ctx.size];
  return {
    title: 'Lifecycle',
    method: [
      `Cold start: \`node dist/myriad.mjs start\` (the bundle \`npm start\` runs, built by scripts/bundle-engine.mjs) and, for comparison, the TypeScript through \`node --import tsx engine/cli/main.ts start\`, spawned with MYRIAD_TELNET_PORT/MYRIAD_HTTP_PORT on free ports and MYRIAD_DATA_DIR (PGlite) or DATABASE_URL (a throwaway PostgreSQL database); the time is from spawn until a telnet connection receives the banner, polling every 10 ms. Each run starts on a fresh database, then once more on the database it left; ${cfg.coldRuns} run${cfg.coldRuns > 1 ? 's' : ''} each, median.`,
      `World restart: a server in this process, ${cfg.entities.toLocaleString('en-US')} entities (name, kind, location: ${(cfg.entities * 3).toLocaleString('en-US')} component rows) committed, then \`gateway.world.restart()\` timed ${cfg.restarts} times (drain, snapshot read, new worker, packs instantiated). Hot reload: \`gateway.reloadPacks()\` with the same pack set, ${cfg.reloads} times.`,
      `Memory per pack: RSS/heap/external of a fresh process (\`--expose-gc\`) before and after instantiating ${cfg.packCopies} \`PackInstance\`s of the pack (after a first instance, so one-time costs are excluded), divided by the count. PGlite: RSS of a fresh process before and after opening and migrating an in-memory database.`,
    ].join(' '),
    rows,
    goals,
    raw,
    ...(raw.skipped.length ? { findings: raw.skipped } : {}),
  };
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const size = (process.argv[2] ?? 'tiny') as Size;
  const raw = await runLifecycle({ size, progress: (m) => process.stderr.write(`${m}\n`), postgresUrl: process.env.MYRIAD_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test' });
  console.log(JSON.stringify(raw, null, 1));
}
