/**
 * The operator's tools end to end, as an operator runs them: `myriad init` writes a
 * config, `myriad start` runs in the background (its own process group, output to a
 * file, as nohup or a supervisor would), `myriad status` and `myriad stop` find it
 * through the pid file, and `myriad backup` / `myriad restore` move a played world —
 * on PGlite and on PostgreSQL — into an empty database where a player finds it again.
 * Real processes, real sockets, real packs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../engine/config/load.ts';
import { TelnetPlayer, createCharacter } from '../support/players.ts';
import { throwawayPostgres } from '../support/postgres.ts';
import { DEFAULT_PACKS } from '../../engine/config/defaults.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'engine/cli/bin.mjs');
/** A start on this loaded 2-core machine takes 10–40 s (PGlite, fourteen packs). */
const START_MS = 120_000;

interface CliResult {
  readonly code: number;
  readonly out: string;
}

function cli(args: string[], env: Record<string, string>, cwd: string): Promise<CliResult> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env, NODE_NO_WARNINGS: '1' }, timeout: START_MS }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: unknown }).code as number) : 0, out: stdout + stderr });
    });
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolvePort(port));
    });
  });
}

async function serverEnv(dataDir: string, databaseUrl = ''): Promise<Record<string, string>> {
  return { MYRIAD_TELNET_PORT: String(await freePort()), MYRIAD_HTTP_PORT: String(await freePort()), MYRIAD_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, MYRIAD_CONFIG: '' };
}

/**
 * `myriad start` in the background, detached (its own process group), output to a log
 * file: nothing holds its pipes. Not unref'd: the test waits for its exit.
 */
function startInBackground(env: Record<string, string>, cwd: string, log: string): ChildProcess {
  const fd = openSync(log, 'a');
  const child = spawn(process.execPath, [CLI, 'start'], { cwd, env: { ...process.env, ...env, NODE_NO_WARNINGS: '1' }, stdio: ['ignore', fd, fd], detached: true });
  return child;
}

/** Poll `myriad status` until it reports a healthy server (exit 0). */
async function waitUntilUp(env: Record<string, string>, cwd: string, log: string): Promise<CliResult> {
  const deadline = Date.now() + START_MS;
  for (;;) {
    const r = await cli(['status'], env, cwd);
    if (r.code === 0) return r;
    if (Date.now() > deadline) throw new Error(`not up after ${START_MS} ms: ${r.out}\n${readFileSync(log, 'utf8')}`);
    await new Promise((res) => setTimeout(res, 500));
  }
}

