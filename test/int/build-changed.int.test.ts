/**
 * `npm start` builds only what changed (`myriad pack build --changed`, scripts/bundle-engine.mjs
 * --changed): an unchanged pack is not compiled again, a pack whose source changed is, and
 * so is one whose wasm went missing. Real AssemblyScript builds of two first-party packs
 * copied into a scratch tree (with the SDK linked beside them, as in the repository).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

function run(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(process.execPath, args, { cwd: ROOT, env: { ...process.env, NODE_NO_WARNINGS: '1' }, timeout: 600_000 }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: unknown }).code as number) : 0, out: stdout + stderr });
    });
  });
}

const myriad = (...args: string[]) => run(['--import', 'tsx', join(ROOT, 'engine/cli/main.ts'), ...args]);

test('pack build --changed builds a pack only when its sources changed', { timeout: 900_000 }, async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'myriad-changed-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'packs'));
  symlinkSync(join(ROOT, 'sdk'), join(root, 'sdk'));
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  const time = join(root, 'packs', 'time');
  const stamina = join(root, 'packs', 'stamina');
  for (const [from, to] of [
    ['time', time],
    ['stamina', stamina],
  ] as const) {
    cpSync(join(ROOT, 'packs', from), to, { recursive: true, filter: (src) => !src.includes(`${from}/build`) });
  }

  const first = await myriad('pack', 'build', '--changed', time, stamina);
  assert.equal(first.code, 0, first.out);
  assert.match(first.out, /0 of 2 packs unchanged; building time, stamina/);
  assert.match(first.out, /building time… ok/);
  assert.match(first.out, /building stamina… ok/);

  const unchanged = await myriad('pack', 'build', '--changed', time, stamina);
  assert.equal(unchanged.code, 0, unchanged.out);
  assert.match(unchanged.out, /all 2 packs unchanged since their last build/);
  assert.doesNotMatch(unchanged.out, /building \w+…/);

  // One source file of one pack changes: that pack, and only it, is built.
  appendFileSync(join(time, 'assembly', 'pack.ts'), '\n// a change to the source\n');
  const edited = await myriad('pack', 'build', '--changed', time, stamina);
  assert.equal(edited.code, 0, edited.out);
  assert.match(edited.out, /1 of 2 packs unchanged; building time\n/);
  assert.match(edited.out, /building time… ok/);
  assert.doesNotMatch(edited.out, /building stamina…/);

  // The stamp is a shortcut, not the truth: a missing wasm is built whatever the stamp says.
  rmSync(join(stamina, 'build', 'pack.wasm'));
  const missing = await myriad('pack', 'build', '--changed', time, stamina);
  assert.match(missing.out, /1 of 2 packs unchanged; building stamina\n/);

  // Without --changed every pack is built, as before.
  const all = await myriad('pack', 'build', time, stamina);
  assert.match(all.out, /building time… ok[\s\S]*building stamina… ok/);
});

test('the engine bundle is rebuilt only when its inputs changed', { timeout: 300_000 }, async () => {
  const first = await run([join(ROOT, 'scripts/bundle-engine.mjs'), '--changed']);
  assert.equal(first.code, 0, first.out);
  assert.match(first.out, /bundled the engine into dist\/|the engine bundle in dist\/ .* is up to date/);
  const second = await run([join(ROOT, 'scripts/bundle-engine.mjs'), '--changed']);
  assert.equal(second.code, 0, second.out);
  assert.match(second.out, /the engine bundle in dist\/ \(myriad\.mjs, world-worker\.mjs\) is up to date/);
  // Another entry point is another bundle: built, not taken for the stamped one.
  const other = await run([join(ROOT, 'scripts/bundle-engine.mjs'), '--changed', 'bench-server=bench/load/server-child.ts']);
  assert.match(other.out, /bundled the engine into dist\/ \(myriad\.mjs, world-worker\.mjs, bench-server\.mjs\)/);
  const back = await run([join(ROOT, 'scripts/bundle-engine.mjs'), '--changed']);
  assert.match(back.out, /bundled the engine into dist\/ \(myriad\.mjs, world-worker\.mjs\) in \d+ ms/);
});
