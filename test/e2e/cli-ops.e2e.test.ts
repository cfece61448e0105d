/**
 * The operator's CLI, spawned as an operator runs it (`engine/cli/bin.mjs`):
 * doctor (a clean machine, then a held port, a bad DATABASE_URL and a locked data
 * directory), migrate with progress, and rebuild --check against a data directory
 * a real server wrote (matching, then after the snapshot is tampered with).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { TelnetPlayer, createCharacter } from '../support/players.ts';
import { startTestServer } from '../support/server.ts';

const CLI = resolve(import.meta.dirname, '../../engine/cli/bin.mjs');

function run(args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MYRIAD_') && k !== 'DATABASE_URL'));
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...clean, ...env, NODE_NO_WARNINGS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, out });
    });
  });
}

function listen(): Promise<{ server: Server; port: number }> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => done({ server, port: (server.address() as { port: number }).port }));
  });
}

async function freePort(): Promise<number> {
  const { server, port } = await listen();
  await new Promise((r) => server.close(r));
  return port;
}

test('doctor: ready on a clean setup; names each problem, who holds a port, and the fix', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'myriad-doctor-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const ports = { MYRIAD_TELNET_PORT: String(await freePort()), MYRIAD_HTTP_PORT: String(await freePort()) };

  const ok = await run(['doctor'], { ...ports, MYRIAD_DATA_DIR: join(dir, 'data') }, dir);
  assert.equal(ok.code, 0, ok.out);
  assert.match(ok.out, /✔ Node\.js: 20|✔ Node\.js: 2\d/);
  assert.match(ok.out, /✔ database: PGlite; .*data will be created on first start/);
  assert.match(ok.out, new RegExp(`✔ telnet port: ${ports.MYRIAD_TELNET_PORT} is free`));
  assert.match(ok.out, /✔ packs: .*rooms@.*social@.* built, sha256 matching/);
  assert.match(ok.out, /ready to start/);

  // A port held by this test process, PostgreSQL where there is none, a locked PGlite directory.
  const held = await listen();
  t.after(() => held.server.close());
  const bad = await run(['doctor'], { ...ports, MYRIAD_TELNET_PORT: String(held.port), DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' }, dir);
  assert.equal(bad.code, 1, bad.out);
  assert.match(bad.out, new RegExp(`✖ telnet port: ${held.port} is in use by process ${process.pid}`));
  assert.match(bad.out, /fix: stop that process, or choose another port with MYRIAD_TELNET_PORT/);
  assert.match(bad.out, /✖ database: PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/none: .*ECONNREFUSED/);
  assert.match(bad.out, /fix: start PostgreSQL/);
  assert.match(bad.out, /2 problem\(s\) to fix/);

  const data = join(dir, 'locked');
  mkdirSync(data);
  writeFileSync(join(data, 'myriad.lock'), `${process.pid}\n`);
  const locked = await run(['doctor'], { ...ports, MYRIAD_DATA_DIR: data }, dir);
  assert.equal(locked.code, 1, locked.out);
  assert.match(locked.out, new RegExp(`✖ database: PGlite data directory .*locked by running process ${process.pid}`));
  assert.match(locked.out, /fix: a server is already using it/);
});

test('migrate shows progress; rebuild --check replays the log with progress, matches, and finds a tampered snapshot', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'myriad-rebuild-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const data = join(dir, 'data');

  const migrated = await run(['migrate'], { MYRIAD_DATA_DIR: data }, dir);
  assert.equal(migrated.code, 0, migrated.out);
  assert.match(migrated.out, /migrating PGlite in .*data…/);
  assert.match(migrated.out, /migrations: 0\/\d+ applying \d+ migration\(s\)/);
  assert.match(migrated.out, /migrations: 1\/\d+ applied 0001_initial/);
  assert.match(migrated.out, /migrations: (\d+)\/\1 applied \d{4}_\w+/);
  assert.match(migrated.out, /schema is up to date/);

  // A real server writes a world and a character into the directory, then stops.
  const server = await startTestServer({ dataDir: data });
  const alice = await TelnetPlayer.connect(server.telnetPort);
  await createCharacter(alice, 'Alice');
  alice.send('north');
  await alice.expect('The North Road');
  await alice.close();
  await server.stop();

  const good = await run(['rebuild', '--check'], { MYRIAD_DATA_DIR: data }, dir);
  assert.equal(good.code, 0, good.out);
  assert.match(good.out, /rebuilding from the log: (\d+)\/\1 replaying events/);
  assert.match(good.out, /replayed \d+ events in \d+ ms: \d+ entities, \d+ components/);
  assert.match(good.out, /the snapshot matches the log/);

  // Edit the snapshot behind the log's back: rebuild --check names the difference.
  const pg = await PGlite.create(data);
  await pg.query(`UPDATE components SET value = '"nowhere"'::jsonb WHERE key = 'location' AND entity = (SELECT character_id FROM accounts WHERE name = 'Alice')`);
  await pg.close();
  const tampered = await run(['rebuild', '--check'], { MYRIAD_DATA_DIR: data }, dir);
  assert.equal(tampered.code, 1, tampered.out);
  assert.match(tampered.out, /the snapshot differs from the log in 1 place\(s\):/);
  assert.match(tampered.out, /location: log "[0-9A-Z]+" ≠ snapshot "nowhere"/);

  const noMode = await run(['rebuild'], { MYRIAD_DATA_DIR: data }, dir);
  assert.equal(noMode.code, 1);
  assert.match(noMode.out, /only --check is supported/);
});