function killIfRunning(child: ChildProcess): void {
  if (child.pid !== undefined && child.exitCode === null) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

async function playAndWalkNorth(port: number, name: string): Promise<void> {
  const p = await TelnetPlayer.connect(port);
  await createCharacter(p, name);
  p.send('north');
  await p.expect('The North Road');
  p.send('quit');
  await p.close();
}

async function findsNorthRoad(port: number, name: string): Promise<void> {
  const p = await TelnetPlayer.connect(port);
  await p.expect(/connect <name> <password>/);
  p.send(`connect ${name.toLowerCase()} secret-pass`);
  await p.expect('The North Road');
  p.send('quit');
  await p.close();
}

test('init, start in the background, status, stop, backup and restore on PGlite', { timeout: 900_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'myriad-ops-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const game = join(dir, 'game');

  // init: a commented config with $schema that the loader accepts, and the next step.
  const init = await cli(['init', game], {}, dir);
  assert.equal(init.code, 0, init.out);
  assert.match(init.out, /wrote .*myriad\.json/);
  assert.match(init.out, /next:\n {2}cd .*game && node .* start/);
  const text = readFileSync(join(game, 'myriad.json'), 'utf8');
  assert.match(text, /^\/\/ Myriad server configuration/);
  assert.match(text, /"\$schema": "[^"]*schemas\/config\.schema\.json"/);
  assert.ok(existsSync(resolve(game, JSON.parse(text.replace(/^\s*\/\/.*$/gm, ''))['$schema'] as string)), 'the $schema path points at the schema');
  assert.equal(loadConfig({ file: join(game, 'myriad.json'), cwd: game, env: {} }).telnet.port, 4000);
  const again = await cli(['init', game], {}, dir);
  assert.equal(again.code, 1);
  assert.match(again.out, /already exists; .*--force/);
  // Metrics on a free port: the default 4002 may be taken on a shared machine.
  writeFileSync(join(game, 'myriad.json'), text.replace('"port": 4002', `"port": ${await freePort()}`));

  const env = await serverEnv(join(game, 'data'));
  const before = await cli(['status'], env, game);
  assert.equal(before.code, 3, before.out);
  assert.match(before.out, /Myriad is not running \(no .*myriad\.pid\)/);

  const log = join(dir, 'server.log');
  const server = startInBackground(env, game, log);
  t.after(() => killIfRunning(server));
  const up = await waitUntilUp(env, game, log);
  assert.match(up.out, new RegExp(`Myriad \\S+ is running: pid ${server.pid}, up `));
  assert.match(up.out, /storage pglite/);
  assert.match(up.out, new RegExp(`packs: ${DEFAULT_PACKS.length} loaded, none quarantined`));
  assert.match(up.out, /health: ok/);

  const telnet = Number(env.MYRIAD_TELNET_PORT);
  const p = await TelnetPlayer.connect(telnet);
  await createCharacter(p, 'Keeper');
  p.send('north');
  await p.expect('The North Road');
  const withPlayer = await cli(['status', '--json'], env, game);
  assert.equal(withPlayer.code, 0, withPlayer.out);
  const status = JSON.parse(withPlayer.out) as { pid: number; health: { playersOnline: number; status: string } };
  assert.equal(status.pid, server.pid);
  assert.equal(status.health.playersOnline, 1);

  const exited = new Promise<number | null>((r) => server.on('exit', (code) => r(code)));
  const stop = await cli(['stop'], env, game);
  assert.equal(stop.code, 0, stop.out);
  assert.match(stop.out, new RegExp(`stopping Myriad \\(pid ${server.pid}\\)…\\nstopped in [\\d.]+ s`));
  await p.expect('The server is shutting down.');
  assert.equal(await exited, 0, readFileSync(log, 'utf8'));
  assert.equal(existsSync(join(game, 'data', 'myriad.pid')), false, 'the pid file is removed on stop');
  const after = await cli(['status'], env, game);
  assert.equal(after.code, 3, after.out);
  assert.equal((await cli(['stop'], env, game)).code, 0, 'stopping a stopped server is not an error');

  // backup the stopped world, with progress lines (piped: one line per 10 %).
  const file = join(dir, 'world.myriad.gz');
  const backup = await cli(['backup', file], env, game);
  assert.equal(backup.code, 0, backup.out);
  assert.match(backup.out, /backup: \d+\/\d+ events/);
  assert.match(backup.out, /wrote .*world\.myriad\.gz: \d+ rows \(accounts 1, .*events \d+/);
  assert.equal((await cli(['backup', file], env, game)).code, 1, 'an existing file is not replaced without --force');

  // restore into a new data directory: the rows, the checksum and the rebuilt world all check out.
  const restoredEnv = await serverEnv(join(dir, 'restored'));
  const restore = await cli(['restore', file], restoredEnv, game);
  assert.equal(restore.code, 0, restore.out);
  assert.match(restore.out, /restore: \d+\/\d+ events/);
  assert.match(restore.out, /checksum matches/);
  assert.match(restore.out, /the restored world rebuilds from its \d+ events equal to its snapshot/);
  const twice = await cli(['restore', file], restoredEnv, game);
  assert.equal(twice.code, 1);
  assert.match(twice.out, /STORE_RESTORE_NOT_EMPTY: .*not empty/);

  // A damaged backup is refused and leaves the database empty: the good one restores after it.
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
  const damaged = join(dir, 'damaged.myriad.gz');
  writeFileSync(damaged, gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join('\n')));
  const thirdEnv = await serverEnv(join(dir, 'third'));
  const refused = await cli(['restore', damaged], thirdEnv, game);
  assert.equal(refused.code, 1);
  assert.match(refused.out, /STORE_BACKUP_INVALID: cannot restore this backup: the file ends early/);
  const edited = join(dir, 'edited.myriad.gz');
  writeFileSync(edited, gzipSync(lines.join('\n').replace('"Keeper"', '"Reeper"')));
  const editedRun = await cli(['restore', edited], thirdEnv, game);
  assert.equal(editedRun.code, 1);
  assert.match(editedRun.out, /do not match its checksum/);
  const notGzip = join(dir, 'plain.txt');
  writeFileSync(notGzip, 'hello\n');
  assert.match((await cli(['restore', notGzip], thirdEnv, game)).out, /STORE_BACKUP_INVALID: .*cannot be read as a gzip file/);
  assert.equal((await cli(['restore', file], thirdEnv, game)).code, 0, 'nothing was left behind by the refused restores');

  // The restored world is the played one: Keeper is still on the North Road.
  const restoredLog = join(dir, 'restored.log');
  const restored = startInBackground(restoredEnv, game, restoredLog);
  t.after(() => killIfRunning(restored));
  await waitUntilUp(restoredEnv, game, restoredLog);
  await findsNorthRoad(Number(restoredEnv.MYRIAD_TELNET_PORT), 'Keeper');
  assert.equal((await cli(['stop'], restoredEnv, game)).code, 0);
});

test('backup a running PostgreSQL server, restore into a new database (and into PGlite)', { timeout: 900_000 }, async (t) => {
  const source = await throwawayPostgres();
  assert.ok(!('skip' in source), 'skip' in source ? source.skip : '');
  const target = await throwawayPostgres();
  assert.ok(!('skip' in target), 'skip' in target ? target.skip : '');
  const dir = mkdtempSync(join(tmpdir(), 'myriad-ops-pg-'));
  // Servers are stopped (below, or killed here first) before their databases are dropped.
  t.after(async () => {
    await source.drop();
    await target.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  const env = await serverEnv(join(dir, 'run'), source.url);
  const log = join(dir, 'server.log');
  const server = startInBackground(env, dir, log);
  t.after(() => killIfRunning(server));
  const up = await waitUntilUp(env, dir, log);
  assert.match(up.out, /storage postgres/);
  await playAndWalkNorth(Number(env.MYRIAD_TELNET_PORT), 'Archivist');

  // PostgreSQL serves the backup's one consistent read while the server runs.
  const file = join(dir, 'pg.myriad.gz');
  const backup = await cli(['backup', file], env, dir);
  assert.equal(backup.code, 0, backup.out);
  assert.match(backup.out, /backing up PostgreSQL at postgres:\/\/.*myriad_test_/);
  const exited = new Promise<number | null>((r) => server.on('exit', (code) => r(code)));
  assert.equal((await cli(['stop'], env, dir)).code, 0);
  assert.equal(await exited, 0);

  const targetEnv = await serverEnv(join(dir, 'run2'), target.url);
  const restore = await cli(['restore', file], targetEnv, dir);
  assert.equal(restore.code, 0, restore.out);
  assert.match(restore.out, /the restored world rebuilds from its \d+ events equal to its snapshot/);
  const rows = await target.query<{ name: string }>('SELECT name FROM accounts');
  assert.deepEqual(
    rows.map((r) => r.name),
    ['Archivist'],
  );

  // The same file restores into PGlite: the format is the backend's neither.
  const pgliteEnv = await serverEnv(join(dir, 'pglite'));
  const intoPglite = await cli(['restore', file], pgliteEnv, dir);
  assert.equal(intoPglite.code, 0, intoPglite.out);

  const restoredLog = join(dir, 'restored.log');
  const restored = startInBackground(targetEnv, dir, restoredLog);
  t.after(() => killIfRunning(restored));
  await waitUntilUp(targetEnv, dir, restoredLog);
  await findsNorthRoad(Number(targetEnv.MYRIAD_TELNET_PORT), 'Archivist');
  const stopped = new Promise<number | null>((r) => restored.on('exit', (code) => r(code)));
  assert.equal((await cli(['stop'], targetEnv, dir)).code, 0);
  assert.equal(await stopped, 0);
});
