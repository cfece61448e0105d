/** `myriad migrate`: create or upgrade the database schema, with progress. */
import type { Command } from 'commander';
import { loadConfig } from '../config/load.ts';
import { openStore } from '../store/open.ts';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('create or upgrade the database schema (start does this too)')
    .option('-c, --config <file>', 'config file')
    .action(async (opts: { config?: string }) => {
      const config = loadConfig(opts.config ? { file: opts.config } : {});
      const target = config.storage.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.storage.dataDir}`;
      console.log(`migrating ${target}…`);
      const store = await openStore({ databaseUrl: config.storage.databaseUrl ?? undefined, dataDir: config.storage.dataDir });
      await store.migrate((done, total, label) => console.log(`  [${done}/${total}] ${label}`));
      await store.close();
      console.log('schema is up to date');
    });
}
