/**
 * Whether a pack needs building: a sha256 over everything its wasm depends on,
 * compared with the stamp the last successful build left in `build/.sources`.
 *
 * Why: `npm start` used to rebuild all fourteen first-party packs on every start
 * (~29 s of asc on this machine against ~5 s for the server itself). The check
 * reads a few hundred small files (~50 ms) and does not load the AssemblyScript
 * compiler, which alone costs ~0.4 s, so an unchanged tree starts at once.
 *
 * The inputs: every file under the pack's `assembly/`, pack.json without its
 * `sha256` (the build writes that; `limits.memoryPages` changes the module), the
 * SDK the pack compiles against (`sdk/assembly/`), the build tooling itself and
 * the AssemblyScript version. A stamp is only a shortcut: the wasm must still be
 * there and match pack.json's sha256, else the pack is built.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoPath } from '../../engine/paths.ts';

const STAMP = path.join('build', '.sources');
const WASM = path.join('build', 'pack.wasm');
/** The tooling whose change changes what a build writes. */
const TOOLING = ['sdk/tooling/build.ts', 'sdk/tooling/compile.ts', 'sdk/tooling/pack-json.ts'];

/** The sources' hash for a pack directory (throws if pack.json is unreadable). */
export function packSourceHash(packDir: string): string {
  const hash = createHash('sha256');
  const manifest = JSON.parse(readFileSync(path.join(packDir, 'pack.json'), 'utf8')) as Record<string, unknown>;
  delete manifest['sha256'];
  hash.update(`pack.json\0${JSON.stringify(manifest)}\0`);
  addTree(hash, path.join(packDir, 'assembly'), 'assembly');
  addTree(hash, sdkAssemblyDir(packDir), 'sdk');
  // From an installed @myriad/sdk the tooling is bundled (dist/cli.mjs), not these
  // sources: its package version stands for them there.
  for (const file of TOOLING)
    hash
      .update(`${file}\0`)
      .update(existsSync(repoPath(file)) ? readFileSync(repoPath(file)) : 'bundled')
      .update('\0');
  hash.update(`version\0${packageVersion()}\0`);
  hash.update(`asc\0${ascVersion()}`);
  return hash.digest('hex');
}

/** True when the pack's last build is up to date with its sources. */
export function packIsUpToDate(packDir: string): boolean {
  const stampFile = path.join(packDir, STAMP);
  const wasmFile = path.join(packDir, WASM);
  if (!existsSync(stampFile) || !existsSync(wasmFile)) return false;
  try {
    const manifest = JSON.parse(readFileSync(path.join(packDir, 'pack.json'), 'utf8')) as { sha256?: unknown };
    const wasmSha = createHash('sha256').update(readFileSync(wasmFile)).digest('hex');
    if (manifest.sha256 !== wasmSha) return false;
    return readFileSync(stampFile, 'utf8').trim() === packSourceHash(packDir);
  } catch {
    return false; // unreadable or malformed: let the build report it
  }
}

/** Record the sources a successful build used. */
export function writePackStamp(packDir: string): void {
  writeFileSync(path.join(packDir, STAMP), `${packSourceHash(packDir)}\n`);
}

/** The SDK the pack's imports reach: the nearest `sdk/assembly` above it, else the repository's. */
function sdkAssemblyDir(packDir: string): string {
  for (let d = path.resolve(packDir); path.dirname(d) !== d; d = path.dirname(d)) {
    const candidate = path.join(d, 'sdk', 'assembly');
    if (existsSync(candidate)) return candidate;
  }
  return repoPath('sdk', 'assembly');
}

/** Every file under dir, in a fixed order, as name and bytes. */
function addTree(hash: ReturnType<typeof createHash>, dir: string, label: string): void {
  if (!existsSync(dir)) return;
  const entries = readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  for (const file of entries) {
    hash.update(`${label}/${path.relative(dir, file).split(path.sep).join('/')}\0`);
    hash.update(readFileSync(file));
    hash.update('\0');
  }
}

/** The version in the package.json at the root the tooling runs from (the engine's, or an installed SDK's). */
function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function ascVersion(): string {
  try {
    return (JSON.parse(readFileSync(repoPath('node_modules', 'assemblyscript', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
