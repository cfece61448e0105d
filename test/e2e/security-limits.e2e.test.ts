/**
 * Flood and exhaustion limits against a real server over real sockets: the
 * per-connection command rate (warning, then disconnect), connections per address,
 * new connections per address, the pre-login and idle timeouts, and slow readers
 * on telnet and WebSocket (output cap, then disconnect).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import WebSocket from 'ws';
import { RawTelnetClient } from '../fixtures/telnet-client.ts';
import { TelnetPlayer, WsPlayer, createCharacter } from '../support/players.ts';
import { startTestServer } from '../support/server.ts';

async function waitUntil(predicate: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function wsStatus(port: number): Promise<number | 'open'> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    ws.once('open', () => {
      resolve('open');
      ws.terminate();
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.once('error', (e) => {
      if (!/Unexpected server response/.test(e.message)) reject(e);
    });
  });
}

test('a command flood gets one polite warning, then the connection is closed', async (t) => {
  const server = await startTestServer({ limits: { commands: { count: 20, windowMs: 2_000 }, floodDisconnectAfter: 50 } });
  t.after(() => server.stop());
  const flooder = await TelnetPlayer.connect(server.telnetPort);
  const bystander = await TelnetPlayer.connect(server.telnetPort);
  await createCharacter(bystander, 'Bystander');
  await createCharacter(flooder, 'Flooder');

  flooder.skip();
  // 200 lines in one write: 20 run (the burst), the next 50 are refused, then the door closes.
  flooder.sendRaw(Array.from({ length: 200 }, (_, i) => `say flood ${i}\r\n`).join(''));
  await flooder.expect(/You are sending commands too fast \(the limit is 10 a second\); that line was ignored/);
  await flooder.expect(/Disconnected: 50 commands were sent too fast/);
  await waitUntil(() => flooder.closed, 3000, 'the flooder to be disconnected');
  const text = flooder.lines().join('\n');
  assert.equal(text.split('sending commands too fast').length - 1, 1, 'one warning, not one per line');
  // Everyone else is unaffected, and saw only what ran: about the burst.
  bystander.send('say still here');
  await bystander.expect('You say, "still here"');
  const heard = bystander.lines().filter((l) => /Flooder says, "flood \d+"/.test(l)).length;
  assert.ok(heard >= 18 && heard <= 25, `about the burst of 20 ran (${heard})`);
  await bystander.close();
});

test('connections per address are capped, across telnet and WebSocket, and freed on close', async (t) => {
  const server = await startTestServer({
    limits: { exemptAddresses: [], connectionsPerAddress: 3, newConnectionsPerAddress: { count: 100, windowMs: 1000 } },
  });
  t.after(() => server.stop());
  const a = await RawTelnetClient.connect(server.telnetPort);
  const b = await RawTelnetClient.connect(server.telnetPort);
  const c = await WsPlayer.connect(server.httpPort);
  await a.waitForText('create <name> <password>');

  const refused = await RawTelnetClient.connect(server.telnetPort);
  await refused.waitFor(() => refused.closed, 3000, 'refusal');
  assert.match(refused.text, /Too many connections from your address \(the limit is 3\)/);
  assert.ok(!refused.text.includes('Welcome to'), 'refused before the banner');
  assert.equal(await wsStatus(server.httpPort), 429);

  a.socket.destroy();
  await waitUntil(() => server.gateway.addresses.openFrom('127.0.0.1') === 2, 3000, 'the slot to be released');
  const d = await RawTelnetClient.connect(server.telnetPort);
  await d.waitForText('create <name> <password>');
  for (const x of [b, d]) x.socket.destroy();
  await c.close();
});

test('new connections per address per second are limited with "try again in N s"', async (t) => {
  const server = await startTestServer({
    limits: { exemptAddresses: [], connectionsPerAddress: 50, newConnectionsPerAddress: { count: 4, windowMs: 2_000 } },
  });
  t.after(() => server.stop());
  const clients: RawTelnetClient[] = [];
  for (let i = 0; i < 4; i++) clients.push(await RawTelnetClient.connect(server.telnetPort));
  const fifth = await RawTelnetClient.connect(server.telnetPort);
  await fifth.waitFor(() => fifth.closed, 3000, 'refusal');
  assert.match(fifth.text, /Too many new connections from your address\. Try again in 1 s\./);
  assert.equal(await wsStatus(server.httpPort), 429);
  await new Promise((r) => setTimeout(r, 1_100));
  const later = await RawTelnetClient.connect(server.telnetPort);
  await later.waitForText('create <name> <password>');
  for (const c of [...clients, later]) c.socket.destroy();
});

test('the pre-login timeout is shorter than the idle timeout; both close with a reason', async (t) => {
  const server = await startTestServer({ limits: { loginTimeoutMs: 600, idleTimeoutMs: 1_500 } });
  t.after(() => server.stop());
  const t0 = Date.now();
  const lurker = await RawTelnetClient.connect(server.telnetPort);
  const idler = await TelnetPlayer.connect(server.telnetPort);
  const busy = await WsPlayer.connect(server.httpPort);
  await createCharacter(idler, 'Idler');
  await createCharacter(busy, 'Busy');

  await lurker.waitFor(() => lurker.closed, 3_000, 'the pre-login timeout');
  const lurkerMs = Date.now() - t0;
  assert.match(lurker.text, /Disconnected: no login within 0\.6 seconds\./);
  assert.ok(lurkerMs >= 600 && lurkerMs < 4_000, `closed after ${lurkerMs} ms`);

  // Busy keeps typing; Idler types once, then nothing.
  idler.send('look');
  const idleStart = Date.now();
  const typing = setInterval(() => busy.send('look'), 200);
  t.after(() => clearInterval(typing));
  await idler.expect(/Disconnected after 1\.5 seconds without input\. Your character rests here/, 8_000);
  await waitUntil(() => idler.closed, 3_000, 'the idler to be closed');
  const idleMs = Date.now() - idleStart;
  assert.ok(idleMs >= 1_450 && idleMs < 6_000, `idle close after ${idleMs} ms`);
  clearInterval(typing);
  assert.equal(busy.closed, false, 'a player who types stays');
  // The idler's character is still in the world's records and can come back.
  const back = await TelnetPlayer.connect(server.telnetPort);
  await back.expect(/connect <name> <password>/);
  back.send('connect idler secret-pass');
  await back.expect(/^Exits:/);
  await Promise.all([back.close(), busy.close()]);
});

test('slow readers (telnet and WebSocket) are cut off at the output cap; the others play on', async (t) => {
  // 256 KiB: small enough to reach quickly, large enough that a reading client's burst
  // (in this process, the clients read only between the server's turns) never reaches it.
  const limit = 262_144;
  // Says just under the 8 KiB line cap: as much output per command as a player can cause.
  const SAY_BYTES = 7_900;
  const server = await startTestServer({
    telnet: { maxOutputBufferBytes: limit },
    limits: { commands: { count: 2_000, windowMs: 1_000 } },
  });
  t.after(() => server.stop());
  const talker = await WsPlayer.connect(server.httpPort);
  await createCharacter(talker, 'Talker');
  const slowTelnet = await TelnetPlayer.connect(server.telnetPort);
  await createCharacter(slowTelnet, 'Sloth');
  const rawWs = await WsPlayer.connect(server.httpPort);
  await createCharacter(rawWs, 'Snail');
  const healthy = await TelnetPlayer.connect(server.telnetPort);
  await createCharacter(healthy, 'Healthy');
  await waitUntil(() => server.gateway.sessions.online.length === 4, 3000, 'four online');

  // Both slow clients stop reading from their sockets.
  (slowTelnet as unknown as { client: RawTelnetClient }).client.socket.pause();
  (rawWs as unknown as { ws: { _socket: { pause(): void } } }).ws._socket.pause();

  const online = (name: string): boolean => server.gateway.sessions.online.some((s) => s.name === name);
  const long = 'x'.repeat(SAY_BYTES);
  let sent = 0;
  const deadline = Date.now() + 60_000;
  // Keep talking (in waves, reading our own echoes) until both slow readers are gone.
  while ((online('Sloth') || online('Snail')) && Date.now() < deadline) {
    // Waves of 4 says (~64 KB with the GMCP copies): a reading client never has more waiting.
    for (let i = 0; i < 4; i++) talker.send(`say ${sent++} ${long}`);
    await talker.expect(new RegExp(`You say, "${sent - 1} `), 10_000);
    talker.skip();
  }
  const offeredMb = (sent * SAY_BYTES) / 1e6;
  assert.ok(!online('Sloth') && !online('Snail'), `both slow readers disconnected (after ${offeredMb.toFixed(1)} MB each)`);
  healthy.skip();
  talker.send('say are you still with us');
  await healthy.expect('Talker says, "are you still with us"');
  await Promise.all([talker.close(), healthy.close()]);
  // Our paused ends of the dropped sockets would keep this process alive: end them here.
  (slowTelnet as unknown as { client: RawTelnetClient }).client.socket.destroy();
  (rawWs as unknown as { ws: { terminate(): void } }).ws.terminate();
  // Most of what was offered sat in the kernel's socket buffers (several MB on loopback);
  // the server itself held at most `limit` bytes per slow reader before dropping it.
  t.diagnostic(`slow readers cut after ${sent} says (${offeredMb.toFixed(1)} MB offered to each)`);
});
