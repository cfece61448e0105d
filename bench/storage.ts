/**
 * The `store` benchmark: append (single-unit commits vs group commits) and replay
 * on PostgreSQL and PGlite (bench/store.ts, repeated), and a rebuild of world
 * state (`rebuildComponents`) from a log of 1,000,000 engine events written with
 * large group commits.
 *
 *   npx tsx bench/storage.ts [tiny|full]
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { monotonicFactory } from 'ulidx';
import { openStore } from '../engine/store/open.ts';
import { rebuildComponents } from '../engine/store/rebuild.ts';
import type { CommitUnit, EventStore, NewEvent } from '../engine/store/types.ts';
import type { BenchContext, BenchFn, Goal, Row, Size } from './lib/result.ts';
import { fmt } from './lib/result.ts';
import { median } from './lib/stats.ts';
import { runStoreBench, type StoreBenchResult } from './store.ts';

const ulid = monotonicFactory();

const SIZES = {
  tiny: { appendEvents: 200, repeats: 1, rebuildEvents: 5_000 },
  full: { appendEvents: 100_000, repeats: 3, rebuildEvents: 1_000_000 },
} as const;

/** 10,000 events per transaction while generating the rebuild log: 100 units × 100 events. */
const GEN_UNITS = 100;
const GEN_EVENTS_PER_UNIT = 100;
const ENTITIES = 10_000;
const ROOMS = 100;

export type Backend = 'pglite' | 'postgres';

