/**
 * Time and space through the real pack runtime, in-process (no worker, no
 * sockets, no database): `World.handle` with a clock the benchmark drives.
 *
 * - A game-year at 1000× (gameplay-rules.md 1.3: "< 5 s"; issue 5 aims at
 *   < 0.5 s): the `time` pack on dilation 1000 (its `maxDilation` raised from
 *   100, the reference's own range), 365 game days = 31,536 real seconds =
 *   315,360 ticks at 10 Hz. The pack is not a `world.tick` subscriber: it arms a
 *   timer for the next band boundary, so the year costs one pack call per
 *   boundary (8 a day). The run fires the timers in order, each at its due time,
 *   exactly as the gateway's timer pump would; a second run also pushes all
 *   315,360 ticks through `World.handle` (which the gateway skips when no pack
 *   subscribes) as the upper bound.
 * - A radius query among 1,000 positioned entities (0.3/0.4: "< 30 ms"; aim
 *   < 1 ms): 1,000 entities scattered over 1 km² around the village square, a
 *   character at the square types `near 100` (the `spatial` pack: one
 *   `Query.near` on the engine's point index, names of the ten nearest, one
 *   message). Also the index alone (no pack) and a plain scan for comparison.
 *
 *   npx tsx bench/world.ts [tiny|full]
 */
import { silentLog } from '../engine/logger.ts';
import { pathToFileURL } from 'node:url';
import { DEFAULTS, type Config } from '../engine/config/defaults.ts';
import { loadPacks } from '../engine/packs/loader.ts';
import { PackInstance } from '../engine/world/pack-runtime/runtime.ts';
import type { TimerRow } from '../engine/store/types.ts';
import type { WorldRequest, WorldResult } from '../engine/world/protocol.ts';
import { WorldState } from '../engine/world/state.ts';
import { World } from '../engine/world/world.ts';
import { ensureFirstPartyPacks } from './lib/packs.ts';
import type { BenchContext, BenchFn, Goal, Row, Size } from './lib/result.ts';
import { figure, fmt } from './lib/result.ts';
import { summarize, type Summary } from './lib/stats.ts';

const DAY_MS = 86_400_000;
const SIZES = {
  tiny: { days: 10, queries: 50, warmup: 10, tickDays: 1 },
  full: { days: 365, queries: 2_000, warmup: 200, tickDays: 365 },
} as const;
const ADMIN = '01BENCHWORLDADMIN000000000';
const START = Date.UTC(2025, 0, 1);

interface Harness {
  readonly world: World;
  readonly packs: readonly PackInstance[];
  now: number;
  timers: TimerRow[];
  packMs: number;
  packCalls: number;
  handle(req: WorldRequest): Promise<WorldResult>;
  close(): Promise<void>;
}

async function harness(packs: readonly string[], settings: Config['packs']['settings'] = {}): Promise<Harness> {
  const d = structuredClone(DEFAULTS);
  const config: Config = { ...d, packs: { ...d.packs, enabled: [...packs], settings }, log: { level: 'silent', pretty: false }, configFile: null };
  const instances: PackInstance[] = [];
  for (const spec of loadPacks(config)) instances.push(await PackInstance.create(spec));
  const h: Harness = {
    world: null as unknown as World,
    packs: instances,
    now: START,
    timers: [],
    packMs: 0,
    packCalls: 0,
    async handle(req) {
      const r = await h.world.handle(req);
      if (r.failure) throw new Error(`${req.kind}: ${r.failure.code} ${r.failure.message}`);
      for (const c of r.calls ?? []) {
        h.packMs += c.ms;
        h.packCalls++;
      }
      h.timers.push(...r.timersAdded);
      if (r.timersFired.length) h.timers = h.timers.filter((t) => !r.timersFired.includes(t.id));
      return r;
    },
    async close() {
      for (const p of instances) await p.close();
    },
  };
  (h as { world: World }).world = new World(new WorldState(), instances, null, { log: silentLog }, 1, () => h.now);
  for (const r of await h.world.seed()) h.timers.push(...r.timersAdded);
  return h;
}

export interface YearRun {
  readonly days: number;
  readonly ticks: number;
  readonly ticksHandled: number;
  readonly wakes: number;
  readonly bands: number;
  readonly dawns: number;
  readonly seasons: string[];
  readonly totalMs: number;
  readonly packMs: number;
}

