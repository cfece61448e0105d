/**
 * The per-command breakdown (engine/commit/trace.ts): each hop is the difference
 * of the right stamps, the worker's durations are split from the thread hops,
 * commands missing a stage are not counted, and a drain starts afresh.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CommandStamps, PHASES, PhaseTrace } from '../../engine/commit/trace.ts';

function stamps(at: number): CommandStamps {
  // run 0 → posted 2 → (worker: 3 ms for this one, 5 ms for the batch of 4) → received 9
  // → commit 12..30 (of 7 units) → released 31 → delivered 31.5
  return { run: at, posted: at + 2, received: at + 9, worldMs: 3, batchMs: 5, batchSize: 4, commitStart: at + 12, durable: at + 30, unitsInCommit: 7, released: at + 31 };
}

test('each phase is measured between the stamps that bound it', () => {
  const trace = new PhaseTrace();
  trace.record(stamps(100), 131.5);
  const d = trace.drain();
  assert.equal(d.commands, 1);
  const one = (p: (typeof PHASES)[number]): number => d.phases[p][0]!;
  assert.equal(one('queued for the world'), 2);
  assert.equal(one('thread hops (post, wake, clone, post back)'), 2, '7 ms away less 5 ms of world work');
  assert.equal(one('world: this command'), 3);
  assert.equal(one('world: the rest of its batch'), 2);
  assert.equal(one('waiting for the commit in progress'), 3);
  assert.equal(one('commit (transaction + fsync)'), 18);
  assert.equal(one('waiting for earlier results'), 1);
  assert.equal(one('delivery (render, socket write)'), 0.5);
  assert.equal(one('server total'), 31.5);
  // The hops before delivery add up to the total.
  const parts = PHASES.filter((p) => p !== 'server total').reduce((sum, p) => sum + one(p), 0);
  assert.equal(parts, one('server total'));
  assert.deepEqual(d.batchSizes, [4]);
  assert.deepEqual(d.unitsPerCommit, [7]);
});

test('a command that skipped a stage is not counted, and a drain starts afresh', () => {
  const trace = new PhaseTrace();
  const { commitStart: _skipped, ...noCommit } = stamps(0);
  trace.record(noCommit, 40);
  trace.record(stamps(0), 40);
  trace.record(stamps(50), 90);
  assert.equal(trace.drain().commands, 2);
  const empty = trace.drain();
  assert.equal(empty.commands, 0);
  for (const p of PHASES) assert.deepEqual(empty.phases[p], []);
});

test('start() stamps the time the command entered the pipeline', () => {
  const before = performance.now();
  const s = new PhaseTrace().start();
  assert.ok(s.run >= before && s.run <= performance.now());
});
