/**
 * Whether a pack's build is older than its sources: the reload report warns
 * about it, since an author who saves `assembly/pack.ts` and reloads without
 * building would otherwise read "reloaded" and play the old module.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * Written beside the module by every build (sdk/tooling/build.ts), also when the
 * bytes are unchanged and the module is left untouched, so "built after the last
 * save" stays true for a rebuild that changed nothing.
 */
export const BUILD_STAMP = '.built';

/** The source file newer than the module (relative to the pack), or null when the build is current or there are no sources. */
export function newerSource(packDir: string, wasmFile: string): string | null {
  const built = Math.max(mtime(join(packDir, wasmFile)), mtime(join(packDir, dirname(wasmFile), BUILD_STAMP)));
  if (built === 0) return null;
  const newest = newestFile(join(packDir, 'assembly'));
  return newest !== null && newest.mtimeMs > built ? relative(packDir, newest.file) : null;
}

function mtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function newestFile(dir: string): { file: string; mtimeMs: number } | null {
  let best: { file: string; mtimeMs: number } | null = null;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return null;
  }
  for (const e of entries) {
    const full = join(dir, e.name);
    const found = e.isDirectory() ? newestFile(full) : e.name.endsWith('.ts') ? { file: full, mtimeMs: statSync(full).mtimeMs } : null;
    if (found !== null && (best === null || found.mtimeMs > best.mtimeMs)) best = found;
  }
  return best;
}
