#!/usr/bin/env node
/**
 * The files a production install runs from — the one list the Dockerfile's runtime
 * stage copies and the test of that stage checks (test/e2e/runtime-install.e2e.test.ts):
 *
 *   package.json, package-lock.json   `npm ci --omit=dev` installs the runtime dependencies from them
 *   dist/                             the engine bundled by esbuild (npm run build:engine)
 *   engine/cli/bin.mjs                `myriad` (falls back to dist/ when tsx is not installed)
 *   engine/net/http/{public,admin}/   the web client and admin monitor assets (not their .ts)
 *   schemas/                          config and pack schemas, read at start-up
 *   packs/<pack>/                     pack.json, world files and build/pack.wasm: not assembly/ or test/
 *
 * No TypeScript source, no AssemblyScript, no build tooling: those stay in the
 * build stage. Run after `npm run build:packs` and `npm run build:engine`.
 *
 *   node scripts/runtime-files.mjs               print the list, one path a line
 *   node scripts/runtime-files.mjs --copy <dir>  copy them into <dir> (the same tree)
 */
import { cpSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Files under a directory (relative to the repository), recursively, filtered. */
function filesUnder(dir, keep = () => true) {
  const abs = path.join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter(keep);
}

/** Sorted paths relative to the repository root; throws when a build output is missing. */
export function runtimeFiles() {
  const files = ['package.json', 'package-lock.json', 'README.md', 'engine/cli/bin.mjs'];
  const dist = filesUnder('dist', (f) => f.endsWith('.mjs') || f.endsWith('.mjs.map'));
  if (!dist.includes('dist/myriad.mjs') || !dist.includes('dist/world-worker.mjs')) throw new Error('dist/myriad.mjs is missing: run npm run build:engine first');
  files.push(...dist);
  for (const assets of ['engine/net/http/public', 'engine/net/http/admin']) files.push(...filesUnder(assets, (f) => !f.endsWith('.ts')));
  files.push(...filesUnder('schemas'));
  for (const pack of readdirSync(path.join(root, 'packs'), { withFileTypes: true })) {
    if (!pack.isDirectory() || !existsSync(path.join(root, 'packs', pack.name, 'pack.json'))) continue;
    const dir = `packs/${pack.name}`;
    if (!existsSync(path.join(root, dir, 'build', 'pack.wasm'))) throw new Error(`${dir}/build/pack.wasm is missing: run npm run build:packs first`);
    files.push(...filesUnder(dir, (f) => !f.startsWith(`${dir}/assembly/`) && !f.startsWith(`${dir}/test/`) && (!f.startsWith(`${dir}/build/`) || f.endsWith('.wasm'))));
  }
  return files.sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = runtimeFiles();
  const copy = process.argv.indexOf('--copy');
  if (copy === -1) {
    process.stdout.write(`${files.join('\n')}\n`);
  } else {
    const dest = process.argv[copy + 1];
    if (!dest) throw new Error('--copy needs a directory');
    for (const f of files) cpSync(path.join(root, f), path.join(dest, f));
    process.stdout.write(`copied ${files.length} runtime files to ${dest}\n`);
  }
}
