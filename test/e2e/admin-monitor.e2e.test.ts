/**
 * The admin monitor: who may see it (admin accounts by cookie session, the
 * operator's bearer token, nobody else), the overview JSON, the live event stream
 * over Server-Sent Events read with a plain HTTP client, and the page itself in
 * chromium (log in, see a connection, see a say arrive in the stream).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request, type IncomingMessage } from 'node:http';
import type { Browser } from 'playwright-core';
import { startTestServer } from '../support/server.ts';
import { TelnetPlayer, WsPlayer, createCharacter } from '../support/players.ts';
import { launchChromium, screenshot, watchErrors } from '../support/browser.ts';
import type { RunningServer } from '../../engine/gateway/server.ts';
import { AdminAuth, SESSION_COOKIE, SESSION_TTL_MS } from '../../engine/net/http/admin/auth.ts';

const TOKEN = 'test-admin-token-0123456789abcdef';

let server: RunningServer;
let boss: WsPlayer;
let pleb: TelnetPlayer;
let browser: Browser | null = null;
let skipReason = '';

before(async () => {
  server = await startTestServer({ packs: ['rooms', 'social'], http: { adminToken: TOKEN } });
  boss = await WsPlayer.connect(server.httpPort);
  await createCharacter(boss, 'Boss'); // the first account on a server is an admin
  pleb = await TelnetPlayer.connect(server.telnetPort);
  await createCharacter(pleb, 'Pleb');
  const launched = await launchChromium();
  if (launched.ok) browser = launched.browser;
  else {
    skipReason = launched.reason;
    console.log(`# admin page browser test skipped: ${skipReason}`);
  }
});
after(async () => {
  await browser?.close();
  await boss?.close();
  await pleb?.close();
  await server?.stop();
});

interface Reply {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

function http(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.httpPort, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const json = (body: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** A plain-HTTP SSE reader: collects each `data:` line's JSON. */
class SseReader {
  readonly events: Array<Record<string, unknown>> = [];
  readonly ids: string[] = [];
  status = 0;
  private buffer = '';
  private req: ReturnType<typeof request> | null = null;

