/**
 * In-game building over telnet (issue 18): an admin makes a builder with @role; the
 * builder digs a room with exits both ways, describes it and creates a thing; a
 * player walks in and sees it all; a player is refused; @undo reverses; bad input
 * is answered and changes nothing. Then the built world survives a restart, the
 * log rebuilds to the snapshot, and `myriad world export` (the real CLI) writes a
 * file from which a fresh server starts with the same rooms, exits and things.
 * The store part runs on PGlite and, when it answers, on PostgreSQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openStore } from '../../engine/store/open.ts';
import { rebuildComponents, snapshotToState } from '../../engine/store/rebuild.ts';
import { TelnetPlayer, createCharacter } from '../support/players.ts';
import { startTestServer, tempDataDir, type TestServerOptions } from '../support/server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACKS = ['rooms', 'social', 'inventory', 'building'];
const PG_URL = 'postgres://postgres@127.0.0.1:5432';
/** Builders type fast in tests; a 10,000-character line must reach the pack (the default is 8 KiB). */
const BASE: TestServerOptions = { packs: PACKS, limits: { commands: { count: 400, windowMs: 2_000 } }, telnet: { maxLineBytes: 16_384 } };
const DESC = 'Roses climb a trellis of silvered oak; bees work the blooms.';

async function player(port: number, name: string, players: TelnetPlayer[]): Promise<TelnetPlayer> {
  const p = await TelnetPlayer.connect(port);
  players.push(p);
  await createCharacter(p, name);
  return p;
}

async function login(port: number, name: string, players: TelnetPlayer[]): Promise<TelnetPlayer> {
  const p = await TelnetPlayer.connect(port);
  players.push(p);
  await p.expect(/connect <name> <password>/);
  p.send(`connect ${name} secret-pass`);
  await p.expect(`Welcome back, ${name}.`, 20_000);
  return p;
}

