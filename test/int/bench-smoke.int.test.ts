/**
 * `npm run bench` at the tiny size, once: every benchmark runs and its output
 * parses. A smoke test, never a timed pass/fail — the figures of a tiny run on a
 * shared CI machine mean nothing, and nothing here compares them with a goal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const NAMES = ['load', 'saturation', 'closedloop', 'memory', 'packcall', 'items', 'world', 'store', 'lifecycle'];

test('bench/run.ts --size tiny runs every benchmark and writes parseable results', { timeout: 900_000 }, async (t) => {
  const out = mkdtempSync(path.join(tmpdir(), 'myriad-bench-smoke-'));
  const published = path.join(repo, 'bench', 'results.json');
  const publishedBefore = existsSync(published) ? statSync(published).mtimeMs : null;
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--size', 'tiny', '--out', out], { cwd: repo, maxBuffer: 16 << 20, timeout: 890_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
  assert.equal(code, 0, `bench/run.ts failed:\n${stderr.slice(-4000)}`);

  // The console table names every benchmark.
  for (const name of NAMES) assert.match(stdout, new RegExp(`^${name}\\s`, 'm'), `no ${name} row in the table`);

  // results.json: every benchmark, with rows and goals of the documented shape.
  const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as {
    machine: { cores: number; node: string };
    benchmarks: Record<string, { name: string; size: string; date: string; method: string; rows: Array<{ metric: string; value: unknown; unit: string }>; goals: Array<{ goal: string; current: string; met: boolean | null }> }>;
  };
  assert.ok(results.machine.cores >= 1);
  assert.equal(results.machine.node, process.version);
  for (const name of NAMES) {
    const b = results.benchmarks[name];
    assert.ok(b, `results.json has no ${name}`);
    assert.equal(b.size, 'tiny');
    assert.ok(!Number.isNaN(Date.parse(b.date)));
    assert.ok(b.method.length > 0);
    assert.ok(b.rows.length > 0, `${name} has no rows`);
    for (const r of b.rows) {
      assert.equal(typeof r.metric, 'string');
      assert.equal(typeof r.unit, 'string');
      assert.ok(r.value === null || typeof r.value === 'number' || typeof r.value === 'string');
    }
    // Tiny runs never claim a goal met or missed.
    for (const g of b.goals) assert.equal(g.met, null);
  }
  // The figures that must be numbers are numbers (the benchmark measured something).
  const num = (name: string, metric: RegExp): number => {
    const row = results.benchmarks[name]!.rows.find((r) => metric.test(r.metric));
    assert.ok(row, `${name}: no row matching ${metric}`);
    assert.equal(typeof row.value, 'number', `${name}: ${row.metric} is ${String(row.value)}`);
    return row.value as number;
  };
  assert.ok(num('packcall', /2 host calls \(PackInstance/) > 0);
  assert.ok(num('store', /group commit/) > 0);
  assert.ok(num('load', /connections/) > 0);
  assert.ok(num('lifecycle', /cold start/) > 0);
  assert.ok(num('closedloop', /closed loop$/) > 0, 'the closed loop answered commands');
  // Every hop of the breakdown was timed, and a command's server total covers its commit.
  const total = num('closedloop', /closed loop, server total/);
  assert.ok(total > 0);
  assert.ok(num('closedloop', /closed loop, commit \(transaction/) <= total);
  assert.ok(num('memory', /restarted on its data dir/) > 0, 'the idle PGlite server was measured');
  assert.ok(num('npc', /share spent on NPCs/) > 0, 'the world thread spent time on creatures');
  assert.ok(num('npc', /combat pack calls/) > 0, 'fights were in progress');

  // benchmarks.md: rendered with the machine, the goals and a section per benchmark.
  const md = readFileSync(path.join(out, 'benchmarks.md'), 'utf8');
  assert.match(md, /^# Benchmarks/m);
  assert.match(md, /^## Machine/m);
  assert.match(md, /^## Goals/m);
  for (const name of NAMES) assert.match(md, new RegExp(`\\(\`${name}\`\\)`));

  // The repository's published figures are not touched by the smoke run.
  assert.equal(existsSync(published) ? statSync(published).mtimeMs : null, publishedBefore);
});
