/**
 * Profile helper, not a benchmark: run some pack-call cases at full size, with
 * the packs rebuilt to keep function names, under
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile-packcall.ts [case regex]
 *
 * (`asc --debug` keeps the name section, so the profile names the guest's functions.)
 */
import path from 'node:path';
import { readPackJson } from '../sdk/tooling/pack-json.ts';
import { ENTRY, sdkAbortTarget } from '../sdk/tooling/build.ts';
import { readFile } from 'node:fs/promises';
import asc from 'assemblyscript/asc';
import { ascArgs } from '../sdk/tooling/compile.ts';
import { runPackCall } from './packcall.ts';
import { BENCH_PACKS_DIR, FIRST_PARTY_PACKS_DIR } from './lib/packs.ts';

async function debugBuild(dir: string): Promise<Uint8Array<ArrayBuffer>> {
  const read = await readPackJson(dir);
  if (!read.ok) throw new Error(read.error);
  const abort = sdkAbortTarget(dir)!;
  let wasm: Uint8Array | null = null;
  const { error } = await asc.main([...ascArgs({ baseDir: dir, entry: ENTRY, abort, memoryPages: read.pack.memoryPages }), '--debug'], {
    stdout: asc.createMemoryStream(),
    stderr: asc.createMemoryStream(),
    readFile: async (file: string, base: string) => (file.endsWith('myriad-no-asconfig.json') ? null : readFile(path.resolve(base, file), 'utf8').catch(() => null)),
    writeFile: (file: string, contents: Uint8Array | string) => {
      if (file.endsWith('.wasm') && typeof contents !== 'string') wasm = contents;
    },
  });
  if (error || !wasm) throw new Error(`debug build of ${dir} failed: ${String(error)}`);
  return new Uint8Array(wasm);
}

const only = new RegExp(process.argv[2] ?? '.');
const wasm = {
  bench: await debugBuild(path.join(BENCH_PACKS_DIR, 'bench')),
  rooms: await debugBuild(path.join(FIRST_PARTY_PACKS_DIR, 'rooms')),
  social: await debugBuild(path.join(FIRST_PARTY_PACKS_DIR, 'social')),
};
const raw = await runPackCall('full', () => {}, { only, wasm });

for (const [name, t] of Object.entries(raw.cases)) console.log(name, t.us.p50.toFixed(2), 'µs p50');