  open(path: string, headers: Record<string, string>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.req = request({ host: '127.0.0.1', port: server.httpPort, path, headers }, (res) => {
        this.status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          this.buffer += chunk;
          let end: number;
          while ((end = this.buffer.indexOf('\n\n')) >= 0) {
            const frame = this.buffer.slice(0, end);
            this.buffer = this.buffer.slice(end + 2);
            const data = frame.split('\n').filter((l) => l.startsWith('data: '));
            assert.ok(data.length <= 1, 'one data: line per event');
            if (data[0]) this.events.push(JSON.parse(data[0].slice(6)) as Record<string, unknown>);
            const id = frame.split('\n').find((l) => l.startsWith('id: '));
            if (id) this.ids.push(id.slice(4));
          }
        });
        resolve();
      });
      this.req.on('error', reject);
      this.req.end();
    });
  }

  async waitFor(pred: (e: Record<string, unknown>) => boolean, ms = 5000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = this.events.find(pred);
      if (hit) return hit;
      if (Date.now() > deadline) assert.fail(`no matching event; got ${JSON.stringify(this.events.map((e) => e['type']))}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  close(): void {
    this.req?.destroy();
  }
}

test('unauthenticated requests get 401 (API) or the login form (page)', async () => {
  for (const path of ['/admin/api/overview', '/admin/events']) {
    const r = await http(path);
    assert.equal(r.status, 401, path);
    assert.match(String(r.headers['www-authenticate']), /^Bearer/);
  }
  const wrong = await http('/admin/api/overview', { headers: { Authorization: 'Bearer not-the-token-at-all' } });
  assert.equal(wrong.status, 401, 'a wrong bearer token is refused');
  const page = await http('/admin');
  assert.equal(page.status, 200);
  assert.match(page.body, /<form method="post" action="\/admin\/login"/);
  assert.doesNotMatch(page.body, /Signed in as/);
  assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
  assert.equal((await http('/admin/nope')).status, 404);
  assert.equal((await http('/admin/login')).status, 405, 'login is POST only');
  assert.equal((await http('/admin/api/overview', { method: 'POST' })).status, 405);
});

test('only admin accounts can sign in; the session is an HTTP-only cookie', async () => {
  assert.equal((await http('/admin/login', json({ name: 'Pleb', password: 'secret-pass' }))).status, 403, 'a player account is not an admin');
  assert.equal((await http('/admin/login', json({ name: 'Boss', password: 'wrong-pass' }))).status, 401);
  assert.equal((await http('/admin/login', json({ name: 'Boss' }))).status, 400);
  const cross = await http('/admin/login', { ...json({ name: 'Boss', password: 'secret-pass' }), headers: { 'Content-Type': 'application/json', Origin: 'http://evil.example' } });
  assert.equal(cross.status, 403, 'a cross-origin login post is refused');

  const ok = await http('/admin/login', json({ name: 'boss', password: 'secret-pass' }));
  assert.equal(ok.status, 200);
  assert.deepEqual(JSON.parse(ok.body), { ok: true, name: 'Boss' });
  const cookie = String(ok.headers['set-cookie']?.[0] ?? '');
  assert.match(cookie, /^myriad_admin=[A-Za-z0-9_-]{40,};/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.match(cookie, /Path=\/admin/);
  const session = cookie.split(';')[0]!;

  const page = await http('/admin', { headers: { Cookie: session } });
  assert.match(page.body, /Signed in as <strong>Boss<\/strong>/);
  const overview = await http('/admin/api/overview', { headers: { Cookie: session } });
  assert.equal(overview.status, 200);
  assert.equal((JSON.parse(overview.body) as { you: string }).you, 'Boss');

  // A form post (no JS) gets a redirect; logging out ends the session.
  const form = await http('/admin/login', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'name=Boss&password=secret-pass' });
  assert.equal(form.status, 303);
  assert.equal(form.headers.location, '/admin');
  const out = await http('/admin/logout', { method: 'POST', headers: { Cookie: session } });
  assert.equal(out.status, 303);
  assert.match(String(out.headers['set-cookie']?.[0]), /Max-Age=0/);
  assert.equal((await http('/admin/api/overview', { headers: { Cookie: session } })).status, 401, 'the old cookie no longer works');
});

test('sessions expire after SESSION_TTL_MS; a player promoted to admin can sign in', async () => {
  // A second admin (promoted in the store) so Boss's per-name login budget is left alone.
  const chief = await server.gateway.accounts.create('Chief', 'secret-pass', async () => false);
  assert.equal(chief.role, 'player');
  await server.gateway.store.updateAccount(chief.id, { role: 'admin' });
  let now = Date.now();
  const auth = new AdminAuth(server.gateway.accounts, '', () => now);
  assert.equal(auth.tokenEnabled, false, 'an empty token is off');
  const result = await auth.login('chief', 'secret-pass', '127.0.0.1');
  assert.ok(result.ok);
  const req = (cookie: string, authorization?: string) => ({ headers: { cookie, ...(authorization ? { authorization } : {}) } }) as unknown as IncomingMessage;
  const cookie = `${SESSION_COOKIE}=${result.token}`;
  assert.deepEqual(auth.identify(req(cookie)), { name: 'Chief', via: 'session' });
  assert.equal(auth.identify(req(cookie, 'Bearer anything-at-all-0123456789')), null, 'with the token off, no bearer is accepted');
  assert.equal(auth.identify(req(`${SESSION_COOKIE}=forged-token`)), null);
  now += SESSION_TTL_MS - 1000;
  assert.ok(auth.identify(req(cookie)), 'still valid just before the end');
  now += 2000;
  assert.equal(auth.identify(req(cookie)), null, 'expired');
  assert.equal(auth.sessionCount, 0, 'the expired session is gone from memory');
});

test('overview with the bearer token: health, connections, packs with versions', async () => {
  const r = await http('/admin/api/overview', { headers: { Authorization: `Bearer ${TOKEN}` } });
  assert.equal(r.status, 200);
  const o = JSON.parse(r.body) as {
    you: string;
    health: { status: string; checks: Record<string, { ok: boolean }> };
    connections: { total: number; byTransport: Record<string, number> };
    sessions: Array<{ name: string; role: string; connections: Array<{ transport: string }> }>;
    packs: Array<{ name: string; version: string; calls: number | null; faults: number | null }>;
  };
  assert.equal(o.you, 'token');
  assert.ok(['ok', 'degraded'].includes(o.health.status));
  assert.ok(o.health.checks['database'], 'the health report is included');
  assert.ok(o.connections.total >= 2);
  assert.ok((o.connections.byTransport['telnet'] ?? 0) >= 1 && (o.connections.byTransport['websocket'] ?? 0) >= 1);
  const bossRow = o.sessions.find((s) => s.name === 'Boss');
  assert.equal(bossRow?.role, 'admin');
  assert.equal(bossRow?.connections[0]?.transport, 'websocket');
  assert.equal(o.sessions.find((s) => s.name === 'Pleb')?.connections[0]?.transport, 'telnet');
  for (const pack of server.gateway.world.packs) {
    const row = o.packs.find((p) => p.name === pack.manifest.name);
    assert.equal(row?.version, pack.manifest.version, `${pack.manifest.name} is listed with its version`);
    assert.equal(typeof row?.faults, 'number');
  }
});

test('SSE: /admin/events streams committed events as one data: line each, filtered by prefix', async (t) => {
  const sse = new SseReader();
  t.after(() => sse.close());
  await sse.open('/admin/events?type=social.', { Authorization: `Bearer ${TOKEN}` });
  assert.equal(sse.status, 200);
  await new Promise((r) => setTimeout(r, 100));

  pleb.send('north'); // engine.entity_moved etc.: filtered out by type=social.
  await pleb.expect('The North Road');
  pleb.send('say hello sse');
  await pleb.expect('You say, "hello sse"');
  const say = await sse.waitFor((e) => e['type'] === 'social.say');
  assert.match(String(say['stream']), /^room:/);
  assert.equal(typeof say['position'], 'number');
  assert.equal((say['actor'] as { kind: string }).kind, 'character');
  assert.ok(
    sse.events.every((e) => String(e['type']).startsWith('social.')),
    `only social.* events: ${sse.events.map((e) => e['type']).join(', ')}`,
  );
  assert.equal(sse.ids.at(-1), String(say['position']), 'the SSE id is the event position');

  // Resuming from a position replays what came after it (Last-Event-ID works the same).
  const resumed = new SseReader();
  t.after(() => resumed.close());
  await resumed.open(`/admin/events?after=${Number(say['position']) - 1}&stream=room:`, { Authorization: `Bearer ${TOKEN}` });
  const again = await resumed.waitFor((e) => e['type'] === 'social.say');
  assert.equal(again['id'], say['id']);
  pleb.send('s');
  await pleb.expect('Emberford Square');
});

test('the admin page in chromium: sign in, see connections and packs, watch a say arrive', async (t) => {
  if (!browser) return t.skip(skipReason);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`http://127.0.0.1:${server.httpPort}/admin`);
  await page.fill('#name', 'Boss');
  await page.fill('#password', 'wrong-pass');
  await page.press('#password', 'Enter');
  await page.waitForSelector('#login-error:not(:empty)', { timeout: 10_000 });
  assert.match((await page.locator('#login-error').textContent()) ?? '', /Wrong name or password/);
  await page.fill('#name', 'Boss');
  await page.fill('#password', 'secret-pass');
  await page.press('#password', 'Enter');
  await page.waitForSelector('text=Signed in as');

  await page.waitForSelector('#health-status[data-state="ok"]', { timeout: 10_000 });
  await page.waitForSelector('#sessions tbody tr:has-text("Pleb")');
  await page.waitForSelector('#sessions tbody tr:has-text("Boss")');
  assert.match((await page.locator('#sessions tbody tr:has-text("Pleb")').textContent()) ?? '', /telnet/);
  await page.waitForSelector('#packs tbody tr[data-pack="rooms"]');
  const roomsVersion = server.gateway.world.packs.find((p) => p.manifest.name === 'rooms')!.manifest.version;
  assert.match((await page.locator('#packs tbody tr[data-pack="rooms"]').textContent()) ?? '', new RegExp(roomsVersion.replace(/\./g, '\\.')));

  // Filter to says, then a player speaks: it appears in the live stream.
  await page.fill('#f-type', 'social.');
  await page.click('#filter button[type="submit"]');
  await page.waitForSelector('#stream-state[data-state="live"]');
  assert.match(page.url(), /type=social\./, 'the filter is kept in the address');
  await new Promise((r) => setTimeout(r, 100));
  pleb.send('say hello admin page');
  const row = page.locator('#events li[data-type="social.say"]', { hasText: 'hello admin page' });
  await row.waitFor({ timeout: 10_000 });
  assert.match((await row.textContent()) ?? '', /Pleb says, "hello admin page"/);
  boss.send('pose nods.');
  await boss.expect('Boss nods.');
  await page.waitForTimeout(300);
  assert.equal(await page.locator('#events li[data-type^="engine."]').count(), 0, 'the type filter keeps engine events out');

  await screenshot(page, 'admin-monitor-desktop');
  await page.click('text=Sign out');
  await page.waitForSelector('#login-form');
  // The wrong password above is answered 401, which chromium logs; nothing else may go wrong.
  assert.deepEqual(
    errors.filter((e) => !/status of 401/.test(e)),
    [],
  );
});
