/**
 * `myriad pack build|new|test`: the pack author's toolkit, registered by both
 * command lines — the SDK's (sdk/tooling/cli.ts, what an author installs) and
 * the engine's (engine/cli/main.ts).
 */
import type { Command } from 'commander';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
// Type-only: the AssemblyScript compiler behind build.ts takes seconds to load, so
// it is imported when a build runs, not on every `myriad` invocation.
import type { BuildEvent, BuildResult } from './build.ts';
import type { PackDevOptions } from './pack-dev.ts';
import { DEFAULT_ADMIN_URL } from '../../engine/cli/admin-post.ts';
import { MyriadError } from '../../engine/errors.ts';
import { BUNDLED } from '../../engine/paths.ts';
import { packIsUpToDate } from './source-stamp.ts';

export function registerPack(program: Command): void {
  const pack = program.command('pack').description('build, scaffold and test packs');
  pack
    .command('build')
    .description('compile packs from AssemblyScript and write their sha256 into pack.json')
    .argument('[dirs...]', 'pack directories (default: every pack under ./packs)')
    .option('--all', 'build every pack under ./packs')
    .option('--changed', 'skip packs whose sources did not change since their last build (what npm start does)')
    .action(async (dirs: string[], opts: { changed?: boolean }) => {
      const progress = (e: BuildEvent): void => {
        if (e.type === 'start') process.stdout.write(`building ${e.pack}… `);
        else if (e.type === 'done') console.log(`ok (${e.result.bytes} bytes, ${Math.round(e.result.ms)} ms${e.result.manifestChanged ? ', sha256 updated' : ''})`);
        else console.log('FAILED');
      };
      const all = dirs.length ? dirs.map((d) => resolve(d)) : packsUnder(process.cwd());
      // Checked before the compiler is loaded: an unchanged tree costs no asc start-up (~0.4 s).
      const stale = opts.changed ? all.filter((d) => !packIsUpToDate(d)) : all;
      if (opts.changed) console.log(stale.length ? `${all.length - stale.length} of ${all.length} packs unchanged; building ${stale.map((d) => basename(d)).join(', ')}` : `all ${all.length} packs unchanged since their last build`);
      if (stale.length === 0) return;
      const { buildPack } = await loadTooling(() => import('./build.ts'));
      const results: BuildResult[] = [];
      // One at a time: asc is CPU-bound on this thread, so parallel builds only interleave.
      for (const dir of stale) results.push(await buildPack(dir, { onProgress: progress }));
      const failed = results.filter((r) => !r.ok);
      for (const f of failed) if (!f.ok) console.error(f.error);
      const { preflightPack } = await loadTooling(() => import('./preflight.ts'));
      let problems = 0;
      for (const r of results) {
        if (!r.ok) continue;
        const found = await preflightPack(r.dir, r.wasmPath);
        for (const p of found) console.error(p);
        problems += found.length;
      }
      if (failed.length || problems) process.exit(1);
    });
  pack
    .command('new')
    .description('scaffold a pack: manifest, AssemblyScript source and a passing test')
    .argument('<name>', 'pack name: its namespace, 2–32 of a-z, 0-9 and "-"')
    .option('--dir <parent>', 'where to create it (default: ./packs if it exists, else .)')
    .option('--template', 'a whole repository to push as it is: package.json with scripts, README, .gitignore, the pack and its test')
    .action(async (name: string, opts: { dir?: string; template?: boolean }) => {
      const { scaffoldPack } = await loadTooling(() => import('./scaffold.ts'));
      const parent = opts.dir ?? (existsSync('packs') && opts.template !== true ? 'packs' : '.');
      const result = await scaffoldPack(name, parent, { repository: opts.template === true });
      if (!result.ok) {
        console.error(`myriad pack new: ${result.error}`);
        process.exit(1);
      }
      const shown = relative(process.cwd(), result.dir) || '.';
      console.log(`created ${shown}/ (${result.files.join(', ')})`);
      if (opts.template === true) console.log(`next: cd ${shown} && npm install && npm test   — then load it into a server: docs/packs.md`);
      else console.log(`next: myriad pack test ${shown}   — then enable it: docs/packs.md`);
    });
  pack
    .command('dev')
    .description('watch a pack: rebuild on save, reload it into the running local server (players stay), run its tests')
    .argument('[dir]', 'the pack directory', '.')
    .option('--url <url>', "the server's HTTP address", DEFAULT_ADMIN_URL)
    .option('--token <token>', 'admin bearer token (default: MYRIAD_ADMIN_TOKEN, else the token a local server wrote to its data directory)')
    .option('--no-reload', 'only rebuild (and test)')
    .option('--no-test', 'do not run the tests after each build')
    .action(async (dir: string, opts: PackDevOptions) => {
      const { runPackDev } = await loadTooling(() => import('./pack-dev.ts'));
      runPackDev(dir, opts);
    });
  pack
    .command('test')
    .description('build packs and run their test/*.test.ts against the real .wasm (the pack harness)')
    .argument('[dirs...]', 'pack directories (default: .)')
    .option('--no-build', 'run against the build/pack.wasm already there')
    .action(async (dirs: string[], opts: { build: boolean }) => {
      const { runPackTests } = await loadTooling(() => import('./pack-test.ts'));
      process.exitCode = await runPackTests(dirs.length ? dirs : ['.'], { build: opts.build });
    });
}

/** Every directory under <root>/packs with a pack.json, in name order. */
function packsUnder(root: string): string[] {
  const packs = join(root, 'packs');
  if (!existsSync(packs)) return [];
  return readdirSync(packs, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(packs, e.name, 'pack.json')))
    .map((e) => join(packs, e.name))
    .sort();
}

/**
 * The pack toolkit (the AssemblyScript compiler, the test harness) is a development
 * tool: the engine bundle leaves it out (scripts/bundle-engine.mjs), and a production
 * install has neither it nor its dev dependencies. Say so instead of a module error.
 */
async function loadTooling<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if (!BUNDLED || (e as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw e;
    throw new MyriadError('ENGINE_TOOLING_UNAVAILABLE', { reason: (e as Error).message.split('\n')[0] ?? '' });
  }
}