/** Simulate `days` game days at 1000×; with `everyTick`, also run every 10 Hz tick through World.handle. */
async function year(days: number, everyTick: boolean): Promise<YearRun> {
  const h = await harness(['time'], { time: { config: { maxDilation: 1000 } } });
  try {
    await h.handle({ kind: 'spawn-character', reqId: 0, charId: ADMIN, name: 'Ada', corr: '' });
    await h.handle({ kind: 'command', reqId: 0, charId: ADMIN, line: '@time dilation 1000', admin: true, corr: '' });
    h.packMs = 0;
    h.packCalls = 0;
    const realMs = (days * DAY_MS) / 1000;
    const end = h.now + realMs;
    const ticks = Math.floor(realMs / 100);
    let bands = 0;
    let dawns = 0;
    let wakes = 0;
    let ticksHandled = 0;
    const seasons: string[] = [];
    let reqId = 1;
    const fire = async (until: number): Promise<void> => {
      for (;;) {
        h.timers.sort((a, b) => a.dueAt - b.dueAt);
        const t = h.timers[0];
        if (!t || t.dueAt > until) return;
        h.timers.shift();
        h.now = Math.max(h.now, t.dueAt);
        const r = await h.handle({ kind: 'timer', reqId: reqId++, timer: t, corr: '' });
        wakes++;
        for (const e of r.events) {
          if (e.type === 'time.band') {
            bands++;
            if ((e.payload as { timeOfDay: string }).timeOfDay === 'dawn') dawns++;
          } else if (e.type === 'time.season') seasons.push((e.payload as { season: string }).season);
        }
      }
    };
    const t0 = performance.now();
    if (everyTick) {
      const start = h.now;
      for (let i = 1; i <= ticks; i++) {
        const at = start + i * 100;
        await fire(at);
        h.now = at;
        await h.handle({ kind: 'tick', reqId: reqId++, tick: i, dtMs: 100, now: at, corr: '' } as WorldRequest);
        ticksHandled++;
      }
    }
    await fire(end);
    h.now = end;
    const totalMs = performance.now() - t0;
    return { days, ticks, ticksHandled, wakes, bands, dawns, seasons, totalMs, packMs: h.packMs };
  } finally {
    await h.close();
  }
}

export interface QueryRun {
  readonly entities: number;
  readonly queries: number;
  readonly withinRadius: number;
  readonly command: Summary;
  readonly packShare: number;
  readonly index: Summary;
  readonly scan: Summary;
}

async function radius(queries: number, warmup: number): Promise<QueryRun> {
  const h = await harness(['rooms', 'spatial']);
  try {
    await h.handle({ kind: 'spawn-character', reqId: 0, charId: ADMIN, name: 'Ada', corr: '' });
    await h.handle({ kind: 'session', reqId: 0, charId: ADMIN, online: true, corr: '' });
    const state = h.world.state;
    const me = state.get(ADMIN, 'spatial.position') as { x: number; y: number; z: number };
    // 1,000 things scattered over 1 km² around the square (seeded LCG: the same world every run).
    let seed = 12345;
    const rnd = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 1000; i++) {
      const id = `01BENCHTHING${String(i).padStart(14, '0')}`;
      state.set(id, 'name', `a stone marker ${i}`);
      state.set(id, 'kind', 'item');
      state.set(id, 'spatial.position', { x: Math.round((rnd() * 1000 - 500) * 10) / 10, y: Math.round((rnd() * 1000 - 500) * 10) / 10, z: 0 });
    }
    const within = state.points.near(me.x, me.y, me.z, 100, 10_000).length;
    for (let i = 0; i < warmup; i++) await h.handle({ kind: 'command', reqId: 0, charId: ADMIN, line: 'near 100', admin: false, corr: '' });
    h.packMs = 0;
    const samples = new Float64Array(queries);
    let total = 0;
    for (let i = 0; i < queries; i++) {
      const t0 = performance.now();
      const r = await h.handle({ kind: 'command', reqId: i, charId: ADMIN, line: 'near 100', admin: false, corr: '' });
      const dt = performance.now() - t0;
      samples[i] = dt * 1000;
      total += dt;
      if (i === 0 && !r.deliveries.some((d) => d.msg.spans.some((s) => s.text.includes('a stone marker')))) throw new Error('near 100 found no markers');
    }
    const index = new Float64Array(queries);
    const scan = new Float64Array(queries);
    const positions = [...state.withComponent('spatial.position')].map((id) => [id, state.get(id, 'spatial.position') as { x: number; y: number; z: number }] as const);
    for (let i = 0; i < queries; i++) {
      let t0 = performance.now();
      state.points.near(me.x, me.y, me.z, 100, 1000);
      index[i] = (performance.now() - t0) * 1000;
      t0 = performance.now();
      const hits = [];
      for (const [id, p] of positions) {
        const d = Math.hypot(p.x - me.x, p.y - me.y, p.z - me.z);
        if (d <= 100) hits.push({ id, d });
      }
      hits.sort((a, b) => a.d - b.d);
      scan[i] = (performance.now() - t0) * 1000;
    }
    return { entities: 1000, queries, withinRadius: within, command: summarize(samples), packShare: h.packMs / total, index: summarize(index), scan: summarize(scan) };
  } finally {
    await h.close();
  }
}

export interface WorldRaw {
  readonly year: YearRun;
  readonly yearEveryTick: YearRun;
  readonly query: QueryRun;
}

export async function runWorld(size: Size, progress: (m: string) => void = () => {}): Promise<WorldRaw> {
  const s = SIZES[size];
  await ensureFirstPartyPacks(progress, ['rooms', 'time', 'spatial']);
  progress(`world: ${s.days} game days at 1000× (timers only)`);
  const y = await year(s.days, false);
  progress(`world: ${s.tickDays} game days at 1000×, every tick through World.handle`);
  const yt = await year(s.tickDays, true);
  progress(`world: ${s.queries} radius queries among 1,000 entities`);
  const q = await radius(s.queries, s.warmup);
  return { year: y, yearEveryTick: yt, query: q };
}

