/**
 * The admin monitor under /admin (docs/protocol.md, HTTP).
 *
 *   GET  /admin                  the monitor page, or the login form when not signed in
 *   POST /admin/login            name + password of an admin account → session cookie
 *   POST /admin/logout           ends the session
 *   GET  /admin/api/overview     JSON: health, connections, sessions, packs   (401 without auth)
 *   GET  /admin/events           Server-Sent Events, ?stream=<prefix>&type=<prefix>  (401 without auth)
 *   POST /admin/reload           reload the packs (`myriad reload`); JSON report, 409 if refused  (401 without auth)
 *   POST /admin/unquarantine?pack=<name>  lift a pack's stored quarantine (`myriad unquarantine`); 404 if it is not quarantined  (401 without auth)
 *   GET  /admin/api/moderation   JSON: bans, address bans, mutes, accounts, audit  (401 without auth)
 *   POST /admin/moderation       JSON {action, target, duration?, reason?}: boot, ban, unban, mute, unmute, password (admin/moderation.ts)  (401 without auth)
 *   GET  /admin/admin.js|.css    the page's assets (no secrets, no auth)
 *
 * Auth: the session cookie, or `Authorization: Bearer <http.adminToken>`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { HttpHost } from '../host.ts';
import { localAdminToken } from './local-token.ts';
import { AdminAuth } from './auth.ts';
import { EventStreams } from './events.ts';
import { MAX_MODERATION_BODY_BYTES, runModerationAction, serveModerationState } from './moderation.ts';
import { overview } from './overview.ts';
import { repoPath } from '../../../paths.ts';

const ASSET_DIR = repoPath('engine', 'net', 'http', 'admin') + '/';
const ASSETS: Record<string, string> = {
  '/admin/admin.js': 'text/javascript; charset=utf-8',
  '/admin/admin.css': 'text/css; charset=utf-8',
};
/** 4 KiB login body: a name (≤ 20) and a password (≤ accounts.maxPasswordLength, 128 by default). */
export const MAX_LOGIN_BODY_BYTES = 4_096;

const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  // same-origin, not no-referrer: with no-referrer chromium sends "Origin: null" on form posts.
  'Referrer-Policy': 'same-origin',
};

export class AdminRoutes {
  readonly auth: AdminAuth;
  readonly streams: EventStreams;

  constructor(private readonly gateway: HttpHost) {
    // No token configured: the local one in the data directory (local-token.ts).
    const token = gateway.config.http.adminToken || (localAdminToken(gateway.config.storage.dataDir) ?? '');
    this.auth = new AdminAuth(gateway.accounts, token);
    this.streams = new EventStreams(gateway);
  }

  static handles(path: string): boolean {
    return path === '/admin' || path.startsWith('/admin/');
  }

