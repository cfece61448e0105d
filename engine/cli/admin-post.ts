/**
 * POST to a running server's admin API with the bearer token (`myriad reload`,
 * `myriad unquarantine`), and turn every failure into one clear line: no token,
 * server unreachable, token refused, or the server's own refusal.
 */
import { loadConfig } from '../config/load.ts';
import { LOCAL_TOKEN_FILE, readLocalAdminToken } from '../net/http/admin/local-token.ts';

/** The token a server without http.adminToken wrote to its data directory (this directory's config, or MYRIAD_DATA_DIR). */
function localToken(): string | null {
  try {
    return readLocalAdminToken(loadConfig().storage.dataDir);
  } catch {
    return null;
  }
}

export interface AdminPostOptions {
  readonly url: string;
  readonly token?: string;
}

export const DEFAULT_ADMIN_URL = process.env['MYRIAD_URL'] ?? `http://127.0.0.1:${process.env['MYRIAD_HTTP_PORT'] ?? '4001'}`;

/** Prints the outcome; returns the process exit code (0 ok, 1 otherwise). */
export async function adminPost(command: string, path: string, opts: AdminPostOptions, success: string): Promise<number> {
  const token = opts.token ?? process.env['MYRIAD_ADMIN_TOKEN'] ?? localToken();
  if (!token) {
    console.error(`myriad ${command}: no admin token. Set MYRIAD_ADMIN_TOKEN (the same value the server has) or pass --token; a local server without one writes it to <data dir>/${LOCAL_TOKEN_FILE}, found here through myriad.json or MYRIAD_DATA_DIR.`);
    return 1;
  }
  const url = new URL(path, opts.url);
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    console.error(`myriad ${command}: cannot reach ${url.origin} (${cause}). Is the server running? (myriad doctor shows who holds the port)`);
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
    console.error(`myriad ${command}: the server refused the token (HTTP ${res.status}). Use the server's http.adminToken / MYRIAD_ADMIN_TOKEN.`);
    return 1;
  }
  if (!res.ok || body.ok === false) {
    console.error(`myriad ${command}: failed (HTTP ${res.status}): ${body.error ?? body.message ?? text}`);
    return 1;
  }
  console.log(body.message ?? success);
  return 0;
}
