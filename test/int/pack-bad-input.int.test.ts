/**
 * Bad input from a pack author (issue 17), each answered with the file, the line
 * and the fix: a syntax error (asc's diagnostic), a missing entry-point export, a
 * misspelt manifest key, and an engine range this SDK does not support
 * (sdk/tooling/preflight.ts, run by `myriad pack build|test|dev`).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPack } from '../../sdk/tooling/build.ts';
import { preflightPack } from '../../sdk/tooling/preflight.ts';
import { scaffoldPack } from '../../sdk/tooling/scaffold.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const parent = path.join(repoRoot, 'test-artifacts', `bad-input-${process.pid}`);

/** A copy of the scaffolded pack `glint`, changed by `edit`, under its own parent. */
function variant(label: string, edit: (dir: string) => void): string {
  const dir = path.join(parent, label, 'glint');
  cpSync(path.join(parent, 'pristine', 'glint'), dir, { recursive: true });
  edit(dir);
  return dir;
}

function rewrite(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  assert.notEqual(next, text, `the edit applies to ${file}`);
  writeFileSync(file, next);
}

describe('a pack author’s mistakes name the file, the line and the fix', () => {
  before(async () => {
    mkdirSync(path.join(parent, 'pristine'), { recursive: true });
    assert.ok((await scaffoldPack('glint', path.join(parent, 'pristine'))).ok);
  });
  after(() => rmSync(parent, { recursive: true, force: true }));

  it('the scaffold as it stands has no problems', async () => {
    const dir = variant('clean', () => {});
    const built = await buildPack(dir);
    assert.ok(built.ok, built.ok ? '' : built.error);
    assert.deepEqual(await preflightPack(dir, built.wasmPath), []);
  });

  it('a syntax error: asc names file, line and column, and the fix', async () => {
    const dir = variant('syntax', (d) => rewrite(path.join(d, 'assembly', 'pack.ts'), '  return OK;\n}', '  return OK\n  let = ;\n}'));
    const built = await buildPack(dir);
    assert.equal(built.ok, false);
    assert.match(built.ok ? '' : built.error, /^pack glint: assembly\/pack\.ts\(\d+,\d+\): .+ — fix: correct the AssemblyScript at that line/m);
  });

  it('a missing export: the manifest line that needs it, and the export to write', async () => {
    const dir = variant('export', (d) => rewrite(path.join(d, 'assembly', 'pack.ts'), 'export function myriad_command', 'function myriad_command'));
    const built = await buildPack(dir);
    assert.ok(built.ok, built.ok ? '' : built.error);
    const problems = await preflightPack(dir, built.wasmPath);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0]!, /^pack glint: pack\.json\(\d+,\d+\): declares commands, but assembly\/pack\.ts exports no myriad_command — fix: export function myriad_command\(\): i32 \{ return dispatchCommand\(onCommand\); \}$/);
  });

  it('a manifest typo: the key’s line and the key it meant', async () => {
    const dir = variant('typo', (d) => rewrite(path.join(d, 'pack.json'), '"description"', '"descripton"'));
    const built = await buildPack(dir);
    assert.ok(built.ok, built.ok ? '' : built.error);
    const problems = await preflightPack(dir, built.wasmPath);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0]!, /^pack glint: pack\.json\(4,3\): descripton is not a known key — fix: did you mean "description"\? rename it$/);
  });

  it('an engine range this SDK does not support: the line and the range to write', async () => {
    const dir = variant('engine', (d) => rewrite(path.join(d, 'pack.json'), /"engine": "[^"]*"/, '"engine": "^9.0.0"'));
    const built = await buildPack(dir);
    assert.ok(built.ok, built.ok ? '' : built.error);
    const problems = await preflightPack(dir, built.wasmPath);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0]!, /^pack glint: pack\.json\(5,3\): "engine": "\^9\.0\.0" does not include the engine this SDK builds for \(\d+\.\d+\.\d+\) — fix: "engine": "\^\d+\.\d+\.0"/);
  });
});
