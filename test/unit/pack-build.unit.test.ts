/**
 * sdk/tooling/build.ts: a pack builds to build/pack.wasm, its sha256 lands in
 * pack.json, rebuilding gives the same bytes, the memory cap from pack.json is
 * in the module, and compile errors name the pack and the file.
 *
 * The scratch packs live in test-artifacts/ inside the repo (git-ignored) so
 * they import the real SDK by relative path, as first-party packs do.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAllPacks, buildPack, type BuildEvent } from '../../sdk/tooling/build.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const root = path.join(repoRoot, 'test-artifacts', `pack-build-${process.pid}`);
const packsDir = path.join(root, 'packs');

// From <root>/packs/<name>/assembly/ up to the repo root.
const SOURCE = `import { Command, Message, OK, reply, dispatchCommand } from "../../../../../sdk/assembly";
export function myriad_command(): i32 { return dispatchCommand(onCommand); }
function onCommand(cmd: Command): i32 {
  reply(Message.info("héllo " + cmd.actor.name));
  return OK;
}
`;

async function makePack(name: string, manifest: string, source = SOURCE): Promise<string> {
  const dir = path.join(packsDir, name);
  await mkdir(path.join(dir, 'assembly'), { recursive: true });
  await writeFile(path.join(dir, 'pack.json'), manifest);
  await writeFile(path.join(dir, 'assembly', 'pack.ts'), source);
  return dir;
}

function manifestFor(name: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ name, version: '0.0.1', engine: '^0.1.0', abi: 'myriad:host/v1', wasm: 'build/pack.wasm', ...extra }, null, 2) + '\n';
}

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The maximum of the module's memory, found by growing it until it refuses. */
async function maxPages(wasm: Uint8Array<ArrayBuffer>): Promise<number> {
  const module = new WebAssembly.Module(wasm);
  const imports: Record<string, Record<string, () => bigint>> = {};
  for (const imp of WebAssembly.Module.imports(module)) (imports[imp.module] ??= {})[imp.name] = () => 0n;
  const instance = new WebAssembly.Instance(module, imports);
  const memory = instance.exports['memory'] as WebAssembly.Memory;
  let pages = memory.buffer.byteLength / 65536;
  while (pages < 65536) {
    try {
      memory.grow(1);
      pages++;
    } catch {
      break;
    }
  }
  return pages;
}