  close(): void {
    this.streams.close();
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path === '/admin/login' || path === '/admin/logout') {
      if (method !== 'POST') return void res.writeHead(405, { Allow: 'POST' }).end();
      if (!sameOrigin(req)) return void res.writeHead(403, { 'Content-Type': 'text/plain' }).end('cross-origin request refused\n');
      return path === '/admin/login' ? this.login(req, res) : this.logout(req, res);
    }
    if (path === '/admin/reload' || path === '/admin/unquarantine') {
      if (method !== 'POST') return void res.writeHead(405, { Allow: 'POST' }).end();
      if (!sameOrigin(req)) return void res.writeHead(403, { 'Content-Type': 'text/plain' }).end('cross-origin request refused\n');
      const who = this.auth.identify(req);
      if (!who) return unauthorized(res);
      return path === '/admin/reload' ? this.reload(res, who.name) : this.unquarantine(res, url.searchParams.get('pack') ?? '', who.name);
    }
    if (path === '/admin/moderation') {
      if (method !== 'POST') return void res.writeHead(405, { Allow: 'POST' }).end();
      if (!sameOrigin(req)) return void res.writeHead(403, { 'Content-Type': 'text/plain' }).end('cross-origin request refused\n');
      const who = this.auth.identify(req);
      if (!who) return unauthorized(res);
      let body: string;
      try {
        body = await readBody(req, MAX_MODERATION_BODY_BYTES);
      } catch (e) {
        return void res.writeHead(413, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: false, text: (e as Error).message }));
      }
      return runModerationAction(this.gateway, res, body, who.name);
    }
    if (method !== 'GET' && method !== 'HEAD') return void res.writeHead(405, { Allow: 'GET, HEAD' }).end();

    const type = ASSETS[path];
    if (type) {
      const body = await readFile(ASSET_DIR + path.slice('/admin/'.length));
      return void res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' }).end(body);
    }
    if (path === '/admin' || path === '/admin/') {
      const who = this.auth.identify(req);
      return this.page(res, who ? 'index.html' : 'login.html', 200, who ? { '{{name}}': who.name } : { '{{error}}': '' });
    }
    if (path === '/admin/api/overview' || path === '/admin/events' || path === '/admin/api/moderation') {
      const who = this.auth.identify(req);
      if (!who) return unauthorized(res);
      if (path === '/admin/api/moderation') return serveModerationState(this.gateway, res);
      if (path === '/admin/events') {
        if (method === 'HEAD') return void res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store' }).end();
        return this.streams.serve(req, res, url);
      }
      const body = { you: who.name, ...(await overview(this.gateway, this.streams.count)) };
      return void res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
  }

  private async login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const json = (req.headers['content-type'] ?? '').startsWith('application/json');
    let fields: { name: string; password: string };
    try {
      fields = parseLogin(await readBody(req, MAX_LOGIN_BODY_BYTES), json);
    } catch (e) {
      const message = (e as Error).message;
      if (json) return void res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: message }));
      return this.page(res, 'login.html', 400, { '{{error}}': message });
    }
    const remote = req.socket.remoteAddress ?? 'unknown';
    const result = await this.auth.login(fields.name, fields.password, remote);
    if (!result.ok) {
      const status = result.reason === 'rate-limited' ? 429 : result.reason === 'not-admin' ? 403 : 401;
      this.gateway.log.info({ remote, reason: result.reason }, 'admin login refused');
      if (json) return void res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: result.message }));
      return this.page(res, 'login.html', status, { '{{error}}': result.message });
    }
    this.gateway.log.info({ remote, admin: result.name }, 'admin signed in');
    const cookie = AdminAuth.sessionCookie(result.token, req.headers['x-forwarded-proto'] === 'https');
    if (json) return void res.writeHead(200, { 'Content-Type': 'application/json', 'Set-Cookie': cookie, 'Cache-Control': 'no-store' }).end(JSON.stringify({ ok: true, name: result.name }));
    res.writeHead(303, { Location: '/admin', 'Set-Cookie': cookie, 'Cache-Control': 'no-store' }).end();
  }

  /** POST /admin/reload (`myriad reload`): the same reload as @reload and SIGHUP; 409 when refused. */
  private async reload(res: ServerResponse, by: string): Promise<void> {
    this.gateway.log.info({ by }, 'pack reload requested over HTTP');
    const report = await this.gateway.reloadPacks();
    const message = report.ok ? [`packs reloaded in ${Math.round(report.ms)} ms: ${report.after.join(', ')} (config: ${report.config})`, ...report.modules, ...report.warnings.map((w) => `warning: ${w}`)].join('\n') : `reload refused; the running packs carry on: ${report.error ?? 'unknown reason'}`;
    res.writeHead(report.ok ? 200 : 409, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify({ ...report, message }));
  }

  /** POST /admin/unquarantine?pack=<name> (`myriad unquarantine`): the same as `@packs unquarantine`. */
  private async unquarantine(res: ServerResponse, pack: string, by: string): Promise<void> {
    const json = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };
    if (!/^[a-z][a-z0-9-]{1,31}$/.test(pack)) return void res.writeHead(400, json).end(JSON.stringify({ ok: false, error: 'pack=<name> is required (a pack name)' }));
    const lifted = await this.gateway.unquarantine(pack, `${by} (HTTP)`);
    const message = lifted ? `the quarantine of ${pack} is lifted` : `${pack} is not quarantined`;
    res.writeHead(lifted ? 200 : 404, json).end(JSON.stringify({ ok: lifted, message }));
  }

  private logout(req: IncomingMessage, res: ServerResponse): void {
    this.auth.logout(req);
    res.writeHead(303, { Location: '/admin', 'Set-Cookie': AdminAuth.clearedCookie(), 'Cache-Control': 'no-store' }).end();
  }

  private async page(res: ServerResponse, file: string, status: number, vars: Record<string, string>): Promise<void> {
    let html = await readFile(ASSET_DIR + file, 'utf8');
    for (const [k, v] of Object.entries(vars)) html = html.replaceAll(k, escapeHtml(v));
    res.writeHead(status, PAGE_HEADERS).end(html);
  }
}

function unauthorized(res: ServerResponse): void {
  res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer realm="myriad-admin"', 'Cache-Control': 'no-store' }).end(JSON.stringify({ error: 'admin login or bearer token required (docs/protocol.md, HTTP: Admin auth)' }));
}

/**
 * Browsers send Origin on POST; a form posted from another site must not log an
 * admin in or out (SameSite=Strict covers the cookie; this covers the request).
 */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser (curl, the CLI)
  if (origin === 'null') return false; // sandboxed or privacy-stripped: cannot tell
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error(`request body over ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseLogin(body: string, json: boolean): { name: string; password: string } {
  let name: unknown;
  let password: unknown;
  if (json) {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      throw new Error('body is not valid JSON');
    }
    if (typeof value !== 'object' || value === null) throw new Error('expected {"name":…, "password":…}');
    name = (value as Record<string, unknown>)['name'];
    password = (value as Record<string, unknown>)['password'];
  } else {
    const form = new URLSearchParams(body);
    name = form.get('name');
    password = form.get('password');
  }
  if (typeof name !== 'string' || typeof password !== 'string' || !name || !password) throw new Error('Enter a name and a password.');
  return { name: name.trim(), password };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
