/**
 * Packs the benchmarks need: the first-party packs (packs/) and the bench packs
 * (bench/packs/). A pack is (re)built with sdk/tooling/build.ts only when its
 * wasm is missing or older than its sources or the SDK's.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PACKS } from '../../engine/config/defaults.ts';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const BENCH_PACKS_DIR = path.join(REPO, 'bench', 'packs');
export const FIRST_PARTY_PACKS_DIR = path.join(REPO, 'packs');

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__tests__' && entry.name !== 'build') newest = Math.max(newest, newestMtime(p));
    } else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Build `packDir` if its build/pack.wasm is missing or stale. Returns true if it built. */
export async function ensurePackBuilt(packDir: string, progress?: (msg: string) => void): Promise<boolean> {
  const wasm = path.join(packDir, 'build', 'pack.wasm');
  const sources = Math.max(newestMtime(path.join(packDir, 'assembly')), newestMtime(path.join(REPO, 'sdk', 'assembly')), statSync(path.join(packDir, 'pack.json')).mtimeMs);
  if (existsSync(wasm) && statSync(wasm).mtimeMs >= sources) return false;
  progress?.(`building pack ${path.relative(REPO, packDir)}…`);
  // Loaded on demand: the AssemblyScript compiler costs ~2 s to import.
  const { buildPack } = await import('../../sdk/tooling/build.ts');
  const result = await buildPack(packDir);
  if (!result.ok) throw new Error(result.error);
  // An identical rebuild leaves the wasm untouched: mark it fresh so the next run skips it.
  const now = new Date();
  utimesSync(wasm, now, now);
  return true;
}

/**
 * First-party packs are built by `npm run build:packs` (npm test and npm start run it
 * first); here they are built only when a wasm is missing or does not match the
 * sha256 in its pack.json (the loader would refuse it), so a bench run does not
 * rewrite another change's pack.json in a working tree.
 */
export async function ensureFirstPartyPacks(progress?: (msg: string) => void, names: readonly string[] = DEFAULT_PACKS): Promise<void> {
  for (const name of names) {
    const dir = path.join(FIRST_PARTY_PACKS_DIR, name);
    const wasm = path.join(dir, 'build', 'pack.wasm');
    const want = (JSON.parse(readFileSync(path.join(dir, 'pack.json'), 'utf8')) as { sha256?: string }).sha256;
    const have = existsSync(wasm) ? createHash('sha256').update(readFileSync(wasm)).digest('hex') : null;
    if (have !== null && (want === undefined || want === have)) continue;
    progress?.(`building pack packs/${name}…`);
    const { buildPack } = await import('../../sdk/tooling/build.ts');
    const result = await buildPack(dir);
    if (!result.ok) throw new Error(result.error);
  }
}

export async function ensureBenchPack(progress?: (msg: string) => void): Promise<string> {
  const dir = path.join(BENCH_PACKS_DIR, 'bench');
  await ensurePackBuilt(dir, progress);
  return dir;
}
