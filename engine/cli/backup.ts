/**
 * `myriad backup <file>` and `myriad restore <file>`, for PGlite and PostgreSQL alike
 * (engine/store/backup.ts has the format), with a progress bar.
 *
 * backup reads one consistent picture: a PostgreSQL server may keep running; a PGlite
 * directory is locked by its server, so stop it first (myriad stop). The file is
 * written beside its name and renamed when complete, so a file under the name is
 * always whole.
 *
 * restore fills an empty database (a new data directory, or a new PostgreSQL
 * database) all or nothing, checks the row counts and the file's checksum, upgrades
 * the schema if the backup is older, and then replays the restored log and checks
 * the world it rebuilds equals the restored snapshot — the proof the world came back
 * as it was, not only its rows.
 */
import type { Command } from 'commander';
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { loadConfig } from '../config/load.ts';
import type { Config } from '../config/defaults.ts';
import { MyriadError } from '../errors.ts';
import { rebuildComponents, snapshotToState } from '../store/rebuild.ts';
import { redact } from '../store/postgres.ts';
import type { EventStore } from '../store/types.ts';
import { progress } from './progress.ts';
import { compareStates } from './rebuild.ts';

/** Differences printed before "… and N more" when the restored world does not rebuild equal. */
const SHOWN_DIFFERENCES = 20;

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('write the whole database (PGlite or PostgreSQL) to a file, with progress; stop a PGlite server first')
    .argument('<file>', 'the backup file to write (gzip’d JSON lines, e.g. world-2026-12-07.myriad.gz)')
    .option('-c, --config <file>', 'config file (for the data directory or DATABASE_URL)')
    .option('--force', 'replace the file if it exists')
    .action(async (file: string, opts: { config?: string; force?: boolean }) => {
      process.exitCode = await backup(file, loadConfig(opts.config ? { file: opts.config } : {}), opts);
    });
  program
    .command('restore')
    .description('load a backup into an empty database and check the world rebuilds equal to its snapshot')
    .argument('<file>', 'a file written by myriad backup')
    .option('-c, --config <file>', 'config file (for the data directory or DATABASE_URL)')
    .action(async (file: string, opts: { config?: string }) => {
      process.exitCode = await restore(file, loadConfig(opts.config ? { file: opts.config } : {}));
    });
}

export async function backup(file: string, config: Config, opts: { force?: boolean } = {}): Promise<number> {
  if (existsSync(file) && !opts.force) {
    console.error(`myriad backup: ${file} exists; choose another name or pass --force to replace it.`);
    return 1;
  }
  console.log(`backing up ${where(config)} to ${file}…`);
  const { openStore } = await import('../store/open.ts');
  const store = await openStore({ databaseUrl: config.storage.databaseUrl ?? undefined, dataDir: config.storage.dataDir });
  const partial = `${file}.partial`;
  const gzip = createGzip();
  const out = gzip.pipe(createWriteStream(partial));
  const bar = progress('backup');
  try {
    const summary = await store.backup(async (line) => {
      if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
    }, bar.update);
    bar.stop();
    gzip.end();
    await finished(out);
    renameSync(partial, file);
    const tables = summary.header.tables.map((t) => `${t.name} ${t.rows}`).join(', ');
    console.log(`wrote ${file}: ${summary.rows} rows (${tables}), log head #${summary.header.headPosition}, ${kib(statSync(file).size)}, sha256 ${summary.sha256.slice(0, 16)}…`);
    return 0;
  } catch (e) {
    bar.stop();
    gzip.destroy();
    rmSync(partial, { force: true });
    throw e;
  } finally {
    await store.close();
  }
}

export async function restore(file: string, config: Config): Promise<number> {
  if (!existsSync(file)) {
    console.error(`myriad restore: ${file} does not exist.`);
    return 1;
  }
  console.log(`restoring ${file} into ${where(config)}…`);
  const store = await openUnmigrated(config);
  try {
    const bar = progress('restore');
    const summary = await store.restore(linesOf(file), bar.update).finally(() => bar.stop());
    await store.migrate(); // a backup from an older engine: its rows are in, now the newer migrations
    console.log(`restored ${summary.rows} rows (${summary.header.tables.map((t) => `${t.name} ${t.rows}`).join(', ')}), backed up ${summary.header.createdAt} from ${summary.header.backend}; checksum matches`);
    return await checkRebuild(store, summary.header.headPosition);
  } finally {
    await store.close();
  }
}

/** Replay the restored log and compare with the restored snapshot: exit code 0 when equal. */
async function checkRebuild(store: EventStore, headPosition: number): Promise<number> {
  const head = await store.headPosition();
  if (head !== headPosition) {
    console.error(`myriad restore: the restored log ends at #${head}, the backup's at #${headPosition}.`);
    return 1;
  }
  const bar = progress('checking: rebuilding the world from its log');
  const rebuilt = await rebuildComponents(store, bar.update).finally(() => bar.stop());
  const differences = compareStates(rebuilt, snapshotToState((await store.loadSnapshot()).components));
  const components = [...rebuilt.values()].reduce((n, c) => n + c.size, 0);
  if (differences.length === 0) {
    console.log(`the restored world rebuilds from its ${head} events equal to its snapshot (${rebuilt.size} entities, ${components} components)`);
    return 0;
  }
  console.error(`myriad restore: the rows are restored, but the world rebuilt from the log differs from the snapshot in ${differences.length} place(s) — the backed-up database had drifted (myriad rebuild --check shows it too):`);
  for (const d of differences.slice(0, SHOWN_DIFFERENCES)) console.error(`  ${d}`);
  if (differences.length > SHOWN_DIFFERENCES) console.error(`  … and ${differences.length - SHOWN_DIFFERENCES} more`);
  return 1;
}

/** The target without migrating it: the restore builds the schema up to the backup's migrations itself. */
async function openUnmigrated(config: Config): Promise<EventStore> {
  const url = config.storage.databaseUrl?.trim();
  if (url) return (await import('../store/postgres.ts')).openPostgresStore({ url });
  return (await import('../store/pglite.ts')).openPgliteStore({ dataDir: config.storage.dataDir });
}

/** The file's lines, decompressed; a file that is not gzip is STORE_BACKUP_INVALID. */
async function* linesOf(file: string): AsyncGenerator<string> {
  const input = createReadStream(file).pipe(createGunzip());
  input.setEncoding('utf8');
  let rest = '';
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      yield* parts;
    }
  } catch (e) {
    throw new MyriadError('STORE_BACKUP_INVALID', { reason: `${file} cannot be read as a gzip file: ${(e as Error).message}` });
  }
  if (rest !== '') yield rest;
}

function where(config: Config): string {
  const url = config.storage.databaseUrl;
  return url ? `PostgreSQL at ${redact(url)}` : `PGlite in ${config.storage.dataDir}`;
}

function kib(bytes: number): string {
  return bytes < 1048576 ? `${Math.ceil(bytes / 1024)} KiB` : `${(bytes / 1048576).toFixed(1)} MiB`;
}
