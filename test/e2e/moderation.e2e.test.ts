/**
 * Moderation over telnet (issue 18): an admin boots, bans (for a while and until
 * lifted), unbans, lists accounts and reads the audit. A ban closes every
 * connection of the account at once, keeps each new login out, lifts itself when
 * its time is up, and holds across a restart (it is stored); a player is refused
 * every moderation command. Bans by address keep an address out at connect
 * (telnet and WebSocket); a mute refuses talk commands and nothing else. The whole
 * of it runs on PGlite and, when it answers, on PostgreSQL.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import pg from 'pg';
import WebSocket from 'ws';
import { RawTelnetClient } from '../fixtures/telnet-client.ts';
import { launchChromium, screenshot, watchErrors } from '../support/browser.ts';
import { TelnetPlayer, createCharacter } from '../support/players.ts';
import { startTestServer, tempDataDir, type TestServerOptions } from '../support/server.ts';

/** Bob logs in a dozen times a minute here; the default allows 5 logins a name a minute. */
const BASE: TestServerOptions = { packs: ['rooms', 'social'], limits: { commands: { count: 400, windowMs: 2_000 }, loginsPerName: { count: 100, windowMs: 60_000 } } };

/** Log in as `name`; resolves with the player and the first answer after the password. */
async function attempt(port: number, name: string, players: TelnetPlayer[], password = 'secret-pass'): Promise<{ p: TelnetPlayer; answer: string }> {
  const p = await TelnetPlayer.connect(port);
  players.push(p);
  await p.expect(/connect <name> <password>/);
  p.send(`connect ${name} ${password}`);
  // The answer follows the login prompt ("> ") on its line.
  const pattern = /^(> )?(Welcome back, \w+\.|This account is banned .*|Wrong name or password\.)$/;
  let line: string;
  try {
    line = await p.expect(pattern, 20_000);
  } catch (e) {
    // A refusal closes the connection; the reader may see the close before the last text (5 ms copies).
    await new Promise((r) => setTimeout(r, 100));
    const found = p.lines().find((l) => pattern.test(l));
    if (!found) throw e;
    line = found;
  }
  const answer = line.replace(/^> /, '');
  // In the game once the room is shown (the session is attached: @boot and @ban find it).
  if (answer.startsWith('Welcome')) await p.expect(/^Exits:/, 20_000);
  return { p, answer };
}

/** Wait for the server to close a connection (a ban, a boot). */
async function closedBy(p: TelnetPlayer, reason: RegExp): Promise<void> {
  for (let i = 0; i < 400 && !p.closed; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(p.closed, true, 'the connection was closed');
  // The player's reader copies the socket's text every 5 ms: let it take the last of it.
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(
    p.lines().some((l) => reason.test(l)),
    `told why: ${reason} in ${JSON.stringify(p.lines().slice(-3))}`,
  );
}

const PG_URL = 'postgres://postgres@127.0.0.1:5432';

/** The store options of one backend: a PGlite data directory, or a fresh PostgreSQL database (null: PostgreSQL does not answer). */
async function backend(t: TestContext, kind: 'pglite' | 'postgres', name: string): Promise<Pick<TestServerOptions, 'dataDir' | 'databaseUrl'> | null> {
  if (kind === 'pglite') {
    const data = tempDataDir();
    t.after(() => data.remove());
    return { dataDir: data.dir };
  }
  const admin = new pg.Client({ connectionString: `${PG_URL}/postgres` });
  try {
    await admin.connect();
  } catch {
    t.diagnostic(`PostgreSQL does not answer at ${PG_URL}: this part ran on PGlite only`);
    return null;
  }
  const db = `i18c_${name}_${process.pid}`;
  await admin.query(`CREATE DATABASE ${db}`);
  // Registered after the scenario's servers stop (each stops in its own finally).
  t.after(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.end();
  });
  return { databaseUrl: `${PG_URL}/${db}` };
}

for (const kind of ['pglite', 'postgres'] as const) {
  test(`boot, ban for a while, ban until lifted across a restart, unban, accounts and audit (${kind})`, { timeout: 240_000 }, async (t) => {
    const store = await backend(t, kind, 'accounts');
    if (store) await accountScenario(store);
  });
  test(`ban by address at connect (telnet, WebSocket) across a restart; mute refuses talk only (${kind})`, { timeout: 240_000 }, async (t) => {
    const store = await backend(t, kind, 'address');
    if (store) await addressAndMuteScenario(store);
  });
}

