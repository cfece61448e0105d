/**
 * Host-level commands in the game: per-player aliases (kept with the account),
 * help listing them, and the admin commands — @packs, @announce, @reload and
 * @shutdown — refused to players and obeyed for the admin (the first account).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DO, DONT, IAC, WILL, WONT } from '../../engine/net/telnet/codes.ts';
import { RawTelnetClient } from '../fixtures/telnet-client.ts';
import { TelnetPlayer, createCharacter } from '../support/players.ts';
import { startTestServer } from '../support/server.ts';

test('aliases, help, and the admin commands', async (t) => {
  const server = await startTestServer();
  t.after(() => server.stop());
  const alice = await TelnetPlayer.connect(server.telnetPort);
  t.after(() => alice.close());
  await createCharacter(alice, 'Alice'); // the first account: admin
  let bob = await TelnetPlayer.connect(server.telnetPort);
  t.after(() => bob.close());
  await createCharacter(bob, 'Bob');

  await t.test('alias makes, lists, expands (with the rest of the line) and removes shortcuts', async () => {
    bob.skip();
    bob.send('alias');
    await bob.expect('You have no aliases. Make one with: alias gs = go south');
    bob.send('alias gn = go north');
    await bob.expect('Alias gn = go north.');
    bob.send('alias greet = say hello');
    await bob.expect('Alias greet = say hello.');
    bob.send('alias');
    await bob.expect('Your aliases (2):');
    await bob.expect(/^\s+gn\s+= go north$/);

    alice.skip();
    bob.send('greet everyone');
    await alice.expect('Bob says, "hello everyone"');
    bob.send('gn');
    await bob.expect('The North Road');
    bob.send('s');
    await bob.expect('Emberford Square');

    bob.send('alias quit = look');
    await bob.expect('"quit" cannot be an alias: it always means itself.');
    bob.send('alias gn = ');
    await bob.expect('Alias gn = what?');
    bob.send('unalias gn');
    await bob.expect('Alias gn removed.');
    bob.send('gn');
    await bob.expect('Unknown command "gn".');
    bob.send('unalias gn');
    await bob.expect('You have no alias "gn".');
  });

  await t.test('aliases are kept with the account across a reconnect', async () => {
    await bob.close();
    bob = await TelnetPlayer.connect(server.telnetPort);
    await bob.expect(/connect <name> <password>/);
    bob.send('connect Bob secret-pass');
    await bob.expect('Welcome back, Bob.');
    bob.skip();
    bob.send('alias greet');
    await bob.expect('greet = say hello');
  });

  await t.test('help lists alias for everyone and the @commands for admins only', async () => {
    bob.skip();
    bob.send('help');
    await bob.expect('Your aliases (kept with your account):');
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(!bob.lines().some((l) => l.includes('Admin commands')), 'players are not shown the admin commands');
    alice.skip();
    alice.send('help');
    await alice.expect(/^\s+say\s/);
    await alice.expect('Admin commands (host level, admins only):');
    await alice.expect(/^\s+@packs \[unquarantine <pack>\]\s+Each pack/);
    await alice.expect(/^\s+@shutdown \[message\]\s+Tell everyone/);
    alice.send('help @announce');
    await alice.expect('@announce <text> (admin)');
    bob.send('help @announce');
    await bob.expect('No help for "@announce"');
  });

  await t.test('help over telnet is one answer: all of it before the prompt (IAC EOR), the @commands for admins only', async () => {
    for (const [name, admin] of [
      ['Alice', true],
      ['Bob', false],
    ] as const) {
      const client = await eorClient(server.telnetPort);
      t.after(() => client.end());
      await client.waitForText('connect <name> <password>', 5_000);
      client.send(`connect ${name} secret-pass\r\n`);
      await client.waitForText(`Welcome back, ${name}.`, 5_000);
      await client.waitForText('Exits:', 5_000);
      await new Promise((r) => setTimeout(r, 300)); // the entry's own prompt
      const mark = client.events.length;
      client.send('help\r\n');
      await client.waitFor(() => textUpToEor(client, mark) !== null, 5_000, 'the prompt after help');
      const answer = textUpToEor(client, mark)!;
      await new Promise((r) => setTimeout(r, 300)); // anything late would arrive by now
      const after = textSince(client, mark).slice(answer.length);
      assert.match(answer, /Commands \(type "help <command>" for more\):/, `${name}: the pack commands`);
      assert.match(answer, /^\s+say\s/m, `${name}: say is listed`);
      assert.match(answer, /Your aliases \(kept with your account\):\r?\n\s+alias <name> = <command>\s+Make a shortcut/, `${name}: the aliases, before the prompt`);
      assert.equal(/Admin commands \(host level, admins only\):\r?\n\s+@packs/.test(answer), admin, `${name}: the @commands ${admin ? 'listed' : 'hidden'}`);
      assert.doesNotMatch(after, /alias|@packs|Commands/, `${name}: nothing of help after the prompt: ${JSON.stringify(after)}`);
      for (const [line, expected] of [
        ['help alias', /alias <name> = <command>\r?\nMake a shortcut/],
        ['help @announce', admin ? /@announce <text> \(admin\)\r?\nSend a message to everyone online\./ : /No help for "@announce"/],
      ] as const) {
        const from = client.events.length;
        client.send(`${line}\r\n`);
        await client.waitFor(() => textUpToEor(client, from) !== null, 5_000, `the prompt after ${line}`);
        assert.match(textUpToEor(client, from)!, expected, `${name}: ${line}, then the prompt`);
      }
    }
  });

  await t.test('players are refused the admin commands', async () => {
    bob.skip();
    for (const verb of ['@packs', '@reload', '@announce', '@shutdown']) {
      bob.send(`${verb} now`);
      await bob.expect(`Only admins may use ${verb}.`);
    }
    assert.equal(server.gateway.isStopping, false);
  });

  await t.test('@packs shows each pack with its figures', async () => {
    alice.skip();
    alice.send('@packs');
    await alice.expect(/^Packs \(\d+ loaded; counts since the last load\):$/);
    await alice.expect(/^\s+pack\s+version\s+calls\s+mean ms\s+faults\s+denied\s+status$/);
    const rooms = await alice.expect(/^\s+rooms\s+\d+\.\d+\.\d+\s+\d+\s+[\d.]+\s+0\s+0\s+ok$/);
    assert.ok(Number(rooms.trim().split(/\s+/)[2]) > 0, `rooms has calls: ${rooms}`);
    await alice.expect(/^\s+social\s+\d+\.\d+\.\d+\s+\d+\s+/);
  });

  await t.test('@announce reaches everyone online', async () => {
    bob.skip();
    alice.send('@announce The inn opens at dusk.');
    await bob.expect('Announcement from Alice: The inn opens at dusk.');
    await alice.expect('Announcement from Alice: The inn opens at dusk.');
    alice.send('@announce');
    await alice.expect('Usage: @announce <text>');
  });

  await t.test('@reload swaps the packs in while players stay connected', async () => {
    alice.skip();
    alice.send('@reload');
    await alice.expect('Reloading packs...');
    await alice.expect(/^Packs reloaded in \d+ ms: .*rooms@\d+\.\d+\.\d+.*social@/, 15_000);
    alice.skip();
    bob.send('say still here');
    await alice.expect('Bob says, "still here"');
  });

  await t.test('@shutdown tells everyone, then stops the server cleanly', async () => {
    bob.skip();
    alice.send('@shutdown Back in five minutes');
    await bob.expect('Back in five minutes (the server is shutting down - Alice)');
    await server.stop(); // the same stop @shutdown started: resolves when it is done
    assert.equal(server.gateway.isStopping, true);
    const deadline = Date.now() + 3000;
    while (!bob.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(bob.closed, 'connections are closed');
    await assert.rejects(TelnetPlayer.connect(server.telnetPort), /ECONNREFUSED/, 'the telnet listener is closed');
  });
});

const EOR = 25;
const EOR_CMD = 239;

/** A raw telnet client that agrees to EOR (as TinTin++ and Mudlet do), so prompts end with IAC EOR. */
function eorClient(port: number): Promise<RawTelnetClient> {
  return RawTelnetClient.connect(port, {
    negotiation(verb, option) {
      if (verb === WILL && option === EOR) return Uint8Array.of(IAC, DO, EOR);
      if (verb === DO) return Uint8Array.of(IAC, WONT, option);
      if (verb === WILL) return Uint8Array.of(IAC, DONT, option);
      return undefined;
    },
  });
}

/** Plain text received from event index `from` (up to `to`), ANSI colours removed. */
function textSince(client: RawTelnetClient, from: number, to = client.events.length): string {
  const text = Buffer.concat(client.events.slice(from, to).flatMap((e) => (e.type === 'data' ? [Buffer.from(e.bytes)] : []))).toString('utf8');
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

/** The text from event index `from` up to the first IAC EOR (the prompt's end), or null before it arrives. */
function textUpToEor(client: RawTelnetClient, from: number): string | null {
  const eor = client.events.findIndex((e, i) => i >= from && e.type === 'command' && e.command === EOR_CMD);
  return eor < 0 ? null : textSince(client, from, eor);
}
