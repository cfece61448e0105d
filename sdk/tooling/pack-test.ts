/**
 * `myriad pack test [dirs…]`: build each pack, then run its `test/**\/*.test.ts`
 * against the real `.wasm` through the pack harness (sdk/tooling/harness.ts, or
 * `@myriad/sdk/harness` in an author's repository).
 *
 * The runner is vitest (the project's test framework), one run per pack with the
 * pack's folder as vitest's root, so an author's own vitest.config.* applies.
 * Test files that still import `node:test` (first-party packs written before the
 * SDK moved to vitest) run under Node's runner, in one process after them.
 * Exit code: 0 when every run passed.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPack } from './build.ts';
import { preflightPack } from './preflight.ts';

export interface PackTestOptions {
  /** Build each pack first (default true); false runs against the build/pack.wasm already there. */
  readonly build?: boolean;
  /** Where the runner's output goes (default: inherited). */
  readonly stdio?: 'inherit' | 'pipe';
  readonly onOutput?: (text: string) => void;
}

interface PackFiles {
  readonly dir: string;
  readonly vitest: readonly string[];
  readonly nodeTest: readonly string[];
}

export async function runPackTests(dirs: readonly string[], opts: PackTestOptions = {}): Promise<number> {
  const say = opts.onOutput ?? ((text: string) => process.stdout.write(text));
  const packs: PackFiles[] = [];
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
      const problems = await preflightPack(dir, built.wasmPath);
      if (problems.length > 0) {
        say(`${problems.join('\n')}\n`);
        return 1;
      }
    }
    const found = testFiles(path.join(dir, 'test'));
    if (found.length === 0) {
      say(`${path.basename(dir)}: it has no tests (add test/${path.basename(dir)}.test.ts; myriad pack new shows one)\n`);
      return 1;
    }
    const nodeTest = found.filter(usesNodeTest);
    packs.push({ dir, nodeTest, vitest: found.filter((f) => !nodeTest.includes(f)) });
  }
  let failed = 0;
  for (const pack of packs) {
    if (pack.vitest.length === 0) continue;
    const args = [vitestBin(), 'run', '--root', pack.dir, '--reporter=verbose', ...pack.vitest.map((f) => path.relative(pack.dir, f))];
    if ((await run(args, opts, say)) !== 0) failed++;
  }
  const nodeTest = packs.flatMap((p) => p.nodeTest);
  // The tsx loader the engine itself uses, by absolute URL: the pack may live outside this repository.
  if (nodeTest.length > 0 && (await run(['--import', import.meta.resolve('tsx'), '--test', '--test-reporter=spec', ...nodeTest], opts, say)) !== 0) failed++;
  return failed === 0 ? 0 : 1;
}

function run(args: readonly string[], opts: PackTestOptions, say: (text: string) => void): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_NO_WARNINGS: '1' };
  // Set when this runs inside a test runner: the child would then report to its
  // parent in the runner's internal protocol instead of printing.
  delete env['NODE_TEST_CONTEXT'];
  delete env['VITEST'];
  delete env['VITEST_WORKER_ID'];
  delete env['VITEST_POOL_ID'];
  if (opts.stdio === 'pipe') env['NO_COLOR'] = '1';
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: opts.stdio === 'pipe' ? ['ignore', 'pipe', 'pipe'] : 'inherit', env });
    child.stdout?.on('data', (d: Buffer) => say(d.toString()));
    child.stderr?.on('data', (d: Buffer) => say(d.toString()));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** vitest's command-line entry, from the vitest this SDK depends on. */
function vitestBin(): string {
  const pkgFile = fileURLToPath(import.meta.resolve('vitest/package.json'));
  const { bin } = JSON.parse(readFileSync(pkgFile, 'utf8')) as { bin: { vitest: string } };
  return path.join(path.dirname(pkgFile), bin.vitest);
}

function usesNodeTest(file: string): boolean {
  return /from ['"]node:test['"]/.test(readFileSync(file, 'utf8'));
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
