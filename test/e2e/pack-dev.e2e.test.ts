/**
 * `myriad pack dev` (issue 17): with a telnet player connected to a running
 * server that has the pack enabled, saving the pack's source rebuilds it and
 * hot-reloads it — the player, still connected, plays the new build — and the
 * loop says how long save → reloaded took (the figure in docs/benchmarks.md is
 * measured by hand; a loaded CI machine is no place to assert a time).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPack } from '../../sdk/tooling/build.ts';
import { scaffoldPack } from '../../sdk/tooling/scaffold.ts';
import { startTestServer } from '../support/server.ts';
import { TelnetPlayer, createCharacter, stripAnsi } from '../support/players.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const TOKEN = 'dev-loop-token-0123456789';

test('pack dev rebuilds on save and reloads into the running server, the player staying connected', { timeout: 600_000 }, async (t) => {
  const parent = path.join(repoRoot, 'test-artifacts', `pack-dev-${process.pid}`);
  mkdirSync(parent, { recursive: true });
  t.after(() => rmSync(parent, { recursive: true, force: true }));
  assert.ok((await scaffoldPack('glow', parent)).ok);
  const built = await buildPack(path.join(parent, 'glow'));
  assert.ok(built.ok, built.ok ? '' : built.error);

  const server = await startTestServer({
    packs: ['rooms', 'social', 'glow'],
    packDirs: [parent],
    settings: { glow: { grants: { send: ['actor'], write: ['glow.count'], emit: ['glow.greeted'] } } },
    http: { adminToken: TOKEN },
  });
  t.after(() => server.stop());
  const alice = await TelnetPlayer.connect(server.telnetPort);
  t.after(() => alice.close());
  await createCharacter(alice, 'Alice');
  alice.send('glow');
  await alice.expect('Hello, Alice! (greeting #1)');

  const env: NodeJS.ProcessEnv = { ...process.env, NODE_NO_WARNINGS: '1', NO_COLOR: '1' };
  delete env['NODE_TEST_CONTEXT'];
  const dev = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'engine/cli/main.ts'), 'pack', 'dev', path.join(parent, 'glow'), '--url', `http://127.0.0.1:${server.httpPort}`, '--token', TOKEN, '--no-test'], { cwd: repoRoot, env });
  t.after(() => dev.kill());
  let out = '';
  const waiters: Array<{ re: RegExp; done: () => void }> = [];
  const onData = (d: Buffer): void => {
    out += stripAnsi(d.toString());
    for (const w of waiters.filter((x) => x.re.test(out))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.done();
    }
  };
  dev.stdout.on('data', onData);
  dev.stderr.on('data', onData);
  const seen = (re: RegExp): Promise<void> => (re.test(out) ? Promise.resolve() : new Promise((done) => waiters.push({ re, done })));

  await seen(/^watching .*glow/m);
  const source = path.join(parent, 'glow', 'assembly', 'pack.ts');
  writeFileSync(source, readFileSync(source, 'utf8').replace('"Hello, "', '"Glowing, "'));
  await seen(/^reloaded in \d+ ms \(save → build \d+ ms → reload \d+ ms\)$/m);
  alice.send('glow');
  await alice.expect('Glowing, Alice! (greeting #2)');
  const ms = Number(/^reloaded in (\d+) ms/m.exec(out)?.[1]);
  t.diagnostic(`save → reloaded: ${ms} ms`);
  assert.ok(ms > 0, out);
});
