/**
 * The embedded backend: PGlite (PostgreSQL 18 compiled to WASM) in this process.
 *
 * Dialect: `kysely-pglite-dialect`, which hands out its single connection to one
 * transaction at a time. (`kysely-pglite` let a rolled-back write survive when two
 * transactions interleaved on the one PGlite connection.)
 *
 * Costs measured on the target machine: ~3 s to create a fresh database (in a
 * child process, pglite-initdb.ts: ~700 MiB while initdb runs, none of it kept by
 * the server), ~0.2–0.5 s to reopen a saved data dir. PGlite runs on the thread
 * that hosts it, so its queries occupy that thread.
 */
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { MyriadError } from '../errors.ts';
import { reasonOf } from './db-errors.ts';
import { KyselyEventStore } from './event-store.ts';
import { lockDataDir, prepareDataDir } from './data-dir.ts';
import { initDataDirApart } from './pglite-initdb.ts';
import type { Tables } from './tables.ts';
import type { EventStore } from './types.ts';

export interface PgliteStoreOptions {
  /** A directory (created if missing), or undefined / `memory://…` for an in-memory database (tests). */
  readonly dataDir?: string;
  /** shared_buffers in MiB (config storage.pgliteSharedBuffersMiB); PostgreSQL's default of 128 when undefined. */
  readonly sharedBuffersMiB?: number;
}

/**
 * Settings for the embedded server (decision 0030). PGlite touches its whole buffer
 * pool inside the WebAssembly memory, so shared_buffers is resident from the start:
 * 128 MiB (the default) against 16 MiB was 343 against 216 MiB RSS for an idle,
 * reopened data dir. The event store appends and reads pages in order, so a small
 * pool costs it little; wal_buffers follows shared_buffers (1/32, at most 16 MiB).
 */
export function pgliteSettings(options: PgliteStoreOptions): { postgresqlconf?: string[] } {
  if (options.sharedBuffersMiB === undefined) return {};
  const walKiB = Math.max(64, Math.min(16_384, Math.floor((options.sharedBuffersMiB * 1024) / 32)));
  return { postgresqlconf: [`shared_buffers = ${options.sharedBuffersMiB}MB`, `wal_buffers = ${walKiB}kB`] };
}

export function isMemoryDataDir(dataDir: string | undefined): boolean {
  return dataDir === undefined || dataDir.startsWith('memory://');
}

/** Open (and create if needed) a PGlite database. Does not migrate; see open.ts. */
export async function openPgliteStore(options: PgliteStoreOptions = {}): Promise<EventStore> {
  if (isMemoryDataDir(options.dataDir)) return wrap(await PGlite.create(pgliteSettings(options)), () => undefined);

  const dir = await prepareDataDir(options.dataDir as string);
  const unlock = await lockDataDir(dir);
  let pg: PGlite;
  try {
    await initDataDirApart(dir);
    pg = await PGlite.create(dir, pgliteSettings(options));
  } catch (error) {
    unlock();
    if (error instanceof MyriadError) throw error; // initdb's own, already explained
    // PGlite says only "failed to initialize properly" for a damaged directory.
    throw new MyriadError('STORE_DATA_DIR', {
      dir,
      reason: `${reasonOf(error)} (not a PGlite/PostgreSQL 18 data directory, or damaged)`,
    });
  }
  return wrap(pg, unlock);
}

function wrap(pg: PGlite, onClose: () => void): EventStore {
  const db = new Kysely<Tables>({ dialect: new PGliteDialect(pg) });
  // The directory lock is released only after PGlite has flushed and closed.
  return new KyselyEventStore(db, 'pglite', onClose);
}
