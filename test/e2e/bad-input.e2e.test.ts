/**
 * Bad input gets a clear answer and costs nothing: overlong lines, bytes that are
 * not UTF-8, stray telnet IAC bytes, broken WebSocket JSON. The connection stays
 * usable and the server stays up.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../support/server.ts';
import { TelnetPlayer, WsPlayer, createCharacter } from '../support/players.ts';
import type { RunningServer } from '../../engine/gateway/server.ts';

let server: RunningServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

test('a line over 8 KiB is refused with a message and the connection is kept', async () => {
  const p = await TelnetPlayer.connect(server.telnetPort);
  await createCharacter(p, 'Overlong');
  p.send('say ' + 'x'.repeat(9000));
  await p.expect(/Line too long \(\d+ bytes; the limit is 8192\)/);
  p.send('say still here');
  await p.expect('You say, "still here"');
  await p.close();
});

test('bytes that are not UTF-8 and stray IAC bytes neither crash nor hang the connection', async () => {
  const p = await TelnetPlayer.connect(server.telnetPort);
  await createCharacter(p, 'Garbled');
  p.sendRaw(Buffer.from([0x73, 0x61, 0x79, 0x20, 0xc3, 0x28, 0xff, 0xfe, 0x80, 0x41, 0x0d, 0x0a])); // "say " + invalid UTF-8 + IAC DONT … + "A"
  p.sendRaw(Buffer.from([0xff, 0xfa, 0x18])); // an unterminated subnegotiation…
  p.sendRaw(Buffer.from([0xff, 0xf0])); // …closed again
  p.sendRaw(Buffer.from([0xff, 0xff, 0x0d, 0x0a])); // an escaped 0xFF data byte alone on a line
  p.send('say recovered');
  await p.expect('You say, "recovered"');
  p.send('look');
  await p.expect('Emberford Square');
  await p.close();
});

test('unknown and empty commands get clear answers', async () => {
  const p = await TelnetPlayer.connect(server.telnetPort);
  await createCharacter(p, 'Confused');
  p.send('frobnicate');
  await p.expect('Unknown command "frobnicate".');
  p.send('sya hi');
  await p.expect(/Did you mean "say"/);
  p.send('');
  p.send('help');
  await p.expect(/Commands/);
  await p.expect(/look\s+Describe the room/);
  await p.close();
});

test('broken WebSocket JSON and unknown message types get error messages; ping gets pong', async () => {
  const p = await WsPlayer.connect(server.httpPort);
  await p.expect(/create <name> <password>/);
  p.sendFrame('{"type":"input", "text": ');
  await p.expect(/ERROR NET_BAD_JSON: Could not parse that message as JSON/);
  p.sendFrame('{"type":"launch-missiles"}');
  await p.expect(/ERROR NET_BAD_MESSAGE: Unknown or malformed message: unknown message type "launch-missiles"/);
  p.sendFrame('[1,2,3]');
  await p.expect(/ERROR NET_BAD_MESSAGE/);
  p.sendFrame(JSON.stringify({ type: 'ping', id: 7 }));
  await waitFor(() => p.frames.some((f) => f['type'] === 'pong' && f['id'] === 7));
  p.send('create Wsuser good-password');
  await p.expect('Welcome, Wsuser!');
  await p.expect('Emberford Square');
  const output = p.frames.find((f) => f['type'] === 'output' && typeof f['text'] === 'string' && (f['text'] as string).startsWith('Emberford Square'));
  assert.ok(output, 'structured output frames carry the text');
  assert.ok(Array.isArray(output['spans']), 'and the styled spans');
  await p.close();
});

test('login mistakes are explained without entering the game', async () => {
  const p = await TelnetPlayer.connect(server.telnetPort);
  await p.expect(/create <name> <password>/);
  p.send('look');
  await p.expect(/You are not logged in yet/);
  p.send('create Al short');
  await p.expect('Names are letters only, 3 to 20 of them.');
  p.send('create R2d2 long-enough');
  await p.expect('Names are letters only, 3 to 20 of them.');
  p.send('create Shorty abc');
  await p.expect(/Passwords must be 8 to 128 characters/);
  p.send('connect');
  await p.expect('Usage: connect <name> <password>');
  await p.close();
});

async function waitFor(predicate: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}
