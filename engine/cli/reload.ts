/**
 * `myriad reload`: ask the running server to reload its packs (rebuilt wasm, changed
 * config grants) without dropping players — `POST /admin/reload` with the admin
 * bearer token. The same as `@reload` in the game or SIGHUP to the server process.
 */
import type { Command } from 'commander';
import { adminPost, DEFAULT_ADMIN_URL, type AdminPostOptions } from './admin-post.ts';

export type ReloadOptions = AdminPostOptions;

export function registerReload(program: Command): void {
  program
    .command('reload')
    .description('reload the packs of a running server, players stay connected (needs MYRIAD_ADMIN_TOKEN or --token)')
    .option('--url <url>', "the server's HTTP address", DEFAULT_ADMIN_URL)
    .option('--token <token>', 'admin bearer token (default: MYRIAD_ADMIN_TOKEN)')
    .action(async (opts: ReloadOptions) => {
      process.exitCode = await reload(opts);
    });
}

export function reload(opts: ReloadOptions): Promise<number> {
  return adminPost('reload', '/admin/reload', opts, 'packs reloaded');
}
