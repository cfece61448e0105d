/** `myriad migrate`: create or upgrade the database schema, with progress. */
import type { Command } from 'commander';
import { loadConfig } from '../config/load.ts';
import { redact } from '../store/postgres.ts';
import { progress } from './progress.ts';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('create or upgrade the database schema (start does this too)')
    .option('-c, --config <file>', 'config file')
    .action(async (opts: { config?: string }) => {
      const config = loadConfig(opts.config ? { file: opts.config } : {});
      const url = config.storage.databaseUrl;
      console.log(`migrating ${url ? `PostgreSQL at ${redact(url)}` : `PGlite in ${config.storage.dataDir}`}…`);
      const { openStore } = await import('../store/open.ts');
      const bar = progress('migrations');
      // openStore migrates before handing the store out; the bar follows its steps.
      const store = await openStore({ databaseUrl: url ?? undefined, dataDir: config.storage.dataDir, pgliteSharedBuffersMiB: config.storage.pgliteSharedBuffersMiB, onProgress: bar.update }).finally(() => bar.stop());
      await store.close();
      console.log('schema is up to date');
    });
}
