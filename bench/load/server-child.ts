/**
 * The server under load, in its own process (forked by bench/load/load.ts), so
 * its CPU and RSS are its own: a real `startServer` with the first-party packs,
 * telnet and HTTP/WebSocket on free ports of 127.0.0.1, PostgreSQL or in-memory
 * PGlite. Answers `stats` requests over IPC.
 *
 * Packs: `rooms` and `social` only (the packs the scripted mix uses), not the
 * default set; the map is the one the parent names (a grid town or the village).
 * Argon2 runs with cheap parameters (1 MiB, t=1) because logins are the warm-up,
 * not the measurement; 127.0.0.1 is exempt from the per-address limits (1,000
 * connections come from one address) and the per-connection command limit is raised.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { DEFAULTS, type Config } from '../../engine/config/defaults.ts';
import { startServer, type RunningServer } from '../../engine/gateway/server.ts';
import { PHASES, PhaseTrace, type Phase, type TraceDrain } from '../../engine/commit/trace.ts';
import { mean, median } from '../lib/stats.ts';

export type ServerRequest = { readonly t: 'start'; readonly databaseUrl: string | null; readonly worldFile: string | null; readonly npc?: NpcSetup; readonly pglite?: PgliteSetup } | { readonly t: 'stats' } | { readonly t: 'stop' };

/** The memory benchmark's PGlite: a data directory on disk (as the default runs) and the buffer pool to use. */
export interface PgliteSetup {
  readonly dataDir: string;
  readonly sharedBuffersMiB: number;
}

/** The npc benchmark's additions (bench/load/npc.ts): creatures from `creaturesWorld`, combat, and the arena pack from `benchPacksDir`. */
export interface NpcSetup {
  readonly creaturesWorld: string;
  readonly benchPacksDir: string;
}

export interface ServerStats {
  readonly t: 'stats';
  /** process.cpuUsage(): user + system µs of every thread (gateway, world worker, libuv pool). */
  readonly cpuUs: number;
  readonly wallMs: number;
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
  /** Event-loop delay of the gateway thread since the last stats call, ms. */
  readonly lagP99Ms: number;
  readonly lagMaxMs: number;
  /** Event-loop utilisation of the gateway thread since the last stats call (0..1). */
  readonly elu: number;
  readonly connections: number;
  readonly online: number;
  readonly commits: { readonly count: number; readonly units: number; readonly ms: number };
  /** The world thread's cumulative busy ms by request kind (myriad_world_busy_seconds). */
  readonly worldBusyMs: Readonly<Record<string, number>>;
  /** Pack calls so far, by pack: count and total seconds (myriad_pack_call_latency_seconds). */
  readonly packCalls: Readonly<Record<string, { readonly count: number; readonly seconds: number }>>;
  /** Every command's hops since the last stats call (engine/commit/trace.ts), summarised. */
  readonly trace: TraceSummary;
}

/** Per phase: median and mean ms over the commands since the last stats call. */
export interface TraceSummary {
  readonly commands: number;
  readonly phases: Readonly<Record<Phase, { readonly p50: number; readonly mean: number }>>;
  readonly batchSize: { readonly p50: number; readonly mean: number };
  readonly unitsPerCommit: { readonly p50: number; readonly mean: number };
}

function summariseTrace(d: TraceDrain): TraceSummary {
  const both = (xs: readonly number[]): { p50: number; mean: number } => ({ p50: median(xs), mean: mean(xs) });
  return {
    commands: d.commands,
    phases: Object.fromEntries(PHASES.map((p) => [p, both(d.phases[p])])) as TraceSummary['phases'],
    batchSize: both(d.batchSizes),
    unitsPerCommit: both(d.unitsPerCommit),
  };
}

export type ServerReply = { readonly t: 'ready'; readonly telnetPort: number; readonly httpPort: number; readonly startMs: number; readonly rss: number; readonly rssBeforeStart: number } | ServerStats | { readonly t: 'error'; readonly message: string } | { readonly t: 'stopped' };

/**
 * 1,400 creatures are seeded in one call and think in one tick call: the operator
 * grants the creatures pack the budgets for that (packs.settings.creatures.limits).
 */
const NPC_LIMITS = { maxEffects: 20_000, maxHostCalls: 50_000, maxOutputBytes: 4 << 20, maxInputBytes: 4 << 20, wallMs: 5_000, memoryPages: 256 };

function npcPacks(base: Config['packs'], worldFile: string | null, npc: NpcSetup): Config['packs'] {
  return {
    ...base,
    enabled: ['rooms', 'social', 'creatures', 'combat', 'arena'],
    dirs: [...base.dirs, npc.benchPacksDir],
    settings: {
      ...(worldFile ? { rooms: { world: worldFile } } : {}),
      creatures: { world: npc.creaturesWorld, limits: NPC_LIMITS },
      // The operator's grant for the bench pack (only first-party packs get what they ask).
      arena: { grants: { read: ['rooms.key'], write: ['arena.started'], subscribe: ['world.tick'], query: true, act: true } },
    },
  };
}

