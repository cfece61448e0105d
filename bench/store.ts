/**
 * Event store throughput: appends with one unit per commit (one transaction per
 * command, the naive shape) against group commits (100 units × 10 events per
 * transaction, the shape the gateway uses), and replay (readAll, 10,000 per page).
 *
 *   npx tsx bench/store.ts [events] [pglite|postgres]
 *
 * PostgreSQL runs in a throwaway database created through MYRIAD_BENCH_POSTGRES_URL
 * (default postgres://postgres@127.0.0.1:5432/test) and dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { monotonicFactory } from 'ulidx';
import { openStore } from '../engine/store/open.ts';
import type { CommitUnit, EventStore, NewEvent } from '../engine/store/types.ts';

// monotonicFactory: ~1.3 us per id against ~38 us for ulid(), measured here.
const ulid = monotonicFactory();

export interface StoreBenchOptions {
  /** Events for the group-commit and replay phases. */
  readonly events: number;
  readonly backend: 'pglite' | 'postgres';
}

export interface Rate {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

export interface StoreBenchResult {
  readonly backend: 'pglite' | 'postgres';
  /** One unit of one event per commit. Capped at 2,000 events: it is fsync-bound. */
  readonly singleUnitCommits: Rate;
  /** 100 units × 10 events per commit. */
  readonly groupCommits: Rate;
  /** readAll from position 0 in pages of 10,000. */
  readonly replay: Rate;
}

const UNITS_PER_COMMIT = 100;
const EVENTS_PER_UNIT = 10;
const REPLAY_PAGE = 10_000;
const SINGLE_CAP = 2_000;

const ADMIN_URL = process.env.MYRIAD_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A say-like event: ~300 bytes of JSON, half of them with a display (replayable). */
function sampleEvent(i: number): NewEvent {
  const room = `room:${i % 50}`;
  return {
    id: ulid(),
    stream: i % 5 === 0 ? `char:${i % 200}` : room,
    type: 'social.say',
    v: 1,
    actor: { kind: 'character', id: `c${i % 200}` },
    pack: 'social',
    packVersion: '1.0.0',
    payload: { text: `hello number ${i}, how is the weather in here today?`, volume: 'normal' },
    display: i % 2 === 0 ? ({ actor: { text: `You say, "hello ${i}"` }, others: { text: `Someone says, "hello ${i}"` } } as unknown as NewEvent['display']) : null,
    at: new Date().toISOString(),
  };
}

function sampleUnit(start: number, events: number): CommitUnit {
  return {
    events: Array.from({ length: events }, (_, k) => sampleEvent(start + k)),
    changes: [{ entity: `c${start % 200}`, key: 'character.last_said', value: { at: start } }],
  };
}

function rate(events: number, ms: number): Rate {
  const seconds = ms / 1000;
  return { events, seconds: Number(seconds.toFixed(3)), eventsPerSecond: Math.round(events / seconds) };
}

async function withStore<T>(backend: 'pglite' | 'postgres', run: (store: EventStore) => Promise<T>): Promise<T> {
  if (backend === 'pglite') {
    const store = await openStore({ dataDir: 'memory://bench' });
    try {
      return await run(store);
    } finally {
      await store.close();
    }
  }
  const name = `myriad_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
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

export async function runStoreBench(options: StoreBenchOptions): Promise<StoreBenchResult> {
  return withStore(options.backend, async (store) => {
    let next = 0;

    // Events are built before each timed phase: the bench measures the store, not
    // the building of test data.
    const single = Math.min(options.events, SINGLE_CAP);
    const singles = Array.from({ length: single }, () => sampleUnit(next++, 1));
    let t = performance.now();
    for (const u of singles) await store.commit([u]);
    const singleUnitCommits = rate(single, performance.now() - t);

    const perCommit = UNITS_PER_COMMIT * EVENTS_PER_UNIT;
    const commits = Math.max(1, Math.ceil(options.events / perCommit));
    const groups = Array.from({ length: commits }, () =>
      Array.from({ length: UNITS_PER_COMMIT }, () => {
        const u = sampleUnit(next, EVENTS_PER_UNIT);
        next += EVENTS_PER_UNIT;
        return u;
      }),
    );
    t = performance.now();
    for (const units of groups) await store.commit(units);
    const groupCommits = rate(commits * perCommit, performance.now() - t);

    t = performance.now();
    let replayed = 0;
    for (let position = 0; ; ) {
      const page = await store.readAll(position, REPLAY_PAGE);
      replayed += page.length;
      const last = page.at(-1);
      if (last === undefined || page.length < REPLAY_PAGE) break;
      position = last.position;
    }
    const replay = rate(replayed, performance.now() - t);

    return { backend: options.backend, singleUnitCommits, groupCommits, replay };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const events = Number(process.argv[2] ?? 100_000);
  const backends = process.argv[3] === undefined ? (['pglite', 'postgres'] as const) : [process.argv[3] as 'pglite' | 'postgres'];
  for (const backend of backends) console.log(JSON.stringify(await runStoreBench({ events, backend })));
}
