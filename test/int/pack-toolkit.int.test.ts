/**
 * The author's toolkit end to end: `myriad pack new` scaffolds a pack that
 * builds and passes `myriad pack test` as it stands; the same pack, granted in
 * the config, loads into a running server and answers a telnet player. And every
 * first-party pack with a test/ directory passes its own harness tests
 * (`myriad pack test packs/<name>`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer } from '../support/server.ts';
import { TelnetPlayer, createCharacter, stripAnsi } from '../support/players.ts';
import { runPackTests } from '../../sdk/tooling/pack-test.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

function myriad(...args: string[]): { code: number; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'engine/cli/main.ts'), ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } });
  return { code: r.status ?? 1, out: stripAnsi(`${r.stdout}${r.stderr}`) };
}

test('myriad pack new scaffolds a pack that passes myriad pack test and loads into a server', async (t) => {
  const parent = path.join(repoRoot, 'test-artifacts', `toolkit-${process.pid}`);
  mkdirSync(parent, { recursive: true });
  t.after(() => rmSync(parent, { recursive: true, force: true }));

  const created = myriad('pack', 'new', 'lantern', '--dir', parent);
  assert.equal(created.code, 0, created.out);
  assert.match(created.out, /created .*lantern\/ \(pack\.json, assembly\/pack\.ts, assembly\/tsconfig\.json, test\/lantern\.test\.ts\)/);
  assert.equal(myriad('pack', 'new', 'lantern', '--dir', parent).code, 1, 'an existing pack is not overwritten');
  assert.match(myriad('pack', 'new', 'Bad_Name', '--dir', parent).out, /"Bad_Name" is not a pack name/);

  const tested = myriad('pack', 'test', path.join(parent, 'lantern'));
  assert.equal(tested.code, 0, tested.out);
  // The scaffold's test is a vitest file: the runner names it and counts it.
  assert.match(tested.out, /✓ test\/lantern\.test\.ts > lantern greets, counts and tells the world/);
  assert.match(tested.out, /Tests\s+1 passed \(1\)/);

  // From scaffold to a running server: the operator grants what it asks for.
  const server = await startTestServer({
    packs: ['rooms', 'social', 'lantern'],
    packDirs: [parent],
    settings: { lantern: { grants: { send: ['actor'], write: ['lantern.count'], emit: ['lantern.greeted'] } } },
  });
  t.after(() => server.stop());
  const p = await TelnetPlayer.connect(server.telnetPort);
  t.after(() => p.close());
  await createCharacter(p, 'Alice');
  p.send('lantern');
  await p.expect('Hello, Alice! (greeting #1)');
});

test('every first-party pack with tests passes them (myriad pack test)', async (t) => {
  const packsDir = path.join(repoRoot, 'packs');
  const dirs = readdirSync(packsDir)
    .map((n) => path.join(packsDir, n))
    .filter((d) => existsSync(path.join(d, 'test')));
  assert.ok(dirs.some((d) => d.endsWith(`${path.sep}rooms`)) && dirs.some((d) => d.endsWith(`${path.sep}social`)));
  let out = '';
  // Built by `npm test`'s pretest (myriad pack build); run against those modules.
  const code = await runPackTests(dirs, { build: false, stdio: 'pipe', onOutput: (s) => (out += s) });
  t.diagnostic(`packs tested: ${dirs.map((d) => path.basename(d)).join(', ')}; ${/ℹ pass \d+/.exec(out)?.[0] ?? ''}`);
  assert.equal(code, 0, out);
  assert.match(out, /ℹ fail 0/);
});
