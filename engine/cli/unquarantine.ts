/**
 * `myriad unquarantine <pack>`: lift a pack's quarantine on a running server —
 * `POST /admin/unquarantine?pack=<pack>` with the admin bearer token, the same
 * as `@packs unquarantine <pack>` in the game. A quarantine is stored, so it
 * holds across restarts and reloads until this (docs/decisions/0013).
 */
import type { Command } from 'commander';
import { adminPost, DEFAULT_ADMIN_URL, type AdminPostOptions } from './admin-post.ts';

export function registerUnquarantine(program: Command): void {
  program
    .command('unquarantine <pack>')
    .description("lift a pack's quarantine on a running server (needs MYRIAD_ADMIN_TOKEN or --token)")
    .option('--url <url>', "the server's HTTP address", DEFAULT_ADMIN_URL)
    .option('--token <token>', 'admin bearer token (default: MYRIAD_ADMIN_TOKEN)')
    .action(async (pack: string, opts: AdminPostOptions) => {
      process.exitCode = await adminPost('unquarantine', `/admin/unquarantine?pack=${encodeURIComponent(pack)}`, opts, `the quarantine of ${pack} is lifted`);
    });
}