async function accountScenario(store: Pick<TestServerOptions, 'dataDir' | 'databaseUrl'>): Promise<void> {
  const players: TelnetPlayer[] = [];
  let server = await startTestServer({ ...BASE, ...store });
  try {
    const ada = await TelnetPlayer.connect(server.telnetPort);
    players.push(ada);
    await createCharacter(ada, 'Ada'); // the first account: admin
    const bob = await TelnetPlayer.connect(server.telnetPort);
    players.push(bob);
    await createCharacter(bob, 'Bob');
    const bob2 = (await attempt(server.telnetPort, 'Bob', players)).p;

    bob.send('@ban Ada');
    await bob.expect('Only admins may use @ban.');
    ada.send('@ban Ada');
    await ada.expect('Ada is an admin; admins cannot be banned from the game.');
    ada.send('@ban Nobody 1h');
    await ada.expect('There is no account called Nobody.');
    ada.send('@ban Bob 400d');
    await ada.expect('A ban lasts 1 second to 366 days; for longer, give no duration (until @unban).');

    // @boot: every connection closed; they may come back.
    ada.send('@boot Bob flooding the square');
    await ada.expect('Bob is disconnected (2 connections).');
    await closedBy(bob, /^You have been disconnected by Ada: flooding the square$/);
    await closedBy(bob2, /^You have been disconnected by Ada: flooding the square$/);
    const back = await attempt(server.telnetPort, 'Bob', players);
    assert.equal(back.answer, 'Welcome back, Bob.');
    const again = (await attempt(server.telnetPort, 'Bob', players)).p;

    // @ban for 5 s: both connections closed, new logins refused, then it lifts.
    ada.send('@ban Bob 5s spamming');
    await ada.expect('Bob is banned for 5s (spamming); 2 connections closed.');
    await closedBy(back.p, /^This account is banned until \d{4}-\d\d-\d\d \d\d:\d\d UTC: spamming$/);
    await closedBy(again, /^This account is banned until .*: spamming$/);
    const refused = await attempt(server.telnetPort, 'Bob', players);
    assert.match(refused.answer, /^This account is banned until .*: spamming$/);
    ada.send('@accounts b*');
    await ada.expect('Accounts matching b* (1):');
    await ada.expect(/^\s+Bob\s+player\s+created \d{4}-\d\d-\d\d\s+BANNED until .*: spamming$/);
    let lifted = '';
    for (let i = 0; i < 30 && !lifted.startsWith('Welcome'); i++) {
      await new Promise((r) => setTimeout(r, 1_000));
      lifted = (await attempt(server.telnetPort, 'Bob', players)).answer;
    }
    assert.equal(lifted, 'Welcome back, Bob.', 'the ban lifted itself when its time was up');

    ada.send('@ban Bob griefing');
    await ada.expect(/^Bob is banned until @unban \(griefing\); 1 connection closed\.$/);
  } finally {
    await Promise.all(players.splice(0).map((p) => p.close()));
    await server.stop();
  }

  // Restart: the ban is stored.
  server = await startTestServer({ ...BASE, ...store });
  try {
    const refused = await attempt(server.telnetPort, 'Bob', players);
    assert.equal(refused.answer, 'This account is banned until an admin lifts it: griefing');
    const ada = (await attempt(server.telnetPort, 'Ada', players)).p;
    ada.send('@unban Bob');
    await ada.expect('Bob may log in again.');
    ada.send('@unban Bob');
    await ada.expect('Bob is not banned.');
    assert.equal((await attempt(server.telnetPort, 'Bob', players)).answer, 'Welcome back, Bob.');
    ada.send('@password Bob');
    const shown = await ada.expect(/^Bob's temporary password is \S+ \(shown once; give it to them privately\)\.$/);
    const temporary = /is (\S+) \(/.exec(shown)![1]!;
    assert.match(temporary, /^[a-km-zA-HJ-NP-Z2-9]{12}$/);
    assert.equal((await attempt(server.telnetPort, 'Bob', players)).answer, 'Wrong name or password.', 'the old password no longer works');
    assert.equal((await attempt(server.telnetPort, 'Bob', players, temporary)).answer, 'Welcome back, Bob.');
    ada.send('@audit');
    await ada.expect('The last 5 admin actions, newest first:');
    await ada.expect(/^\s+.*  Ada  password Bob \(temporary password set\)$/);
    await ada.expect(/^\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d  Ada  unban Bob$/);
    await ada.expect(/^\s+.*  Ada  ban Bob \(until lifted: griefing\)$/);
    await ada.expect(/^\s+.*  Ada  ban Bob \(5s: spamming\)$/);
    await ada.expect(/^\s+.*  Ada  boot Bob \(flooding the square\)$/);
    ada.send('help @ban');
    await ada.expect('@ban <name|address> [duration] [reason] (admin)');
  } finally {
    await Promise.all(players.splice(0).map((p) => p.close()));
    await server.stop();
  }
}

/** A telnet connection from another loopback address (127.0.0.2): what an address ban sees. */
function connectFrom(localAddress: string, port: number): Promise<RawTelnetClient> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress });
    socket.once('connect', () => resolve(RawTelnetClient.over(socket)));
    socket.once('error', reject);
  });
}

