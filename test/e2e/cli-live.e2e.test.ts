/**
 * The CLI against a running server: `myriad tail` prints live events from the
 * admin SSE stream (filtered, as lines or JSON), `myriad reload` reloads the
 * packs over POST /admin/reload; both refuse a wrong token. Then `myriad start`
 * itself: SIGHUP reloads the packs, and @shutdown from the admin ends the process.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { TelnetPlayer, createCharacter } from '../support/players.ts';
import { startTestServer } from '../support/server.ts';

const CLI = resolve(import.meta.dirname, '../../engine/cli/bin.mjs');
const TOKEN = 'test-admin-token-0123456789abcdef';

interface Cli {
  readonly child: ChildProcess;
  out(): string;
  readonly exited: Promise<number | null>;
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
}

function cli(args: string[], env: Record<string, string> = {}, cwd = process.cwd()): Cli {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MYRIAD_') && k !== 'DATABASE_URL'));
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...clean, ...env, NODE_NO_WARNINGS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  void exited.then(() => clearTimeout(timer));
  return {
    child,
    out: () => out,
    exited,
    async waitFor(pattern, ms = 30_000) {
      const deadline = Date.now() + ms;
      while (!pattern.test(out)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no ${pattern} in output:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

test('tail prints live events, reload reloads; a wrong token is refused', async (t) => {
  const server = await startTestServer({ http: { adminToken: TOKEN } });
  const alice = await TelnetPlayer.connect(server.telnetPort);
  t.after(async () => {
    await alice.close();
    await server.stop();
  });
  await createCharacter(alice, 'Alice');
  const url = `http://127.0.0.1:${server.httpPort}`;

  // From the current head on (no race with the says below), only social events, two then exit.
  const head = String(server.gateway.committer.head);
  const lines = cli(['tail', '--url', url, '--type', 'social.', '--after', head, '--count', '2'], { MYRIAD_ADMIN_TOKEN: TOKEN });
  const json = cli(['tail', '--url', url, '--token', TOKEN, '--stream', 'room:', '--after', head, '--count', '1', '--json']);
  alice.send('north'); // engine.entity_moved and friends: filtered out of the first tail
  await alice.expect('The North Road');
  alice.send('say first');
  alice.send('say second');
  assert.equal(await lines.exited, 0, lines.out());
  const printed = lines.out().trim().split('\n');
  assert.equal(printed.length, 2, lines.out());
  assert.match(printed[0]!, /^#\d+ \d\d:\d\d:\d\d room:\S+ {2}social\.say {2}\S+ {2}\{"text":"first"\}$/);
  assert.match(printed[1]!, /social\.say .*\{"text":"second"\}$/);
  assert.equal(await json.exited, 0, json.out());
  const event = JSON.parse(json.out().trim()) as { stream: string; position: number; type: string };
  assert.match(event.stream, /^room:/);
  assert.ok(event.position > Number(head));

  const refused = cli(['tail', '--url', url, '--token', 'wrong-token-wrong-token']);
  assert.equal(await refused.exited, 1);
  assert.match(refused.out(), /the server refused the token \(HTTP 401\)/);
  const noToken = cli(['tail', '--url', url]);
  assert.equal(await noToken.exited, 1);
  assert.match(noToken.out(), /no admin token\. Set MYRIAD_ADMIN_TOKEN/);

  const reload = cli(['reload', '--url', url], { MYRIAD_ADMIN_TOKEN: TOKEN });
  assert.equal(await reload.exited, 0, reload.out());
  assert.match(reload.out(), /^packs reloaded in \d+ ms: .*rooms@\d+\.\d+\.\d+/m);
  alice.skip();
  alice.send('look');
  await alice.expect('The North Road');
  const badReload = cli(['reload', '--url', url, '--token', 'wrong-token-wrong-token']);
  assert.equal(await badReload.exited, 1);
  assert.match(badReload.out(), /refused the token/);
});

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

test('myriad start: SIGHUP reloads the packs; @shutdown ends the process cleanly', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'myriad-live-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const telnetPort = await freePort();
  const run = cli(['start'], { MYRIAD_TELNET_PORT: String(telnetPort), MYRIAD_HTTP_PORT: String(await freePort()), MYRIAD_DATA_DIR: 'memory://' }, dir);
  t.after(() => run.child.kill('SIGKILL'));
  await run.waitFor(/Myriad is up/, 60_000);

  run.child.kill('SIGHUP');
  await run.waitFor(/"msg":"SIGHUP reload done"/);
  assert.match(run.out(), /"msg":"packs reloaded"/);

  const admin = await TelnetPlayer.connect(telnetPort);
  t.after(() => admin.close());
  await createCharacter(admin, 'Alice');
  admin.send('@shutdown Maintenance');
  await admin.expect('Maintenance (the server is shutting down - Alice)');
  assert.equal(await run.exited, 0, run.out());
  assert.match(run.out(), /"msg":"@shutdown: stopping the server"/);
  assert.match(run.out(), /"msg":"server stopped"/);
});
