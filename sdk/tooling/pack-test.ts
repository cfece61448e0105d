/**
 * `myriad pack test [dirs…]`: build each pack, then run every `test/**\/*.test.ts`
 * under it with Node's test runner (TypeScript through tsx), in one child
 * process. The tests use the harness (sdk/tooling/harness.ts) to load the real
 * `.wasm` against a scripted world. Exit code: the runner's (0 = all passed).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildPack } from './build.ts';

export interface PackTestOptions {
  /** Build each pack first (default true); false runs against the build/pack.wasm already there. */
  readonly build?: boolean;
  /** Where the runner's output goes (default: inherited). */
  readonly stdio?: 'inherit' | 'pipe';
  readonly onOutput?: (text: string) => void;
}

export async function runPackTests(dirs: readonly string[], opts: PackTestOptions = {}): Promise<number> {
  const say = opts.onOutput ?? ((text: string) => process.stdout.write(text));
  const files: string[] = [];
  for (const raw of dirs) {
    const dir = path.resolve(raw);
    if (!existsSync(path.join(dir, 'pack.json'))) {
      say(`${dir}: no pack.json here; give the pack's directory (myriad pack test packs/<name>)\n`);
      return 1;
    }
    if (opts.build !== false) {
      const built = await buildPack(dir);
      if (!built.ok) {
        say(`${built.error}\n`);
        return 1;
      }
    }
    const found = testFiles(path.join(dir, 'test'));
    if (found.length === 0) say(`${path.basename(dir)}: it has no tests (add test/${path.basename(dir)}.test.ts; myriad pack new shows one)\n`);
    files.push(...found);
  }
  if (files.length === 0) return 1;
  // The tsx loader the engine itself uses, by absolute URL: the pack may live outside this repository.
  const tsx = import.meta.resolve('tsx');
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_NO_WARNINGS: '1' };
  // Set when this runs inside a node test: the child would then report to its
  // parent in the runner's internal protocol instead of printing.
  delete env['NODE_TEST_CONTEXT'];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', tsx, '--test', '--test-reporter=spec', ...files], {
      stdio: opts.stdio === 'pipe' ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env,
    });
    child.stdout?.on('data', (d: Buffer) => say(d.toString()));
    child.stderr?.on('data', (d: Buffer) => say(d.toString()));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

function testFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...testFiles(full));
    else if (/\.test\.(ts|mts|js|mjs)$/.test(entry)) out.push(full);
  }
  return out;
}
