#!/usr/bin/env node
/**
 * `npm run build:engine`: bundle the engine into plain JavaScript with esbuild.
 *
 *   dist/myriad.mjs        the CLI (`node dist/myriad.mjs start` is what `npm start` runs)
 *   dist/world-worker.mjs  the world worker thread it starts
 *
 * Why: running the TypeScript through tsx costs every thread its own loader and
 * transpiled module graph — ~95 MB of RSS and 0.5–0.6 s on the main thread, and
 * again in each world worker (the live one and the spare) — measured on this
 * machine (docs/decisions/0012-bundled-engine.md). Bundled, the main thread holds
 * ~40 MB of code less and starts without transpiling.
 *
 * npm packages stay external (resolved from node_modules at run time: PGlite and
 * Extism load their own wasm next to their modules). dist/ sits beside engine/, so
 * engine/paths.ts finds the repository from either. Tests and `myriad` via bin.mjs
 * keep running the TypeScript directly, so an edit never runs stale code there.
 *
 * The pack toolkit (sdk/tooling: the AssemblyScript compiler, the test harness) is
 * left out of the bundle: a production install has no AssemblyScript, and the
 * bundle must load without it (`myriad pack …` then says ENGINE_TOOLING_UNAVAILABLE).
 *
 * `--changed` (what `npm start` runs) skips the bundle when dist/.stamp holds the
 * hash of its inputs: engine/, sdk/tooling/, package-lock.json and this script.
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const STAMP = path.join(root, 'dist', '.stamp');

/** Imports of the pack toolkit stay imports of its sources (dist/ → ../sdk/tooling/…), not bundled. */
const toolingExternal = {
  name: 'tooling-external',
  setup(b) {
    // pack-commands.ts (bundled: it only registers the commands) imports them as ./x.ts.
    b.onResolve({ filter: /(sdk\/tooling\/|^\.\/)(build|scaffold|pack-test|pack-dev|preflight)\.ts$/ }, (args) => (args.path.startsWith('./') && !args.importer.includes(`${path.sep}sdk${path.sep}tooling${path.sep}`) ? undefined : { path: `../sdk/tooling/${path.basename(args.path)}`, external: true }));
  },
};

/** sha256 over the files the bundle is made of, and the extra entry points asked for. */
function inputsHash(extra) {
  const hash = createHash('sha256').update(JSON.stringify(extra));
  const files = ['package-lock.json', 'scripts/bundle-engine.mjs'];
  for (const dir of ['engine', 'sdk/tooling']) {
    for (const e of readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })) {
      if (e.isFile()) files.push(path.relative(root, path.join(e.parentPath, e.name)));
    }
  }
  for (const f of files.sort())
    hash
      .update(`${f}\0`)
      .update(readFileSync(path.join(root, f)))
      .update('\0');
  return hash.digest('hex');
}

/**
 * Bundle the engine into dist/; `extra` adds entry points (name → source file),
 * e.g. the load benchmark's server process. Returns the milliseconds it took.
 */
async function bundleEngine(extra) {
  const started = performance.now();
  rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: { myriad: 'engine/cli/main.ts', 'world-worker': 'engine/world/worker.ts', ...extra },
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [toolingExternal],
  });
  return performance.now() - started;
}

// Extra entries as name=source arguments: node scripts/bundle-engine.mjs bench-server=bench/load/server-child.ts
const args = process.argv.slice(2);
const changedOnly = args.includes('--changed');
const extra = Object.fromEntries(args.filter((a) => a !== '--changed').map((a) => a.split('=', 2)));
const names = ['myriad', 'world-worker', ...Object.keys(extra)].map((n) => `${n}.mjs`).join(', ');
const inputs = inputsHash(extra);
if (changedOnly && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === inputs && existsSync(path.join(root, 'dist', 'myriad.mjs'))) {
  process.stdout.write(`the engine bundle in dist/ (${names}) is up to date\n`);
} else {
  const ms = await bundleEngine(extra);
  writeFileSync(STAMP, `${inputs}\n`);
  process.stdout.write(`bundled the engine into dist/ (${names}) in ${Math.round(ms)} ms\n`);
}
