/**
 * The production install, as the Dockerfile's runtime stage makes it (docker is not
 * on the CI machine; the stage is these same steps): the files
 * scripts/runtime-files.mjs lists, `npm ci --omit=dev`, and `node dist/myriad.mjs
 * start` — no tsx, no AssemblyScript, no binaryen, no esbuild. A player connects
 * over telnet and plays; `myriad status` and `myriad stop` work through bin.mjs
 * falling back to the bundle; the pack toolkit says it is not part of the install.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TelnetPlayer, createCharacter } from '../support/players.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(cmd, args, { cwd, env: { ...process.env, ...env, NODE_NO_WARNINGS: '1' }, timeout: 600_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
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

test('the runtime file list, production dependencies only, starts with node alone and plays', { timeout: 900_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'myriad-runtime-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const app = join(dir, 'app');

  const bundled = await run(process.execPath, ['scripts/bundle-engine.mjs', '--changed'], ROOT);
  assert.equal(bundled.code, 0, bundled.out);
  const copied = await run(process.execPath, ['scripts/runtime-files.mjs', '--copy', app], ROOT);
  assert.equal(copied.code, 0, copied.out);
  const listed = (await run(process.execPath, ['scripts/runtime-files.mjs'], ROOT)).out.trim().split('\n');
  assert.ok(listed.includes('dist/myriad.mjs') && listed.includes('packs/rooms/build/pack.wasm') && listed.includes('schemas/config.schema.json'));
  assert.deepEqual(
    listed.filter((f) => f.endsWith('.ts') || f.includes('/assembly/')),
    [],
    'no TypeScript or AssemblyScript sources in the runtime',
  );

  // npm ci from the lock file, dev dependencies left out (the cache serves what it has).
  const npm = await run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], app);
  assert.equal(npm.code, 0, npm.out);
  const modules = readdirSync(join(app, 'node_modules'));
  for (const tool of ['tsx', 'assemblyscript', 'binaryen', 'esbuild', 'typescript', '@biomejs', 'playwright-core']) {
    assert.equal(modules.includes(tool), false, `${tool} must not be installed in the runtime`);
  }
  assert.ok(modules.includes('@electric-sql') && modules.includes('@extism'), 'the runtime dependencies are there');

  const env = { MYRIAD_TELNET_PORT: String(await freePort()), MYRIAD_HTTP_PORT: String(await freePort()), MYRIAD_DATA_DIR: join(dir, 'data'), MYRIAD_CONFIG: '', DATABASE_URL: '' };
  const child = spawn(process.execPath, ['dist/myriad.mjs', 'start'], { cwd: app, env: { ...process.env, ...env, NODE_NO_WARNINGS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const deadline = Date.now() + 180_000;
  while (!/Myriad is up/.test(out)) {
    if (Date.now() > deadline || child.exitCode !== null) assert.fail(`not up:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }

  const p = await TelnetPlayer.connect(Number(env.MYRIAD_TELNET_PORT));
  await createCharacter(p, 'Deployer');
  p.send('north');
  await p.expect('The North Road');

  // `myriad` (bin.mjs) without tsx runs the bundle: status finds the server through its pid file.
  const status = await run(process.execPath, ['engine/cli/bin.mjs', 'status'], app, env);
  assert.equal(status.code, 0, status.out);
  assert.match(status.out, new RegExp(`is running: pid ${child.pid}`));
  assert.match(status.out, /players online: 1/);
  const tooling = await run(process.execPath, ['dist/myriad.mjs', 'pack', 'build'], app, env);
  assert.equal(tooling.code, 1);
  assert.match(tooling.out, /ENGINE_TOOLING_UNAVAILABLE: the pack toolkit .* is not part of this install/);

  const stop = await run(process.execPath, ['engine/cli/bin.mjs', 'stop'], app, env);
  assert.equal(stop.code, 0, stop.out);
  assert.equal(await exited, 0, out);
  assert.equal(existsSync(join(dir, 'data', 'myriad.pid')), false);
});

test('the systemd unit passes systemd-analyze verify', { timeout: 120_000 }, async () => {
  // .ci/run installs systemd (systemd-analyze) with the other system packages.
  const verify = await run('systemd-analyze', ['verify', join(ROOT, 'deploy/systemd/myriad.service')], ROOT);
  assert.equal(verify.code, 0, verify.out);
  assert.equal(verify.out.trim(), '', `no warnings: ${verify.out}`);
  const unit = readFileSync(join(ROOT, 'deploy/systemd/myriad.service'), 'utf8');
  for (const line of ['User=myriad', 'StateDirectory=myriad', 'Environment=MYRIAD_DATA_DIR=/var/lib/myriad', 'Restart=on-failure', 'ExecStart=/usr/bin/node --enable-source-maps /opt/myriad/dist/myriad.mjs start']) {
    assert.ok(unit.split('\n').includes(line), `the unit has ${line}`);
  }
});

test('the Dockerfile runtime stage is the steps the runtime test runs', () => {
  // Docker is not on the CI machine: what can be checked is that the image is built from the same list and steps.
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const [build, runtime] = dockerfile.split(/^FROM .* AS runtime$/m);
  assert.ok(build !== undefined && runtime !== undefined, 'two stages, the second named runtime');
  assert.match(build, /npm run build:packs/);
  assert.match(build, /npm run build:engine/);
  assert.match(build, /node scripts\/runtime-files\.mjs --copy \/runtime/);
  assert.match(runtime, /COPY --from=build \/runtime \.\//);
  assert.match(runtime, /npm ci --omit=dev/);
  assert.match(runtime, /^USER myriad$/m);
  assert.match(runtime, /^CMD \["node", "--enable-source-maps", "dist\/myriad\.mjs", "start"\]$/m);
  assert.doesNotMatch(runtime, /tsx|assemblyscript|build:packs/);
  const compose = readFileSync(join(ROOT, 'compose.yaml'), 'utf8');
  assert.match(compose, /image: postgres:17/);
  assert.match(compose, /DATABASE_URL: postgres:\/\/myriad:\$\{POSTGRES_PASSWORD\}@db:5432\/myriad/);
});
