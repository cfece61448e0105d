/**
 * The build grant (issue 18), attacked by the hostile fixture `squatter`, granted
 * `build` of rooms.exits (buildable: rooms declares it) and rooms.start (not
 * buildable), with the real rooms pack:
 *
 * - a buildable component with a value its owner's schema accepts is written, and
 *   logged as the squatter's;
 * - a value that breaks the owner's schema rolls the call back (a fault), and the
 *   query `valid` says why without writing;
 * - a component its owner does not declare buildable, and one not granted, are
 *   refused with PACK_DENIED — writing and deleting alike;
 * - a name is set only on what the pack spawned, never a room of the rooms pack,
 *   and never to a character's name.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { packWorld, type PackWorld } from '../../sdk/tooling/harness.ts';
import { fixturePacks, type FixtureSet } from '../support/fixture-packs.ts';

let fixtures: FixtureSet;
let w: PackWorld;
let room: string;

before(async () => {
  fixtures = await fixturePacks(['squatter']);
  w = await packWorld({ pack: path.join(fixtures.dir, 'squatter'), packs: ['rooms'], dirs: [fixtures.dir] });
  await w.character('Alice');
  room = w.get<string>(w.idOf('Alice'), 'location')!;
});

after(async () => {
  await w?.close();
  fixtures?.remove();
});

describe('build: another pack’s buildable component, checked by its owner’s schema', () => {
  it('writes rooms.exits with a value the rooms schema accepts', async () => {
    const out = await w.command('Alice', `squat here rooms.exits {"north":"${room}"}`);
    assert.equal(out.text, 'done: squat');
    assert.deepEqual(w.get(room, 'rooms.exits'), { north: room });
    const set = out.events.find((e) => e.type === 'engine.component_set');
    assert.equal(set?.pack, 'squatter', 'the log says who wrote it');
  });

  it('a value breaking the rooms schema is rolled back; valid says why first', async () => {
    const before = structuredClone(w.get(room, 'rooms.exits'));
    assert.equal((await w.command('Alice', 'check rooms.exits {"north":""}')).text, 'invalid: north: minLength: must NOT have fewer than 1 characters');
    assert.equal((await w.command('Alice', `check rooms.exits {"north":"${room}"}`)).text, 'valid');
    const out = await w.command('Alice', 'squat here rooms.exits {"north":""}');
    assert.notEqual(out.failure, null, 'the call failed');
    assert.deepEqual(w.get(room, 'rooms.exits'), before, 'nothing was written');
  });

  it('refuses a granted component its owner does not declare buildable (rooms.start), writing and deleting', async () => {
    assert.match((await w.command('Alice', 'squat here rooms.start "x"')).text, /^refused: PACK_DENIED write component rooms\.start$/);
    assert.match((await w.command('Alice', 'unsquat here rooms.exits')).text, /^done: unsquat$/);
    assert.match((await w.command('Alice', 'unsquat here rooms.start')).text, /^refused: PACK_DENIED write component rooms\.start$/);
    assert.match((await w.command('Alice', 'check rooms.start "x"')).text, /^invalid: write component rooms\.start$/);
  });

  it('refuses a buildable component it was not granted (rooms.desc)', async () => {
    const desc = w.get(room, 'rooms.desc');
    assert.match((await w.command('Alice', 'squat here rooms.desc "Mine now."')).text, /^refused: PACK_DENIED write component rooms\.desc$/);
    assert.equal(w.get(room, 'rooms.desc'), desc);
  });

  it('renames only what it spawned, never to a character’s name', async () => {
    const name = w.get(room, 'name');
    assert.match((await w.command('Alice', 'rename here Squatter Hall')).text, /^refused: PACK_DENIED rename \S+: a pack renames only entities it spawned$/);
    assert.equal(w.get(room, 'name'), name);
    assert.match((await w.command('Alice', `rename ${w.idOf('Alice')} Mallory`)).text, /^refused: PACK_DENIED rename/);
    const pebble = /^made (\S+)$/.exec((await w.command('Alice', 'make')).text)![1]!;
    assert.match((await w.command('Alice', `rename ${pebble} alice`)).text, /^refused: PACK_NAME_TAKEN rename \S+ to "alice": a character has that name$/);
    assert.equal((await w.command('Alice', `rename ${pebble} a smooth pebble`)).text, 'done: rename');
    assert.equal(w.get(pebble, 'name'), 'a smooth pebble');
  });
});
