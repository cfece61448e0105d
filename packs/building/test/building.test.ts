/**
 * building, in the pack harness: the real build/pack.wasm with the real rooms and
 * inventory packs. A builder digs, links, describes, creates, renames, sets,
 * teleports, examines, finds, destroys and undoes; a player is refused; bad input
 * (a 10,000-character name, an exit to no room, an exit into its own room, the
 * start room, escape sequences, a value breaking the owner's schema) is answered
 * and changes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { packWorld, type PackWorld } from '../../../sdk/tooling/harness.ts';

const pack = fileURLToPath(new URL('..', import.meta.url));
const B = { builder: true };

async function world(t: { after(fn: () => unknown): void }): Promise<PackWorld> {
  const w = await packWorld({ pack, packs: ['rooms', 'inventory'] });
  t.after(() => w.close());
  return w;
}

/** The id inside "(#<id>)" of an answer. */
function idIn(text: string): string {
  const m = /\(#([0-9A-Za-z]+)\)/.exec(text);
  assert.ok(m, `no id in: ${text}`);
  return m[1]!;
}

test('a builder digs a room with exits both ways, describes it, and a player walks in and sees it', async (t) => {
  const w = await world(t);
  const dug = await w.command('Ada', '@dig Rose Garden = northwest;garden, southeast', B);
  assert.equal(dug.failure, null);
  const room = idIn(dug.text);
  assert.match(dug.text, /^You dig Rose Garden \(#\w+\)\.\nExit northwest, garden leads there from here; southeast leads back\.$/);
  const square = w.get<string>(w.idOf('Ada'), 'location');
  assert.equal(w.get<Record<string, string>>(square, 'rooms.exits')['northwest'], room);
  assert.deepEqual(w.get(room, 'rooms.exits'), { southeast: square });
  assert.equal(w.get(room, 'kind'), 'room');
  // Events: the engine's component events, caused by building, and building.changed.
  assert.ok(dug.events.some((e) => e.type === 'engine.component_set' && e.pack === 'building'));
  assert.deepEqual(w.payloads('building.changed').at(-1), { by: w.idOf('Ada'), verb: '@dig', target: room, what: '@dig Rose Garden' });

  await w.command('Ada', 'garden');
  const described = await w.command('Ada', '@describe here = Roses climb a \u001b[31mred\u001b[0m trellis.', B);
  assert.equal(described.text, `Description of Rose Garden (#${room}) set:\nRoses climb a [31mred[0m trellis.`, 'the escape character is removed where it enters');
  const made = await w.command('Ada', '@create brass lantern', B);
  assert.match(made.text, /^You create brass lantern \(#\w+\)\. It lies here; @describe it\.$/);
  await w.command('Ada', '@describe lantern = A lantern of dented brass.', B);

  await w.command('Bob', 'look');
  const walked = await w.command('Bob', 'northwest');
  assert.match(walked.text, /Rose Garden\nRoses climb a \[31mred\[0m trellis\.\nExits: southeast\.\nYou see brass lantern here\./);
  assert.match((await w.command('Bob', 'look lantern')).text, /A lantern of dented brass\./);
});

test('a player is refused every building command, with who may', async (t) => {
  const w = await world(t);
  const out = await w.command('Bob', '@dig Secret Room');
  assert.equal(out.text, 'Only builders may use "@dig" (an admin can make you one with @role <name> builder).');
  assert.equal(w.payloads('engine.entity_created').filter((p) => (p['components'] as { name?: string }).name === 'Secret Room').length, 0);
  assert.match((await w.command('Bob', 'help @dig')).text, /Not available to you now: Only builders may use "@dig"/);
  assert.doesNotMatch((await w.command('Bob', 'help')).text, /@dig/);
  assert.match((await w.command('Ada', 'help', B)).text, /@dig/);
});

test('@undo reverses the last changes in order, one at a time', async (t) => {
  const w = await world(t);
  const square = w.get<string>((await w.character('Ada')) && w.idOf('Ada'), 'location');
  const before = structuredClone(w.get(square, 'rooms.exits'));
  const room = idIn((await w.command('Ada', '@dig Cellar = down, up', B)).text);
  await w.command('Ada', '@describe here = A changed square.', B);
  assert.equal((await w.command('Ada', '@undo', B)).text, 'Undone: @describe here.');
  assert.notEqual(w.get(square, 'rooms.desc'), 'A changed square.');
  assert.equal((await w.command('Ada', '@undo', B)).text, 'Undone: @dig Cellar.');
  assert.deepEqual(w.get(square, 'rooms.exits'), before);
  assert.equal(w.state.has(room), false, 'the dug room is gone');
  assert.equal((await w.command('Ada', '@undo', B)).text, 'You have no building change to undo.');
});

test('@open, @link, @unlink, @name, @teleport, @examine, @find and @set', async (t) => {
  const w = await world(t);
  const a = idIn((await w.command('Ada', '@dig Hall', B)).text);
  const b = idIn((await w.command('Ada', '@dig Attic', B)).text);
  assert.equal((await w.command('Ada', `@teleport #${a}`, B)).text, `You teleport to Hall (#${a}). (look to see it)`);
  assert.equal((await w.command('Ada', '@open up;ladder = Attic', B)).text, `Exit up, ladder now leads to Attic (#${b}).`);
  assert.equal((await w.command('Ada', `@link ladder = #${a}`, B)).text, 'That exit would lead back into this same room; pick another room.');
  assert.equal((await w.command('Ada', '@link ladder = Nowhere Land', B)).text, 'There is no room called "Nowhere Land" (give a room name, #id or here; @find lists rooms).');
  assert.equal((await w.command('Ada', '@open out = Nowhere Land', B)).text, 'There is no room called "Nowhere Land" (give a room name, #id or here; @find lists rooms).');
  assert.equal((await w.command('Ada', '@unlink ladder', B)).text, 'Exit ladder is gone.');
  assert.deepEqual(w.get(a, 'rooms.exits'), { up: b });
  assert.equal((await w.command('Ada', '@name Attic = Loft', B)).text, `Attic (#${b}) is now called Loft.`);
  assert.equal(w.get(b, 'name'), 'Loft');
  assert.match((await w.command('Ada', '@name Emberford Square = Mine', B)).text, /was not built in the game \(it comes from the rooms pack\); only what builders made can be renamed\./);
  const examined = await w.command('Ada', '@examine here', B);
  assert.match(examined.text, new RegExp(`^Hall \\(#${a}\\)\\n`));
  assert.match(examined.text, /rooms\.exits = \{"up":"\w+"\}  \[rooms\]/);
  assert.match(examined.text, /kind = "room"  \[engine\]/);
  assert.match(examined.text, /spawner = "building"  \[engine\]/);
  assert.match((await w.command('Ada', '@find loft', B)).text, new RegExp(`^1 match:\\n  room  Loft \\(#${b}\\)`));
  assert.equal((await w.command('Ada', '@set here/rooms.environment = indoors', B)).text, `Hall (#${a}): rooms.environment = "indoors"`);
  assert.equal(w.get(a, 'rooms.environment'), 'indoors');
  const bad = await w.command('Ada', '@set here/rooms.environment = 12', B);
  assert.match(bad.text, /^That value does not fit rooms\.environment \(\(value\): type: must be string\); nothing changed\.$/);
  assert.equal(bad.failure, null, 'a bad value is an answer, not a pack fault');
  assert.match((await w.command('Ada', '@set here/kind = thing', B)).text, /is not a property builders may set/);
});

test('bad input: a 10,000-character name, the start room, a room with people in it, an overlong description', async (t) => {
  const w = await world(t);
  await w.character('Ada');
  await w.character('Bob');
  const events = w.events.length;
  assert.equal((await w.command('Ada', `@dig ${'x'.repeat(10_000)}`, B)).text, 'Room names are at most 80 characters (that one is 10000). Type: @dig <room name> [= <exit>[;<alias>], <back exit>]');
  assert.match((await w.command('Ada', '@destroy here', B)).text, /is the start room, where new characters arrive; it cannot be destroyed\./);
  assert.match((await w.command('Ada', `@describe here = ${'y'.repeat(4001)}`, B)).text, /^Descriptions are at most 4000 characters \(that one is 4001\)\.$/);
  assert.equal(w.events.length, events, 'nothing was written');

  const room = idIn((await w.command('Ada', '@dig Pit = down, up', B)).text);
  await w.command('Bob', 'down');
  const asked = await w.command('Ada', '@destroy Pit', B);
  assert.equal(asked.text, `Pit (#${room}) holds 1 player or thing. Type @destroy Pit = yes to destroy it; they go to the start room.`);
  assert.equal(w.state.has(room), true);
  const gone = await w.command('Ada', '@destroy Pit = yes', B);
  assert.equal(gone.text, `You destroy Pit (#${room}) and the 1 exit into it. (This cannot be undone.)`);
  assert.equal(w.state.has(room), false);
  assert.equal(w.get(w.idOf('Bob'), 'location'), w.get(w.idOf('Ada'), 'location'), 'Bob is back in the start room');
  assert.match((await w.command('Ada', '@destroy Bob', B)).text, /^Players cannot be destroyed\.$/);
});
