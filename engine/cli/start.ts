/** `myriad start`: zero-config by default; --config or MYRIAD_CONFIG for a file. */
import type { Command } from 'commander';
import { loadConfig } from '../config/load.ts';
import { createLogger } from '../logger.ts';
import { MyriadError } from '../errors.ts';
import { ENGINE_VERSION } from '../version.ts';
import { pidFilePath, removePidFile, writePidFile } from './pid-file.ts';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('start the server (embedded PGlite in ./data unless DATABASE_URL is set)')
    .option('-c, --config <file>', 'config file (JSON, see schemas/config.schema.json); default ./myriad.json if present')
    .action(async (opts: { config?: string }) => {
      const config = loadConfig(opts.config ? { file: opts.config } : {});
      const log = createLogger(config.log.level, config.log.pretty);
      if (config.configFile) log.info({ file: config.configFile }, 'config loaded');
      // Loaded here, not at the top: every other `myriad` command would pay for the whole server.
      const { startServer } = await import('../gateway/server.ts');
      const server = await startServer(config, log);
      // For `myriad status` and `myriad stop`; removed on every exit path (process.exit runs 'exit').
      const pidFile = pidFilePath(config.storage.dataDir);
      if (pidFile) {
        const host = config.server.host === '0.0.0.0' || config.server.host === '::' ? '127.0.0.1' : config.server.host;
        writePidFile(pidFile, { pid: process.pid, startedAt: Date.now(), version: ENGINE_VERSION, host, telnetPort: server.telnetPort, httpPort: server.httpPort, backend: config.storage.databaseUrl ? 'postgres' : 'pglite' });
        process.on('exit', () => removePidFile(pidFile, process.pid));
      }
      let signals = 0;
      const shutdown = (signal: string): void => {
        if (++signals > 1) {
          log.warn('second signal: exiting now');
          process.exit(1);
        }
        log.info({ signal }, 'shutting down');
        server.stop().then(
          () => process.exit(0),
          (e: unknown) => {
            log.error({ err: e }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      // @shutdown in the game: server.ts stops with the admin's message; here the process then exits.
      server.gateway.events.once('shutdown', () => shutdown('@shutdown'));
      // SIGHUP: reload the packs (the same as `myriad reload` and @reload); players stay connected.
      process.on('SIGHUP', () => {
        log.info('SIGHUP: reloading packs and the TLS certificate');
        server.reloadTls();
        void server.gateway.reloadPacks().then((r) => {
          if (r.ok) log.info({ packs: r.after, ms: Math.round(r.ms) }, 'SIGHUP reload done');
        });
      });
      process.on('uncaughtException', (e) => {
        if (e instanceof MyriadError || e.name === 'PackLoadError') log.error(e.message);
        else log.fatal({ err: e }, 'uncaught exception; the server keeps running');
      });
    });
}
