/**
 * The bundle `npm start` runs: scripts/bundle-engine.mjs builds dist/myriad.mjs and
 * dist/world-worker.mjs; started from another directory (as an operator would),
 * it finds the schemas, the first-party packs and the web client from the
 * repository, runs the world in the bundled worker, plays over telnet, serves the
 * web client and shuts down cleanly on SIGTERM.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { TelnetPlayer, createCharacter } from '../support/players.ts';
import { freePort } from '../support/reliability.ts';
import { DEFAULT_PACKS } from '../../engine/config/defaults.ts';

const ROOT = resolve(import.meta.dirname, '../..');

test('the bundled engine starts, plays, serves the web client and stops cleanly', async (t) => {
  const { stdout } = await promisify(execFile)(process.execPath, ['scripts/bundle-engine.mjs'], { cwd: ROOT });
  assert.match(stdout, /bundled the engine into dist\/ \(myriad\.mjs, world-worker\.mjs\)/);
  assert.ok(existsSync(join(ROOT, 'dist', 'world-worker.mjs')));

  const dir = mkdtempSync(join(tmpdir(), 'myriad-bundle-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const telnet = await freePort();
  const http = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'myriad.mjs'), 'start'], {
    cwd: dir,
    env: { ...process.env, MYRIAD_TELNET_PORT: String(telnet), MYRIAD_HTTP_PORT: String(http), MYRIAD_DATA_DIR: join(dir, 'data'), NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  t.after(() => child.kill('SIGKILL'));
  const deadline = Date.now() + 60_000;
  while (!/Myriad is up/.test(out)) {
    assert.ok(Date.now() < deadline && child.exitCode === null, `no "Myriad is up" in:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }

  const health = (await (await fetch(`http://127.0.0.1:${http}/health`)).json()) as { status: string; checks: { packs: { detail: string } } };
  assert.equal(health.status, 'ok');
  assert.match(health.checks.packs.detail, new RegExp(`^${DEFAULT_PACKS.length} loaded, none quarantined`));
  const page = await fetch(`http://127.0.0.1:${http}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<!doctype html>/i);

  const p = await TelnetPlayer.connect(telnet);
  t.after(() => p.close());
  await createCharacter(p, 'Bundled');
  p.send('say built and running');
  await p.expect('You say, "built and running"');
  p.send('north');
  await p.expect('The North Road');

  child.kill('SIGTERM');
  assert.equal(await exited, 0, out);
  assert.match(out, /server stopped/);
});
