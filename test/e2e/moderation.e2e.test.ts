/**
 * Moderation over telnet (issue 18): an admin boots, bans (for a while and until
 * lifted), unbans, lists accounts and reads the audit. A ban closes every
 * connection of the account at once, keeps each new login out, lifts itself when
 * its time is up, and holds across a restart (it is stored); a player is refused
 * every moderation command.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
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

test('boot, ban for a while, ban until lifted across a restart, unban, accounts and audit', { timeout: 240_000 }, async (t) => {
  const data = tempDataDir();
  t.after(() => data.remove());
  const players: TelnetPlayer[] = [];
  let server = await startTestServer({ ...BASE, dataDir: data.dir });
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
  server = await startTestServer({ ...BASE, dataDir: data.dir });
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
    await ada.expect('@ban <name> [duration] [reason] (admin)');
  } finally {
    await Promise.all(players.splice(0).map((p) => p.close()));
    await server.stop();
  }
});
