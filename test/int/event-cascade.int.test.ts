/**
 * Event cascades (decision 0023): a loop of events causing events stops at 8
 * generations with PACK_CASCADE and the command is rolled back whole; 300
 * deliveries one generation deep — what a combat tick of 100 blows makes — go
 * through (a flat cap of 64 used to roll such a tick back).
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { packWorld, type PackWorld } from '../../sdk/tooling/harness.ts';
import { fixturePacks, type FixtureSet } from '../support/fixture-packs.ts';

let fixtures: FixtureSet;
let w: PackWorld;
let alice: string;

before(async () => {
  fixtures = await fixturePacks(['echo']);
  w = await packWorld({ pack: path.join(fixtures.dir, 'echo'), packs: ['rooms'], dirs: [fixtures.dir] });
  alice = await w.character('Alice');
});

after(async () => {
  await w?.close();
  fixtures?.remove();
});

it('a pack answering its own event forever is stopped at 8 generations, and nothing of it commits', async () => {
  const events = w.events.length;
  const out = await w.command('Alice', 'bounce');
  assert.equal(out.failure?.code, 'PACK_CASCADE');
  assert.match(out.failure?.message ?? '', /events causing events more than 8 deep \(echo\.bounce\)/);
  assert.equal(out.text, 'Something went wrong in the echo pack; your command was not run.');
  assert.equal(w.events.slice(events).filter((e) => e.type === 'echo.bounce').length, 0, 'rolled back whole');
});

it('300 deliveries one generation deep are fine', async () => {
  const out = await w.command('Alice', 'burst');
  assert.equal(out.failure, null);
  assert.equal(out.text, 'burst');
  assert.equal(w.get(alice, 'echo.heard'), 300);
});
