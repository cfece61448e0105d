/**
 * The group committer against a real (in-memory PGlite) store: a unit the
 * database refuses (NUL, lone surrogate, unserialisable) is stored repaired and
 * never blocks the units behind it; the repair keeps everything else intact.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Committer } from '../../engine/commit/committer.ts';
import { storableValue } from '../../engine/commit/storable.ts';
import { openStore } from '../../engine/store/open.ts';
import { event, unit } from '../support/store-harness.ts';

test('a poison unit is stored repaired; the commits behind it go through', async (t) => {
  const store = await openStore({ dataDir: 'memory://' });
  t.after(() => store.close());
  const logs: string[] = [];
  const capture = (_fields: Record<string, unknown>, msg: string): void => void logs.push(msg);
  const committer = new Committer(store, { maxUnitsPerCommit: 100, log: { debug: capture, info: capture, warn: capture, error: capture } });
  const before = committer.enqueue(unit([event('room:a', { payload: { text: 'fine' } })]));
  const poison = committer.enqueue(unit([event('room:a', { payload: { text: 'nul \u0000 and lone \ud800 here', n: 1n as unknown as number } })], [{ entity: 'e1', key: 'x.y', value: { s: '\udfff' } }]));
  const after = committer.enqueue(unit([event('room:a', { payload: { text: 'after' } })]));
  const results = await Promise.race([Promise.all([before, poison, after]), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('commits blocked behind the poison unit')), 10_000))]);
  assert.deepEqual(
    results.map((r) => r.length),
    [1, 1, 1],
  );
  assert.equal(committer.healthy, true, 'a bad value is not a database outage');
  const all = await store.readAll(0, 100);
  assert.deepEqual(
    all.map((e) => (e.payload as { text: string }).text),
    ['fine', 'nul  and lone \ufffd here', 'after'],
  );
  assert.deepEqual(
    all.map((e) => e.position),
    [1, 2, 3],
  );
  const snap = await store.loadSnapshot();
  assert.deepEqual(snap.components.find(([e]) => e === 'e1')?.[2], { s: '\ufffd' });
  assert.ok(logs.some((l) => /could not be stored as it was/.test(l)));
});

test('storableValue keeps well-formed values as they are and ends cycles', () => {
  const ok = { a: [1, 'two', { three: true, four: null }], é: '日本 😀' };
  assert.deepEqual(storableValue(ok), ok);
  const cyclic: Record<string, unknown> = { name: 'loop' };
  cyclic['self'] = cyclic;
  assert.doesNotThrow(() => JSON.stringify(storableValue(cyclic)));
  assert.deepEqual(storableValue({ x: Number.NaN, y: undefined, z: () => 1 }), { x: null });
});

test('without its database, drainWithin gives up after its deadline and abandon stops the retries', async () => {
  const store = await openStore({ dataDir: 'memory://' });
  await store.close(); // every commit now fails, as with a database that is gone
  const logs: string[] = [];
  const capture = (_fields: Record<string, unknown>, msg: string): void => void logs.push(msg);
  const committer = new Committer(store, { maxUnitsPerCommit: 100, log: { debug: capture, info: capture, warn: capture, error: capture } });
  let resolved = false;
  void committer.enqueue(unit([event('room:a', { payload: { text: 'never stored' } })])).then(() => {
    resolved = true;
  });
  const t0 = performance.now();
  assert.equal(await committer.drainWithin(300), false, 'the queue cannot drain');
  assert.ok(performance.now() - t0 < 5_000, 'and the wait ends at its deadline');
  assert.equal(committer.healthy, false);
  assert.equal(committer.abandon(), 1, 'one result is dropped');
  // The loop ends after its current back-off (at most 2 s) instead of retrying forever.
  assert.equal(await committer.drainWithin(5_000), true, 'the retry loop ended');
  assert.equal(resolved, false, 'an abandoned result is never resolved, so its output is never shown');
  assert.ok(logs.some((l) => /commit failed, will retry/.test(l)));
});

test('a commit that landed but whose answer was lost is found by its event ids, not retried forever', async (t) => {
  const store = await openStore({ dataDir: 'memory://' });
  t.after(() => store.close());
  const logs: string[] = [];
  const capture = (_fields: Record<string, unknown>, msg: string): void => void logs.push(msg);
  const committer = new Committer(store, { maxUnitsPerCommit: 100, log: { debug: capture, info: capture, warn: capture, error: capture } });
  // The database committed this unit, then went away before its answer arrived (a
  // crash between COMMIT and the reply): the committer still holds it as failed.
  const lost = unit([event('room:a', { payload: { text: 'landed' } }), event('room:b', { payload: { text: 'also landed' } })]);
  const [durable] = await store.commit([lost]);
  const after = unit([event('room:a', { payload: { text: 'after' } })]);
  const results = await Promise.race([Promise.all([committer.enqueue(lost), committer.enqueue(after)]), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the retry of a landed commit never ended')), 10_000))]);
  assert.deepEqual(
    results[0].map((e) => e.position),
    durable!.map((e) => e.position),
    'the landed events are released as they were stored',
  );
  assert.equal(committer.healthy, true);
  const all = await store.readAll(0, 100);
  assert.deepEqual(
    all.map((e) => (e.payload as { text: string }).text),
    ['landed', 'also landed', 'after'],
    'stored once each',
  );
  assert.ok(logs.some((l) => /answer was lost had landed/.test(l)));
});
