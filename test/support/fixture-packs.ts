/**
 * Build the AssemblyScript fixture packs of test/fixtures/packs/ for a test:
 * each is copied to test-artifacts/<run>/packs/<name>/ (same depth as the
 * fixtures, so their relative SDK import resolves), its manifest optionally
 * patched, and built with the SDK's real buildPack.
 *
 * Builds are cached by content: asc output depends only on the sources, the SDK
 * and the flags (the build is deterministic, test/unit/pack-build.unit.test.ts),
 * so a wasm built from the same bytes before is reused. The key covers the
 * fixture's source files, every SDK source file, the asc version and the flags;
 * MYRIAD_NO_PACK_CACHE=1 forces real builds. A cold build costs ~2–4 s a pack here.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPack } from '../../sdk/tooling/build.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixturesDir = path.join(repoRoot, 'test', 'fixtures', 'packs');
const cacheDir = path.join(repoRoot, 'test-artifacts', 'pack-cache');

export interface FixtureSpec {
  /** Name the pack gets (its directory and manifest name). */
  readonly name: string;
  /** Fixture directory to copy (default: `name`). */
  readonly from?: string;
  /** Top-level manifest keys to replace (the name is set to `name`). */
  readonly manifest?: Record<string, unknown>;
  /** Manifest keys to delete. */
  readonly drop?: readonly string[];
  /** Build without a memory maximum (to prove the engine refuses it). */
  readonly omitMemoryMaximum?: boolean;
}

export interface FixtureSet {
  /** A packs directory to pass as packDirs / packs.dirs. */
  readonly dir: string;
  /** Put (or replace) more packs in the same directory, e.g. a new version before a reload. */
  add(specs: ReadonlyArray<FixtureSpec | string>): Promise<void>;
  remove(): void;
}

let runs = 0;

export async function fixturePacks(specs: ReadonlyArray<FixtureSpec | string>): Promise<FixtureSet> {
  const dir = path.join(repoRoot, 'test-artifacts', `fixtures-${process.pid}-${++runs}`, 'packs');
  mkdirSync(dir, { recursive: true });
  const set: FixtureSet = {
    dir,
    add: async (more) => {
      for (const s of more) await place(dir, typeof s === 'string' ? { name: s } : s);
    },
    remove: () => rmSync(path.dirname(dir), { recursive: true, force: true }),
  };
  await set.add(specs);
  return set;
}

async function place(into: string, spec: FixtureSpec): Promise<void> {
  const source = path.join(fixturesDir, spec.from ?? spec.name);
  const target = path.join(into, spec.name);
  rmSync(target, { recursive: true, force: true });
  cpSync(source, target, { recursive: true, filter: (p) => !p.includes(`${path.sep}build`) });
  const manifestFile = path.join(target, 'pack.json');
  const manifest: Record<string, unknown> = { ...(JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>), ...spec.manifest, name: spec.name };
  for (const key of spec.drop ?? []) delete manifest[key];
  delete manifest['sha256'];
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  const key = cacheKey(source, manifest, spec.omitMemoryMaximum === true);
  const cached = path.join(cacheDir, `${key}.wasm`);
  const wasmFile = path.join(target, 'build', 'pack.wasm');
  if (existsSync(cached) && process.env['MYRIAD_NO_PACK_CACHE'] !== '1') {
    mkdirSync(path.dirname(wasmFile), { recursive: true });
    cpSync(cached, wasmFile);
    const bytes = readFileSync(wasmFile);
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, sha256: createHash('sha256').update(bytes).digest('hex') }, null, 2) + '\n');
    return;
  }
  const result = await buildPack(target, { omitMemoryMaximum: spec.omitMemoryMaximum === true });
  if (!result.ok) throw new Error(`fixture ${spec.name} did not build:\n${result.error}`);
  mkdirSync(cacheDir, { recursive: true });
  cpSync(wasmFile, cached);
}

/** Everything the compiled bytes depend on. The manifest only matters through limits.memoryPages. */
function cacheKey(source: string, manifest: Record<string, unknown>, omitMax: boolean): string {
  const h = createHash('sha256');
  for (const file of sourceFiles(path.join(source, 'assembly'))) h.update(path.relative(source, file)).update(readFileSync(file));
  for (const file of sourceFiles(path.join(repoRoot, 'sdk', 'assembly'))) h.update(path.relative(repoRoot, file)).update(readFileSync(file));
  const asc = JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', 'assemblyscript', 'package.json'), 'utf8')) as { version: string };
  h.update(asc.version);
  h.update(readFileSync(path.join(repoRoot, 'sdk', 'tooling', 'compile.ts')));
  h.update(JSON.stringify({ memoryPages: (manifest['limits'] as { memoryPages?: number } | undefined)?.memoryPages ?? null, omitMax }));
  return h.digest('hex').slice(0, 32);
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (entry.endsWith('.ts')) out.push(full);
  }
  return out;
}
