/**
 * The EventStore contract, run unchanged against both backends: PGlite in memory
 * and a throwaway PostgreSQL database (skipped, with the reason, when no server
 * answers at 127.0.0.1:5432).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { MyriadError, type ErrorCode } from '../../engine/errors.ts';
import { rebuildComponents, snapshotToState } from '../../engine/store/rebuild.ts';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { KyselyEventStore } from '../../engine/store/event-store.ts';
import { MIGRATIONS } from '../../engine/store/migrations.ts';
import type { Tables } from '../../engine/store/tables.ts';
import { throwawayPostgres } from '../support/postgres.ts';
import type { CommitUnit, ComponentChange, EventStore, NewEvent, StoredEvent } from '../../engine/store/types.ts';
import { event, pgliteHarness, postgresHarness, tag, unit, type StoreHarness } from '../support/store-harness.ts';

function isError(code: ErrorCode, details: Record<string, string | number> = {}) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof MyriadError, `expected MyriadError ${code}, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    for (const [k, v] of Object.entries(details)) assert.equal(error.details[k], v, `details.${k}`);
    return true;
  };
}

const backends: ReadonlyArray<readonly [string, () => Promise<StoreHarness | { readonly skip: string }>]> = [
  ['pglite', pgliteHarness],
  ['postgres', postgresHarness],
];

for (const [name, open] of backends) {
  describe(`event store on ${name}`, () => {
    let h: StoreHarness | undefined;
    let skip = '';

    before(async () => {
      const opened = await open();
      if ('skip' in opened) skip = opened.skip;
      else h = opened;
    });
    after(async () => {
      await h?.close();
    });

    /** The harness, or undefined after marking the test skipped. */
    function harness(t: TestContext): StoreHarness | undefined {
      if (h === undefined) t.skip(skip || 'backend did not open');
      return h;
    }

    it('migrate reports progress and is idempotent', async (t) => {
      const s = harness(t)?.store;
      if (s === undefined) return;
      const first = h!.firstMigration;
      const steps = Object.keys(MIGRATIONS).length;
      assert.deepEqual(first[0]?.slice(0, 2), [0, steps]);
      assert.deepEqual(first.at(-1)?.slice(0, 2), [steps, steps]);
      const again: Array<[number, number, string]> = [];
      await s.migrate((d, total, label) => again.push([d, total, label]));
      await s.migrate();
      assert.deepEqual(again, [[0, 0, 'schema up to date']]);
    });

    it('commits units and reads them back by stream, globally and for replay', async (t) => {
      const s = harness(t)?.store;
      if (s === undefined) return;
      const room = `room:${tag()}`;
      const char = `char:${tag()}`;
      const display = { actor: { text: 'You say, "hi"' }, others: { text: 'Alice says, "hi"' } };
      const said = event(room, {
        type: 'social.say',
        actor: { kind: 'character', id: 'c1' },
        pack: 'social',
        packVersion: '1.2.3',
        display: display as unknown as NewEvent['display'],
        payload: { text: 'hi' },
      });
      const moved = event(char, { type: 'engine.entity_moved', payload: { entity: 'c1', from: null, to: 'r1' } });
      const emoted = event(room, { type: 'social.emote', display: { others: { text: 'waves' } } as unknown as NewEvent['display'] });
      const head = await s.headPosition();
      const result = await s.commit([unit([said, moved]), unit([]), unit([emoted])]);

      assert.equal(result.length, 3);
      assert.deepEqual(
        result.map((u) => u.map((e) => e.id)),
        [[said.id, moved.id], [], [emoted.id]],
      );
      assert.deepEqual(
        result.flat().map((e) => e.position),
        [head + 1, head + 2, head + 3],
      );
      assert.deepEqual(
        result.flat().map((e) => e.version),
        [1, 1, 2],
      );
      assert.equal(await s.headPosition(), head + 3);

      const stream = await s.readStream(room, 0, 100);
      assert.deepEqual(stream, [result[0]![0], result[2]![0]]);
      assert.deepEqual(await s.readStream(room, 1, 100), [result[2]![0]]);
      assert.deepEqual(await s.readStream(room, 0, 1), [result[0]![0]]);

      const all = await s.readAll(head, 100);
      assert.deepEqual(all, result.flat());
      assert.equal((await s.readAll(head, 2)).length, 2);

      // Replay: only displayable events, only the asked-for streams, after the cursor.
      assert.deepEqual(await s.readMissed([room, char], head, 100), [result[0]![0], result[2]![0]]);
      assert.deepEqual(await s.readMissed([room], head + 1, 100), [result[2]![0]]);
      assert.deepEqual(await s.readMissed([char], head, 100), []);
      assert.deepEqual(await s.readMissed([], 0, 100), []);

      // Exactly what was committed, minus nothing, plus position/version.
      const stored = stream[0]!;
      assert.equal(stored.type, 'social.say');
      assert.deepEqual(stored.actor, { kind: 'character', id: 'c1' });
      assert.equal(stored.pack, 'social');
      assert.equal(stored.packVersion, '1.2.3');
      assert.deepEqual(stored.display, display);
      assert.equal(stored.at, said.at);
      assert.equal('expectedVersion' in stored, false);
    });

    it('round-trips JSON payloads exactly', async (t) => {
      const s = harness(t)?.store;
      if (s === undefined) return;
      const payloads: unknown[] = [
        { nested: { deep: [1, 2, { three: [null, true, false] }] }, empty: {}, list: [] },
        'a plain string with "quotes" and \\backslashes\\ and a literal \\u0000 (escaped, not NUL)',
        'ünïcödé, emoji 🐉, CJK 漢字, RTL עברית, combining é',
        { big: 9007199254740991, neg: -42, frac: 0.1 + 0.2, exp: 1e300, tiny: 5e-324, zero: 0 },
        null,
        [1, 'two', { three: 3 }],
        42,
        { 'key with spaces': 1, '': 'empty key', ключ: 'значение' },
        'line\nbreak\ttab\r\u0001control',
      ];
      const stream = `entity:${tag()}`;
      const [stored] = await s.commit([unit(payloads.map((payload) => event(stream, { payload })))]);
      assert.deepEqual(
        stored!.map((e) => e.payload),
        payloads,
      );
      const read = await s.readStream(stream, 0, 100);
      assert.deepEqual(
        read.map((e) => e.payload),
        payloads,
      );
    });

    it('round-trips events identically through the append and every read (unicode, nulls, large, odd times)', async (t) => {
      const s = harness(t)?.store;
      if (s === undefined) return;
      const st = `room:${tag()}-ünï 🐉`;
      const big = 'x'.repeat(300_000) + '漢字🐉"\\';
      const events: NewEvent[] = [
        event(st, { payload: { text: 'ünïcödé 🐉 漢字 עברית é', quote: '"\'\\', ctl: '\u0001\t\n' }, display: { others: { text: '🐉 says "hi"' } } as unknown as NewEvent['display'] }),
        event(st, { payload: null, actor: null, pack: null, packVersion: null, display: null }),
        event(st, { payload: undefined }),
        event(st, { payload: { big, list: Array.from({ length: 2_000 }, (_, i) => ({ i, s: `v${i}` })) }, actor: { kind: 'pack', id: 'p/ü' }, pack: 'pâck', packVersion: '1.0.0-β' }),
        event(st, { payload: { deep: JSON.parse('['.repeat(200) + ']'.repeat(200)) as unknown, nums: [0, -0.5, 1e21, 5e-324, 9007199254740991] } }),
        event(st, { at: '2020-02-29T23:59:59.999+02:00' }),
        event(st, { at: '1970-01-01T00:00:00Z' }),
        event(st, { at: '1969-12-31T23:59:59.001Z' }),
        event(st, { at: '2999-12-31T23:59:59.5Z', display: { actor: { text: '' } } as unknown as NewEvent['display'] }),
      ];
      const head = await s.headPosition();
      const [stored] = await s.commit([unit(events)]);
      assert.equal(stored![1]!.payload, null);
      assert.equal(stored![2]!.payload, null);
      assert.equal(stored![5]!.at, '2020-02-29T21:59:59.999Z');
      assert.equal(stored![7]!.at, '1969-12-31T23:59:59.001Z');
      assert.equal(stored![8]!.at, '2999-12-31T23:59:59.500Z');
      assert.deepEqual(await s.readAll(head, 100), stored);
      assert.deepEqual(await s.readStream(st, 0, 100), stored);
      assert.deepEqual(
        await s.readMissed([st], head, 100),
        stored!.filter((e) => e.display !== null),
      );
      assert.deepEqual(
        await s.readTypes(['test.happened'], head, head + events.length),
        stored!.map((e) => ({ position: e.position, type: e.type, payload: e.payload })),
      );
    });

    it('readTypes returns only the asked-for types within the position range', async (t) => {
      const s = harness(t)?.store;
      if (s === undefined) return;
      const st = `entity:${tag()}`;
      const head = await s.headPosition();
      await s.commit([unit([event(st, { type: 'a.x', payload: 1 }), event(st, { type: 'b.y', payload: 2 }), event(st, { type: 'a.x', payload: 3 })])]);
      assert.deepEqual(await s.readTypes(['a.x'], head, head + 3), [
        { position: head + 1, type: 'a.x', payload: 1 },
        { position: head + 3, type: 'a.x', payload: 3 },
      ]);
      assert.deepEqual(await s.readTypes(['a.x', 'b.y'], head + 1, head + 2), [{ position: head + 2, type: 'b.y', payload: 2 }]);
      assert.deepEqual(await s.readTypes(['a.x'], head + 3, head + 3), []);
      assert.deepEqual(await s.readTypes([], head, head + 3), []);
      assert.deepEqual(await s.readAll(head + 3, 10), []);
    });

    it('keeps positions strictly increasing and gap-free across commits', async (t) => {
      const s = harness(t)?.store;
      if (s === undefined) return;
      const head = await s.headPosition();
      const streams = [1, 2, 3].map((i) => `room:${tag()}-${i}`);
      const positions: number[] = [];
      for (let c = 0; c < 5; c++) {
        const units = streams.map((st, i) => unit(Array.from({ length: i + 1 }, () => event(st))));
        positions.push(...(await s.commit(units)).flat().map((e) => e.position));
      }
      assert.deepEqual(
        positions,
        Array.from({ length: positions.length }, (_, i) => head + i + 1),
      );
      const all = await s.readAll(head, 1000);
      assert.deepEqual(
        all.map((e) => e.position),
        positions,
      );
      // Per-stream versions are 1..n with no gaps either.
      for (const st of streams) {
        const versions: number[] = (await s.readStream(st, 0, 100)).map((e) => e.version);
        assert.deepEqual(
          versions,
          Array.from({ length: versions.length }, (_, i) => i + 1),
        );
      }
    });

    it('splits a large group commit into chunks and keeps it whole', async (t) => {
      const s = harness(t)?.store;
      if (s === undefined) return;
      const prefix = tag();
      const head = await s.headPosition();
      // 2,500 events: two INSERT chunks (EVENT_ROWS_PER_INSERT is 2,000).
      const units = Array.from({ length: 250 }, (_, u) =>
        unit(
          Array.from({ length: 10 }, () => event(`room:${prefix}-${u % 7}`)),
          [{ entity: `${prefix}-${u}`, key: 'n', value: u }],
        ),
      );
      const result = await s.commit(units);
      assert.equal(result.flat().length, 2500);
      assert.equal(await s.headPosition(), head + 2500);
      assert.deepEqual(
        result.flat().map((e) => e.position),
        Array.from({ length: 2500 }, (_, i) => head + i + 1),
      );
      // Read back across the reads' JSON groups of 1,000 events, in order.
      assert.deepEqual(await s.readAll(head, 3000), result.flat());
      assert.deepEqual(await s.readAll(head + 999, 1002), result.flat().slice(999, 2001));
      const snap = await s.loadSnapshot();
      assert.equal(snap.components.filter(([e]) => e.startsWith(prefix)).length, 250);
    });

    it('honours expectedVersion, including against earlier events of the same batch', async (t) => {
      const s = harness(t)?.store;
      if (s === undefined) return;
      const st = `char:${tag()}`;
      const r = await s.commit([unit([event(st, { expectedVersion: 0 })]), unit([event(st, { expectedVersion: 1 }), event(st, { expectedVersion: 2 })])]);
      assert.deepEqual(
        r.flat().map((e) => e.version),
        [1, 2, 3],
      );
      const r2 = await s.commit([unit([event(st, { expectedVersion: 3 })])]);
      assert.equal(r2[0]![0]!.version, 4);
    });

    it('rolls back the whole group when one unit fails its expectedVersion', async (t) => {
      const s = harness(t)?.store;
      if (s === undefined) return;
      const st = `room:${tag()}`;
      const other = `room:${tag()}`;
      const entity = tag();
      await s.commit([unit([event(st)], [{ entity, key: 'hp', value: 10 }])]);
      const head = await s.headPosition();
      const before = await s.loadSnapshot();

      const good = unit(
        [event(other)],
        [
          { entity, key: 'hp', value: 5 },
          { entity, key: 'new', value: 1 },
        ],
        {
          timersAdded: [{ id: `timer-${entity}`, pack: 'p', dueAt: 1, type: 't', payload: {} }],
        },
      );
      const bad = unit([event(st, { expectedVersion: 0 })]); // the stream is at 1
      await assert.rejects(s.commit([good, bad]), isError('STORE_CONCURRENCY', { stream: st, expected: 0, actual: 1 }));

      assert.equal(await s.headPosition(), head);
      assert.deepEqual(await s.readStream(other, 0, 10), []);
      assert.deepEqual(await s.loadSnapshot(), before);
      assert.deepEqual(
        (await s.dueTimers(10, 1000)).filter((x) => x.id === `timer-${entity}`),
        [],
      );
      // The next commit continues right after the old head: the failure left no gap.
      const [next] = await s.commit([unit([event(st, { expectedVersion: 1 })])]);
      assert.equal(next![0]!.position, head + 1);
      assert.equal(next![0]!.version, 2);
    });

    it('lets exactly one of two concurrent commits with the same expectedVersion win', async (t) => {
      const s = harness(t)?.store;
      if (s === undefined) return;
      const st = `room:${tag()}`;
      const a = event(st, { expectedVersion: 0 });
      const b = event(st, { expectedVersion: 0 });
      const results = await Promise.allSettled([s.commit([unit([a])]), s.commit([unit([b])])]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const lost = results.find((r) => r.status === 'rejected');
      assert.ok(lost !== undefined && lost.status === 'rejected');
      isError('STORE_CONCURRENCY', { stream: st })(lost.reason);
      assert.equal((await s.readStream(st, 0, 10)).length, 1);
    });

    it('rejects values PostgreSQL cannot hold, naming the unit, and writes nothing', async (t) => {
      const s = harness(t)?.store;
      if (s === undefined) return;
      const st = `room:${tag()}`;
      const head = await s.headPosition();
      const cases: Array<[string, CommitUnit]> = [
        ['NUL in payload', unit([event(st, { payload: { text: 'a\u0000b' } })])],
        ['lone surrogate in payload', unit([event(st, { payload: 'x\uD800y' })])],
        ['NUL in stream', unit([event(`${st}\u0000`)])],
        ['bigint in payload', unit([event(st, { payload: { n: 1n } })])],
        ['bad time', unit([event(st, { at: 'yesterday' })])],
        ['NUL in component value', unit([], [{ entity: 'e', key: 'k', value: '\u0000' }])],
      ];
      for (const [label, bad] of cases) {
        await assert.rejects(s.commit([unit([event(st)]), bad]), isError('STORE_INVALID_VALUE', { unit: 1 }), label);
      }
      assert.equal(await s.headPosition(), head);
      // A paired surrogate (an emoji) is fine.
      await s.commit([unit([event(st, { payload: '🐉' })])]);
    });

    it('applies component changes (last write in a batch wins) and loads the snapshot', async (t) => {
      const s = harness(t)?.store;
      if (s === undefined) return;
      const e1 = `e1-${tag()}`;
      const e2 = `e2-${tag()}`;
      const changes1: ComponentChange[] = [
        { entity: e1, key: 'name', value: 'Alice' },
        { entity: e1, key: 'hp', value: { cur: 10, max: 10 } },
        { entity: e2, key: 'name', value: 'Bob' },
      ];
      const changes2: ComponentChange[] = [
        { entity: e1, key: 'hp', value: { cur: 7, max: 10 } },
        { entity: e2, key: 'name', value: null }, // delete
        { entity: e2, key: 'tmp', value: 'x' },
        { entity: e2, key: 'tmp', value: null }, // set then deleted in the same batch
        { entity: e1, key: 'mood', value: null }, // delete of a row that never existed
      ];
      await s.commit([unit([event(`entity:${e1}`)], changes1)]);
      const [, r] = await s.commit([unit([], changes2.slice(0, 2)), unit([event(`entity:${e2}`)], changes2.slice(2))]);
      const snap = await s.loadSnapshot();
      assert.equal(snap.position, r![0]!.position);
      assert.equal(snap.position, await s.headPosition());
      const mine = snap.components.filter(([e]) => e === e1 || e === e2);
      assert.deepEqual(mine, [
        [e1, 'hp', { cur: 7, max: 10 }],
        [e1, 'name', 'Alice'],
      ]);
    });

    it('rebuilds from the log exactly the state the snapshot holds', async (t) => {
      const h0 = harness(t);
      if (h0 === undefined) return;
      const s = await h0.fresh();
      await commitWorldStory(s);
      const rebuilt = await rebuildComponents(s);
      const snap = await s.loadSnapshot();
      assert.deepEqual(rebuilt, snapshotToState(snap.components));
      assert.equal(snap.position, await s.headPosition());
      assert.ok(rebuilt.size >= 3, 'the story leaves several entities');
    });

    it('keeps accounts with case-insensitive unique names', async (t) => {
      const s = harness(t)?.store;
      if (s === undefined) return;
      const name = `Alice${tag().replace(/\d/g, '')}`;
      const count = await s.countAccounts();
      const created = await s.createAccount({ id: tag(), name, passwordHash: 'h1', role: 'player', characterId: 'c1' });
      assert.equal(created.name, name);
      assert.equal(created.failedLogins, 0);
      assert.equal(created.lockedUntil, null);
      assert.ok(!Number.isNaN(Date.parse(created.createdAt)));

      await assert.rejects(s.createAccount({ id: tag(), name: name.toLowerCase(), passwordHash: 'h2', role: 'player', characterId: 'c2' }), isError('AUTH_NAME_TAKEN', { name: name.toLowerCase() }));
      assert.equal(await s.countAccounts(), count + 1);
      assert.deepEqual(await s.findAccount(name.toUpperCase()), created);
      assert.equal(await s.findAccount(`${name}x`), null);

      const lockedUntil = new Date(Date.now() + 60_000).toISOString();
      await s.updateAccount(created.id, { failedLogins: 3, lockedUntil, role: 'builder', passwordHash: 'h3' });
      const updated = await s.findAccount(name);
      assert.deepEqual(updated, { ...created, failedLogins: 3, lockedUntil, role: 'builder', passwordHash: 'h3' });
      await s.updateAccount(created.id, { lockedUntil: null });
      assert.equal((await s.findAccount(name))?.lockedUntil, null);
    });

    it('stores cursors', async (t) => {
      const s = harness(t)?.store;
      if (s === undefined) return;
      const [a, b] = [tag(), tag()];
      assert.equal(await s.getCursor(a), 0);
      await s.setCursors([
        [a, 5],
        [b, 7],
        [a, 9],
      ]); // a twice: the last one wins
      assert.equal(await s.getCursor(a), 9);
      assert.equal(await s.getCursor(b), 7);
      await s.setCursors([[b, 8]]);
      assert.equal(await s.getCursor(b), 8);
      await s.setCursors([]);
    });

    it('stores aliases per account: set, replace, remove; none without an account', async (t) => {
      const s = harness(t)?.store;
      if (s === undefined) return;
      const id = tag();
      await s.createAccount({
        id,
        name: `Al${tag()
          .replace(/[^a-z]/gi, '')
          .slice(0, 12)}`,
        passwordHash: 'h',
        role: 'player',
        characterId: 'c',
      });
      assert.deepEqual(await s.getAliases(id), []);
      await s.setAlias(id, 'gs', 'go south');
      await s.setAlias(id, 'greet', 'say hello');
      await s.setAlias(id, 'gs', 'go south quickly'); // replaces
      assert.deepEqual(await s.getAliases(id), [
        ['greet', 'say hello'],
        ['gs', 'go south quickly'],
      ]);
      await s.setAlias(id, 'greet', null);
      await s.setAlias(id, 'never-set', null); // removing what is not there is fine
      assert.deepEqual(await s.getAliases(id), [['gs', 'go south quickly']]);
      await assert.rejects(s.setAlias(tag(), 'x', 'look'), 'an alias needs an existing account');
    });

    it('stores timers directly and through commit units', async (t) => {
      const s = harness(t)?.store;
      if (s === undefined) return;
      const p = tag();
      const mine = async (now: number) => (await s.dueTimers(now, 1000)).filter((x) => x.pack === p);
      await s.addTimers([
        { id: `${p}-b`, pack: p, dueAt: 200, type: 'tick', payload: { n: 2 } },
        { id: `${p}-a`, pack: p, dueAt: 100, type: 'tick', payload: { n: 1 } },
        { id: `${p}-c`, pack: p, dueAt: 300, type: 'tick', payload: null },
      ]);
      assert.deepEqual(
        (await mine(250)).map((x) => x.id),
        [`${p}-a`, `${p}-b`],
      );
      assert.deepEqual((await mine(250))[0], { id: `${p}-a`, pack: p, dueAt: 100, type: 'tick', payload: { n: 1 } });
      await s.deleteTimers([`${p}-a`]);
      assert.deepEqual(
        (await mine(1000)).map((x) => x.id),
        [`${p}-b`, `${p}-c`],
      );

      // Fired b, added d and e, then a later unit fires e: only c and d remain.
      await s.commit([unit([], [], { timersFired: [`${p}-b`], timersAdded: [{ id: `${p}-d`, pack: p, dueAt: 50, type: 'x', payload: 1 }] }), unit([], [], { timersAdded: [{ id: `${p}-e`, pack: p, dueAt: 60, type: 'x', payload: 2 }] }), unit([], [], { timersFired: [`${p}-e`] })]);
      assert.deepEqual(
        (await mine(1000)).map((x) => x.id),
        [`${p}-d`, `${p}-c`],
      );
      assert.equal((await s.dueTimers(1000, 1)).length, 1);
    });
  });
}

