/**
 * Event deliveries in rounds (engine/world/world.ts dispatch): the first round —
 * the events of the request's own call, bounded by its effect budget — is not held
 * to the cascade limit meant for ping-pong between packs. A pack spawning 100 items
 * in one call has the rooms pack called 100 times (room contents over GMCP); before,
 * the 65th call failed the whole command with PACK_CASCADE.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { packWorld } from '../../sdk/tooling/harness.ts';
import { fixturePacks } from '../support/fixture-packs.ts';

test('100 spawns in one call reach the rooms pack 100 times, and everyone in the room sees them arrive', async (t) => {
  const fixtures = await fixturePacks(['crowd']);
  const w = await packWorld({ pack: path.join(fixtures.dir, 'crowd'), packs: ['rooms'] });
  t.after(async () => {
    await w.close();
    fixtures.remove();
  });
  await w.character('Bob');
  const out = await w.command('Alice', 'scatter 100');
  assert.equal(out.failure, null, JSON.stringify(out.failure));
  assert.equal(out.text, 'scattered 100');
  const added = w.gmcp('Bob', 'Char.Items.Add').map((d) => (d.value as { item: { name: string } }).item.name);
  assert.equal(added.filter((n) => n === 'a pebble').length, 100);
});
