/**
 * The spatial pack through the real pack runtime, with the rooms pack: room
 * geometry from the world file, arrival on the side you came from, steps on the
 * 1 m grid with bounds/terrain/collision refusals, `near` across rooms through
 * the engine's point index.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PackWorld } from '../support/pack-world.ts';

type Pos = { x: number; y: number; z: number };

async function world(): Promise<PackWorld> {
  return PackWorld.start({ packs: ['rooms', 'spatial'] });
}

function roomByName(w: PackWorld, name: string): string {
  for (const id of w.state.withComponent('rooms.exits')) if (w.state.get(id, 'name') === name) return id;
  throw new Error(`no room ${name}`);
}

test('rooms get their geometry; a new character stands beside the fountain, not in it', async (t) => {
  const w = await world();
  t.after(() => w.close());
  const square = roomByName(w, 'Emberford Square');
  assert.deepEqual(w.component(square, 'spatial.room'), {
    min: [-12, -12, 0],
    max: [12, 12, 0],
    terrain: 'cobbles',
    solids: [{ name: 'the dry fountain', min: [-2, -2, 0], max: [2, 2, 2] }],
  });
  const alice = await w.createCharacter('Alice');
  assert.deepEqual(w.component<Pos>(alice, 'spatial.position'), { x: -2, y: 0, z: 0 });
  const where = await w.command(alice, 'where');
  assert.match(where, /^You stand at \(-2, 0, 0\) in Emberford Square, on cobbles\.$/m);
  assert.match(where, /It spans 24 × 24 m; in it: the dry fountain \(2 m east\)\. Type step <direction>/);
  assert.match(await w.command(alice, 'step east'), /^Movement blocked: the dry fountain is in the way\. You stay where you are\.$/);
  assert.match(await w.command(alice, 'step up'), /Movement blocked: there is nothing to climb here/);
  assert.match(await w.command(alice, 'step sideways'), /Usage: step <direction>/);
});

test('walking in through an exit arrives on the near side; steps, bounds and collisions', async (t) => {
  const w = await world();
  t.after(() => w.close());
  const alice = await w.createCharacter('Alice');
  const bob = await w.createCharacter('Bob');
  await w.command(alice, 'north');
  // The road's centre is 40 m north of the square's: Alice comes in at its south end, 1 m inside.
  assert.deepEqual(w.component<Pos>(alice, 'spatial.position'), { x: 0, y: 23, z: 0 });
  await w.command(bob, 'north');
  assert.deepEqual(w.component<Pos>(bob, 'spatial.position'), { x: -1, y: 23, z: 0 }, 'the nearest free spot beside Alice');
  assert.match(await w.command(alice, 'step west'), /^Movement blocked: Bob is in the way\. You stay where you are\.$/);
  assert.match(await w.command(alice, 'step ne 3'), /^You step northeast 3 paces \(4\.2 m\), to \(3, 26, 0\)\.$/);
  const moved = w.payloads<{ from: Pos; to: Pos; distance: number; direction: string; steps: number }>('spatial.moved');
  assert.deepEqual(moved.at(-1), { id: alice, room: roomByName(w, 'The North Road'), from: { x: 0, y: 23, z: 0 }, to: { x: 3, y: 26, z: 0 }, direction: 'northeast', steps: 3, distance: 4.2 });
  assert.match(await w.command(alice, 'step e 3'), /^Movement blocked: the edge of The North Road after 1 step\. You stay where you are\.$/);
  assert.deepEqual(w.component<Pos>(alice, 'spatial.position'), { x: 3, y: 26, z: 0 }, 'a refused step changes nothing');
  // Leaving the mapped world: into a room the world file does not map, the position goes.
  await w.command(alice, 'south');
  assert.deepEqual(w.component<Pos>(alice, 'spatial.position'), { x: 0, y: 11, z: 0 }, 'back in the square at its north side');
});

test('near lists who is around, nearest first, across rooms (the cellar is 4 m below the taproom)', async (t) => {
  const w = await world();
  t.after(() => w.close());
  const alice = await w.createCharacter('Alice');
  const bob = await w.createCharacter('Bob');
  const carol = await w.createCharacter('Carol');
  await w.command(alice, 'east');
  await w.command(bob, 'east');
  await w.command(bob, 'down');
  const near = await w.command(alice, 'near 10');
  assert.match(near, /^Within 10 m of you:$/m);
  assert.match(near, /^ {2}Bob, [\d.]+ m [a-z ]*below \(in The Lantern's Cellar\)$/m);
  assert.doesNotMatch(near, /Carol/);
  const far = await w.command(alice, 'near 5');
  assert.match(far, /No one and nothing within 5 m\. The nearest is Bob, [\d.]+ m/);
  const wide = await w.command(carol, 'near 50');
  assert.ok(wide.indexOf('Alice') < wide.indexOf('Bob'), 'nearest first');
  assert.match(await w.command(carol, 'near 5000'), /Usage: near \[metres\], up to 200 m\./);
});

test('things have places too: seeded items lie by the fountain, a picked-up sword has none, a dropped one lies at your feet', async (t) => {
  const w = await PackWorld.start({ packs: ['rooms', 'inventory', 'spatial'] });
  t.after(() => w.close());
  const sword = [...w.state.withComponent('inventory.item')].find((id) => String(w.state.get(id, 'name')).includes('practice sword'))!;
  assert.deepEqual(w.component<Pos>(sword, 'spatial.position'), { x: -2, y: 0, z: 0 });
  const alice = await w.createCharacter('Alice');
  await w.command(alice, 'get sword');
  assert.equal(w.component(sword, 'spatial.position'), undefined, 'carried: no position of its own');
  await w.command(alice, 'step s 3');
  await w.command(alice, 'drop sword');
  assert.deepEqual(w.component<Pos>(sword, 'spatial.position'), w.component<Pos>(alice, 'spatial.position'));
  const near = await w.command(alice, 'near 5');
  assert.match(near, /^ {2}a wooden practice sword, at your feet$/m);
  assert.match(near, /^ {2}a grey whetstone, 3 m north$/m);
});
