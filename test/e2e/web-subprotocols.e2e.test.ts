/**
 * Each mudstandards.org WebSocket subprotocol with a client that speaks it
 * (https://mudstandards.org/websocket):
 *   telnet.mudstandards.org    the test telnet option client (test/fixtures) over the socket's byte stream
 *   terminal.mudstandards.org  ANSI text in binary frames, no IAC anywhere
 *   gmcp.mudstandards.org      ANSI in binary frames, "Package.Name json" in text frames
 *   json.mudstandards.org      ANSI in binary frames, {"proto":"gmcp","id","data"} in text frames
 * and the choice among several offered: the client's first that we speak.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket, { createWebSocketStream } from 'ws';
import { DO, DONT, IAC, OPT, WILL, WONT } from '../../engine/net/telnet/codes.ts';
import { RawTelnetClient } from '../fixtures/telnet-client.ts';
import { startTestServer } from '../support/server.ts';
import type { RunningServer } from '../../engine/gateway/server.ts';
import { stripAnsi } from '../support/players.ts';

// One server for the four clients (start-up is most of each test's time).
let server: RunningServer;
before(async () => {
  server = await startTestServer({ packs: ['rooms', 'social'] });
});
after(() => server.stop());

/** Open and wrap in the 'open' callback itself: the server's first frames can arrive in the same read. */
function open<T>(port: number, protocols: string[], wrap: (ws: WebSocket) => T): Promise<T> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, protocols);
    ws.once('open', () => resolve(wrap(ws)));
    ws.once('error', reject);
  });
}

/** A client of the ANSI subprotocols: binary frames are text, text frames are OOB. */
class AnsiClient {
  text = '';
  readonly oob: string[] = [];
  closed = false;
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      const s = Buffer.from(data as Buffer).toString('utf8');
      if (isBinary) this.text += s;
      else this.oob.push(s);
    });
    ws.on('close', () => (this.closed = true));
  }
  line(s: string): void {
    this.ws.send(Buffer.from(s + '\r\n'));
  }
  async waitFor(pred: () => boolean, what: string, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; text: ${JSON.stringify(this.text.slice(-600))}; oob: ${JSON.stringify(this.oob.slice(-5))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  /** Waits on the text with its colour codes taken off. */
  waitForText(s: string): Promise<void> {
    return this.waitFor(() => stripAnsi(this.text).includes(s), JSON.stringify(s));
  }
}

test('telnet.mudstandards.org: the telnet option client over the WebSocket byte stream', async (t) => {
  let protocol = '';
  const client = await open(server.httpPort, ['telnet.mudstandards.org'], (ws) => {
    protocol = ws.protocol;
    return RawTelnetClient.over(createWebSocketStream(ws), {
      negotiation(verb, option) {
        if (verb === WILL) return Uint8Array.of(IAC, option === OPT.GMCP || option === OPT.EOR ? DO : DONT, option);
        if (verb === DO) return Uint8Array.of(IAC, WONT, option);
        return undefined;
      },
    });
  });
  assert.equal(protocol, 'telnet.mudstandards.org');
  t.after(() => client.socket.destroy());
  await client.waitForText('create <name> <password>', 5000);
  client.send('create Telly secret-pass\r\n');
  await client.waitForText('Welcome, Telly!', 5000);
  await client.waitFor(() => client.subnegotiations(OPT.GMCP).some((p) => Buffer.from(p).toString().startsWith('Room.Info ')), 5000, 'GMCP Room.Info');
  assert.ok(
    client.events.some((e) => e.type === 'negotiation' && e.verb === DO && e.option === OPT.TTYPE),
    "the telnet port's offers",
  );
});

test('terminal.mudstandards.org: ANSI text in binary frames both ways, no IAC, no OOB', async (t) => {
  const c = await open(server.httpPort, ['terminal.mudstandards.org'], (ws) => new AnsiClient(ws));
  t.after(() => c.ws.terminate());
  assert.equal(c.ws.protocol, 'terminal.mudstandards.org');
  await c.waitForText('create <name> <password>');
  c.line('create Termy secret-pass');
  await c.waitForText('Welcome, Termy!');
  await c.waitForText('Emberford Square');
  assert.match(c.text, /\x1b\[[0-9;]+m/, 'ANSI colour');
  assert.ok(!c.text.includes('\xff') && !Buffer.from(c.text).includes(IAC), 'no telnet IAC');
  assert.deepEqual(c.oob, [], 'no text frames: terminal has no OOB channel');
  // A text frame from a browser is input too.
  c.ws.send('say from a text frame');
  await c.waitForText('You say, "from a text frame"');
});

test('gmcp.mudstandards.org: GMCP in text frames, filtered by Core.Supports, Core.Ping answered', async (t) => {
  // Offered second: the server takes the client's first it speaks.
  const c = await open(server.httpPort, ['x-unknown', 'gmcp.mudstandards.org', 'myriad.v1'], (ws) => new AnsiClient(ws));
  t.after(() => c.ws.terminate());
  assert.equal(c.ws.protocol, 'gmcp.mudstandards.org');
  c.ws.send('Core.Supports.Set ["Room 1","Char 1"]');
  await c.waitForText('create <name> <password>');
  c.line('create Gemma secret-pass');
  await c.waitFor(() => c.oob.some((f) => f.startsWith('Room.Info ')), 'Room.Info');
  const room = JSON.parse(c.oob.find((f) => f.startsWith('Room.Info '))!.slice('Room.Info '.length)) as { num: unknown; name: string };
  assert.equal(typeof room.num, 'number');
  assert.equal(room.name, 'Emberford Square');
  c.ws.send('Core.Ping');
  await c.waitFor(() => c.oob.includes('Core.Ping'), 'Core.Ping');
  c.line('say hi');
  await c.waitForText('You say, "hi"');
  assert.ok(!c.oob.some((f) => f.startsWith('Comm.')), 'Comm was not listed in Core.Supports');
  assert.ok(!c.text.includes('Room.Info'), 'OOB never in the text stream');
});

test('json.mudstandards.org: the {"proto","id","data"} envelope in text frames', async (t) => {
  const c = await open(server.httpPort, ['json.mudstandards.org'], (ws) => new AnsiClient(ws));
  t.after(() => c.ws.terminate());
  assert.equal(c.ws.protocol, 'json.mudstandards.org');
  await c.waitForText('create <name> <password>');
  c.line('create Jason secret-pass');
  await c.waitFor(() => c.oob.some((f) => f.includes('"Room.Info"')), 'Room.Info');
  const env = JSON.parse(c.oob.find((f) => f.includes('"Room.Info"'))!) as { proto: string; id: string; data: string };
  assert.equal(env.proto, 'gmcp');
  assert.equal(env.id, 'Room.Info');
  assert.equal(typeof env.data, 'string', 'data is the JSON text');
  assert.equal((JSON.parse(env.data) as { name: string }).name, 'Emberford Square');
  c.ws.send(JSON.stringify({ proto: 'gmcp', id: 'Core.Ping', data: '' }));
  await c.waitFor(() => c.oob.some((f) => f === JSON.stringify({ proto: 'gmcp', id: 'Core.Ping', data: '' })), 'Core.Ping');
  // A bad envelope is ignored with a log line; the connection plays on.
  c.ws.send('{"proto":"gmcp"');
  c.line('say still here');
  await c.waitForText('You say, "still here"');
});
