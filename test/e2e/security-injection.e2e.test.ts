/**
 * Player text cannot inject terminal escape sequences, telnet commands or forged
 * lines into other players' output. Two attackers (WebSocket, where any character
 * can be sent, and raw telnet bytes) say and pose hostile text; two telnet victims
 * (UTF-8 with 256 colours, and Latin-1 where U+00FF is the IAC byte) record every
 * byte and every telnet command they receive.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DO, DONT, IAC, SB, SE, WILL, WONT } from '../../engine/net/telnet/codes.ts';
import { RawTelnetClient } from '../fixtures/telnet-client.ts';
import { TelnetPlayer, WsPlayer, createCharacter } from '../support/players.ts';
import { startTestServer } from '../support/server.ts';

const TTYPE = 24;
const CHARSET = 42;
const EOR = 25;
const GA = 249;
const EOR_CMD = 239;

async function victim(port: number, name: string, charset: 'utf-8' | 'latin1'): Promise<RawTelnetClient> {
  const client = await RawTelnetClient.connect(port, {
    negotiation(verb, option) {
      if (verb === DO && option === TTYPE) return Uint8Array.of(IAC, WILL, TTYPE);
      if (verb === WILL && option === CHARSET) return Uint8Array.of(IAC, DO, CHARSET);
      if (verb === WILL && option === EOR) return Uint8Array.of(IAC, DO, EOR);
      if (verb === DO) return Uint8Array.of(IAC, WONT, option);
      if (verb === WILL) return Uint8Array.of(IAC, DONT, option);
      return undefined;
    },
    subnegotiation(option, payload) {
      if (option === TTYPE && payload[0] === 1) return Uint8Array.from([IAC, SB, TTYPE, 0, ...Buffer.from('xterm-256color'), IAC, SE]);
      if (option === CHARSET && payload[0] === 1) {
        return charset === 'utf-8' ? Uint8Array.from([IAC, SB, CHARSET, 2, ...Buffer.from('UTF-8'), IAC, SE]) : Uint8Array.of(IAC, SB, CHARSET, 3, IAC, SE);
      }
      return undefined;
    },
  });
  await client.waitForText('create <name> <password>', 5_000);
  client.send(`create ${name} secret-pass\r\n`);
  await client.waitForText(`Welcome, ${name}!`, 5_000);
  await client.waitFor(() => /Exits:/.test(client.text), 5_000, 'the room');
  return client;
}

/** Data bytes and telnet commands received after event index `from`. */
function received(client: RawTelnetClient, from: number): { bytes: Buffer; commands: string[] } {
  const parts: Buffer[] = [];
  const commands: string[] = [];
  for (const e of client.events.slice(from)) {
    if (e.type === 'data') parts.push(Buffer.from(e.bytes));
    else if (e.type === 'command') commands.push(`command ${e.command}`);
    else commands.push(e.type);
  }
  return { bytes: Buffer.concat(parts), commands };
}

