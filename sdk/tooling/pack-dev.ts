/**
 * `myriad pack dev <dir>`: the edit loop. Watch the pack's sources; on every save
 * rebuild, hot-reload the running local server (POST /admin/reload: players stay
 * connected) and then run the pack's tests. Reload before tests on purpose: a
 * build and a reload of a small pack take about a second, vitest starting takes
 * several, and the author wants to play the change first.
 *
 * Each round prints one line the author (and test/e2e/pack-dev.e2e.test.ts)
 * reads: `reloaded in <ms> ms (save → build <ms> ms → reload <ms> ms)`.
 */
import { watch } from 'node:fs';
import path from 'node:path';
import { adminPost, type AdminPostOptions } from '../../engine/cli/admin-post.ts';
import { buildPack } from './build.ts';
import { preflightPack } from './preflight.ts';
import { runPackTests } from './pack-test.ts';

export interface PackDevOptions extends AdminPostOptions {
  readonly reload: boolean;
  readonly test: boolean;
}

/** Saves closer together than this (an editor writing a file twice, a save-all) make one round. */
const SETTLE_MS = 50;

export function runPackDev(dir: string, opts: PackDevOptions): void {
  const packDir = path.resolve(dir);
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let again = false;
  let savedAt = 0;

  const round = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    const started = savedAt;
    const built = await buildPack(packDir);
    const problems = built.ok ? await preflightPack(packDir, built.wasmPath) : [];
    if (!built.ok) console.error(built.error);
    else if (problems.length > 0) console.error(problems.join('\n'));
    else if (!built.wasmChanged) console.log(`${built.pack}: module unchanged (${built.ms} ms); nothing to reload`);
    else {
      const builtAt = performance.now();
      if (opts.reload) {
        const code = await adminPost('pack dev', '/admin/reload', opts, 'packs reloaded');
        const done = performance.now();
        if (code === 0) console.log(`reloaded in ${Math.round(done - started)} ms (save → build ${Math.round(builtAt - started)} ms → reload ${Math.round(done - builtAt)} ms)`);
      } else console.log(`built in ${Math.round(builtAt - started)} ms`);
      if (opts.test) await runPackTests([packDir], { build: false });
    }
    running = false;
    if (again) {
      again = false;
      void round();
    }
  };

  const changed = (file: string | null): void => {
    if (file === null || !/^(assembly[/\\].*\.ts|pack\.json|world\.json)$/.test(file)) return;
    savedAt = performance.now();
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void round(), SETTLE_MS);
  };
  watch(packDir, { recursive: true }, (_event, file) => changed(file === null ? null : String(file)));
  console.log(`watching ${path.relative(process.cwd(), packDir) || '.'} (assembly/, pack.json, world.json): save to rebuild${opts.reload ? `, reload ${opts.url}` : ''}${opts.test ? ' and test' : ''}; Ctrl-C to stop`);
}
