/**
 * `myriad reload`: ask the running server to reload its packs (rebuilt wasm, changed
 * config grants) without dropping players — `POST /admin/reload` with the admin
 * bearer token. The same as `@reload` in the game or SIGHUP to the server process.
 */
import type { Command } from 'commander';

export interface ReloadOptions {
  readonly url: string;
  readonly token?: string;
}

export function registerReload(program: Command): void {
  program
    .command('reload')
    .description('reload the packs of a running server, players stay connected (needs MYRIAD_ADMIN_TOKEN or --token)')
    .option('--url <url>', 'the server\'s HTTP address', process.env['MYRIAD_URL'] ?? `http://127.0.0.1:${process.env['MYRIAD_HTTP_PORT'] ?? '4001'}`)
    .option('--token <token>', 'admin bearer token (default: MYRIAD_ADMIN_TOKEN)')
    .action(async (opts: ReloadOptions) => {
      process.exitCode = await reload(opts);
    });
}

export async function reload(opts: ReloadOptions): Promise<number> {
  const token = opts.token ?? process.env['MYRIAD_ADMIN_TOKEN'];
  if (!token) {
    console.error('myriad reload: no admin token. Set MYRIAD_ADMIN_TOKEN (the same value the server has) or pass --token.');
    return 1;
  }
  const url = new URL('/admin/reload', opts.url);
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    console.error(`myriad reload: cannot reach ${url.origin} (${cause}). Is the server running? (myriad doctor shows who holds the port)`);
    return 1;
  }
  const text = await res.text();
  let body: { ok?: boolean; message?: string; error?: string } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = { error: text.slice(0, 300) };
  }
  if (res.status === 401 || res.status === 403) {
    console.error(`myriad reload: the server refused the token (HTTP ${res.status}). Use the server's http.adminToken / MYRIAD_ADMIN_TOKEN.`);
    return 1;
  }
  if (!res.ok || body.ok === false) {
    console.error(`myriad reload: failed (HTTP ${res.status}): ${body.error ?? body.message ?? text}`);
    return 1;
  }
  console.log(body.message ?? 'packs reloaded');
  return 0;
}
