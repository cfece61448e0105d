/**
 * `npm run bench` — run benchmarks, print a table, write docs/benchmarks.md and
 * bench/results.json.
 *
 *   tsx bench/run.ts [load|saturation|closedloop|memory|packcall|items|combat|economy|lives|minds|npc|world|store|lifecycle …] [--size tiny|full] [--out <dir>]
 *
 * No names = all. `--size tiny` is the CI smoke size (seconds, not minutes; its
 * figures mean nothing). `--out <dir>` writes results.json and benchmarks.md there
 * instead of the repository (the smoke test uses a temporary directory).
 * PostgreSQL: MYRIAD_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test,
 * throwaway databases are created and dropped); without it the PostgreSQL parts are skipped.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { lifecycleBench } from './lifecycle.ts';
import { loadBench, saturationBench } from './load/load.ts';
import { memoryBench } from './load/memory.ts';
import { closedLoopBench } from './load/two-rooms.ts';
import { packCallBench } from './packcall.ts';
import { itemsBench } from './items.ts';
import { combatBench } from './combat.ts';
import { economyBench } from './economy.ts';
import { livesBench } from './lives.ts';
import { mindsBench } from './minds.ts';
import { npcBench } from './load/npc.ts';
import { worldBench } from './world.ts';
import { REPO } from './lib/packs.ts';
import { consoleTable, machine, markdown, readResults, type ResultsFile } from './lib/report.ts';
import type { BenchContext, BenchFn, BenchResult, Size } from './lib/result.ts';
import { storeBench } from './storage.ts';

const BENCHMARKS: Readonly<Record<string, BenchFn>> = {
  load: loadBench,
  saturation: saturationBench,
  closedloop: closedLoopBench,
  memory: memoryBench,
  packcall: packCallBench,
  items: itemsBench,
  combat: combatBench,
  economy: economyBench,
  lives: livesBench,
  minds: mindsBench,
  npc: npcBench,
  world: worldBench,
  store: storeBench,
  lifecycle: lifecycleBench,
};

function usage(message?: string): never {
  if (message) process.stderr.write(`${message}\n`);
  process.stderr.write(`usage: tsx bench/run.ts [${Object.keys(BENCHMARKS).join('|')} …] [--size tiny|full] [--out <dir>]\n`);
  process.exit(2);
}

function parseArgs(argv: readonly string[]): { names: string[]; size: Size; out: string | null } {
  const names: string[] = [];
  let size: Size = 'full';
  let out: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--size') {
      const v = argv[++i];
      if (v !== 'tiny' && v !== 'full') usage(`--size must be tiny or full, not ${v}`);
      size = v;
    } else if (a.startsWith('--size=')) {
      const v = a.slice(7);
      if (v !== 'tiny' && v !== 'full') usage(`--size must be tiny or full, not ${v}`);
      size = v;
    } else if (a === '--out') {
      out = argv[++i] ?? usage('--out needs a directory');
    } else if (a === '--help' || a === '-h') {
      usage();
    } else if (a in BENCHMARKS) {
      names.push(a);
    } else {
      usage(`unknown benchmark or option: ${a}`);
    }
  }
  return { names: names.length ? names : Object.keys(BENCHMARKS), size, out };
}

async function postgres(): Promise<{ url: string | null; version: string | null }> {
  const url = process.env['MYRIAD_BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const r = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    return { url, version: `PostgreSQL ${r.rows[0]?.v ?? '?'}` };
  } catch {
    return { url: null, version: null };
  } finally {
    await client.end().catch(() => undefined);
  }
}

function writeAtomic(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

const { names, size, out } = parseArgs(process.argv.slice(2));
const startedAt = performance.now();
const clock = (): string => {
  const s = Math.round((performance.now() - startedAt) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};
const db = await postgres();
process.stderr.write(`[${clock()}] bench: ${names.join(', ')} at size ${size}; PostgreSQL ${db.url ? db.version : 'not reachable: PostgreSQL parts skipped'}\n`);

const results: BenchResult[] = [];
const failures: string[] = [];
for (const name of names) {
  const ctx: BenchContext = {
    size,
    postgresUrl: db.url,
    progress: (msg) => process.stderr.write(`[${clock()}] ${msg.startsWith(`${name}: `) ? msg : `${name}: ${msg}`}\n`),
  };
  const loadAverage = Number(os.loadavg()[0]!.toFixed(2));
  const date = new Date().toISOString();
  const t0 = performance.now();
  ctx.progress(`starting (load average ${loadAverage})`);
  try {
    const r = await BENCHMARKS[name]!(ctx);
    // Tiny runs prove the benchmark works; their figures are not measurements of anything.
    const goals = size === 'tiny' ? r.goals.map((g) => ({ ...g, met: null, note: 'tiny size: not a measurement' })) : r.goals;
    const result: BenchResult = { name, size, date, seconds: (performance.now() - t0) / 1000, loadAverage, ...r, goals };
    results.push(result);
    ctx.progress(`done in ${Math.round(result.seconds)} s`);
  } catch (e) {
    const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
    failures.push(`${name}: ${message}`);
    ctx.progress(`FAILED: ${message}`);
  }
}

process.stdout.write(`\n${consoleTable(results)}\n`);

const resultsFile = out ? path.join(out, 'results.json') : path.join(REPO, 'bench', 'results.json');
const docFile = out ? path.join(out, 'benchmarks.md') : path.join(REPO, 'docs', 'benchmarks.md');
const previous = readResults(resultsFile);
const merged: ResultsFile = {
  machine: machine(db.version),
  updated: new Date().toISOString(),
  benchmarks: { ...(previous?.benchmarks ?? {}), ...Object.fromEntries(results.map((r) => [r.name, r])) },
};
writeAtomic(resultsFile, JSON.stringify(merged, null, 1) + '\n');
const notesFile = path.join(REPO, 'bench', 'notes.md');
writeAtomic(docFile, markdown(merged, existsSync(notesFile) ? readFileSync(notesFile, 'utf8') : null));
process.stderr.write(`[${clock()}] wrote ${path.relative(process.cwd(), resultsFile) || resultsFile} and ${path.relative(process.cwd(), docFile) || docFile}\n`);

if (failures.length) {
  process.stderr.write(`\n${failures.length} benchmark(s) failed:\n${failures.join('\n')}\n`);
  process.exit(1);
}
// Children and pools are closed; exit even if a library left a handle open.
process.exit(0);
