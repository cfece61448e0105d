/**
 * PostgreSQL-only store behaviour: two store instances (two pools, as two server
 * processes would have) writing the same database at once. Skipped, with the
 * reason, when no server answers at 127.0.0.1:5432.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { MyriadError } from '../../engine/errors.ts';
import { openStore } from '../../engine/store/open.ts';
import { openPostgresStore } from '../../engine/store/postgres.ts';
import type { EventStore } from '../../engine/store/types.ts';
import { throwawayPostgres, type ThrowawayPostgres } from '../support/postgres.ts';
import { event, tag, unit } from '../support/store-harness.ts';

describe('event store on postgres: two writers', () => {
  let pg: ThrowawayPostgres | undefined;
  let skip = '';
  let a: EventStore;
  let b: EventStore;

  before(async () => {
    const opened = await throwawayPostgres();
    if ('skip' in opened) {
      skip = opened.skip;
      return;
    }
    pg = opened;
    // Both migrate the empty database at the same moment: the Migrator's lock
    // makes one apply the schema and the other find it done.
    [a, b] = await Promise.all([pg.openStore(), pg.openStore()]);
  });
  after(async () => {
    await pg?.drop();
  });

  function ready(t: TestContext): boolean {
    if (pg === undefined) t.skip(skip);
    return pg !== undefined;
  }

  it('lets exactly one of two racing writers append at an expected version; the loser leaves nothing', async (t) => {
    if (!ready(t)) return;
    for (let round = 0; round < 20; round++) {
      const st = `room:${tag()}`;
      const sideA = `entity:${tag()}`;
      const sideB = `entity:${tag()}`;
      await a.commit([unit([event(st)])]); // both know the stream is at 1
      const head = await a.headPosition();
      const results = await Promise.allSettled([a.commit([unit([event(sideA)], [{ entity: sideA, key: 'won', value: 'a' }]), unit([event(st, { expectedVersion: 1 })])]), b.commit([unit([event(sideB)], [{ entity: sideB, key: 'won', value: 'b' }]), unit([event(st, { expectedVersion: 1 })])])]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      assert.equal(won.length, 1, `round ${round}: exactly one winner`);
      assert.ok(lost[0]!.reason instanceof MyriadError && lost[0]!.reason.code === 'STORE_CONCURRENCY', String(lost[0]!.reason));
      assert.deepEqual(lost[0]!.reason.details, { stream: st, expected: 1, actual: 2 });

      const loserSide = results[0]!.status === 'rejected' ? sideA : sideB;
      assert.deepEqual(await b.readStream(loserSide, 0, 10), [], 'no event of the losing transaction');
      const snap = await b.loadSnapshot();
      assert.equal(snap.components.filter(([e]) => e === loserSide).length, 0, 'no component of the losing transaction');
      assert.equal(await b.headPosition(), head + 2, 'no position used by the losing transaction');
      assert.deepEqual(
        (await a.readStream(st, 0, 10)).map((e) => e.version),
        [1, 2],
      );
    }
  });

  it('keeps positions gap-free and versions contiguous under interleaved writers', async (t) => {
    if (!ready(t)) return;
    const streams = [0, 1, 2].map((i) => `room:${tag()}-${i}`);
    const head = await a.headPosition();
    // 2 writers × 40 concurrent commits, each appending to every shared stream with
    // no expectedVersion: both stream-version caches go stale all the time.
    const commits = Array.from({ length: 80 }, (_, i) => (i % 2 === 0 ? a : b).commit([unit(streams.map((st) => event(st)))]));
    const results = await Promise.all(commits);
    assert.equal(results.flat(2).length, 240);
    const all = await a.readAll(head, 10_000);
    assert.deepEqual(
      all.map((e) => e.position),
      Array.from({ length: 240 }, (_, i) => head + i + 1),
    );
    for (const st of streams) {
      const versions = all.filter((e) => e.stream === st).map((e) => e.version);
      assert.deepEqual(
        versions,
        Array.from({ length: 80 }, (_, i) => i + 1),
        `${st} in position order`,
      );
    }
    // What each commit returned is what was stored.
    const byId = new Map(all.map((e) => [e.id, e]));
    for (const e of results.flat(2)) assert.deepEqual(byId.get(e.id), e);
  });

  it('turns a unique violation from a writer that bypassed the lock into STORE_CONCURRENCY', async (t) => {
    if (!ready(t)) return;
    const st = `room:${tag()}`;
    const other = `room:${tag()}`;
    await a.commit([unit([event(st)])]); // a caches st at version 1
    const head = await a.headPosition();
    // A foreign writer appends version 2 without touching streams or meta, so a's
    // cache still looks valid: only UNIQUE (stream, version) can catch this.
    await pg!.query(
      `INSERT INTO events (position, id, stream, version, type, v, payload, at)
       VALUES (1000000000, $1, $2, 2, 'test.foreign', 1, '{}', now())`,
      [`foreign-${tag()}`, st],
    );
    await assert.rejects(a.commit([unit([event(other)]), unit([event(st)])]), (error: unknown) => {
      assert.ok(error instanceof MyriadError && error.code === 'STORE_CONCURRENCY', String(error));
      assert.equal(error.details.stream, st);
      return true;
    });
    assert.deepEqual(await a.readStream(other, 0, 10), []);
    await pg!.query(`DELETE FROM events WHERE position = 1000000000`);
    // The failure dropped the cache; the next commit re-reads and carries on.
    const [r] = await a.commit([unit([event(st)])]);
    assert.deepEqual([r![0]!.position, r![0]!.version], [head + 1, 2]);
  });

  it('reports an unreachable server as STORE_UNAVAILABLE', async () => {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    await assert.rejects(openPostgresStore({ url: 'postgres://postgres:secret@127.0.0.1:1/none' }), (error: unknown) => {
      assert.ok(error instanceof MyriadError && error.code === 'STORE_UNAVAILABLE', String(error));
      assert.ok(!error.message.includes('secret'), 'the password is not shown');
      return true;
    });
  });

  it('openStore picks PostgreSQL when given a URL', async (t) => {
    if (!ready(t)) return;
    const store = await openStore({ databaseUrl: pg!.url, dataDir: 'memory://unused' });
    try {
      assert.equal(store.backend, 'postgres');
    } finally {
      await store.close();
    }
  });
});
