/**
 * Choosing the backend: PostgreSQL when a URL is given (DATABASE_URL), otherwise
 * PGlite in the data directory. Either way the schema is migrated before the store
 * is handed out.
 */
import { openPgliteStore } from './pglite.ts';
import { openPostgresStore } from './postgres.ts';
import type { EventStore, ProgressFn } from './types.ts';

export interface OpenStoreOptions {
  /** postgres://… ; when set, PostgreSQL is used and dataDir is ignored. */
  readonly databaseUrl?: string;
  /** PGlite data directory; undefined or `memory://` for in-memory. */
  readonly dataDir?: string;
  /** PGlite's shared_buffers in MiB; ignored with PostgreSQL. */
  readonly pgliteSharedBuffersMiB?: number;
  readonly onProgress?: ProgressFn;
}

export async function openStore(options: OpenStoreOptions): Promise<EventStore> {
  const url = options.databaseUrl?.trim();
  const store = url !== undefined && url !== '' ? await openPostgresStore({ url }) : await openPgliteStore({ dataDir: options.dataDir, ...(options.pgliteSharedBuffersMiB === undefined ? {} : { sharedBuffersMiB: options.pgliteSharedBuffersMiB }) });
  try {
    await store.migrate(options.onProgress);
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return store;
}
