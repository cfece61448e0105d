/**
 * `telnet.mudstandards.org`: telnet carried in WebSocket frames. The server
 * negotiates options exactly as on the telnet port (TTYPE, EOR, GMCP, ECHO for
 * passwords), sends binary frames, and reads the client's frames as telnet bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { DO, DONT, EOR_CMD, IAC, OPT, SB, SE, WILL, WONT } from '../../engine/net/telnet/codes.ts';
import { TelnetParser, type TelnetEvent } from '../../engine/net/telnet/parser.ts';
import { startTestServer } from '../support/server.ts';
import { WsPlayer, createCharacter } from '../support/players.ts';

/** A telnet client over a WebSocket: agrees to EOR and GMCP, refuses everything else. */
class WsTelnetClient {
  readonly events: TelnetEvent[] = [];
  text = '';
  binaryFrames = 0;
  textFrames = 0;
  closed = false;
  private readonly parser = new TelnetParser({ maxSubnegotiationBytes: 1 << 20 });

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) this.binaryFrames++;
      else this.textFrames++;
      for (const e of this.parser.feed(new Uint8Array(data as Buffer))) {
        this.events.push(e);
        if (e.type === 'data') this.text += Buffer.from(e.bytes).toString('utf8');
        if (e.type === 'negotiation') this.answer(e.verb, e.option);
      }
    });
    ws.on('close', () => (this.closed = true));
  }

  static open(port: number): Promise<WsTelnetClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, ['telnet.mudstandards.org']);
      ws.once('open', () => resolve(new WsTelnetClient(ws)));
      ws.once('error', reject);
    });
  }

  private answer(verb: number, option: number): void {
    const agree = option === OPT.EOR || option === OPT.GMCP || option === OPT.ECHO;
    if (verb === WILL) this.ws.send(Uint8Array.of(IAC, agree ? DO : DONT, option));
    else if (verb === DO) this.ws.send(Uint8Array.of(IAC, WONT, option));
  }

  /** A line as a text frame (the subprotocol reads text frames as telnet bytes too). */
  line(text: string): void {
    this.ws.send(text + '\r\n');
  }

  gmcp(): string[] {
    return this.events.flatMap((e) => (e.type === 'subnegotiation' && e.option === OPT.GMCP ? [Buffer.from(e.payload).toString('utf8')] : []));
  }

  async waitFor(pred: () => boolean, what: string, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; text so far: ${JSON.stringify(this.text.slice(-800))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  waitForText(fragment: string, ms?: number): Promise<void> {
    return this.waitFor(() => this.text.includes(fragment), JSON.stringify(fragment), ms);
  }
}

test('telnet.mudstandards.org speaks telnet in binary frames, through the telnet stack', async (t) => {
  const server = await startTestServer({ packs: ['rooms', 'social'] });
  t.after(() => server.stop());
  const term = await WsTelnetClient.open(server.httpPort);
  t.after(() => term.ws.terminate());
  assert.equal(term.ws.protocol, 'telnet.mudstandards.org');

  // The connect-time offers of the telnet port arrive here too.
  await term.waitFor(() => term.events.some((e) => e.type === 'negotiation' && e.verb === DO && e.option === OPT.TTYPE), 'IAC DO TTYPE');
  assert.ok(
    term.events.some((e) => e.type === 'negotiation' && e.verb === WILL && e.option === OPT.GMCP),
    'GMCP is offered',
  );
  assert.ok(!term.events.some((e) => e.type === 'negotiation' && e.option === OPT.MCCP2), 'no MCCP2 inside WebSocket');
  await term.waitForText('create <name> <password>');
  // Prompts are marked with IAC EOR once EOR is agreed (an empty line asks for the prompt again).
  term.line('');
  await term.waitFor(() => term.events.some((e) => e.type === 'command' && e.command === EOR_CMD), 'a prompt marked with IAC EOR');

  term.line('create Termy secret-pass');
  await term.waitForText('Welcome, Termy!');
  await term.waitForText('Emberford Square');
  await term.waitFor(() => term.gmcp().some((g) => g.startsWith('Char.Name ')), 'GMCP Char.Name');
  await term.waitFor(() => term.gmcp().some((g) => g.startsWith('Room.Info ') && g.includes('Emberford Square')), 'GMCP Room.Info');
  assert.equal(term.textFrames, 0, 'the server sends binary frames only');
  assert.ok(term.binaryFrames > 0);

  const session = server.gateway.sessions.online.find((s) => s.name === 'Termy');
  assert.equal([...(session?.connections ?? [])][0]?.transport, 'websocket', 'counted as a WebSocket connection');

  // Talk with a JSON WebSocket player both ways; input as a binary frame works too.
  const bob = await WsPlayer.connect(server.httpPort);
  t.after(() => bob.close());
  await createCharacter(bob, 'Bob');
  bob.send('say hi terminal');
  await term.waitForText('Bob says, "hi terminal"');
  term.ws.send(Buffer.from('say hello json\r\n'));
  await bob.expect('Termy says, "hello json"');

  // Password entry: the server asks the client to stop echoing (IAC WILL ECHO).
  const second = await WsTelnetClient.open(server.httpPort);
  t.after(() => second.ws.terminate());
  await second.waitForText('create <name> <password>');
  second.line('connect Termy');
  await second.waitFor(() => second.events.some((e) => e.type === 'negotiation' && e.verb === WILL && e.option === OPT.ECHO), 'IAC WILL ECHO');
  second.line('secret-pass');
  await second.waitForText('Welcome back, Termy.');
  await second.waitFor(() => second.events.some((e) => e.type === 'negotiation' && e.verb === WONT && e.option === OPT.ECHO), 'IAC WONT ECHO after the password');

  // quit closes the WebSocket after the goodbye.
  second.line('quit');
  await second.waitFor(() => second.closed, 'the WebSocket to close');
  assert.match(second.text, /Goodbye/);
  // IAC SB/SE are never left dangling in the text.
  assert.ok(!term.text.includes(String.fromCharCode(IAC)) && !term.text.includes(String.fromCharCode(SB, SE)));
});