/** A WebSocket upgrade's refusal: the HTTP status and body (the upgrade never opens). */
function wsRefusal(port: number, localAddress: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { localAddress });
    ws.once('open', () => reject(new Error('the WebSocket opened')));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once('error', reject);
  });
}

async function addressAndMuteScenario(store: Pick<TestServerOptions, 'dataDir' | 'databaseUrl'>): Promise<void> {
  const opts: TestServerOptions = { ...BASE, ...store, packs: ['rooms', 'social', 'comms'] };
  const players: TelnetPlayer[] = [];
  const raws: RawTelnetClient[] = [];
  let server = await startTestServer(opts);
  try {
    const ada = await TelnetPlayer.connect(server.telnetPort);
    players.push(ada);
    await createCharacter(ada, 'Ada');
    const bob = await TelnetPlayer.connect(server.telnetPort);
    players.push(bob);
    await createCharacter(bob, 'Bob');

    // A player from 127.0.0.2, in the game when the ban comes.
    const cal = await connectFrom('127.0.0.2', server.telnetPort);
    raws.push(cal);
    await cal.waitForText('connect <name> <password>', 20_000);
    cal.send('create Cal secret-pass\r\n');
    await cal.waitForText('Exits:', 20_000);

    ada.send('@ban 127.0.0.300');
    await ada.expect('127.0.0.300 is neither an account name nor an address (203.0.113.7, 198.51.100.0/24, 2001:db8::/32; a block of /1 or more).');
    ada.send('@ban 127.0.0.2/0');
    await ada.expect(/^127\.0\.0\.2\/0 is neither an account name nor an address/);
    ada.send('@ban 127.0.0.2 5s spam bots');
    await ada.expect(/^Connections from 127\.0\.0\.2 are banned for 5s \(spam bots\); 1 connection closed\.$/);
    await cal.waitFor(() => cal.closed, 20_000, 'the banned connection to close');
    assert.match(cal.text, /Connections from your address are banned until \d{4}-\d\d-\d\d \d\d:\d\d UTC: spam bots/);
    const refused = await connectFrom('127.0.0.2', server.telnetPort);
    raws.push(refused);
    await refused.waitFor(() => refused.closed, 20_000, 'a new connection from the banned address to be closed');
    assert.match(refused.text, /^Connections from your address are banned until .*: spam bots\r\n$/, 'one line, then closed');
    // Other addresses are not touched.
    assert.equal(bob.closed, false);
    let back: RawTelnetClient | null = null;
    for (let i = 0; i < 30 && !back; i++) {
      await new Promise((r) => setTimeout(r, 1_000));
      const c = await connectFrom('127.0.0.2', server.telnetPort);
      raws.push(c);
      await c.waitFor(() => c.closed || c.text.includes('connect <name>'), 20_000, 'an answer');
      if (!c.closed) back = c;
    }
    assert.ok(back, 'the 5 s ban lifted itself');

    // A CIDR block (127.0.0.4 to .7), until lifted; a WebSocket from it is refused with 403 and the line.
    ada.send('@ban 127.0.0.4/30 botnet');
    await ada.expect('Connections from 127.0.0.4/30 are banned until @unban (botnet).');
    const ws = await wsRefusal(server.httpPort, '127.0.0.5');
    assert.equal(ws.status, 403);
    assert.match(ws.body, /^Connections from your address are banned until an admin lifts it: botnet/);

    // @mute: talk refused with a clear line, the rest of the game still works.
    bob.send('@mute Ada');
    await bob.expect('Only admins may use @mute.');
    ada.send('@mute Ada');
    await ada.expect('Ada is an admin; admins cannot be muted.');
    ada.send('@mute Bob 1h shouting');
    await ada.expect('Bob is muted for 1h (shouting).');
    await bob.expect(/^Ada has muted you until .* UTC: shouting\. You can still play, but not talk\.$/);
    for (const line of ['say hello', 'pose waves', 'tell Ada hi', 'shout hey', 'chat hi all']) {
      bob.send(line);
      await bob.expect(/^You are muted until \d{4}-\d\d-\d\d \d\d:\d\d UTC: shouting\. You can still play, but not talk\.$/);
    }
    bob.send('look');
    await bob.expect(/^Exits:/);
    ada.send('say still here');
    await ada.expect('You say, "still here"');
    ada.send('@mute Bob shouting');
    await ada.expect('Bob is muted until @unmute (shouting).');
  } finally {
    for (const r of raws) r.end();
    await Promise.all(players.splice(0).map((p) => p.close()));
    await server.stop();
  }

  // Restart: the block ban and the mute are stored.
  server = await startTestServer(opts);
  try {
    const ws = await wsRefusal(server.httpPort, '127.0.0.6');
    assert.equal(ws.status, 403, 'the address ban held across the restart');
    const bob = (await attempt(server.telnetPort, 'Bob', players)).p;
    bob.send('say hello');
    await bob.expect(/^You are muted until an admin lifts it: shouting\./);
    const ada = (await attempt(server.telnetPort, 'Ada', players)).p;
    ada.send('@unmute Bob');
    await ada.expect('Bob can talk again.');
    await bob.expect('Ada has lifted your mute; you can talk again.');
    bob.send('say hello');
    await bob.expect('You say, "hello"');
    ada.send('@unban 127.0.0.4/30');
    await ada.expect('Connections from 127.0.0.4/30 are allowed again.');
    ada.send('@unban 127.0.0.4/30');
    await ada.expect('127.0.0.4/30 is not banned.');
    ada.send('@audit 6');
    await ada.expect('The last 6 admin actions, newest first:');
    await ada.expect(/^\s+.*  Ada  unban 127\.0\.0\.4\/30$/);
    await ada.expect(/^\s+.*  Ada  unmute Bob$/);
    await ada.expect(/^\s+.*  Ada  mute Bob \(until lifted: shouting\)$/);
    await ada.expect(/^\s+.*  Ada  mute Bob \(1h: shouting\)$/);
    await ada.expect(/^\s+.*  Ada  ban 127\.0\.0\.4\/30 \(until lifted: botnet\)$/);
    await ada.expect(/^\s+.*  Ada  ban 127\.0\.0\.2 \(5s: spam bots\)$/);
    ada.send('help @mute');
    await ada.expect('@mute <name> [duration] [reason] (admin)');
  } finally {
    await Promise.all(players.splice(0).map((p) => p.close()));
    await server.stop();
  }
}