/** A database at the schema before 0003 (jsonb event columns), for the upgrade test. */
const rawDatabases: ReadonlyArray<readonly [string, () => Promise<{ db: Kysely<Tables>; drop: () => Promise<void> } | { skip: string }>]> = [
  [
    'pglite',
    async () => {
      const db = new Kysely<Tables>({ dialect: new PGliteDialect(await PGlite.create()) });
      return { db, drop: async () => undefined };
    },
  ],
  [
    'postgres',
    async () => {
      const tp = await throwawayPostgres();
      if ('skip' in tp) return tp;
      const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: tp.url, max: 2 }) }) });
      return { db, drop: () => tp.drop() };
    },
  ],
];

for (const [name, open] of rawDatabases) {
  it(`migration 0003 upgrades a ${name} log written with jsonb columns, events read back the same`, async (t) => {
    const opened = await open();
    if ('skip' in opened) return t.skip(opened.skip);
    const { db, drop } = opened;
    const store = new KyselyEventStore(db, name as 'pglite' | 'postgres');
    try {
      const migrator = new Migrator({
        db,
        provider: { getMigrations: async () => ({ '0001_initial': MIGRATIONS['0001_initial']!, '0002_aliases': MIGRATIONS['0002_aliases']! }) },
        migrationTableName: 'myriad_migrations',
        migrationLockTableName: 'myriad_migrations_lock',
      });
      const { error } = await migrator.migrateToLatest();
      assert.equal(error, undefined);
      // As the 0002 code wrote them: jsonb (keys reordered by jsonb, which reads back equal).
      await sql`INSERT INTO events (position, id, stream, version, type, v, actor, pack, pack_version, payload, display, at) VALUES
        (1, 'e1', 'room:r', 1, 'engine.entity_created', 1, '{"kind":"system","id":"s"}', NULL, NULL, '{"id":"r","components":{"name":"Hall ü🐉"}}', '{"others":{"text":"hi"}}', '2024-05-06T07:08:09.123Z'),
        (2, 'e2', 'room:r', 2, 'test.happened', 2, NULL, 'p', '1.0.0', 'null', NULL, '2024-05-06T07:08:10Z')`.execute(db);
      await sql`INSERT INTO streams (stream, version) VALUES ('room:r', 2)`.execute(db);
      await sql`UPDATE meta SET value = '2'`.execute(db);
      await store.migrate();
      const columns = await sql<{ column_name: string; data_type: string }>`
        SELECT column_name, data_type FROM information_schema.columns
        WHERE table_name = 'events' AND column_name IN ('actor', 'payload', 'display') ORDER BY column_name`.execute(db);
      assert.deepEqual(
        columns.rows.map((r) => r.data_type),
        ['json', 'json', 'json'],
      );
      const expected: StoredEvent[] = [
        {
          position: 1,
          id: 'e1',
          stream: 'room:r',
          version: 1,
          type: 'engine.entity_created',
          v: 1,
          actor: { kind: 'system', id: 's' },
          pack: null,
          packVersion: null,
          payload: { id: 'r', components: { name: 'Hall ü🐉' } },
          display: { others: { text: 'hi' } } as unknown as StoredEvent['display'],
          at: '2024-05-06T07:08:09.123Z',
        },
        { position: 2, id: 'e2', stream: 'room:r', version: 2, type: 'test.happened', v: 2, actor: null, pack: 'p', packVersion: '1.0.0', payload: null, display: null, at: '2024-05-06T07:08:10.000Z' },
      ];
      assert.deepEqual(await store.readAll(0, 10), expected);
      // And the upgraded table takes new events.
      const [next] = await store.commit([unit([event('room:r', { expectedVersion: 2 })])]);
      assert.deepEqual([next![0]!.position, next![0]!.version], [3, 3]);
      assert.deepEqual((await rebuildComponents(store)).get('r'), new Map([['name', 'Hall ü🐉']]));
    } finally {
      await store.close();
      await drop();
    }
  });
}

