/**
 * `myriad reload` on a default local server, no token set anywhere (issue 17): a
 * server without http.adminToken writes a random one to <dataDir>/admin.token
 * (mode 0600) and accepts it; the CLI finds it through MYRIAD_DATA_DIR (or the
 * directory's myriad.json). Another data directory has no token: a clear refusal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer, tempDataDir } from '../support/server.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

function myriad(args: readonly string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  const clean = { ...process.env };
  delete clean['MYRIAD_ADMIN_TOKEN'];
  delete clean['NODE_TEST_CONTEXT'];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'engine/cli/main.ts'), ...args], { cwd: repoRoot, env: { ...clean, NODE_NO_WARNINGS: '1', ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

test('myriad reload works on a local server without a token, through the token file in its data directory', { timeout: 600_000 }, async (t) => {
  const data = tempDataDir();
  const other = tempDataDir();
  t.after(() => {
    data.remove();
    other.remove();
  });
  const server = await startTestServer({ dataDir: data.dir, packs: ['rooms', 'social'] });
  t.after(() => server.stop());

  const file = path.join(data.dir, 'admin.token');
  assert.equal(statSync(file).mode & 0o777, 0o600, 'only the server user reads it');
  assert.match(readFileSync(file, 'utf8'), /^[0-9a-f]{64}\n$/);

  const url = `http://127.0.0.1:${server.httpPort}`;
  const ok = await myriad(['reload', '--url', url], { MYRIAD_DATA_DIR: data.dir });
  assert.equal(ok.code, 0, ok.out);
  assert.match(ok.out, /^packs reloaded in \d+ ms: rooms@\d+\.\d+\.\d+, social@.* \(config: .*\)$/m);
  assert.match(ok.out, /^rooms: module unchanged \(sha256 [0-9a-f]{8}…\)$/m);

  const none = await myriad(['reload', '--url', url], { MYRIAD_DATA_DIR: other.dir });
  assert.equal(none.code, 1);
  assert.match(none.out, /no admin token\. .*writes it to <data dir>\/admin\.token/);
});
