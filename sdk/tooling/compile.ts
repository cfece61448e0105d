/**
 * One AssemblyScript compile through asc's programmatic API, with the flags
 * every pack needs. The binary is captured in memory (the caller hashes it and
 * writes it), and diagnostics come back as `file(line,col): message` strings.
 *
 * Runs in-process: asc is loaded once (~0.4 s) instead of once per pack. Caveat:
 * if asc itself crashes (an internal compiler bug, not a compile error) it calls
 * process.exit(1), so long-lived processes should build in a child process.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import asc from 'assemblyscript/asc';

export interface CompileRequest {
  /** Directory the entry, the abort target and reported paths are relative to. */
  readonly baseDir: string;
  /** Entry file relative to baseDir, e.g. `assembly/pack.ts`. */
  readonly entry: string;
  /** `--use abort=` target relative to baseDir, e.g. `../../sdk/assembly/abort/myriadAbort`. */
  readonly abort: string;
  /**
   * `--maximumMemory` in 64 KiB pages; null leaves the module without a maximum,
   * which the engine refuses to load (only the engine's own tests build that way).
   */
  readonly memoryPages: number | null;
}

export type CompileResult = { readonly ok: true; readonly wasm: Uint8Array } | { readonly ok: false; readonly errors: readonly string[] };

// asc's DiagnosticCategory: 0 pedantic, 1 info, 2 warning, 3 error.
const CATEGORY_ERROR = 3;

// A marker file name asc is told is its config; readFile below never finds it.
const NO_CONFIG = 'myriad-no-asconfig.json';

export function ascArgs(req: CompileRequest): string[] {
  return [
    req.entry,
    '--baseDir',
    req.baseDir,
    '--outFile',
    'pack.wasm', // captured by writeFile, never written by asc
    '--optimize',
    '--runtime',
    'incremental',
    ...(req.memoryPages === null ? [] : ['--maximumMemory', String(req.memoryPages)]),
    '--use',
    `abort=${req.abort}`,
    // An asconfig.json in a pack directory would silently merge other flags
    // (another runtime, no memory cap); the build's flags are the contract.
    '--config',
    NO_CONFIG,
    '--noColors',
  ];
}

export async function compileAssemblyScript(req: CompileRequest): Promise<CompileResult> {
  const sources = new Map<string, string>();
  const errors: string[] = [];
  let wasm: Uint8Array | null = null;

  const result = await asc.main(ascArgs(req), {
    stdout: asc.createMemoryStream(),
    stderr: asc.createMemoryStream(),
    readFile: async (filename: string, baseDir: string) => {
      if (path.basename(filename) === NO_CONFIG) return null;
      try {
        const text = await readFile(path.resolve(baseDir, filename), 'utf8');
        sources.set(path.normalize(path.relative(req.baseDir, path.resolve(baseDir, filename))), text);
        return text;
      } catch {
        return null;
      }
    },
    writeFile: (filename: string, contents: Uint8Array | string) => {
      if (filename.endsWith('.wasm') && typeof contents !== 'string') wasm = contents;
    },
    reportDiagnostic: (d) => {
      if (d.category !== CATEGORY_ERROR) return;
      const file = d.range?.source?.normalizedPath;
      if (!file || d.range === null) {
        errors.push(d.message);
        return;
      }
      errors.push(`${file}${lineCol(sources.get(path.normalize(file)), d.range.start)}: ${d.message} — fix: correct the AssemblyScript at that line (asc's message above says what it expected), then build again`);
    },
  });

  if (result.error !== null || wasm === null) {
    if (errors.length === 0) errors.push(result.error?.message ?? 'asc produced no binary');
    return { ok: false, errors };
  }
  return { ok: true, wasm };
}

/** `(line,col)` of a character offset, 1-based, or '' when the source is unknown (~lib). */
function lineCol(source: string | undefined, offset: number): string {
  if (source === undefined) return '';
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `(${line},${offset - lineStart + 1})`;
}
