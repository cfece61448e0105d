/**
 * The SDK as an author outside this repository gets it (issue 17): `npm pack` of
 * sdk/ gives a tarball; in an empty temporary directory outside the checkout,
 * `npm init -y && npm install -D <tarball>` (the registry only for the SDK's own
 * dependencies: assemblyscript, vitest, …), then `npx myriad pack new lanterns`
 * and `npx myriad pack test lanterns` (the bundled CLI and harness, vitest) pass;
 * `--template` writes a repository whose `npm test` passes; and the built pack
 * loads into a server started from the engine, its directory in `packs.dirs`,
 * answering a telnet player.
 *
 * Needs the first-party packs built (npm test's pretest does it): the tarball
 * carries them for the author's harness.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PACKS } from '../../engine/config/defaults.ts';
import { startTestServer } from '../support/server.ts';
import { TelnetPlayer, createCharacter } from '../support/players.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The environment without npm's own variables: run under `npm test`, they would point npm at this repository. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && !['NODE_TEST_CONTEXT', 'INIT_CWD', 'FORCE_COLOR'].includes(k)) env[k] = v;
  return { ...env, NODE_NO_WARNINGS: '1', NO_COLOR: '1' };
}

function sh(cwd: string, command: string, args: readonly string[]): { code: number; out: string } {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: cleanEnv(), timeout: 600_000 });
  return { code: r.status ?? 1, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

test('the SDK tarball, installed outside the checkout, scaffolds, builds, tests and loads a pack', { timeout: 900_000 }, async (t) => {
  const author = realpathSync(mkdtempSync(path.join(tmpdir(), 'myriad-author-')));
  t.after(() => rmSync(author, { recursive: true, force: true }));
  assert.ok(path.relative(repoRoot, author).startsWith('..'), 'the author works outside the checkout');

  const packed = sh(repoRoot, 'npm', ['pack', '-w', 'sdk', '--pack-destination', author, '--json']);
  assert.equal(packed.code, 0, packed.out);
  const tarball = path.join(author, 'myriad-sdk-0.1.0.tgz');
  assert.ok(existsSync(tarball), packed.out);

  assert.equal(sh(author, 'npm', ['init', '-y']).code, 0);
  const installed = sh(author, 'npm', ['install', '-D', '--no-audit', '--no-fund', '--prefer-offline', tarball]);
  assert.equal(installed.code, 0, installed.out);
  assert.ok(!existsSync(path.join(author, 'node_modules', '@myriad', 'sdk', 'tooling')), 'the package carries the bundle, not the engine-relative sources');

  const created = sh(author, 'npx', ['myriad', 'pack', 'new', 'lanterns']);
  assert.equal(created.code, 0, created.out);
  assert.match(readFileSync(path.join(author, 'lanterns', 'assembly', 'pack.ts'), 'utf8'), /from "@myriad\/sdk";/);
  const tested = sh(author, 'npx', ['myriad', 'pack', 'test', 'lanterns']);
  assert.equal(tested.code, 0, tested.out);
  assert.match(tested.out, /lanterns greets, counts and tells the world/);
  assert.match(tested.out, /Tests\s+1 passed/);
  assert.ok(existsSync(path.join(author, 'lanterns', 'build', 'pack.wasm')));

  // The starter repository: pushable as it is, its own `npm test` passes.
  const template = sh(author, 'npx', ['myriad', 'pack', 'new', 'torches', '--template']);
  assert.equal(template.code, 0, template.out);
  const pkg = JSON.parse(readFileSync(path.join(author, 'torches', 'package.json'), 'utf8')) as { scripts: Record<string, string>; devDependencies: Record<string, string> };
  assert.equal(pkg.scripts['test'], 'myriad pack test .');
  assert.equal(pkg.devDependencies['@myriad/sdk'], '^0.1.0');
  assert.match(readFileSync(path.join(author, 'torches', '.gitignore'), 'utf8'), /^node_modules\/$/m);
  // The starter's `enabled` example keeps every default pack (it replaces the default list).
  assert.ok(readFileSync(path.join(author, 'torches', 'README.md'), 'utf8').includes(`"enabled": ${JSON.stringify([...DEFAULT_PACKS, 'torches']).replaceAll(',', ', ')}`));
  const templateTest = sh(path.join(author, 'torches'), 'npm', ['test']);
  assert.equal(templateTest.code, 0, templateTest.out);
  assert.match(templateTest.out, /torches greets, counts and tells the world/);

  // A server started from the engine, the author's directory in packs.dirs.
  const server = await startTestServer({
    packs: ['rooms', 'social', 'lanterns'],
    packDirs: [author],
    settings: { lanterns: { grants: { send: ['actor'], write: ['lanterns.count'], emit: ['lanterns.greeted'] } } },
  });
  t.after(() => server.stop());
  const p = await TelnetPlayer.connect(server.telnetPort);
  t.after(() => p.close());
  await createCharacter(p, 'Alice');
  p.send('lanterns');
  await p.expect('Hello, Alice! (greeting #1)');
});
