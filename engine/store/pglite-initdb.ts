/**
 * A new PGlite data directory is created in a child process (decision 0030).
 *
 * PGlite creates a database by running initdb, its own WebAssembly instance, with
 * PostgreSQL's file-system bundle, in the process that asks: ~770 MiB RSS while it
 * runs, and ~130 MiB of it stays resident after both are closed and collected
 * (measured here; the same from a worker thread). Run in a short-lived `node`
 * instead, none of it ever enters the server, whose first start then costs what a
 * restart costs. The child needs only `@electric-sql/pglite`, a run-time dependency.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MyriadError } from '../errors.ts';
import { REPO_ROOT } from '../paths.ts';

/** initdb on this machine: 3–36 s depending on load. */
const INITDB_TIMEOUT_MS = 300_000;

const SCRIPT = "import { PGlite } from '@electric-sql/pglite'; const pg = await PGlite.create(process.argv[1]); await pg.close();";

/** True once a directory holds a PostgreSQL cluster (initdb writes PG_VERSION). */
export function holdsDatabase(dir: string): boolean {
  return existsSync(join(dir, 'PG_VERSION'));
}

/** Create the database in `dir` (resolved, created and locked by the caller) unless it holds one. */
export async function initDataDirApart(dir: string): Promise<void> {
  if (holdsDatabase(dir)) return;
  await new Promise<void>((resolve, reject) => {
    // --input-type=module: top-level await; run from the repository root so the import resolves.
    execFile(process.execPath, ['--input-type=module', '-e', SCRIPT, dir], { cwd: REPO_ROOT, timeout: INITDB_TIMEOUT_MS, maxBuffer: 1 << 20 }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      const last = stderr.trim().split('\n').filter(Boolean).slice(-3).join(' ');
      reject(new MyriadError('STORE_DATA_DIR', { dir, reason: `creating the database failed: ${last || error.message}` }));
    });
  });
}
