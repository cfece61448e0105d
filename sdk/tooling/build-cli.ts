/**
 * `tsx sdk/tooling/build-cli.ts [packDir...]` — build the given packs, or every
 * pack under packs/ when none is given. Prints one line per pack; exits 1 if
 * any pack failed. (`myriad pack build` in engine/cli is the user-facing command.)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAllPacks, buildPack, type BuildEvent, type BuildResult } from './build.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

function onProgress(event: BuildEvent): void {
  if (event.type === 'start') {
    process.stdout.write(`${event.pack}: building…\n`);
  } else if (event.type === 'done') {
    const r = event.result;
    const note = r.manifestChanged ? ', pack.json updated' : r.wasmChanged ? '' : ', unchanged';
    const kib = (r.bytes / 1024).toFixed(1);
    process.stdout.write(`${r.pack}: ${path.relative(process.cwd(), r.wasmPath)} ${kib} KiB sha256 ${r.sha256.slice(0, 12)}… (${r.ms} ms${note})\n`);
  } else {
    process.stderr.write(`${event.error}\n`);
  }
}

const dirs = process.argv.slice(2);
const results: BuildResult[] = dirs.length > 0 ? await sequential(dirs.map((d) => () => buildPack(d, { onProgress }))) : await buildAllPacks(repoRoot, onProgress);

if (results.length === 0) process.stderr.write(`no packs found under ${path.join(repoRoot, 'packs')}\n`);
const failed = results.filter((r) => !r.ok).length;
if (failed > 0) process.stderr.write(`${failed} of ${results.length} pack(s) failed to build\n`);
process.exit(failed > 0 || results.length === 0 ? 1 : 0);

async function sequential<T>(jobs: Array<() => Promise<T>>): Promise<T[]> {
  const out: T[] = [];
  for (const job of jobs) out.push(await job());
  return out;
}
