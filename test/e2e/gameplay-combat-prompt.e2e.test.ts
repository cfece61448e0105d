/**
 * A creature's blow between a player's commands (a combat line from the world
 * tick, not an answer to anything typed) is followed by a fresh prompt with the
 * new HP, ended with IAC EOR for a client that agreed to EOR — as MUD clients
 * expect, so TinTin++ or Mudlet redraw their prompt line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DO, DONT, IAC, WILL, WONT } from '../../engine/net/telnet/codes.ts';
import { RawTelnetClient } from '../fixtures/telnet-client.ts';
import { startTestServer } from '../support/server.ts';

const EOR = 25;
const EOR_CMD = 239;
const LIMITS = { commands: { count: 400, windowMs: 2_000 } };

test('a combat line between commands ends with a fresh vitals prompt and IAC EOR', async (t) => {
  const server = await startTestServer({ limits: LIMITS });
  t.after(() => server.stop());
  const client = await RawTelnetClient.connect(server.telnetPort, {
    negotiation(verb, option) {
      if (verb === WILL && option === EOR) return Uint8Array.of(IAC, DO, EOR);
      if (verb === DO) return Uint8Array.of(IAC, WONT, option);
      if (verb === WILL) return Uint8Array.of(IAC, DONT, option);
      return undefined;
    },
  });
  t.after(() => client.end());
  await client.waitForText('create <name> <password>', 5_000);
  client.send('create Alice secret-pass\r\n');
  await client.waitForText('Welcome, Alice!', 5_000);
  for (const [line, seen] of [
    ['confirm', ''],
    ['confirm', ''],
    ['east', 'The Crooked Lantern'],
    ['down', "The Lantern's Cellar"],
  ] as const) {
    client.send(`${line}\r\n`);
    if (seen) await client.waitForText(seen, 5_000);
    else await new Promise((r) => setTimeout(r, 300));
  }
  client.send('attack rat\r\n');
  await client.waitForText('You get ready an attack on the brown rat', 5_000);
  // From here on Alice types nothing: every line is the world's doing.
  const mark = client.events.length;
  await client.waitFor(() => /The brown rat (critically )?bites you/.test(textSince(client, mark)), 20_000, 'a rat bite');
  await client.waitFor(() => promptAfterBite(client, mark) !== null, 5_000, 'a prompt after the bite');
  const prompt = promptAfterBite(client, mark)!;
  const bite = /HP (\d+)\/(\d+)\./.exec(textSince(client, mark))!;
  assert.ok(bite, 'the bite says the HP left');
  assert.match(prompt, /^\[\d+\/\d+ hp \d+\/\d+ st\] > $/, 'the vitals prompt');
  const [, hp, max] = /^\[(\d+)\/(\d+) hp/.exec(prompt)!;
  assert.equal(max, bite[2]);
  assert.ok(Number(hp) <= Number(bite[1]), `the prompt shows HP after the bite (${hp} ≤ ${bite[1]})`);
});

/** Plain text received after event index `from`. */
function textSince(client: RawTelnetClient, from: number): string {
  return Buffer.concat(client.events.slice(from).flatMap((e) => (e.type === 'data' ? [Buffer.from(e.bytes)] : []))).toString('utf8');
}

/** The text of the first EOR-ended prompt after the first bite line, or null. */
function promptAfterBite(client: RawTelnetClient, from: number): string | null {
  let text = '';
  let bitten = false;
  let since = '';
  for (const e of client.events.slice(from)) {
    if (e.type === 'data') {
      const s = Buffer.from(e.bytes).toString('utf8');
      text += s;
      since += s;
      if (!bitten && /bites you/.test(text)) {
        bitten = true;
        since = text.slice(text.lastIndexOf('\n') + 1);
      }
    } else if (e.type === 'command' && e.command === EOR_CMD && bitten) {
      // eslint-disable-next-line no-control-regex
      const lastLine =
        since
          .replace(/\x1b\[[0-9;]*m/g, '')
          .split(/\r?\n/)
          .pop() ?? '';
      if (lastLine.length > 0) return lastLine;
    }
  }
  return null;
}
