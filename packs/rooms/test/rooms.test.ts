/**
 * rooms, through the pack harness (`myriad pack test packs/rooms`): the village
 * is seeded once, a new character stands in the square, look describes it,
 * movement moves, announces, and refuses what is not there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { packWorld } from '../../../sdk/tooling/harness.ts';

const pack = fileURLToPath(new URL('..', import.meta.url));

test('a new character stands in the square and sees it', async (t) => {
  const w = await packWorld({ pack });
  t.after(() => w.close());
  const out = await w.command('Alice', 'look');
  assert.equal(out.failure, null);
  assert.match(out.text, /^Emberford Square/);
  assert.match(out.text, /Exits: north, east, south/);
  const info = out.messages.find((m) => m.data?.package === 'Room.Info');
  assert.equal((info?.data?.value as { name: string } | undefined)?.name, 'Emberford Square');
  // Seeding made the nine rooms of the village, once.
  assert.equal(w.state.withComponent('rooms.desc').size, 9);
  assert.equal(w.payloads('engine.entity_created').filter((p) => (p['components'] as { kind?: string }).kind === 'room').length, 9);
});

test('walking moves the character and tells both rooms', async (t) => {
  const w = await packWorld({ pack });
  t.after(() => w.close());
  await w.character('Alice');
  await w.character('Bob');
  const square = w.get<string>(w.idOf('Alice'), 'location');
  const out = await w.command('Alice', 'north');
  assert.match(out.text, /The North Road/);
  assert.notEqual(w.get(w.idOf('Alice'), 'location'), square);
  assert.deepEqual(
    out.events.map((e) => e.type),
    ['rooms.leave', 'engine.entity_moved', 'rooms.arrive'],
  );
  assert.ok(out.events.every((e) => e.pack === 'rooms' && e.packVersion === '0.1.0'));
  assert.match(w.seen('Bob').join('\n'), /Alice leaves north\./);
  // `go` with an abbreviation, and the way back.
  const back = await w.command('Alice', 'go s');
  assert.match(back.text, /Emberford Square/);
  assert.match(w.seen('Bob').join('\n'), /Alice arrives from the north\./);
});

test('no exit, no move: the refusal changes nothing', async (t) => {
  const w = await packWorld({ pack });
  t.after(() => w.close());
  await w.character('Alice');
  const before = w.events.length;
  const out = await w.command('Alice', 'west');
  assert.equal(out.text, "You can't go that way.");
  assert.equal(w.events.length, before, 'nothing was committed');
});

test('a crowded room lists twenty names and counts the rest', async (t) => {
  const w = await packWorld({ pack });
  t.after(() => w.close());
  const names = Array.from({ length: 30 }, (_, i) => `Crowd${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
  for (const n of names) await w.character(n);
  await w.character('Viewer');
  const out = await w.command('Viewer', 'look');
  assert.equal(out.failure, null);
  const present = out.text.split('\n').at(-1)!;
  // 30 others: 20 by name, then "and 10 others"; the viewer is never listed.
  assert.match(present, /, Crowd\w+ and 10 others are here\.$/);
  assert.equal(present.match(/Crowd/g)?.length, 20);
  assert.doesNotMatch(present, /Viewer/);
  // With a few people the sentence is the plain one.
  const few = await packWorld({ pack });
  t.after(() => few.close());
  await few.character('Alice');
  await few.character('Bob');
  await few.character('Carol');
  assert.match((await few.command('Carol', 'look')).text, /\nAlice and Bob are here\.$/);
});
