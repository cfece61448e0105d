/**
 * Building packs: `<packDir>/assembly/pack.ts` → `<packDir>/build/pack.wasm`,
 * and the wasm's sha256 into `<packDir>/pack.json`. The engine's CLI
 * (`myriad pack build`) and sdk/tooling/build-cli.ts call these.
 *
 * Deterministic: asc's output depends only on the sources and flags, and every
 * path it embeds (file names in abort messages) is relative to the pack
 * directory, so the same sources give the same sha256 on any machine.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compileAssemblyScript } from './compile.ts';
import { readPackJson, writeSha256 } from './pack-json.ts';
import { writePackStamp } from './source-stamp.ts';
import { repoPath } from '../../engine/paths.ts';
import { BUILD_STAMP } from '../../engine/packs/stale-build.ts';

export const ENTRY = 'assembly/pack.ts';
export const OUTPUT = 'build/pack.wasm';
const ABORT_FILE = path.join('sdk', 'assembly', 'abort.ts');
const PACKAGE_ABORT_FILE = path.join('@myriad', 'sdk', 'assembly', 'abort.ts');
const ABORT_FUNCTION = 'myriadAbort';

export type BuildEvent = { readonly type: 'start'; readonly pack: string; readonly dir: string } | { readonly type: 'done'; readonly pack: string; readonly dir: string; readonly result: BuildSuccess } | { readonly type: 'error'; readonly pack: string; readonly dir: string; readonly error: string };

export interface BuildOptions {
  readonly onProgress?: (event: BuildEvent) => void;
  /**
   * Build without `--maximumMemory`. The engine refuses such a module at load
   * (guest memory would be unbounded); this exists so the engine's tests can prove it.
   */
  readonly omitMemoryMaximum?: boolean;
}

export interface BuildSuccess {
  readonly ok: true;
  readonly pack: string;
  readonly dir: string;
  readonly wasmPath: string;
  readonly sha256: string;
  readonly bytes: number;
  /** Whether pack.wasm's bytes changed (false: identical rebuild). */
  readonly wasmChanged: boolean;
  /** Whether pack.json was rewritten with a new sha256. */
  readonly manifestChanged: boolean;
  readonly ms: number;
}

export interface BuildFailure {
  readonly ok: false;
  readonly pack: string;
  readonly dir: string;
  /** Every line names the pack; compile errors also name the file, line and column. */
  readonly error: string;
}

export type BuildResult = BuildSuccess | BuildFailure;

export async function buildPack(packDir: string, options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const dir = path.resolve(packDir);
  const report = options.onProgress ?? (() => {});
  const failure = (pack: string, error: string): BuildFailure => {
    report({ type: 'error', pack, dir, error });
    return { ok: false, pack, dir, error };
  };

  const read = await readPackJson(dir);
  if (!read.ok) return failure(path.basename(dir), `pack ${path.basename(dir)}: ${read.error}`);
  const manifest = read.pack;
  const pack = manifest.name;
  report({ type: 'start', pack, dir });

  if (!existsSync(path.join(dir, ENTRY))) return failure(pack, `pack ${pack}: ${path.join(dir, ENTRY)} does not exist`);
  const abort = sdkAbortTarget(dir);
  if (abort === null) return failure(pack, `pack ${pack}: cannot find the SDK above ${dir}: install it where the pack is (npm install -D @myriad/sdk)`);

  const compiled = await compileAssemblyScript({
    baseDir: dir,
    entry: ENTRY,
    abort,
    memoryPages: options.omitMemoryMaximum === true ? null : manifest.memoryPages,
  });
  if (!compiled.ok) {
    return failure(pack, compiled.errors.map((e) => `pack ${pack}: ${e}`).join('\n'));
  }

  const wasm = compiled.wasm;
  const sha256 = createHash('sha256').update(wasm).digest('hex');
  const wasmPath = path.join(dir, OUTPUT);
  const wasmChanged = await writeIfChanged(wasmPath, wasm);
  // Built now, even when the bytes (and so the module's mtime) did not change: the
  // reload's stale-build warning compares this time with the sources'.
  await writeFile(path.join(path.dirname(wasmPath), BUILD_STAMP), '');
  const manifestChanged = await writeSha256(manifest, sha256);
  // After pack.json holds the new sha256: `pack build --changed` skips this pack until a source changes.
  writePackStamp(dir);
  const result: BuildSuccess = {
    ok: true,
    pack,
    dir,
    wasmPath,
    sha256,
    bytes: wasm.byteLength,
    wasmChanged,
    manifestChanged,
    ms: Math.round(performance.now() - started),
  };
  report({ type: 'done', pack, dir, result });
  return result;
}

/** Build every directory under `<rootDir>/packs/` that has a pack.json, in name order. */
export async function buildAllPacks(rootDir: string, onProgress?: (event: BuildEvent) => void): Promise<BuildResult[]> {
  const results: BuildResult[] = [];
  for (const dir of await listPackDirs(rootDir)) {
    // One at a time: asc is CPU-bound on this thread, so parallel builds only interleave.
    results.push(await buildPack(dir, onProgress ? { onProgress } : {}));
  }
  return results;
}

export async function listPackDirs(rootDir: string): Promise<string[]> {
  const packsDir = path.join(path.resolve(rootDir), 'packs');
  let entries;
  try {
    entries = await readdir(packsDir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isDirectory() && existsSync(path.join(packsDir, e.name, 'pack.json')))
    .map((e) => path.join(packsDir, e.name))
    .sort();
}

/**
 * The `--use abort=` target: the SDK abort handler the pack's imports reach, so
 * the handler is the one already in the pack's program.
 *   - the nearest `sdk/assembly/abort.ts` above the pack (this repository's packs
 *     import the SDK by relative path), as a path relative to the pack;
 *   - else an installed @myriad/sdk in a node_modules above the pack (packs
 *     outside the repository `import … from "@myriad/sdk"`), by asc's `~lib/`
 *     name for it.
 * Null: no SDK reachable (the message tells the author to install it).
 */
export function sdkAbortTarget(packDir: string): string | null {
  const dir = path.resolve(packDir);
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, ABORT_FILE);
    if (existsSync(candidate)) return `${toPosix(path.relative(dir, candidate)).replace(/\.ts$/, '')}/${ABORT_FUNCTION}`;
    if (existsSync(path.join(d, 'node_modules', PACKAGE_ABORT_FILE))) return `~lib/${toPosix(PACKAGE_ABORT_FILE).replace(/\.ts$/, '')}/${ABORT_FUNCTION}`;
    if (path.dirname(d) === d) return null;
  }
}

/** Write via a temporary file and rename, so a reader never sees half a module. */
async function writeIfChanged(file: string, bytes: Uint8Array): Promise<boolean> {
  try {
    const old = await readFile(file);
    if (Buffer.compare(old, bytes) === 0) return false;
  } catch {
    // not built yet
  }
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, file);
  return true;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