/** Build the garden as the builder would, with the checks along the way. */
async function buildAndVisit(port: number, players: TelnetPlayer[]): Promise<void> {
  const ada = await player(port, 'Ada', players); // the first account: admin
  const bob = await player(port, 'Bob', players);
  const cara = await player(port, 'Cara', players);

  cara.send('@dig Secret Room');
  await cara.expect('Only builders may use "@dig" (an admin can make you one with @role <name> builder).');
  bob.send('@role Cara builder');
  await bob.expect('Only admins may use @role.');
  ada.send('@role Bob builder');
  await ada.expect('Bob is now a builder: they can use @dig, @describe and the other building commands.');
  ada.send('@role Nobody builder');
  await ada.expect('There is no account called Nobody.');

  bob.skip();
  bob.send('@dig Rose Garden = northwest;garden, southeast');
  await bob.expect(/^You dig Rose Garden \(#\w+\)\.$/);
  await bob.expect('Exit northwest, garden leads there from here; southeast leads back.');
  bob.send('garden');
  await bob.expect('Rose Garden');
  bob.send(`@describe here = ${DESC}`);
  await bob.expect(DESC);
  bob.send('@create brass lantern');
  await bob.expect(/^You create brass lantern \(#\w+\)\. It lies here; @describe it\.$/);
  bob.send('@describe lantern = A lantern of dented brass.');
  await bob.expect('A lantern of dented brass.');

  // @undo: a change reversed, the one before it kept.
  bob.send('@describe here = Weeds.');
  await bob.expect('Weeds.');
  bob.send('@undo');
  await bob.expect('Undone: @describe here.');

  // Bad input: each a clear message, nothing changed.
  bob.send(`@dig ${'x'.repeat(10_000)}`);
  await bob.expect('Room names are at most 80 characters (that one is 10000).', 15_000);
  bob.send('@open gate = Nowhere Land');
  await bob.expect('There is no room called "Nowhere Land" (give a room name, #id or here; @find lists rooms).');
  bob.send('@link southeast = here');
  await bob.expect('That exit would lead back into this same room; pick another room.');
  bob.send('@destroy Emberford Square');
  await bob.expect(/^Emberford Square \(#\w+\) is the start room, where new characters arrive; it cannot be destroyed\.$/);
  bob.send('@describe lantern = A \u001b[2J\u001b[31mred\u001b[0m lantern.');
  await bob.expect(/^A (\[2J\[31m)?red(\[0m)? lantern\.$/);

  // A player walks in and sees it all.
  cara.skip();
  cara.send('northwest');
  await cara.expect('Rose Garden');
  await cara.expect(DESC);
  await cara.expect('Exits: southeast.');
  await cara.expect('You see brass lantern here.');
  cara.send('look lantern');
  await cara.expect(/^A (\[2J\[31m)?red(\[0m)? lantern\.$/);
}

async function checkRebuild(store: Awaited<ReturnType<typeof openStore>>): Promise<void> {
  const rebuilt = await rebuildComponents(store);
  assert.deepEqual(rebuilt, snapshotToState((await store.loadSnapshot()).components), 'the world rebuilt from the log equals the snapshot');
  const garden = [...rebuilt.values()].filter((c) => c.get('name') === 'Rose Garden');
  assert.equal(garden.length, 1, 'the garden is in the log once');
  assert.equal(garden[0]!.get('rooms.desc'), DESC);
  // What the log keeps of "A \x1b[2J\x1b[31mred\x1b[0m lantern.": no escape character (the screen-clearing sequence is gone).
  const lantern = [...rebuilt.values()].find((c) => c.get('name') === 'brass lantern');
  const desc = (lantern?.get('inventory.item') as { desc?: string } | undefined)?.desc ?? '';
  assert.match(desc, /^A (\[2J\[31m)?red(\[0m)? lantern\.$/);
  assert.doesNotMatch(desc, /\u001b/);
}

async function exportWith(storage: Record<string, unknown>, dir: string): Promise<string> {
  const config = path.join(dir, 'export.json');
  writeFileSync(config, JSON.stringify({ storage }));
  const file = path.join(dir, 'built-world.json');
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(ROOT, 'engine/cli/main.ts'), 'world', 'export', file, '-c', config], { cwd: ROOT, timeout: 120_000 });
  assert.match(stdout, /^wrote .*built-world\.json: 10 rooms, 1 things, start square$/m);
  return file;
}

/** A fresh server (an empty store) from the exported file: the same rooms, exits, descriptions and things. */
async function freshServerFrom(file: string): Promise<void> {
  const exported = JSON.parse(readFileSync(file, 'utf8')) as { rooms: Record<string, { name: string; exits: Record<string, string> }> };
  const garden = Object.entries(exported.rooms).find(([, r]) => r.name === 'Rose Garden');
  assert.ok(garden, 'the garden is in the file');
  assert.deepEqual(garden[1].exits, { southeast: 'square' });
  assert.equal(exported.rooms['square']!.exits['northwest'], garden[0]);
  const server = await startTestServer({ ...BASE, settings: { rooms: { world: file }, building: { world: file } } });
  const players: TelnetPlayer[] = [];
  try {
    const dan = await player(server.telnetPort, 'Dan', players);
    dan.send('look');
    await dan.expect('Emberford Square');
    dan.send('garden');
    await dan.expect('Rose Garden');
    await dan.expect(DESC);
    await dan.expect('You see brass lantern here.');
    dan.send('look lantern');
    await dan.expect(/^A (\[2J\[31m)?red(\[0m)? lantern\.$/);
  } finally {
    await Promise.all(players.map((p) => p.close()));
    await server.stop();
  }
}

test('building over telnet on PGlite: build, visit, restart, rebuild, export, fresh server', { timeout: 300_000 }, async (t) => {
  const data = tempDataDir();
  t.after(() => data.remove());
  const players: TelnetPlayer[] = [];
  let server = await startTestServer({ ...BASE, dataDir: data.dir });
  try {
    await buildAndVisit(server.telnetPort, players);
  } finally {
    await Promise.all(players.splice(0).map((p) => p.close()));
    await server.stop();
  }
  // Restart on the same data: Cara still stands in the garden with the lantern.
  server = await startTestServer({ ...BASE, dataDir: data.dir });
  try {
    const cara = await login(server.telnetPort, 'Cara', players);
    await cara.expect('Rose Garden');
    await cara.expect('You see brass lantern here.');
  } finally {
    await Promise.all(players.splice(0).map((p) => p.close()));
    await server.stop();
  }
  const store = await openStore({ dataDir: data.dir });
  try {
    await checkRebuild(store);
  } finally {
    await store.close();
  }
  await freshServerFrom(await exportWith({ dataDir: data.dir }, data.dir));
});

test('building on PostgreSQL: the built world rebuilds from the log and exports the same', { timeout: 300_000 }, async (t) => {
  const admin = new pg.Client({ connectionString: `${PG_URL}/postgres` });
  try {
    await admin.connect();
  } catch {
    t.diagnostic(`PostgreSQL does not answer at ${PG_URL}: this part ran on PGlite only`);
    return;
  }
  const db = `i18a_building_${process.pid}`;
  await admin.query(`CREATE DATABASE ${db}`);
  const data = tempDataDir();
  t.after(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.end();
    data.remove();
  });
  const url = `${PG_URL}/${db}`;
  const players: TelnetPlayer[] = [];
  const server = await startTestServer({ ...BASE, databaseUrl: url });
  try {
    await buildAndVisit(server.telnetPort, players);
  } finally {
    await Promise.all(players.splice(0).map((p) => p.close()));
    await server.stop();
  }
  const store = await openStore({ databaseUrl: url });
  try {
    await checkRebuild(store);
  } finally {
    await store.close();
  }
  await freshServerFrom(await exportWith({ databaseUrl: url }, data.dir));
});
