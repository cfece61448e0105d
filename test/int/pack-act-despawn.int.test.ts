/**
 * Two host functions that reach entities beyond a pack's own components, each
 * refused at the mechanism for a hostile fixture pack (issue 14):
 *
 * - myriad_act (marionette, granted `act`): a player's character or a room never
 *   runs a command a pack queued — PACK_ACT_NOT_NPC, and nothing runs;
 * - myriad_despawn (undertaker, granted `spawn` of items): a character, a room,
 *   an item another pack spawned, and its own urn while it holds something are
 *   refused — PACK_DESPAWN_DENIED; its own empty urn goes, is logged as
 *   engine.entity_deleted, and rebuilds away from the log.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { packWorld, type PackWorld } from '../../sdk/tooling/harness.ts';
import { applyEvent, type ComponentState } from '../../engine/store/rebuild.ts';
import { fixturePacks, type FixtureSet } from '../support/fixture-packs.ts';

let fixtures: FixtureSet;
let w: PackWorld;
let alice: string;

before(async () => {
  fixtures = await fixturePacks(['marionette', 'undertaker', { name: 'mortician', from: 'undertaker', manifest: { commands: [{ verb: 'mould', help: 'mould: spawn an urn here.' }] } }]);
  w = await packWorld({ pack: path.join(fixtures.dir, 'marionette'), packs: ['rooms', 'social', 'undertaker', 'mortician'], dirs: [fixtures.dir] });
  alice = await w.character('Alice');
});

after(async () => {
  await w?.close();
  fixtures?.remove();
});

describe('myriad_act refuses anything but an NPC', () => {
  it("a pack granted act cannot make a player's character run a command", async () => {
    const events = w.events.length;
    const out = await w.command('Alice', 'puppet me say I give Mallory all my gold');
    assert.match(out.text, /^refused: PACK_ACT_NOT_NPC act as char-alice \(kind "character"\): only entities of kind npc act through myriad_act$/);
    assert.equal(w.events.slice(events).filter((e) => e.type === 'social.say').length, 0, 'nothing was said for Alice');
    assert.ok(
      w.logs.some((l) => /marionette: .*PACK_ACT_NOT_NPC/.test(l) || /PACK_ACT_NOT_NPC/.test(l)),
      'the refusal is logged for the operator',
    );
  });

  it('nor a room', async () => {
    const out = await w.command('Alice', 'puppet here say hello');
    assert.match(out.text, /^refused: PACK_ACT_NOT_NPC act as \S+ \(kind "room"\)/);
  });
});

describe('myriad_despawn removes only what the pack spawned', () => {
  it('refuses a character and a room', async () => {
    assert.match((await w.command('Alice', 'bury me')).text, /^refused: PACK_DESPAWN_DENIED despawn char-alice \(kind "character"\): a pack removes only entities it spawned/);
    const room = w.state.get(alice, 'location') as string;
    assert.match((await w.command('Alice', 'bury here')).text, /^refused: PACK_DESPAWN_DENIED despawn \S+ \(kind "room"\)/);
    assert.equal(w.state.get(alice, 'kind'), 'character', 'Alice is still there');
    assert.equal(w.state.get(room, 'kind'), 'room', 'so is the room');
  });

  it('refuses an item of a kind it declares but another pack spawned', async () => {
    const urn = /^made (\S+)$/.exec((await w.command('Alice', 'mould')).text)![1]!;
    assert.equal(w.state.get(urn, 'spawner'), 'mortician', 'the host recorded who made it');
    assert.match((await w.command('Alice', `bury ${urn}`)).text, /^refused: PACK_DESPAWN_DENIED despawn \S+ \(kind "item"\): a pack removes only entities it spawned/);
    assert.equal(w.state.get(urn, 'kind'), 'item', 'the urn is still there');
  });

  it('refuses its own urn while it holds something, then removes it once empty', async () => {
    const urn = /^made (\S+)$/.exec((await w.command('Alice', 'make')).text)![1]!;
    const ash = /^made (\S+)$/.exec((await w.command('Alice', `make in ${urn}`)).text)![1]!;
    assert.match((await w.command('Alice', `bury ${urn}`)).text, /^refused: PACK_DESPAWN_DENIED despawn \S+: it holds 1 entity \(move them out first\)$/);
    const events = w.events.length;
    assert.equal((await w.command('Alice', `bury ${ash}`)).text, `buried ${ash}`);
    assert.equal((await w.command('Alice', `bury ${urn}`)).text, `buried ${urn}`);
    assert.equal(w.state.has(urn), false, 'the urn is gone');
    assert.equal(w.state.has(ash), false, 'so is the ash');
    const deleted = w.events
      .slice(events)
      .filter((e) => e.type === 'engine.entity_deleted')
      .map((e) => (e.payload as { entity: string }).entity);
    assert.deepEqual(deleted, [ash, urn]);
    // The log alone rebuilds the world without them.
    const rebuilt: ComponentState = new Map();
    for (const e of w.events) applyEvent(rebuilt, e);
    assert.equal(rebuilt.has(urn), false);
    assert.equal(rebuilt.has(alice), true);
  });
});