/**
 * A small world history: entities created with components, changed, moved,
 * components deleted, an entity deleted. Each commit carries both the state events
 * and the matching snapshot changes, as the world does.
 */
async function commitWorldStory(s: EventStore): Promise<void> {
  const state = new Map<string, Map<string, unknown>>();
  const pending: CommitUnit[] = [];
  const emit = (stream: string, type: string, payload: unknown, changes: ComponentChange[]): void => {
    for (const c of changes) {
      const comps = state.get(c.entity) ?? new Map<string, unknown>();
      if (c.value === null) comps.delete(c.key);
      else comps.set(c.key, c.value);
      state.set(c.entity, comps);
    }
    pending.push(unit([event(stream, { type, payload })], changes));
  };
  const flush = async (): Promise<StoredEvent[][]> => s.commit(pending.splice(0));
  const create = (id: string, components: Record<string, unknown>): void =>
    emit(
      `entity:${id}`,
      'engine.entity_created',
      { id, components },
      Object.entries(components).map(([key, value]) => ({ entity: id, key, value })),
    );

  create('room1', { name: 'Hall', 'rooms.exits': { north: 'room2' } });
  create('room2', { name: 'Garden', 'rooms.exits': { south: 'room1' } });
  create('alice', { name: 'Alice', location: 'room1', 'character.attributes': { str: 10 } });
  create('sword', { name: 'sword', location: 'room1' });
  await flush();
  emit('room:room1', 'social.say', { text: 'hi' }, []); // not a state event
  emit('char:alice', 'engine.entity_moved', { entity: 'alice', from: 'room1', to: 'room2' }, [{ entity: 'alice', key: 'location', value: 'room2' }]);
  emit('entity:sword', 'engine.component_set', { entity: 'sword', key: 'location', value: 'alice' }, [{ entity: 'sword', key: 'location', value: 'alice' }]);
  emit('entity:alice', 'engine.component_set', { entity: 'alice', key: 'character.attributes', value: { str: 11, dex: 3 } }, [{ entity: 'alice', key: 'character.attributes', value: { str: 11, dex: 3 } }]);
  await flush();
  create('ghost', { name: 'ghost', location: 'room2' });
  emit('entity:room2', 'engine.component_deleted', { entity: 'room2', key: 'rooms.exits' }, [{ entity: 'room2', key: 'rooms.exits', value: null }]);
  await flush();
  emit('entity:ghost', 'engine.entity_deleted', { entity: 'ghost' }, [
    { entity: 'ghost', key: 'name', value: null },
    { entity: 'ghost', key: 'location', value: null },
  ]);
  emit('char:alice', 'engine.entity_moved', { entity: 'alice', from: 'room2', to: 'room1' }, [{ entity: 'alice', key: 'location', value: 'room1' }]);
  await flush();
}
