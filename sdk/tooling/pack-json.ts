/**
 * The parts of pack.json the build reads (name, limits.memoryPages) and writes
 * (sha256). Full validation is the engine's job (schemas/pack.schema.json);
 * the build only needs these fields to be sane.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** 16 pages = 1 MiB: ample for a gameplay pack, and the engine's default grant. */
export const DEFAULT_MEMORY_PAGES = 16;
/** 65536 pages = 4 GiB, the wasm32 address space. */
const MAX_MEMORY_PAGES = 65536;

export interface PackJson {
  readonly file: string;
  readonly text: string;
  readonly data: Record<string, unknown>;
  readonly name: string;
  readonly memoryPages: number;
}

export type PackJsonResult = { readonly ok: true; readonly pack: PackJson } | { readonly ok: false; readonly error: string };

export async function readPackJson(packDir: string): Promise<PackJsonResult> {
  const file = path.join(packDir, 'pack.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return { ok: false, error: `${file}: cannot read: ${(err as Error).message}` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `${file}: not valid JSON: ${(err as Error).message}` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, error: `${file}: must be a JSON object` };
  }
  const obj = data as Record<string, unknown>;
  const name = obj['name'];
  if (typeof name !== 'string' || name.length === 0) return { ok: false, error: `${file}: "name" must be a non-empty string` };
  const limits = obj['limits'];
  let memoryPages = DEFAULT_MEMORY_PAGES;
  if (limits !== undefined) {
    const pages = (limits as Record<string, unknown> | null)?.['memoryPages'];
    if (pages !== undefined) {
      if (typeof pages !== 'number' || !Number.isInteger(pages) || pages < 1 || pages > MAX_MEMORY_PAGES) {
        return { ok: false, error: `${file}: limits.memoryPages must be an integer from 1 to ${MAX_MEMORY_PAGES} (64 KiB pages)` };
      }
      memoryPages = pages;
    }
  }
  return { ok: true, pack: { file, text, data: obj, name, memoryPages } };
}

/**
 * Record `sha256` in pack.json. Rewrites the file only when the value changes,
 * and then by replacing just the hash text, so the author's formatting and key
 * order survive; a file without the key is re-serialised with 2-space indent,
 * the key placed after "wasm". Returns whether the file was written.
 */
export async function writeSha256(pack: PackJson, sha256: string): Promise<boolean> {
  if (pack.data['sha256'] === sha256) return false;
  const expected = { ...pack.data, sha256 };
  const pattern = /("sha256"\s*:\s*)"[^"\\]*"/g;
  const matches = pack.text.match(pattern);
  let next: string | null = null;
  if (matches?.length === 1) {
    const candidate = pack.text.replace(pattern, `$1"${sha256}"`);
    if (sameJson(JSON.parse(candidate), expected)) next = candidate;
  }
  next ??= JSON.stringify(withShaAfterWasm(pack.data, sha256), null, 2) + '\n';
  await writeFile(pack.file, next);
  return true;
}

function withShaAfterWasm(data: Record<string, unknown>, sha256: string): Record<string, unknown> {
  if ('sha256' in data || !('wasm' in data)) return { ...data, sha256 };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    out[k] = v;
    if (k === 'wasm') out['sha256'] = sha256;
  }
  return out;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
