/**
 * rooms: what is in a room over GMCP, the IRE way — Char.Items.List/Add/Remove with
 * `location: "room"` and `attrib` ("t" takeable, "m" monster, "d" dead) for things and
 * creatures, Room.Players/AddPlayer/RemovePlayer for the other characters — on look,
 * arriving, and to everyone there when something or someone comes or goes, whichever
 * pack moved or spawned it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { packWorld, type PackWorld } from '../../../sdk/tooling/harness.ts';

const pack = fileURLToPath(new URL('..', import.meta.url));

type Item = { id: string; name: string; attrib: string };

function last<T>(w: PackWorld, who: string, pkg: string): T {
  const all = w.gmcp(who, pkg);
  assert.ok(all.length > 0, `${who} was sent ${pkg}`);
  return all.at(-1)!.value as T;
}

test('look and arriving list the room: things and creatures as items with IRE attrib flags, others as players', async (t) => {
  const w = await packWorld({ pack, packs: ['inventory', 'creatures'] });
  t.after(() => w.close());
  await w.character('Alice');
  await w.command('Bob', 'look');
  const list = last<{ location: string; items: Item[] }>(w, 'Bob', 'Char.Items.List');
  assert.equal(list.location, 'room');
  const byName = new Map(list.items.map((i) => [i.name, i]));
  assert.equal(byName.get('a grey whetstone')?.attrib, 't');
  assert.equal(byName.get('a wooden practice sword')?.attrib, 't');
  const dog = list.items.find((i) => i.attrib === 'm');
  assert.ok(dog, `the square's dog is listed as a monster: ${JSON.stringify(list.items)}`);
  assert.ok(list.items.every((i) => typeof i.id === 'string' && i.id.length > 0));
  assert.deepEqual(last(w, 'Bob', 'Room.Players'), [{ name: 'Alice', fullname: 'Alice' }], 'the others, not Bob himself');

  // Walking: the mover gets the new room's list; a stack shows its count as the inventory does.
  for (const step of ['east']) await w.command('Bob', step);
  const tavern = last<{ location: string; items: Item[] }>(w, 'Bob', 'Char.Items.List');
  assert.ok(
    tavern.items.some((i) => i.name === 'a loaf of bread (x3)' && i.attrib === 't'),
    JSON.stringify(tavern.items),
  );
  assert.deepEqual(last(w, 'Bob', 'Room.Players'), []);
});

test('taking, dropping, arriving and leaving are told to everyone in the room', async (t) => {
  const w = await packWorld({ pack, packs: ['inventory'] });
  t.after(() => w.close());
  await w.character('Alice');
  await w.character('Bob');
  const whetstone = last<{ items: Item[] }>(w, 'Alice', 'Char.Items.List').items.find((i) => i.name === 'a grey whetstone')!;
  const mark = (who: string): number => w.gmcp(who).length;
  const since = (who: string, at: number) => w.gmcp(who).slice(at);

  let a = mark('Alice');
  let b = mark('Bob');
  await w.command('Alice', 'get whetstone');
  const removed = { package: 'Char.Items.Remove', value: { location: 'room', item: { id: whetstone.id, name: 'a grey whetstone', attrib: 't' } } };
  assert.deepEqual(since('Bob', b), [removed], 'Bob sees it leave the floor');
  const hers = since('Alice', a)
    .filter((d) => d.package.startsWith('Char.Items.'))
    .map((d) => `${d.package} ${(d.value as { location: string }).location}`);
  assert.deepEqual(hers.sort(), ['Char.Items.Add inv', 'Char.Items.Remove room'], 'Alice: gone from the floor, in her hands, once each');

  b = mark('Bob');
  await w.command('Alice', 'drop whetstone');
  assert.deepEqual(since('Bob', b), [{ package: 'Char.Items.Add', value: removed.value }]);

  // A character arriving and leaving is a player, not an item.
  b = mark('Bob');
  await w.command('Alice', 'north');
  assert.deepEqual(since('Bob', b), [{ package: 'Room.RemovePlayer', value: 'Alice' }]);
  b = mark('Bob');
  a = mark('Alice');
  await w.command('Alice', 'south');
  assert.deepEqual(since('Bob', b), [{ package: 'Room.AddPlayer', value: { name: 'Alice', fullname: 'Alice' } }]);
  assert.ok(
    since('Alice', a).some((d) => d.package === 'Char.Items.List'),
    'Alice is shown the square again',
  );

  // Logging out and in: the room sees the player go and come.
  b = mark('Bob');
  await w.setOnline('Alice', false);
  await w.setOnline('Alice', true);
  assert.deepEqual(since('Bob', b), [
    { package: 'Room.RemovePlayer', value: 'Alice' },
    { package: 'Room.AddPlayer', value: { name: 'Alice', fullname: 'Alice' } },
  ]);
});

test('a stack dropped onto its kind is an Update for the room, not an Add', async (t) => {
  const w = await packWorld({ pack, packs: ['inventory'] });
  t.after(() => w.close());
  await w.command('Alice', 'east');
  await w.character('Bob');
  await w.command('Bob', 'east');
  await w.command('Alice', 'get 2 bread');
  const at = w.gmcp('Bob').length;
  await w.command('Alice', 'drop 1 bread');
  const seen = w.gmcp('Bob').slice(at);
  assert.deepEqual(
    seen.map((d) => d.package),
    ['Char.Items.Update'],
    JSON.stringify(seen),
  );
  assert.deepEqual((seen[0]!.value as { location: string; item: Item }).item.name, 'a loaf of bread (x2)');
  assert.equal((seen[0]!.value as { item: Item }).item.attrib, 't');
});

test('a crowd of 300 in one room: no per-step updates past 100, lists capped at 100, and the pack stays within its budgets', async (t) => {
  // Telling everyone in a room of each arrival (Room.AddPlayer, one GMCP effect and
  // delivery each) made a step in a room of 500 cost ~1,000 host calls: first the
  // 256-effect budget failed every walk and disabled the pack, then (with more budget)
  // the 100 ms watchdog (issue 16's 500-bot benchmark). Past 100 others there are no
  // per-step updates; look and arriving send the (capped) lists afresh.
  const w = await packWorld({ pack });
  t.after(() => w.close());
  const crowd = Array.from({ length: 300 }, (_, i) => `Crowd${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
  for (const name of crowd) await w.character(name);
  await w.character('Walker');
  const last = crowd.at(-1)!;
  const mark = w.gmcp(last).length;
  const left = await w.command('Walker', 'east');
  assert.equal(left.failure, null, `walking out of the crowd: ${JSON.stringify(left.failure)}`);
  const back = await w.command('Walker', 'west');
  assert.equal(back.failure, null, `walking back into the crowd: ${JSON.stringify(back.failure)}`);
  assert.deepEqual(w.gmcp(last).slice(mark), [], 'no per-step updates in a room of 300');
  const players = w.gmcp('Walker', 'Room.Players').at(-1)!.value as unknown[];
  assert.equal(players.length, 100, 'the arriving walker gets the list, capped at 100');
  const look = await w.command(last, 'look');
  assert.equal(look.failure, null);
  assert.match(look.text, /and 280 others are here/, 'the walker is back among the 300 others');
  assert.deepEqual(
    w.logs.filter((l) => /^(warn|error) rooms/.test(l)),
    [],
    'no fault of the rooms pack',
  );
});