function benchConfig(databaseUrl: string | null, worldFile: string | null, npc?: NpcSetup, pglite?: PgliteSetup): Config {
  const d = structuredClone(DEFAULTS);
  const config: Config = {
    ...d,
    server: { ...d.server, host: '127.0.0.1' },
    telnet: { ...d.telnet, port: 0 },
    http: { ...d.http, port: 0 },
    storage: pglite ? { ...d.storage, dataDir: pglite.dataDir, pgliteSharedBuffersMiB: pglite.sharedBuffersMiB, databaseUrl } : { ...d.storage, dataDir: 'memory://bench', databaseUrl },
    accounts: { ...d.accounts, argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 } },
    // The packs the scripted mix plays (say, pose, look, walk): a fixed workload over
    // time, whatever the default set grows into (bench/probe-arrival.ts measures that).
    // worldFile: the map to play on (bench/load/grid-world.ts), instead of the village.
    packs: npc ? npcPacks(d.packs, worldFile, npc) : { ...d.packs, enabled: ['rooms', 'social'], settings: worldFile ? { rooms: { world: worldFile } } : {} },
    log: { level: process.env['MYRIAD_BENCH_LOG'] ?? 'silent', pretty: false },
    configFile: null,
  };
  return {
    ...config,
    // One address for every connection; and up to 80 commands/s per connection in the
    // saturation steps (100 connections × 8,000/s): the server is measured, not the limiter.
    limits: { ...config.limits, exemptAddresses: ['127.0.0.1', '::1', '::ffff:127.0.0.1'], commands: { count: 1_000, windowMs: 1_000 } },
  };
}

const send = (msg: ServerReply): void => {
  process.send?.(msg);
};

let server: RunningServer | null = null;
const trace = new PhaseTrace();
const lag = monitorEventLoopDelay({ resolution: 5 });
lag.enable();
let eluMark = performance.eventLoopUtilization();
const started = performance.now();

process.on('message', (msg: ServerRequest) => {
  void handle(msg).catch((e: unknown) => send({ t: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
});

async function handle(msg: ServerRequest): Promise<void> {
  switch (msg.t) {
    case 'start': {
      const rssBeforeStart = process.memoryUsage().rss;
      const t0 = performance.now();
      const config = benchConfig(msg.databaseUrl, msg.worldFile, msg.npc, msg.pglite);
      server = await startServer(config, pino({ level: config.log.level }, pino.destination(2)));
      server.gateway.pipeline.trace = trace;
      send({ t: 'ready', telnetPort: server.telnetPort, httpPort: server.httpPort, startMs: performance.now() - t0, rss: process.memoryUsage().rss, rssBeforeStart });
      return;
    }
    case 'stats': {
      const mem = process.memoryUsage();
      const cpu = process.cpuUsage();
      const elu = performance.eventLoopUtilization(eluMark);
      eluMark = performance.eventLoopUtilization();
      const reg = server?.gateway.metrics.registry;
      let commits = { count: 0, units: 0, ms: 0 };
      const worldBusyMs: Record<string, number> = {};
      const packCalls: Record<string, { count: number; seconds: number }> = {};
      if (reg) {
        const batch = (await reg.getSingleMetric('myriad_commit_batch_units')?.get())?.values ?? [];
        const lat = (await reg.getSingleMetric('myriad_commit_latency_seconds')?.get())?.values ?? [];
        const pick = (vals: ReadonlyArray<{ metricName?: string; value: number }>, suffix: string): number => vals.find((v) => v.metricName?.endsWith(suffix))?.value ?? 0;
        commits = { count: pick(batch, '_count'), units: pick(batch, '_sum'), ms: pick(lat, '_sum') * 1000 };
        for (const v of (await reg.getSingleMetric('myriad_world_busy_seconds')?.get())?.values ?? []) worldBusyMs[String(v.labels['request'])] = v.value * 1000;
        const calls = ((await reg.getSingleMetric('myriad_pack_call_latency_seconds')?.get())?.values ?? []) as ReadonlyArray<{ metricName?: string; labels: Record<string, string | number>; value: number }>;
        for (const v of calls) {
          const pack = String(v.labels['pack']);
          const entry = (packCalls[pack] ??= { count: 0, seconds: 0 });
          if (v.metricName?.endsWith('_count')) entry.count = v.value;
          else if (v.metricName?.endsWith('_sum')) entry.seconds = v.value;
        }
      }
      send({
        t: 'stats',
        cpuUs: cpu.user + cpu.system,
        wallMs: performance.now() - started,
        rss: mem.rss,
        heapUsed: mem.heapUsed,
        external: mem.external,
        arrayBuffers: mem.arrayBuffers,
        lagP99Ms: lag.percentile(99) / 1e6,
        lagMaxMs: lag.max / 1e6,
        elu: elu.utilization,
        connections: server?.gateway.connectionCount ?? 0,
        online: server?.gateway.sessions.online.length ?? 0,
        commits,
        worldBusyMs,
        packCalls,
        trace: summariseTrace(trace.drain()),
      });
      lag.reset();
      return;
    }
    case 'stop': {
      await server?.stop();
      server = null;
      send({ t: 'stopped' });
      setTimeout(() => process.exit(0), 50);
      return;
    }
  }
}

process.on('disconnect', () => process.exit(0));
// A normal exit, so --cpu-prof (MYRIAD_BENCH_PROFILE) still writes its profile.
process.on('SIGTERM', () => process.exit(0));
