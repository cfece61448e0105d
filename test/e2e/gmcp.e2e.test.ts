/**
 * GMCP end to end over real telnet: a client that negotiates GMCP and sends
 * Core.Hello and Core.Supports.Set gets Char.Name on login, Room.Info from the
 * rooms pack on look and movement, and Comm.Channel.Text from the social pack on
 * says (its own and others'); a client that listed only "Char" gets Char.Name and
 * none of the others, while the same lines still reach it as text.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DO, DONT, IAC, SB, SE, WILL, WONT } from '../../engine/net/telnet/codes.ts';
import { RawTelnetClient } from '../fixtures/telnet-client.ts';
import { createLogger } from '../../engine/logger.ts';
import { startServer } from '../../engine/gateway/server.ts';
import type { TelnetCapabilities } from '../../engine/net/telnet/capabilities.ts';
import { testConfig } from '../support/server.ts';

const GMCP = 201;

interface GmcpClient {
  readonly client: RawTelnetClient;
  /** Every GMCP message received, in order. */
  messages(): Array<{ pkg: string; data: unknown }>;
  waitFor(pkg: string, match?: (data: unknown) => boolean): Promise<unknown>;
}

function gmcpFrame(text: string): Uint8Array {
  return Uint8Array.from([IAC, SB, GMCP, ...Buffer.from(text, 'utf8'), IAC, SE]);
}

/** Connect, answer WILL GMCP with DO GMCP, then say hello and which modules we support. */
async function connect(port: number, supports: string[]): Promise<GmcpClient> {
  const client = await RawTelnetClient.connect(port, {
    negotiation(verb, option) {
      // Refuse everything but GMCP, so the server's connect-time negotiation settles at once.
      if (verb === DO) return Uint8Array.of(IAC, WONT, option);
      if (verb === WILL && option !== GMCP) return Uint8Array.of(IAC, DONT, option);
      if (verb !== WILL) return undefined;
      return Buffer.concat([Uint8Array.of(IAC, DO, GMCP), gmcpFrame('Core.Hello {"client":"myriad-test","version":"1"}'), gmcpFrame(`Core.Supports.Set ${JSON.stringify(supports)}`)]);
    },
  });
  const messages = (): Array<{ pkg: string; data: unknown }> =>
    client.subnegotiations(GMCP).map((p) => {
      const text = Buffer.from(p).toString('utf8');
      const space = text.indexOf(' ');
      return space < 0 ? { pkg: text, data: undefined } : { pkg: text.slice(0, space), data: JSON.parse(text.slice(space + 1)) as unknown };
    });
  return {
    client,
    messages,
    async waitFor(pkg, match = () => true) {
      let found: unknown;
      await client.waitFor(() => messages().some((m) => m.pkg === pkg && match(m.data) && ((found = m.data), true)), 5000, `GMCP ${pkg}`);
      return found;
    },
  };
}

async function create(c: GmcpClient, name: string): Promise<void> {
  await c.client.waitForText('create <name> <password>');
  c.client.send(`create ${name} secret-pass\r\n`);
  await c.client.waitForText(`Welcome, ${name}!`);
}

test('Char.Name, Room.Info and Comm.Channel.Text reach a client that asked for them, and only those it asked for', async (t) => {
  const lines: Array<Record<string, unknown>> = [];
  const server = await startServer(testConfig({}), createLogger('info', false, { destination: { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) } }));
  const alice = await connect(server.telnetPort, ['Char 1', 'Room 1', 'Comm 1']);
  const bob = await connect(server.telnetPort, ['Char 1']);
  t.after(async () => {
    alice.client.socket.destroy();
    bob.client.socket.destroy();
    await server.stop();
  });
  await create(alice, 'Alice');
  await create(bob, 'Bob');

  // What the server recorded of the negotiation: the log ties each connection's capabilities to its character.
  const capsOf = async (name: string): Promise<TelnetCapabilities> => {
    const find = (): Record<string, unknown> | undefined => {
      const entered = lines.find((l) => l['msg'] === 'entered the game' && l['char'] === name);
      return lines.find((l) => l['msg'] === 'telnet negotiated' && l['conn'] === entered?.['conn']);
    };
    for (let i = 0; i < 60 && !find(); i++) await new Promise((r) => setTimeout(r, 50));
    const negotiated = find();
    assert.ok(negotiated, `a "telnet negotiated" line for ${name}`);
    return negotiated['caps'] as TelnetCapabilities;
  };
  assert.deepEqual((await capsOf('Alice')).gmcp, { enabled: true, client: 'myriad-test', version: '1', supports: ['char 1', 'comm 1', 'room 1'] });
  assert.deepEqual((await capsOf('Bob')).gmcp.supports, ['char 1']);

  assert.deepEqual(await alice.waitFor('Char.Name'), { name: 'Alice', fullname: 'Alice' });
  const square = (await alice.waitFor('Room.Info')) as { num: unknown; name: string; exits: Record<string, unknown> };
  assert.equal(square.name, 'Emberford Square');
  assert.ok(typeof square.num === 'number' && square.num > 0, 'a numeric room number (docs/protocol.md)');
  assert.ok('n' in square.exits, `exits use short names: ${JSON.stringify(square.exits)}`);

  // Moving sends the new room's info.
  alice.client.send('north\r\n');
  const road = (await alice.waitFor('Room.Info', (d) => (d as { name?: string }).name === 'The North Road')) as { num: unknown; exits: Record<string, unknown> };
  assert.equal(road.exits['s'], square.num, 'the way back leads to the square');
  alice.client.send('south\r\n');
  await alice.waitFor('Room.Info', (d) => (d as { num?: unknown }).num === square.num && alice.messages().filter((m) => m.pkg === 'Room.Info').length >= 3);

  // Says: the speaker's own line and the listener's both carry Comm.Channel.Text.
  alice.client.send('say hello Bob\r\n');
  assert.deepEqual(await alice.waitFor('Comm.Channel.Text'), { channel: 'say', talker: 'Alice', text: 'You say, "hello Bob"' });
  await bob.client.waitForText('Alice says, "hello Bob"');
  bob.client.send('say hi Alice\r\n');
  assert.deepEqual(await alice.waitFor('Comm.Channel.Text', (d) => (d as { talker?: string }).talker === 'Bob'), { channel: 'say', talker: 'Bob', text: 'Bob says, "hi Alice"' });
  await bob.client.waitForText('You say, "hi Alice"');

  // Each message once (not once with the text and again as data).
  assert.equal(alice.messages().filter((m) => m.pkg === 'Comm.Channel.Text' && (m.data as { text?: string }).text === 'You say, "hello Bob"').length, 1);
  assert.equal(alice.messages().filter((m) => m.pkg === 'Char.Name').length, 1);

  // Bob listed only Char: he got Char.Name, and neither Room.Info nor Comm.Channel.Text, though he saw the text.
  assert.deepEqual(await bob.waitFor('Char.Name'), { name: 'Bob', fullname: 'Bob' });
  const bobPackages = new Set(bob.messages().map((m) => m.pkg));
  assert.ok(!bobPackages.has('Room.Info') && !bobPackages.has('Comm.Channel.Text'), [...bobPackages].join(', '));
  assert.match(bob.client.text, /Emberford Square/);
});
