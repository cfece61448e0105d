/**
 * What an author gets wrong before the engine ever loads the pack, said where it
 * is and how to fix it (`file(line,col): problem — fix: …`), after a build
 * succeeds: a manifest key misspelt or of the wrong shape (checked against the
 * engine's schema), an `engine`/`abi` this SDK does not support, and a manifest
 * that declares commands or subscriptions the module does not export the entry
 * point for. Compile errors (a syntax error) come from asc, already with file,
 * line and column (compile.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import semver from 'semver';
import { manifestSchemaProblems, manifestTopLevelKeys } from '../../engine/packs/manifest.ts';
import { ENGINE_VERSION, HOST_ABI } from '../../engine/version.ts';

export async function preflightPack(packDir: string, wasmPath: string): Promise<string[]> {
  const file = path.join(packDir, 'pack.json');
  const text = await readFile(file, 'utf8');
  const data = JSON.parse(text) as Record<string, unknown>;
  const where = (key: string): string => `pack.json${lineCol(text, key)}`;
  const problems: string[] = [];

  for (const p of manifestSchemaProblems(data)) {
    if (p.unknownKey !== null) {
      const guess = p.path === '' ? closest(p.unknownKey, manifestTopLevelKeys()) : null;
      problems.push(`${where(p.unknownKey)}: ${p.text} — fix: ${guess ? `did you mean "${guess}"? rename it` : 'remove it or correct its spelling (schemas/pack.schema.json lists the keys)'}`);
    } else {
      const key =
        p.path
          .split('.')
          .filter((s) => !/^\d+$/.test(s))
          .at(-1) ?? 'name';
      problems.push(`${where(key)}: ${p.text} — fix: correct the value (schemas/pack.schema.json)`);
    }
  }

  const engine = data['engine'];
  if (typeof engine === 'string' && semver.validRange(engine) !== null && !semver.satisfies(ENGINE_VERSION, engine)) {
    const [major, minor] = ENGINE_VERSION.split('.');
    problems.push(`${where('engine')}: "engine": "${engine}" does not include the engine this SDK builds for (${ENGINE_VERSION}) — fix: "engine": "^${major}.${minor}.0", or install the @myriad/sdk matching your server`);
  }
  const abi = data['abi'];
  if (typeof abi === 'string' && abi !== HOST_ABI) problems.push(`${where('abi')}: "abi": "${abi}" is not an ABI this SDK speaks (${HOST_ABI}) — fix: "abi": "${HOST_ABI}"`);

  const exports = new Set(WebAssembly.Module.exports(new WebAssembly.Module(await readFile(wasmPath))).map((e) => e.name));
  const commands = Array.isArray(data['commands']) && data['commands'].length > 0;
  if (commands && !exports.has('myriad_command')) {
    problems.push(`${where('commands')}: declares commands, but assembly/pack.ts exports no myriad_command — fix: export function myriad_command(): i32 { return dispatchCommand(onCommand); }`);
  }
  const subscribes = (data['events'] as { subscribes?: unknown } | undefined)?.subscribes;
  if (Array.isArray(subscribes) && subscribes.length > 0 && !exports.has('myriad_event')) {
    problems.push(`${where('subscribes')}: subscribes to events, but assembly/pack.ts exports no myriad_event — fix: export function myriad_event(): i32 { return dispatchEvent(onEvent); }`);
  }
  return problems.map((p) => `pack ${String(data['name'])}: ${p}`);
}

/** `(line,col)` of the first `"key"` in the text, or '' when absent. */
function lineCol(text: string, key: string): string {
  const at = text.indexOf(`"${key}"`);
  if (at < 0) return '';
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return `(${line},${at - before.lastIndexOf('\n')})`;
}

/** The known key within two edits of a misspelt one (Levenshtein), if any. */
function closest(word: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const k of known) {
    const d = distance(word.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next.push(Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    row = next;
  }
  return row[b.length]!;
}
