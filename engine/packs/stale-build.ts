/**
 * Whether a pack's build is older than its sources: the reload report warns
 * about it, since an author who saves `assembly/pack.ts` and reloads without
 * building would otherwise read "reloaded" and play the old module.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The source file newer than the module (relative to the pack), or null when the build is current or there are no sources. */
export function newerSource(packDir: string, wasmFile: string): string | null {
  let built: number;
  try {
    built = statSync(join(packDir, wasmFile)).mtimeMs;
  } catch {
    return null;
  }
  const newest = newestFile(join(packDir, 'assembly'));
  return newest !== null && newest.mtimeMs > built ? relative(packDir, newest.file) : null;
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
