/**
 * The benchmarks measure the engine as `npm start` runs it: bundled into plain
 * JavaScript (scripts/bundle-engine.mjs), not TypeScript through tsx, which costs
 * each thread ~95 MB and half a second of transpiling. Built once per bench run,
 * with the load benchmark's server process as an extra entry (dist/bench-server.mjs).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO } from './packs.ts';

let built: Promise<void> | null = null;

export const BUNDLE = {
  cli: path.join(REPO, 'dist', 'myriad.mjs'),
  benchServer: path.join(REPO, 'dist', 'bench-server.mjs'),
};

export function ensureBundle(progress: (msg: string) => void): Promise<void> {
  built ??= promisify(execFile)(process.execPath, ['scripts/bundle-engine.mjs', 'bench-server=bench/load/server-child.ts'], { cwd: REPO }).then(({ stdout }) => progress(stdout.trim()));
  return built;
}
