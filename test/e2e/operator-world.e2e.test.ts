/**
 * An operator's own map: packs.settings.rooms.world replaces the village the
 * rooms pack ships. Over telnet, a new character starts in the operator's start
 * room and walks its exits; a crowded room is described with twenty names and a
 * count; a world file that cannot be read refuses start-up naming the key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestServer } from '../support/server.ts';
import { TelnetPlayer, createCharacter } from '../support/players.ts';
import { PackLoadError } from '../../engine/packs/loader.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'myriad-world-'));
const worldFile = path.join(dir, 'harbour.json');
writeFileSync(
  worldFile,
  JSON.stringify({
    area: 'Saltmere',
    start: 'lighthouse',
    rooms: {
      lighthouse: { name: 'The Old Lighthouse', desc: 'Salt-streaked glass and a cold lamp.', exits: { down: 'jetty' } },
      jetty: { name: 'The Jetty', desc: 'Planks over grey water.', exits: { up: 'lighthouse' } },
    },
  }),
);

test('a new character starts on the operator map and walks it', async (t) => {
  const server = await startTestServer({ packs: ['rooms', 'social'], settings: { rooms: { world: worldFile } } });
  t.after(() => server.stop());
  const ada = await TelnetPlayer.connect(server.telnetPort);
  t.after(() => ada.close());
  await createCharacter(ada, 'Ada');
  ada.send('look');
  await ada.expect('The Old Lighthouse');
  await ada.expect('Salt-streaked glass and a cold lamp.');
  await ada.expect('Exits: down.');
  ada.send('down');
  await ada.expect('The Jetty');
  ada.send('go up');
  await ada.expect('The Old Lighthouse');
});

test('a crowded room lists twenty names and counts the others', async (t) => {
  const server = await startTestServer({ packs: ['rooms', 'social'], settings: { rooms: { world: worldFile } }, limits: { commands: { count: 200, windowMs: 1_000 } } });
  t.after(() => server.stop());
  const crowd: TelnetPlayer[] = [];
  t.after(() => Promise.all(crowd.map((p) => p.close())));
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i < 24; i++) {
    const p = await TelnetPlayer.connect(server.telnetPort);
    crowd.push(p);
    await createCharacter(p, `Keeper${letters[i]}`);
  }
  const viewer = crowd.at(-1)!;
  viewer.skip();
  viewer.send('look');
  await viewer.expect('The Old Lighthouse');
  const present = await viewer.expect(/are here\.$/);
  // 23 others: 20 by name, then the rest counted; the viewer is not among them.
  assert.match(present, /^Keepera, Keeperb, .*, Keepert and 3 others are here\.$/);
  assert.equal(present.match(/Keeper/g)?.length, 20);
});

test('a world file that cannot be read refuses start-up, naming the setting', async () => {
  await assert.rejects(startTestServer({ packs: ['rooms', 'social'], settings: { rooms: { world: path.join(dir, 'missing.json') } } }), (e: unknown) => e instanceof PackLoadError && /packs\.settings\.rooms\.world/.test(e.message) && /missing\.json/.test(e.message));
});