/** A store on a throwaway database (PostgreSQL) or in memory (PGlite); dropped afterwards. */
export async function withStore<T>(backend: Backend, adminUrl: string | null, run: (store: EventStore) => Promise<T>): Promise<T> {
  if (backend === 'pglite') {
    const store = await openStore({ dataDir: 'memory://bench' });
    try {
      return await run(store);
    } finally {
      await store.close();
    }
  }
  if (!adminUrl) throw new Error('no PostgreSQL');
  const name = `myriad_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    const store = await openStore({ databaseUrl: url.toString() });
    try {
      return await run(store);
    } finally {
      await store.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** Engine events as the world logs them: creations, component sets, moves. */
function engineEvent(i: number): NewEvent {
  const base = { id: ulid(), v: 1, actor: { kind: 'system' as const, id: 'bench' }, pack: null, packVersion: null, display: null, at: new Date().toISOString() };
  if (i < ROOMS) {
    const id = `room${i}`;
    return { ...base, stream: `room:${id}`, type: 'engine.entity_created', payload: { id, components: { name: `Room ${i}`, kind: 'room' } } };
  }
  if (i < ROOMS + ENTITIES) {
    const id = `item${i - ROOMS}`;
    return { ...base, stream: `entity:${id}`, type: 'engine.entity_created', payload: { id, components: { name: `Item ${i}`, kind: 'item', location: `room${i % ROOMS}` } } };
  }
  const entity = `item${i % ENTITIES}`;
  if (i % 10 < 7) {
    return { ...base, stream: `entity:${entity}`, type: 'engine.component_set', payload: { entity, key: 'bench.counter', value: { n: i, note: 'a value of typical size' } } };
  }
  return { ...base, stream: `entity:${entity}`, type: 'engine.entity_moved', payload: { entity, from: `room${i % ROOMS}`, to: `room${(i * 7) % ROOMS}` } };
}

export interface RebuildResult {
  readonly backend: Backend;
  readonly events: number;
  readonly writeSeconds: number;
  readonly writeEventsPerSecond: number;
  readonly rebuildSeconds: number;
  readonly rebuildEventsPerSecond: number;
  readonly entities: number;
}

export async function runRebuild(backend: Backend, events: number, adminUrl: string | null, progress: (m: string) => void): Promise<RebuildResult> {
  return withStore(backend, adminUrl, async (store) => {
    const perCommit = GEN_UNITS * GEN_EVENTS_PER_UNIT;
    let i = 0;
    const t0 = performance.now();
    while (i < events) {
      const units: CommitUnit[] = [];
      for (let u = 0; u < GEN_UNITS && i < events; u++) {
        const evs: NewEvent[] = [];
        for (let k = 0; k < GEN_EVENTS_PER_UNIT && i < events; k++) evs.push(engineEvent(i++));
        units.push({ events: evs, changes: [] });
      }
      await store.commit(units);
      if ((i / perCommit) % 10 === 0) progress(`store: ${backend} rebuild log ${i.toLocaleString('en-US')}/${events.toLocaleString('en-US')} events`);
    }
    const writeMs = performance.now() - t0;
    progress(`store: ${backend} rebuilding from ${events.toLocaleString('en-US')} events`);
    const t1 = performance.now();
    const state = await rebuildComponents(store);
    const rebuildMs = performance.now() - t1;
    const expected = Math.min(events, ROOMS + ENTITIES);
    if (state.size !== expected) throw new Error(`rebuild gave ${state.size} entities, expected ${expected}`);
    return {
      backend,
      events,
      writeSeconds: writeMs / 1000,
      writeEventsPerSecond: Math.round(events / (writeMs / 1000)),
      rebuildSeconds: rebuildMs / 1000,
      rebuildEventsPerSecond: Math.round(events / (rebuildMs / 1000)),
      entities: state.size,
    };
  });
}

export interface StorageRaw {
  readonly append: Record<string, StoreBenchResult[]>;
  readonly rebuild: RebuildResult[];
  readonly skipped: string[];
}

export async function runStorage(ctx: BenchContext): Promise<StorageRaw> {
  const { appendEvents, repeats, rebuildEvents } = SIZES[ctx.size];
  const backends: Backend[] = ctx.postgresUrl ? ['postgres', 'pglite'] : ['pglite'];
  const skipped = ctx.postgresUrl ? [] : ['postgres: no PostgreSQL reachable'];
  const append: Record<string, StoreBenchResult[]> = {};
  for (let r = 0; r < repeats; r++) {
    for (const backend of backends) {
      ctx.progress(`store: ${backend} append/replay ${r + 1}/${repeats} (${appendEvents.toLocaleString('en-US')} events)`);
      (append[backend] ??= []).push(await runStoreBench({ events: appendEvents, backend }));
    }
  }
  const rebuild: RebuildResult[] = [];
  for (const backend of backends) rebuild.push(await runRebuild(backend, rebuildEvents, ctx.postgresUrl, ctx.progress));
  return { append, rebuild, skipped };
}

export const storeBench: BenchFn = async (ctx) => {
  const raw = await runStorage(ctx);
  const rows: Row[] = [];
  const med = (runs: StoreBenchResult[], pick: (r: StoreBenchResult) => number): { m: number; lo: number; hi: number } => {
    const xs = runs.map(pick);
    return { m: median(xs), lo: Math.min(...xs), hi: Math.max(...xs) };
  };
  const spread = (x: { lo: number; hi: number }, n: number): string => (n > 1 ? `range ${fmt(x.lo)}–${fmt(x.hi)} over ${n} runs` : '1 run');
  const figures: Record<string, { group: number; replay: number; single: number }> = {};
  for (const [backend, runs] of Object.entries(raw.append)) {
    const single = med(runs, (r) => r.singleUnitCommits.eventsPerSecond);
    const group = med(runs, (r) => r.groupCommits.eventsPerSecond);
    const replay = med(runs, (r) => r.replay.eventsPerSecond);
    figures[backend] = { group: group.m, replay: replay.m, single: single.m };
    rows.push({ metric: `${backend}: append, one command per commit`, value: Math.round(single.m), unit: 'events/s', note: `${spread(single, runs.length)}; ${runs[0]!.singleUnitCommits.events.toLocaleString('en-US')} events` });
    rows.push({ metric: `${backend}: append, group commit (100 units × 10 events)`, value: Math.round(group.m), unit: 'events/s', note: `${fmt(group.m / single.m, 2)}× single; ${spread(group, runs.length)}` });
    rows.push({ metric: `${backend}: replay (readAll, pages of 10,000)`, value: Math.round(replay.m), unit: 'events/s', note: spread(replay, runs.length) });
  }
  for (const r of raw.rebuild) {
    rows.push({
      metric: `${r.backend}: rebuild world state from ${r.events.toLocaleString('en-US')} events`,
      value: Math.round(r.rebuildEventsPerSecond),
      unit: 'events/s',
      note: `${fmt(r.rebuildSeconds)} s → ${r.entities.toLocaleString('en-US')} entities; log written at ${r.writeEventsPerSecond.toLocaleString('en-US')} events/s (100 × 100 events per commit)`,
    });
  }
  const pgf = figures['postgres'];
  const pgRebuild = raw.rebuild.find((r) => r.backend === 'postgres');
  const goals: Goal[] = [
    pgf ? { goal: 'Event append ≥ 50,000 events/s with group commit on PostgreSQL', current: `${Math.round(pgf.group).toLocaleString('en-US')} events/s`, met: pgf.group >= 50_000 } : { goal: 'Event append ≥ 50,000 events/s with group commit on PostgreSQL', current: 'not measured (no PostgreSQL)', met: null },
    pgf
      ? {
          goal: 'Replay ≥ 500,000 events/s',
          current: `${Math.round(pgf.replay).toLocaleString('en-US')} events/s readAll on PostgreSQL (PGlite ${Math.round(figures['pglite']?.replay ?? NaN).toLocaleString('en-US')}); rebuild ${pgRebuild ? Math.round(pgRebuild.rebuildEventsPerSecond).toLocaleString('en-US') : '—'} events/s`,
          met: pgf.replay >= 500_000,
        }
      : { goal: 'Replay ≥ 500,000 events/s', current: `${Math.round(figures['pglite']?.replay ?? NaN).toLocaleString('en-US')} events/s on PGlite`, met: null },
  ];
  const { appendEvents, repeats, rebuildEvents } = SIZES[ctx.size];
  return {
    title: 'Store',
    method: [
      `\`bench/store.ts\` against the real \`EventStore\` (throwaway PostgreSQL database on 127.0.0.1; PGlite in memory), ${repeats} run${repeats > 1 ? 's' : ''} per backend, alternating, median reported.`,
      `Single-unit commits: one command of one ~300-byte \`social.say\` event per transaction (capped at 2,000: fsync-bound). Group commits: 100 units × 10 events per transaction, ${appendEvents.toLocaleString('en-US')} events. Replay: \`readAll\` from position 0 in pages of 10,000, rows decoded into \`StoredEvent\`s.`,
      `Rebuild: a log of ${rebuildEvents.toLocaleString('en-US')} engine events (10,100 \`engine.entity_created\`, then 70 % \`engine.component_set\` / 30 % \`engine.entity_moved\`) written with commits of 100 × 100 events, then \`rebuildComponents\` (the function start-up verification uses) timed alone; the entity count is checked.`,
    ].join(' '),
    rows,
    goals,
    raw,
    ...(raw.skipped.length ? { findings: raw.skipped } : {}),
  };
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const size = (process.argv[2] ?? 'tiny') as Size;
  const raw = await runStorage({ size, progress: (m) => process.stderr.write(`${m}\n`), postgresUrl: process.env.MYRIAD_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test' });
  console.log(JSON.stringify(raw, null, 1));
}
