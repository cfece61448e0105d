#!/usr/bin/env node
/**
 * `npm pack` (prepack) of @myriad/sdk: make the package stand alone.
 *
 * The tooling imports the engine's world (the pack harness runs packs in the
 * engine's real World, with its loader, host functions and schema checks), and the
 * engine lives beside sdk/ in this repository, not in the tarball. So:
 *
 *   dist/cli.mjs, dist/harness.mjs   esbuild bundles of sdk/tooling (engine code inlined,
 *                                    npm packages external: they are this package's dependencies)
 *   schemas/                         what the engine's manifest and config checks read
 *   packs/<name>/                    the first-party packs, built (pack.json, build/pack.wasm,
 *                                    world.json), so an author's harness test can play with rooms
 *
 * engine/paths.ts finds its files one folder above the bundle, which is this
 * package's root: the same layout as the engine's own dist/. Run from the
 * repository root after `npm run build:packs` (CI builds the packs in pretest).
 */
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const sdk = fileURLToPath(new URL('..', import.meta.url));
const repo = path.join(sdk, '..');

for (const generated of ['dist', 'schemas', 'packs']) rmSync(path.join(sdk, generated), { recursive: true, force: true });

const result = await build({
  absWorkingDir: sdk,
  entryPoints: { cli: 'tooling/cli.ts', harness: 'tooling/harness.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
  metafile: true,
});

// Every npm package the bundle imports must be a dependency of this package, or an
// author's `npm install` would leave it out.
const declared = new Set(Object.keys(JSON.parse(readFileSync(path.join(sdk, 'package.json'), 'utf8')).dependencies));
const missing = new Set();
for (const output of Object.values(result.metafile.outputs)) {
  for (const imp of output.imports) {
    if (!imp.external || imp.path.startsWith('node:')) continue;
    const name = imp.path.startsWith('@') ? imp.path.split('/').slice(0, 2).join('/') : imp.path.split('/')[0];
    if (!declared.has(name)) missing.add(name);
  }
}
if (missing.size > 0) {
  process.stderr.write(`sdk/package.json lacks dependencies the bundle imports: ${[...missing].join(', ')}\n`);
  process.exit(1);
}

mkdirSync(path.join(sdk, 'schemas'));
// pack.schema.json for the manifest check; config.schema.json for `pack dev`, which reads
// the directory's myriad.json to find a local server's admin token.
for (const schema of ['pack.schema.json', 'config.schema.json']) cpSync(path.join(repo, 'schemas', schema), path.join(sdk, 'schemas', schema));

let packs = 0;
for (const name of readdirSync(path.join(repo, 'packs')).sort()) {
  const from = path.join(repo, 'packs', name);
  if (!existsSync(path.join(from, 'build', 'pack.wasm'))) {
    process.stderr.write(`packs/${name} is not built: run npm run build:packs first\n`);
    process.exit(1);
  }
  // What the loader reads: the manifest, the module and the seed data; not sources or tests.
  for (const file of readdirSync(from)) {
    if (file === 'assembly' || file === 'test') continue;
    cpSync(path.join(from, file), path.join(sdk, 'packs', name, file), { recursive: true });
  }
  packs++;
}
process.stdout.write(`@myriad/sdk: bundled dist/ (cli, harness), schemas/, ${packs} first-party packs\n`);