test('the admin page in chromium: mute, unmute, boot, ban, unban, temporary password and an address ban, each felt by a telnet player and audited', { timeout: 240_000 }, async (t) => {
  const launched = await launchChromium();
  assert.ok(launched.ok, launched.ok ? '' : launched.reason);
  const browser = launched.browser;
  t.after(() => browser.close());
  const data = tempDataDir();
  t.after(() => data.remove());
  const players: TelnetPlayer[] = [];
  const raws: RawTelnetClient[] = [];
  const server = await startTestServer({ ...BASE, dataDir: data.dir });
  try {
    const ada = await TelnetPlayer.connect(server.telnetPort);
    players.push(ada);
    await createCharacter(ada, 'Ada');
    const bob = await TelnetPlayer.connect(server.telnetPort);
    players.push(bob);
    await createCharacter(bob, 'Bob');

    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    const errors = watchErrors(page);
    await page.goto(`http://127.0.0.1:${server.httpPort}/admin`);
    await page.fill('#name', 'Ada');
    await page.fill('#password', 'secret-pass');
    await page.press('#password', 'Enter');
    await page.waitForSelector('text=Signed in as');
    const row = '#accounts tbody tr[data-account="Bob"]';
    await page.waitForSelector(row, { timeout: 20_000 });
    const result = async (pattern: RegExp): Promise<void> => {
      await page.waitForFunction((source) => new RegExp(source).test(document.getElementById('moderation-result')?.textContent ?? ''), pattern.source, { timeout: 20_000 });
    };

    // Mute for an hour: Bob is told, his say is refused, his look is not.
    await page.fill('#m-duration', '1h');
    await page.fill('#m-reason', 'spam');
    await page.click(`${row} button[data-action="mute"]`);
    await result(/^Bob is muted for 1h \(spam\)\.$/);
    await bob.expect(/^Ada has muted you until .* UTC: spam\. You can still play, but not talk\.$/);
    bob.send('say hello');
    await bob.expect(/^You are muted until .*: spam\. You can still play, but not talk\.$/);
    await page.waitForSelector('#mutes tbody tr[data-mute="Bob"]', { timeout: 20_000 });
    await page.click(`${row} button[data-action="unmute"]`);
    await result(/^Bob can talk again\.$/);
    bob.send('say hello');
    await bob.expect('You say, "hello"');

    // Boot, then a ban until lifted: the telnet player is closed with the reason.
    await page.fill('#m-duration', '');
    await page.click(`${row} button[data-action="boot"]`);
    await result(/^Bob is disconnected \(1 connection\)\.$/);
    await closedBy(bob, /^You have been disconnected by Ada: spam$/);
    const back = await attempt(server.telnetPort, 'Bob', players);
    assert.equal(back.answer, 'Welcome back, Bob.');
    await page.fill('#m-reason', 'griefing');
    await page.click(`${row} button[data-action="ban"]`);
    await result(/^Bob is banned until @unban \(griefing\); 1 connection closed\.$/);
    await closedBy(back.p, /^This account is banned until an admin lifts it: griefing$/);
    assert.equal((await attempt(server.telnetPort, 'Bob', players)).answer, 'This account is banned until an admin lifts it: griefing');
    await page.click('#bans tbody tr[data-ban="Bob"] button[data-action="unban"]');
    await result(/^Bob may log in again\.$/);
    assert.equal((await attempt(server.telnetPort, 'Bob', players)).answer, 'Welcome back, Bob.');

    // A temporary password, shown once on the page; the old one stops working.
    await page.click(`${row} button[data-action="password"]`);
    await result(/^Bob's temporary password is \S+ \(shown once/);
    const temporary = /is (\S+) \(/.exec((await page.locator('#moderation-result').textContent()) ?? '')![1]!;
    assert.equal((await attempt(server.telnetPort, 'Bob', players)).answer, 'Wrong name or password.');
    assert.equal((await attempt(server.telnetPort, 'Bob', players, temporary)).answer, 'Welcome back, Bob.');

    // An address typed in the form: connections from it are refused at connect until unbanned.
    await page.fill('#m-target', '127.0.0.2');
    await page.fill('#m-reason', 'bots');
    await page.click('#moderate button[data-action="ban"]');
    await result(/^Connections from 127\.0\.0\.2 are banned until @unban \(bots\)\.$/);
    const refused = await connectFrom('127.0.0.2', server.telnetPort);
    raws.push(refused);
    await refused.waitFor(() => refused.closed, 20_000, 'the banned address to be closed');
    assert.match(refused.text, /^Connections from your address are banned until an admin lifts it: bots\r\n$/);
    await page.click('#bans tbody tr[data-ban="127.0.0.2"] button[data-action="unban"]');
    await result(/^Connections from 127\.0\.0\.2 are allowed again\.$/);
    const allowed = await connectFrom('127.0.0.2', server.telnetPort);
    raws.push(allowed);
    await allowed.waitForText('connect <name> <password>', 20_000);

    // Unknown account: a clear line, nothing done.
    await page.fill('#m-target', 'Nobody');
    await page.click('#moderate button[data-action="mute"]');
    await result(/^There is no account called Nobody\.$/);

    // Every click is in the audit, by the admin who clicked.
    await page.waitForSelector('#audit tbody tr:has-text("unban") >> text=127.0.0.2', { timeout: 20_000 });
    const audit = (await page.locator('#audit tbody').textContent()) ?? '';
    for (const action of ['mute', 'unmute', 'boot', 'ban', 'password']) assert.match(audit, new RegExp(`Ada${action}Bob`), `${action} in the audit: ${audit}`);
    await screenshot(page, 'admin-moderation');
    // Chromium logs the one refused action's 400 (Nobody) as a console error; nothing else may appear.
    assert.deepEqual(
      errors.filter((e) => !/status of 400/.test(e)),
      [],
    );
    assert.equal(errors.length, 1);
  } finally {
    for (const r of raws) r.end();
    await Promise.all(players.splice(0).map((p) => p.close()));
    await server.stop();
  }
});