before(async () => {
  await rm(root, { recursive: true, force: true });
  await mkdir(packsDir, { recursive: true });
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('buildPack', () => {
  it('writes build/pack.wasm and its sha256 into pack.json (2-space JSON, key after "wasm")', async () => {
    const dir = await makePack('alpha', manifestFor('alpha', { limits: { memoryPages: 3 } }));
    const events: BuildEvent['type'][] = [];
    const result = await buildPack(dir, { onProgress: (e) => events.push(e.type) });
    assert.ok(result.ok, result.ok ? '' : result.error);
    assert.deepEqual(events, ['start', 'done']);

    const wasm = await readFile(path.join(dir, 'build', 'pack.wasm'));
    assert.equal(result.sha256, sha(wasm));
    assert.equal(result.bytes, wasm.byteLength);
    assert.ok(result.manifestChanged && result.wasmChanged);

    const text = await readFile(path.join(dir, 'pack.json'), 'utf8');
    const manifest = JSON.parse(text) as Record<string, unknown>;
    assert.equal(manifest['sha256'], result.sha256);
    assert.equal(text, JSON.stringify(manifest, null, 2) + '\n');
    assert.deepEqual(Object.keys(manifest).slice(4, 6), ['wasm', 'sha256']);
    assert.equal(await maxPages(new Uint8Array(wasm)), 3, 'limits.memoryPages is the module maximum');
  });

  it('is deterministic: a rebuild gives the same sha256 and touches nothing', async () => {
    const dir = path.join(packsDir, 'alpha');
    const manifestBefore = await stat(path.join(dir, 'pack.json'));
    const wasmBefore = await stat(path.join(dir, 'build', 'pack.wasm'));
    const first = JSON.parse(await readFile(path.join(dir, 'pack.json'), 'utf8')) as { sha256: string };
    const again = await buildPack(dir);
    assert.ok(again.ok, again.ok ? '' : again.error);
    assert.equal(again.sha256, first.sha256);
    assert.equal(again.wasmChanged, false);
    assert.equal(again.manifestChanged, false);
    assert.equal((await stat(path.join(dir, 'pack.json'))).mtimeMs, manifestBefore.mtimeMs);
    assert.equal((await stat(path.join(dir, 'build', 'pack.wasm'))).mtimeMs, wasmBefore.mtimeMs);
  });

  it('gives the same bytes for the same sources in another directory', async () => {
    const dir = await makePack('beta', manifestFor('beta', { limits: { memoryPages: 3 } }));
    const result = await buildPack(dir);
    const alpha = JSON.parse(await readFile(path.join(packsDir, 'alpha', 'pack.json'), 'utf8')) as { sha256: string };
    assert.ok(result.ok, result.ok ? '' : result.error);
    assert.equal(result.sha256, alpha.sha256);
  });

  it('replaces only the hash text in a hand-formatted pack.json', async () => {
    const stale = '0'.repeat(64);
    const original = `{
    "name": "gamma",   "version": "0.0.1",
    "wasm": "build/pack.wasm",
    "sha256": "${stale}",
    "commands": [ { "verb": "x", "aliases": ["y"], "help": "Hand formatted." } ]
}
`;
    const dir = await makePack('gamma', original);
    const result = await buildPack(dir);
    assert.ok(result.ok, result.ok ? '' : result.error);
    assert.equal(await readFile(path.join(dir, 'pack.json'), 'utf8'), original.replace(stale, result.sha256));
  });

  it('defaults to 16 pages of memory', async () => {
    const dir = await makePack('delta', manifestFor('delta'));
    const result = await buildPack(dir);
    assert.ok(result.ok, result.ok ? '' : result.error);
    assert.equal(await maxPages(new Uint8Array(await readFile(result.wasmPath))), 16);
  });

  it('reports compile errors naming the pack, the file and the line', async () => {
    const broken = SOURCE.replace('return OK;', 'return "not a number";');
    const dir = await makePack('broken', manifestFor('broken'), broken);
    const events: BuildEvent[] = [];
    const result = await buildPack(dir, { onProgress: (e) => events.push(e) });
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.match(result.error, /^pack broken: assembly\/pack\.ts\(5,\d+\): .*not assignable/m);
    assert.equal(events.at(-1)?.type, 'error');
    const manifest = JSON.parse(await readFile(path.join(dir, 'pack.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(manifest['sha256'], undefined, 'a failed build does not touch pack.json');
  });

  it('refuses a bad memory limit and a missing manifest with the file named', async () => {
    const dir = await makePack('epsilon', manifestFor('epsilon', { limits: { memoryPages: 0 } }));
    const bad = await buildPack(dir);
    assert.ok(!bad.ok);
    assert.match(bad.error, /pack\.json: limits\.memoryPages must be an integer/);
    const missing = await buildPack(path.join(packsDir, 'nope'));
    assert.ok(!missing.ok);
    assert.match(missing.error, /^pack nope: .*pack\.json: cannot read/);
  });
});

describe('buildAllPacks', () => {
  it('builds every pack under packs/ in name order and reports each', async () => {
    await rm(path.join(packsDir, 'broken'), { recursive: true });
    await rm(path.join(packsDir, 'epsilon'), { recursive: true });
    const seen: string[] = [];
    const results = await buildAllPacks(root, (e) => {
      if (e.type === 'done') seen.push(e.pack);
    });
    assert.deepEqual(
      results.map((r) => r.pack),
      ['alpha', 'beta', 'delta', 'gamma'],
    );
    assert.ok(results.every((r) => r.ok));
    assert.deepEqual(seen, ['alpha', 'beta', 'delta', 'gamma']);
  });
});