export const worldBench: BenchFn = async (ctx: BenchContext) => {
  const raw = await runWorld(ctx.size, ctx.progress);
  const { year: y, yearEveryTick: yt, query: q } = raw;
  const rows: Row[] = [
    { metric: `${y.days} game days at 1000×, total`, value: figure(y.totalMs / 1000), unit: 's', note: `${y.ticks.toLocaleString('en-US')} ticks of world time; ${y.wakes.toLocaleString('en-US')} wake timers, ${y.bands.toLocaleString('en-US')} band events, ${y.dawns} dawns, seasons ${y.seasons.join(' → ') || 'none'}` },
    { metric: 'game-year: pack-call share', value: figure((y.packMs / y.totalMs) * 100), unit: '%', note: `${fmt(y.packMs)} ms in ${y.wakes.toLocaleString('en-US')} time-pack calls (${fmt((y.packMs / Math.max(1, y.wakes)) * 1000)} µs each)` },
    { metric: `${yt.days} game days, every tick through World.handle`, value: figure(yt.totalMs / 1000), unit: 's', note: `${yt.ticksHandled.toLocaleString('en-US')} ticks (no pack subscribes: each is an empty transaction, rolled back) plus the same wakes; the gateway skips these ticks` },
    { metric: '`near 100` among 1,000 entities, p50', value: figure(q.command.p50), unit: 'µs', note: `p99 ${fmt(q.command.p99)} µs; ${q.withinRadius} within 100 m, 10 listed; ${fmt(q.packShare * 100)}% in the spatial pack call` },
    { metric: 'point index alone, 100 m among 1,000, p50', value: figure(q.index.p50), unit: 'µs', note: `p99 ${fmt(q.index.p99)} µs (engine/world/spatial-index.ts, all ${q.withinRadius} hits sorted)` },
    { metric: 'plain scan of the 1,000, p50', value: figure(q.scan.p50), unit: 'µs', note: `p99 ${fmt(q.scan.p99)} µs: what the grid saves` },
  ];
  const goals: Goal[] = [
    {
      goal: 'Simulate 1 game-year at 1000× dilation: < 5 s (reference), aim < 0.5 s',
      current: `${fmt(y.totalMs / 1000)} s for ${y.days} days (${y.dawns} dawns, ${y.seasons.length} season changes), ${fmt((y.packMs / y.totalMs) * 100)}% in pack calls; ${fmt(yt.totalMs / 1000)} s with all ${yt.ticksHandled.toLocaleString('en-US')} ticks through World.handle`,
      met: y.days >= 365 ? y.totalMs < 500 : null,
      note: 'met = the 0.5 s aim, timers only (what the server runs)',
    },
    {
      goal: 'Radius query among 1,000 entities: < 30 ms (reference), aim < 1 ms',
      current: `${fmt(q.command.p50)} µs p50 / ${fmt(q.command.p99)} µs p99 for the whole \`near 100\` command through the spatial pack; ${fmt(q.index.p50)} µs for the index alone`,
      met: q.command.p50 < 1000,
      note: "met = the whole command's p50 under the 1 ms aim (its p99 is the shared machine's noise: see the rows)",
    },
  ];
  return {
    title: 'Time and space',
    method: [
      'In one process, no worker: `World.handle` with a clock the benchmark drives.',
      `Game-year: the \`time\` pack alone, \`@time dilation 1000\` (its \`maxDilation\` config raised to 1000; the reference's range stops at 100), then ${y.days} game days (${y.ticks.toLocaleString('en-US')} ticks of 100 ms): the pack's wake timers fire in order at their due times, as the gateway's timer pump fires them; each wake writes \`time.now\`, announces the band (and season) and re-arms.`,
      'A second run also sends every tick through `World.handle` (`world.tick`, no subscriber) as an upper bound: the gateway does not send ticks when no pack subscribes.',
      "Radius query: `rooms` + `spatial` on the seeded village, 1,000 entities with `spatial.position` scattered over 1 km² (seeded), a character at the square typing `near 100`: one `Query.near` on the engine's point index (16 m grid), names of the ten nearest (`Query.entity`), one message. The index alone and a plain scan-and-sort of the 1,000 positions are timed in the same process for comparison.",
      "Pack-call share: the pack calls' wall time (`WorldResult.calls`) over the whole.",
    ].join(' '),
    rows,
    goals,
    findings: [
      "The year costs boundaries, not ticks: 8 wakes a game day whatever the dilation or tick rate, because no pack reads the clock by counting ticks (`time.clock` holds the formula's inputs; readers compute the time).",
      "The radius query's cost is the pack call (message building, ten name look-ups), not the index: the grid answers in a few microseconds where a scan of 1,000 takes tens.",
    ],
    raw,
  };
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const size = (process.argv[2] ?? 'tiny') as Size;
  const raw = await runWorld(size, (m) => process.stderr.write(`${m}\n`));
  console.log(JSON.stringify(raw, null, 1));
}