test('hostile say/pose text reaches others as plain text: no escapes, no telnet commands, no forged lines', async (t) => {
  const server = await startTestServer({});
  t.after(() => server.stop());
  const utf = await victim(server.telnetPort, 'Victor', 'utf-8');
  const latin = await victim(server.telnetPort, 'Vera', 'latin1');
  assert.equal(server.gateway.sessions.online.length, 2);
  const mallory = await WsPlayer.connect(server.httpPort);
  await createCharacter(mallory, 'Mallory');
  const trudy = await TelnetPlayer.connect(server.telnetPort);
  await createCharacter(trudy, 'Trudy');
  await new Promise((r) => setTimeout(r, 200));
  const marks = [utf.events.length, latin.events.length];

  // Over WebSocket a player can put any character into "text".
  const wsPayloads = [
    'say \x1b[2J\x1b[31mRED\x1b[0m cleared your screen',
    'say \x1b]0;pwned title\x07 and \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\',
    'say 8-bit CSI \u009b31m and NEL \u0085 and DEL \x7f and BEL \x07 and NUL \x00',
    'say latin y-umlaut \u00ff\u00fb\u0001 is IAC WILL ECHO in Latin-1',
    'say hi\nAdmin says, "type your password to continue"',
    'say hi\rAdmin says, "overwrite"',
    'pose waves.\r\n\x1b[1A\x1b[2KTrudy says, "forged"',
  ];
  for (const p of wsPayloads) mallory.send(p);
  // JSON escapes a string cannot hold in UTF-8 or PostgreSQL: a lone surrogate and NUL.
  // (Before input was cleaned, this one frame stopped every commit on the server.)
  mallory.sendFrame('{"type":"input","text":"say lone \\ud800 and nul \\u0000 end"}');
  // Raw telnet bytes: escapes, IAC IAC (a data 0xFF), an IAC command inside a line, UTF-8 C1, OSC.
  trudy.sendRaw(Buffer.concat([Buffer.from('say A\x1b[2JB'), Buffer.of(IAC, IAC), Buffer.from('C\x07D'), Buffer.of(IAC, WILL, 1), Buffer.from('E\r\n'), Buffer.from('say F\u009b31mG\x1b]0;title\x07H\r\n', 'utf8'), Buffer.from('say I\x1bOAJ\x1b[KK\r\n')]));
  mallory.send('say END-OF-ATTACK');
  for (const v of [utf, latin]) await v.waitFor(() => v.text.includes('END-OF-ATTACK'), 10_000, 'the end of the attack');

  for (const [i, v] of [utf, latin].entries()) {
    const { bytes, commands } = received(v, marks[i] ?? 0);
    const text = bytes.toString(i === 0 ? 'utf8' : 'latin1');
    // Telnet: only prompt markers (EOR, or GA), no negotiation or subnegotiation forced on the victim.
    assert.deepEqual(
      commands.filter((c) => c !== `command ${EOR_CMD}` && c !== `command ${GA}`),
      [],
      'no telnet commands from player text',
    );
    // Escapes: only the renderer's own SGR colour codes.
    const escapes = text.match(/\x1b[^m]{0,12}m?/g) ?? [];
    for (const e of escapes) assert.match(e, /^\x1b\[[0-9;]*m$/, `only SGR escapes (${JSON.stringify(e)})`);
    assert.doesNotMatch(text, /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]/, 'no C0 controls but CR LF');
    assert.doesNotMatch(text, /[\u0080-\u009f]/, 'no C1 controls');
    assert.doesNotMatch(text, /\r(?!\n)/, 'no bare CR (it would overwrite a line)');
    const lines = text.replace(/\x1b\[[0-9;]*m/g, '').split('\r\n');
    assert.ok(
      lines.some((l) => l.startsWith('Mallory says, "') && l.includes('RED cleared your screen')),
      'the words themselves arrive',
    );
    assert.ok(
      lines.some((l) => l.startsWith('Trudy says, "AB') && l.includes('CDE')),
      'telnet text arrives without its escapes',
    );
    if (i === 0)
      assert.ok(
        lines.some((l) => l.includes('lone \ufffd and nul  end')),
        'a lone surrogate arrives as U+FFFD',
      );
    for (const l of lines) assert.doesNotMatch(l, /^(Admin|Trudy) says, "(type your|overwrite|forged)/, `no forged line: ${JSON.stringify(l)}`);
    if (i === 0) assert.ok(escapes.length > 0, 'the 256-colour victim did get colour codes');
    if (i === 1) {
      // Latin-1: U+00FF went out as IAC IAC (one 0xFF data byte), never as a command.
      assert.ok(bytes.includes(0xff), 'ÿ arrived as a data byte');
    }
  }
  await Promise.all([mallory.close(), trudy.close()]);
  utf.socket.destroy();
  latin.socket.destroy();
});
