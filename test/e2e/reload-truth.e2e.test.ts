/**
 * A reload that tells the truth (issue 17), as an author meets it: a server
 * started with no config file; a myriad.json written after start is read by the
 * next reload (it used to be ignored while the reload reported success); the
 * report says per pack whether its module changed (sha256) and warns when a
 * pack's sources are newer than its build; a telnet player stays connected and
 * plays the new build.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { loadConfig } from '../../engine/config/load.ts';
import { startServer } from '../../engine/gateway/server.ts';
import { buildPack } from '../../sdk/tooling/build.ts';
import { scaffoldPack } from '../../sdk/tooling/scaffold.ts';
import { TelnetPlayer, createCharacter } from '../support/players.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

test('reload reads a config written after start, reports module changes by sha256 and warns about a stale build', { timeout: 600_000 }, async (t) => {
  // Inside the checkout so the scaffold imports the SDK by relative path.
  const dir = path.join(repoRoot, 'test-artifacts', `reload-truth-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const made = await scaffoldPack('lamp', dir);
  assert.ok(made.ok);
  const built = await buildPack(path.join(dir, 'lamp'));
  assert.ok(built.ok, built.ok ? '' : built.error);

  // What `myriad start` does in a directory without myriad.json, on free ports and in memory.
  const loaded = loadConfig({ cwd: dir, env: {} });
  assert.equal(loaded.configFile, null);
  assert.equal(loaded.reloadFrom, path.join(dir, 'myriad.json'));
  const config = { ...loaded, server: { ...loaded.server, host: '127.0.0.1' }, telnet: { ...loaded.telnet, port: 0 }, http: { ...loaded.http, port: 0 }, metrics: { ...loaded.metrics, port: 0 }, storage: { ...loaded.storage, dataDir: 'memory://' }, limits: { ...loaded.limits, exemptAddresses: ['127.0.0.1', '::1'] } };
  const server = await startServer(config, pino({ level: 'silent' }));
  t.after(() => server.stop());
  const alice = await TelnetPlayer.connect(server.telnetPort);
  t.after(() => alice.close());
  await createCharacter(alice, 'Alice');

  const none = await server.gateway.reloadPacks();
  assert.equal(none.ok, true, none.error);
  assert.match(none.config, /^no config file \(.*myriad\.json does not exist\)/);
  assert.ok(
    none.modules.every((m) => /: module unchanged \(sha256 [0-9a-f]{8}…\)$/.test(m)),
    none.modules.join('\n'),
  );

  writeFileSync(path.join(dir, 'myriad.json'), JSON.stringify({ packs: { enabled: [...loaded.packs.enabled, 'lamp'], dirs: [dir], settings: { lamp: { grants: { send: ['actor'], write: ['lamp.count'], emit: ['lamp.greeted'] } } } } }));
  const added = await server.gateway.reloadPacks();
  assert.equal(added.ok, true, added.error);
  assert.equal(added.config, `read ${path.join(dir, 'myriad.json')}`);
  assert.deepEqual(added.added, ['lamp']);
  assert.ok(
    added.modules.some((m) => /^lamp: new module \(sha256 [0-9a-f]{8}…\)$/.test(m)),
    added.modules.join('\n'),
  );
  alice.send('lamp');
  await alice.expect('Hello, Alice! (greeting #1)');

  // Saved but not built: the reload still works, and says the build is old.
  const source = path.join(dir, 'lamp', 'assembly', 'pack.ts');
  writeFileSync(source, readFileSync(source, 'utf8').replace('"Hello, "', '"Well met, "'));
  const future = new Date(Date.now() + 60_000);
  utimesSync(source, future, future);
  const stale = await server.gateway.reloadPacks();
  assert.equal(stale.ok, true, stale.error);
  assert.ok(stale.modules.includes(`lamp: module unchanged (sha256 ${built.ok ? built.sha256.slice(0, 8) : ''}…)`), stale.modules.join('\n'));
  // Only lamp's: the first-party packs' builds may predate a checkout's sources here.
  const lampWarnings = stale.warnings.filter((w) => w.startsWith('lamp:'));
  assert.equal(lampWarnings.length, 1, stale.warnings.join('\n'));
  assert.match(lampWarnings[0] ?? '', /^lamp: assembly\/pack\.ts is newer than build\/pack\.wasm, so this is the old build — run myriad pack build /);

  const rebuilt = await buildPack(path.join(dir, 'lamp'));
  assert.ok(rebuilt.ok && built.ok);
  utimesSync(rebuilt.wasmPath, new Date(future.getTime() + 1000), new Date(future.getTime() + 1000));
  const changed = await server.gateway.reloadPacks();
  assert.equal(changed.ok, true, changed.error);
  assert.ok(changed.modules.includes(`lamp: module changed (sha256 ${built.sha256.slice(0, 8)}… → ${rebuilt.sha256.slice(0, 8)}…)`), changed.modules.join('\n'));
  assert.deepEqual(
    changed.warnings.filter((w) => w.startsWith('lamp:')),
    [],
  );
  alice.send('lamp');
  await alice.expect('Well met, Alice! (greeting #2)');
});
