/**
 * spatial, through the pack harness (`myriad pack test packs/spatial`), with the
 * rooms pack (and inventory for things lying about): room
 * geometry from the world file, arrival on the side you came from, steps on the
 * 1 m grid with bounds/terrain/collision refusals, `near` across rooms through
 * the engine's point index.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { packWorld, type PackWorld } from '../../../sdk/tooling/harness.ts';

const pack = fileURLToPath(new URL('..', import.meta.url));

type Pos = { x: number; y: number; z: number };

async function world(): Promise<PackWorld> {
  return packWorld({ pack, packs: ['rooms'] });
}

/** Run a command and return what the actor saw. */
async function run(w: PackWorld, who: string, line: string): Promise<string> {
  return (await w.command(who, line)).text;
}

function roomByName(w: PackWorld, name: string): string {
  for (const id of w.state.withComponent('rooms.exits')) if (w.state.get(id, 'name') === name) return id;
  throw new Error(`no room ${name}`);
}

test('rooms get their geometry; a new character stands beside the fountain, not in it', async (t) => {
  const w = await world();
  t.after(() => w.close());
  const square = roomByName(w, 'Emberford Square');
  // Here spatial (the pack under test) seeds before rooms, so the square gets its
  // geometry on first use, looked up by its rooms.key; in the default pack order, at seed.
  assert.equal(w.get(square, 'spatial.room'), undefined);
  const alice = await w.character('Alice');
  assert.deepEqual(w.get(square, 'spatial.room'), {
    min: [-12, -12, 0],
    max: [12, 12, 0],
    terrain: 'cobbles',
    solids: [{ name: 'the dry fountain', min: [-2, -2, 0], max: [2, 2, 2] }],
  });
  assert.deepEqual(w.get<Pos>(alice, 'spatial.position'), { x: -2, y: 0, z: 0 });
  const where = await run(w, 'Alice', 'where');
  assert.match(where, /^You stand at \(-2, 0, 0\) in Emberford Square, on cobbles\.$/m);
  assert.match(where, /It spans 24 × 24 m; in it: the dry fountain \(2 m east\)\. Type step <direction>/);
  assert.match(await run(w, 'Alice', 'step east'), /^Movement blocked: the dry fountain is in the way\. You stay where you are\.$/);
  assert.match(await run(w, 'Alice', 'step up'), /Movement blocked: there is nothing to climb here/);
  assert.match(await run(w, 'Alice', 'step sideways'), /Usage: step <direction>/);
});

test('walking in through an exit arrives on the near side; steps, bounds and collisions', async (t) => {
  const w = await world();
  t.after(() => w.close());
  const alice = await w.character('Alice');
  const bob = await w.character('Bob');
  await run(w, 'Alice', 'north');
  // The road's centre is 40 m north of the square's: Alice comes in at its south end, 1 m inside.
  assert.deepEqual(w.get<Pos>(alice, 'spatial.position'), { x: 0, y: 23, z: 0 });
  await run(w, 'Bob', 'north');
  assert.deepEqual(w.get<Pos>(bob, 'spatial.position'), { x: -1, y: 23, z: 0 }, 'the nearest free spot beside Alice');
  assert.match(await run(w, 'Alice', 'step west'), /^Movement blocked: Bob is in the way\. You stay where you are\.$/);
  assert.match(await run(w, 'Alice', 'step ne 3'), /^You step northeast 3 paces \(4\.2 m\), to \(3, 26, 0\)\.$/);
  const moved = w.payloads<{ from: Pos; to: Pos; distance: number; direction: string; steps: number }>('spatial.moved');
  assert.deepEqual(moved.at(-1), { id: alice, room: roomByName(w, 'The North Road'), from: { x: 0, y: 23, z: 0 }, to: { x: 3, y: 26, z: 0 }, direction: 'northeast', steps: 3, distance: 4.2 });
  assert.match(await run(w, 'Alice', 'step e 3'), /^Movement blocked: the edge of The North Road after 1 step\. You stay where you are\.$/);
  assert.deepEqual(w.get<Pos>(alice, 'spatial.position'), { x: 3, y: 26, z: 0 }, 'a refused step changes nothing');
  // Leaving the mapped world: into a room the world file does not map, the position goes.
  await run(w, 'Alice', 'south');
  assert.deepEqual(w.get<Pos>(alice, 'spatial.position'), { x: 0, y: 11, z: 0 }, 'back in the square at its north side');
});

test('near lists who is around, nearest first, across rooms (the cellar is 4 m below the taproom)', async (t) => {
  const w = await world();
  t.after(() => w.close());
  await w.character('Alice');
  await w.character('Bob');
  await w.character('Carol');
  await run(w, 'Alice', 'east');
  await run(w, 'Bob', 'east');
  await run(w, 'Bob', 'down');
  const near = await run(w, 'Alice', 'near 10');
  assert.match(near, /^Within 10 m of you:$/m);
  assert.match(near, /^ {2}Bob, [\d.]+ m [a-z ]*below \(in The Lantern's Cellar\)$/m);
  assert.doesNotMatch(near, /Carol/);
  const far = await run(w, 'Alice', 'near 5');
  assert.match(far, /No one and nothing within 5 m\. The nearest is Bob, [\d.]+ m/);
  const wide = await run(w, 'Carol', 'near 50');
  assert.ok(wide.indexOf('Alice') < wide.indexOf('Bob'), 'nearest first');
  assert.match(await run(w, 'Carol', 'near 5000'), /Usage: near \[metres\], up to 200 m\./);
});

test('things have places too: seeded items lie by the fountain, a picked-up sword has none, a dropped one lies at your feet', async (t) => {
  const w = await packWorld({ pack, packs: ['rooms', 'inventory'] });
  t.after(() => w.close());
  const sword = [...w.state.withComponent('inventory.item')].find((id) => String(w.state.get(id, 'name')).includes('practice sword'))!;
  // Seeded before inventory here, spatial places the things lying about when someone looks (in the default order, at seed).
  assert.equal(w.get(sword, 'spatial.position'), undefined);
  const alice = await w.character('Alice');
  assert.match(await run(w, 'Alice', 'near 3'), /a wooden practice sword, at your feet/);
  assert.deepEqual(w.get<Pos>(sword, 'spatial.position'), { x: -2, y: 0, z: 0 }, 'beside the fountain, where Alice stands');
  await run(w, 'Alice', 'get sword');
  assert.equal(w.get(sword, 'spatial.position'), undefined, 'carried: no position of its own');
  await run(w, 'Alice', 'step s 3');
  await run(w, 'Alice', 'drop sword');
  assert.deepEqual(w.get<Pos>(sword, 'spatial.position'), w.get<Pos>(alice, 'spatial.position'));
  const near = await run(w, 'Alice', 'near 5');
  assert.match(near, /^ {2}a wooden practice sword, at your feet$/m);
  assert.match(near, /^ {2}a grey whetstone, 3 m north$/m);
});
