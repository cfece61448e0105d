/**
 * The townsfolk's lives over telnet with the default packs (creatures aside: a
 * wolf would turn a walk into a fight): a new player looks at a townsperson and
 * sees the appearance made from her genes; after ten game hours Old Bram the
 * fisherman is hungry, walks from the riverbank to the square and buys a loaf
 * of bread from Osric by himself (commands through the router, decision 0018),
 * then eats it; a second player lists the lives on offer and takes up Tamsin
 * the barmaid's. The event log rebuilds to the same state, and all of it
 * survives a restart — on PGlite and on PostgreSQL.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PACKS } from '../../engine/config/defaults.ts';
import { rebuildComponents, snapshotToState } from '../../engine/store/rebuild.ts';
import type { RunningServer } from '../../engine/gateway/server.ts';
import { startTestServer, tempDataDir, type TestServerOptions } from '../support/server.ts';
import { throwawayPostgres } from '../support/postgres.ts';
import { TelnetPlayer, createCharacter } from '../support/players.ts';

const PACKS = DEFAULT_PACKS.filter((p) => p !== 'creatures');
const LIMITS = { commands: { count: 400, windowMs: 2_000 } };
/** Bram thinks every 5–8 s of world time and needs two thinks (a step, then the purchase); generous for a loaded CI machine. */
const NPC_MS = 60_000;

test('on PGlite: a hungry NPC buys bread, a player inhabits an NPC, the log rebuilds, a restart keeps it', async (t) => {
  const data = tempDataDir();
  t.after(() => data.remove());
  await scenario(t, { dataDir: data.dir, packs: PACKS, limits: LIMITS });
});

test('on PostgreSQL: the same lives', async (t) => {
  const pg = await throwawayPostgres();
  if ('skip' in pg) {
    t.skip(pg.skip);
    return;
  }
  t.after(() => pg.drop());
  await scenario(t, { databaseUrl: pg.url, packs: PACKS, limits: LIMITS });
});

async function scenario(t: TestContext, opts: TestServerOptions): Promise<void> {
  let server: RunningServer | null = await startTestServer(opts);
  t.after(() => server?.stop());
  const alice = await TelnetPlayer.connect(server.telnetPort);
  const bob = await TelnetPlayer.connect(server.telnetPort);
  await createCharacter(alice, 'Alice'); // the first account: an admin
  await alice.expect('Edda Stonehand and Corwin the scribe are here.');

  // Appearance from genes, age and species: a dwarf of 96 of her 250 years (38%: a young adult).
  alice.send('look edda');
  await alice.expect('Edda Stonehand');
  const edda = await alice.expect(/dwarf with .*broad shoulders.*\. In their prime, with clear features\.$/);

  // Ten game hours: Bram's hunger 62 → 72 (§5.1: above 70 he seeks food).
  alice.send('@time advance 10h');
  await alice.expect(/You move the world clock forward 600 game minutes/);
  await alice.expect('Old Bram the fisherman arrives from the south.', NPC_MS);
  await alice.expect('Old Bram the fisherman buys a loaf of bread from Osric the storekeeper.', NPC_MS);
  await alice.expect('Old Bram the fisherman tears into a loaf of bread.', NPC_MS);

  // Bob takes up Tamsin's life.
  await createCharacter(bob, 'Bob');
  bob.send('inhabit');
  await bob.expect('Lives you could take up:');
  await bob.expect(/^ {2}Tamsin the barmaid — human, 24 years, barmaid, in The Crooked Lantern$/);
  bob.send('inhabit tamsin');
  await bob.expect(/^You close your eyes and open them as Tamsin the barmaid\. .+ human with /);
  bob.send('look');
  await bob.expect('The Crooked Lantern');
  await bob.expect('Liralen the minstrel is here.');
  bob.send('sheet');
  await bob.expect('Bob — Human.');
  await bob.expect(/^ {2}Might +\d+ +Intellect +\d+ +Sight +\d+$/);
  bob.send('confirm');
  await bob.expect('Your character is complete; attributes now change only through what you do in the world. Type sheet to see them.');

  // The log replays to the same state as the snapshot.
  await server.gateway.committer.drain();
  const rebuilt = await rebuildComponents(server.gateway.store);
  const snapshot = snapshotToState((await server.gateway.store.loadSnapshot()).components);
  assert.deepEqual(sorted(rebuilt), sorted(snapshot));

  await Promise.all([alice.close(), bob.close()]);
  await server.stop();
  server = null;

  // Restart: the same faces, the same taken life.
  server = await startTestServer(opts);
  const alice2 = await TelnetPlayer.connect(server.telnetPort);
  const bob2 = await TelnetPlayer.connect(server.telnetPort);
  await alice2.expect(/connect <name> <password>/);
  alice2.send('connect Alice secret-pass');
  await alice2.expect('Exits:');
  // Edda may be at work on the road by now: her stored face is the one Alice saw.
  await server.gateway.committer.drain();
  const after = snapshotToState((await server.gateway.store.loadSnapshot()).components);
  const eddaId = [...after].find(([, comps]) => comps.get('name') === 'Edda Stonehand')?.[0];
  assert.ok(eddaId, 'Edda is still in the world');
  assert.equal((after.get(eddaId)!.get('lives.appearance') as { text: string }).text, edda.trim());
  await bob2.expect(/connect <name> <password>/);
  bob2.send('connect Bob secret-pass');
  await bob2.expect('The Crooked Lantern');
  bob2.send('inhabit');
  await bob2.expect('Your character is complete; attributes now change only through what you do in the world. Type sheet to see them.');
  // Stop here, not only in the after hook: the PostgreSQL variant's hook drops the
  // database, and a server still running then (townsfolk commit as they think)
  // waits for a database that is gone (as play.e2e found).
  await Promise.all([alice2.close(), bob2.close()]);
  await server.stop();
  server = null;
}

function sorted(state: Map<string, Map<string, unknown>>): Array<[string, Array<[string, unknown]>]> {
  return [...state].map(([e, comps]) => [e, [...comps].sort(([a], [b]) => a.localeCompare(b))] as [string, Array<[string, unknown]>]).sort(([a], [b]) => a.localeCompare(b));
}
