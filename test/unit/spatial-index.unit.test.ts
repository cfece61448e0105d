/**
 * The world's point index answers radius, box and nearest queries exactly as a
 * scan of every point would (property test against brute force), keeps up with
 * moves and deletions, and refuses positions outside the reference's range.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SpatialIndex, type Hit } from '../../engine/world/spatial-index.ts';
import { WorldState } from '../../engine/world/state.ts';

type P = { x: number; y: number; z: number };
const coord = fc.integer({ min: -2000, max: 2000 }).map((n) => n / 10); // ±200 m, 0.1 m steps
const point = fc.record({ x: coord, y: coord, z: fc.integer({ min: -50, max: 50 }).map((n) => n / 10) });

function brute(points: Map<string, P>, q: P, r: number): string[] {
  const out: Array<[string, number]> = [];
  for (const [id, p] of points) {
    const d2 = Math.round((p.x - q.x) * 10) ** 2 + Math.round((p.y - q.y) * 10) ** 2 + Math.round((p.z - q.z) * 10) ** 2;
    if (d2 <= Math.round(r * 10) ** 2) out.push([id, d2]);
  }
  out.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  return out.map(([id]) => id);
}

const ids = (hits: Hit[]): string[] => hits.map((h) => h.id);

test('near, box and nearest agree with a brute-force scan', () => {
  fc.assert(
    fc.property(
      fc.array(point, { maxLength: 200 }),
      point,
      fc.integer({ min: 0, max: 3000 }).map((n) => n / 10),
      fc.integer({ min: 1, max: 20 }),
      (pts, q, r, k) => {
        const index = new SpatialIndex(16);
        const all = new Map<string, P>();
        pts.forEach((p, i) => {
          const id = `e${String(i).padStart(3, '0')}`;
          index.set(id, p);
          all.set(id, p);
        });
        assert.deepEqual(ids(index.near(q.x, q.y, q.z, r, 10_000)), brute(all, q, r));
        assert.deepEqual(ids(index.nearest(q.x, q.y, q.z, k)), brute(all, q, 1e6).slice(0, k));
        assert.deepEqual(ids(index.nearest(q.x, q.y, q.z, k, r)), brute(all, q, r).slice(0, k));
        const lo: [number, number, number] = [q.x - r, q.y - r, -1];
        const hi: [number, number, number] = [q.x + r, q.y + r, 1];
        const inBox = [...all]
          .filter(([, p]) => p.x >= lo[0] && p.x <= hi[0] && p.y >= lo[1] && p.y <= hi[1] && p.z >= lo[2] && p.z <= hi[2])
          .map(([id]) => id)
          .sort();
        assert.deepEqual(ids(index.box(lo, hi, 10_000)), inBox);
      },
    ),
    { numRuns: 150, seed: 7 },
  );
});

test('moves and deletions update the grid; results carry positions and distances in metres', () => {
  const index = new SpatialIndex();
  index.set('a', { x: 1.25, y: 0, z: 0 }); // rounds to 1.3 (decimetre precision)
  index.set('b', { x: 40, y: 40, z: 0 });
  assert.deepEqual(index.near(0, 0, 0, 5, 10), [{ id: 'a', x: 1.3, y: 0, z: 0, d: 1.3 }]);
  index.set('a', { x: 100, y: 100, z: 0 });
  assert.deepEqual(ids(index.near(0, 0, 0, 5, 10)), []);
  assert.deepEqual(ids(index.nearest(0, 0, 0, 1)), ['b']);
  index.delete('b');
  assert.deepEqual(ids(index.nearest(0, 0, 0, 5)), ['a']);
  index.set('a', { x: 'nope' });
  assert.equal(index.size, 0);
  index.set('far', { x: 100_000_000, y: 0, z: 0 }); // beyond ±99,999,999.9 m
  assert.equal(index.size, 0);
  assert.deepEqual(index.near(0, 0, 0, 10, 0), []);
});

test('WorldState files spatial.position writes and undoes', () => {
  const state = new WorldState();
  state.set('c1', 'spatial.position', { x: 3, y: 4, z: 0 });
  state.set('c2', 'other.position', { x: 3, y: 4, z: 0 });
  assert.deepEqual(ids(state.points.near(0, 0, 0, 5, 10)), ['c1']);
  state.set('c1', 'spatial.position', undefined);
  assert.equal(state.points.size, 0);
  const restored = WorldState.fromSnapshot([['c3', 'spatial.position', { x: 0, y: 0, z: 0 }]]);
  assert.deepEqual(ids(restored.points.nearest(1, 1, 0, 1)), ['c3']);
});

test('1,000 points: a 100 m radius query takes well under a millisecond', () => {
  const index = new SpatialIndex();
  let seed = 1;
  const rnd = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 1000;
  for (let i = 0; i < 1000; i++) index.set(`e${i}`, { x: rnd(), y: rnd(), z: 0 });
  const t0 = performance.now();
  let n = 0;
  for (let i = 0; i < 1000; i++) n += index.near(500, 500, 0, 100, 1000).length;
  const per = (performance.now() - t0) / 1000;
  assert.ok(n > 0);
  assert.ok(per < 1, `near() took ${per.toFixed(3)} ms`);
});
