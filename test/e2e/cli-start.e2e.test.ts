/**
 * `myriad start` as an operator runs it: a child process with environment
 * overrides, clean shutdown on SIGTERM (players told, data kept), and start-up
 * refusals that name what is wrong (a corrupt or missing pack module, a config typo).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { TelnetPlayer, createCharacter } from '../support/players.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'engine/cli/bin.mjs');

interface Run {
  readonly child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

function startCli(args: string[], env: Record<string, string>, cwd: string): Run {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env, NODE_NO_WARNINGS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

async function waitForOutput(run: Run, pattern: RegExp, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pattern.test(run.output())) {
    if (Date.now() > deadline || run.child.exitCode !== null) throw new Error(`no ${pattern} in output:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolvePort(port));
    });
  });
}

test('start with env overrides, play, SIGTERM shuts down cleanly and keeps the data', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'myriad-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const env = { MYRIAD_TELNET_PORT: String(await freePort()), MYRIAD_HTTP_PORT: String(await freePort()), MYRIAD_DATA_DIR: join(dir, 'data') };
  const run = startCli(['start'], env, dir);
  t.after(() => run.child.kill('SIGKILL'));
  await waitForOutput(run, /Myriad is up/);
  const health = await fetch(`http://127.0.0.1:${env.MYRIAD_HTTP_PORT}/health`);
  assert.equal(health.status, 200);

  const p = await TelnetPlayer.connect(Number(env.MYRIAD_TELNET_PORT));
  await createCharacter(p, 'Operator');
  p.send('north');
  await p.expect('The North Road');
  run.child.kill('SIGTERM');
  await p.expect('The server is shutting down.');
  assert.equal(await run.exited, 0, run.output());
  assert.match(run.output(), /server stopped/);

  // Same data dir: the character is still on the North Road.
  const again = startCli(['start'], env, dir);
  t.after(() => again.child.kill('SIGKILL'));
  await waitForOutput(again, /Myriad is up/);
  const q = await TelnetPlayer.connect(Number(env.MYRIAD_TELNET_PORT));
  await q.expect(/connect <name> <password>/);
  q.send('connect operator secret-pass');
  await q.expect('The North Road'); // the room, shown after any replay
  await q.close();
  again.child.kill('SIGINT');
  assert.equal(await again.exited, 0, again.output());
});

test('a corrupt pack module stops start-up naming the pack and the file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'myriad-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // An operator's own copy of the social pack (packs.dirs come before the engine's packs/), damaged.
  cpSync(join(ROOT, 'packs/social'), join(dir, 'packs/social'), { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'packs/social/pack.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(dir, 'packs/social/pack.json'), JSON.stringify({ ...manifest, sha256: undefined }));
  writeFileSync(join(dir, 'packs/social/build/pack.wasm'), 'this is not wasm');
  writeFileSync(join(dir, 'myriad.json'), JSON.stringify({ packs: { enabled: ['rooms', 'social'], dirs: ['packs'] } }));
  const run = startCli(['start'], { MYRIAD_TELNET_PORT: '0', MYRIAD_HTTP_PORT: '0', MYRIAD_DATA_DIR: 'memory://' }, dir);
  assert.equal(await run.exited, 1);
  assert.match(run.output(), /PACK_WASM_CORRUPT: pack social@[\d.]+: .*packs\/social\/build\/pack\.wasm is not a valid WebAssembly module/);
  assert.match(run.output(), /fix: Rebuild the pack/);

  rmSync(join(dir, 'packs/social/build/pack.wasm'));
  const missing = startCli(['start'], { MYRIAD_TELNET_PORT: '0', MYRIAD_HTTP_PORT: '0', MYRIAD_DATA_DIR: 'memory://' }, dir);
  assert.equal(await missing.exited, 1);
  assert.match(missing.output(), /PACK_WASM_MISSING: pack social@[\d.]+: cannot read .*pack\.wasm: ENOENT/);
});

test('a config typo stops start-up with the file, the key and the fix', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'myriad-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'myriad.json'), JSON.stringify({ storage: { dataDirectory: './x' } }));
  const run = startCli(['start'], {}, dir);
  assert.equal(await run.exited, 1);
  assert.match(run.output(), /CONFIG_INVALID: .*myriad\.json: storage\.dataDirectory is not a known setting — did you mean "dataDir"\?/);
});
