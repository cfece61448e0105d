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
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

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
  });
  return performance.now() - started;
}

// Extra entries as name=source arguments: node scripts/bundle-engine.mjs bench-server=bench/load/server-child.ts
const extra = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=', 2)));
const ms = await bundleEngine(extra);
const names = ['myriad', 'world-worker', ...Object.keys(extra)].map((n) => `${n}.mjs`).join(', ');
process.stdout.write(`bundled the engine into dist/ (${names}) in ${Math.round(ms)} ms\n`);
