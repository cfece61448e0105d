/**
 * The GMCP profile over real telnet (docs/protocol.md "GMCP"): Room.Info with a
 * numeric `num` and numeric exits, Char.Status on entering, Char.Vitals with
 * ep/maxep/string from the stamina pack, Char.Items.* for what is carried (the
 * inventory pack) and in the room, with Room.Players (the rooms pack, to everyone there),
 * Core.Ping answered; client GMCP beyond Core.* reaches only a pack granted
 * `gmcpReceive`; an oversized GMCP message closes the connection with a log line.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DO, DONT, IAC, SB, SE, WILL, WONT } from '../../engine/net/telnet/codes.ts';
import { createLogger } from '../../engine/logger.ts';
import { startServer } from '../../engine/gateway/server.ts';
import { roomNumber } from '../../engine/net/gmcp/profile.ts';
import { RawTelnetClient } from '../fixtures/telnet-client.ts';
import { fixturePacks } from '../support/fixture-packs.ts';
import { testConfig } from '../support/server.ts';

const GMCP = 201;

function frame(text: string): Uint8Array {
  return Uint8Array.from([IAC, SB, GMCP, ...Buffer.from(text, 'utf8'), IAC, SE]);
}

async function gmcpClient(port: number): Promise<{ client: RawTelnetClient; messages(): Array<{ pkg: string; data: unknown }>; waitFor(pkg: string, match?: (d: unknown) => boolean): Promise<unknown> }> {
  const client = await RawTelnetClient.connect(port, {
    negotiation(verb, option) {
      if (verb === DO) return Uint8Array.of(IAC, WONT, option);
      if (verb === WILL && option !== GMCP) return Uint8Array.of(IAC, DONT, option);
      if (verb !== WILL) return undefined;
      return Buffer.concat([Uint8Array.of(IAC, DO, GMCP), frame('Core.Hello {"client":"profile-test","version":"1"}'), frame('Core.Supports.Set ["Char 1","Char.Items 1","Room 1","Core 1"]')]);
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

test('Room.Info numbers, Char.Status, Char.Vitals, Char.Items, Core.Ping, and client GMCP to a granted pack', async (t) => {
  const fixtures = await fixturePacks(['gmcp-echo']);
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger('info', false, { destination: { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) } });
  const settings = { 'gmcp-echo': { grants: { send: ['actor' as const], gmcp: ['Char.Skills.List'], gmcpReceive: ['Char.Skills.*'] } } };
  const server = await startServer(testConfig({ packs: ['rooms', 'social', 'character', 'inventory', 'stamina', 'gmcp-echo'], packDirs: [fixtures.dir], settings }), log);
  const a = await gmcpClient(server.telnetPort);
  t.after(async () => {
    a.client.socket.destroy();
    await server.stop();
    fixtures.remove();
  });
  await a.client.waitForText('create <name> <password>');
  a.client.send('create Mira secret-pass\r\n');
  await a.client.waitForText('Welcome, Mira!');

  // Room.Info: num is a number (31-bit, stable), the entity id stays in `id`, exits lead to numbers.
  const square = (await a.waitFor('Room.Info')) as { num: number; id: string; name: string; area: string; exits: Record<string, number> };
  assert.equal(typeof square.num, 'number');
  assert.equal(square.num, roomNumber(square.id));
  assert.ok(square.num > 0 && square.num <= 0x7fffffff);
  assert.equal(square.area, 'Emberford');
  assert.equal((square as unknown as { environment: string }).environment, 'urban');
  assert.deepEqual((square as unknown as { coords: unknown }).coords, { x: 0, y: 0, z: 0 });
  assert.ok(
    Object.values(square.exits).every((n) => typeof n === 'number'),
    JSON.stringify(square.exits),
  );
  a.client.send('north\r\n');
  const road = (await a.waitFor('Room.Info', (d) => (d as { name?: string }).name === 'The North Road')) as { num: number; exits: Record<string, number> };
  assert.equal(road.exits['s'], square.num, 'the way back is the square by number');
  assert.equal(square.exits['n'], road.num);

  // Char.Status from the character pack on entering.
  const status = (await a.waitFor('Char.Status')) as Record<string, unknown>;
  assert.equal(status['name'], 'Mira');
  assert.equal(typeof status['race'], 'string');

  // Char.Vitals: stamina is ep/maxep, plus a string.
  a.client.send('stamina\r\n');
  const vitals = (await a.waitFor('Char.Vitals')) as Record<string, unknown>;
  assert.equal(typeof vitals['ep'], 'number');
  assert.equal(typeof vitals['maxep'], 'number');
  assert.equal(vitals['string'], `Stamina ${String(vitals['ep'])}/${String(vitals['maxep'])}`);
  assert.ok(!('stamina' in vitals));

  // Char.Items for the room (IRE: location "room", attrib flags) and Room.Players, to everyone there.
  a.client.send('south\r\n');
  const floor = (await a.waitFor('Char.Items.List', (d) => (d as { location?: string; items?: Array<{ name: string }> }).location === 'room' && (d as { items: Array<{ name: string }> }).items.some((i) => i.name === 'a grey whetstone'))) as { items: Array<{ id: string; name: string; attrib: string }> };
  const whetstone = floor.items.find((i) => i.name === 'a grey whetstone')!;
  assert.equal(whetstone.attrib, 't');
  const b = await gmcpClient(server.telnetPort);
  t.after(() => b.client.socket.destroy());
  await b.client.waitForText('create <name> <password>');
  b.client.send('create Oskar secret-pass\r\n');
  assert.deepEqual(await a.waitFor('Room.AddPlayer'), { name: 'Oskar', fullname: 'Oskar' });
  assert.deepEqual(await b.waitFor('Room.Players'), [{ name: 'Mira', fullname: 'Mira' }]);
  b.client.send('get whetstone\r\n');
  assert.deepEqual(await a.waitFor('Char.Items.Remove'), { location: 'room', item: { id: whetstone.id, name: 'a grey whetstone', attrib: 't' } });
  await b.waitFor('Char.Items.Add', (d) => (d as { location: string }).location === 'inv');
  await b.waitFor('Char.Items.Remove');
  const oskars = b
    .messages()
    .filter((m) => m.pkg === 'Char.Items.Add' || m.pkg === 'Char.Items.Remove')
    .map((m) => `${m.pkg} ${(m.data as { location: string }).location}`);
  assert.deepEqual(oskars.sort(), ['Char.Items.Add inv', 'Char.Items.Remove room'], 'the taker: off the floor, into the pack, once each');
  b.client.send('quit\r\n');
  assert.equal(await a.waitFor('Room.RemovePlayer'), 'Oskar');

  // Char.Items: the list on `inventory`.
  a.client.send('inventory\r\n');
  const list = (await a.waitFor('Char.Items.List', (d) => (d as { location?: string }).location === 'inv')) as { location: string; items: unknown[] };
  assert.ok(Array.isArray(list.items));

  // Core.Ping is answered with Core.Ping.
  const pings = (): number => a.messages().filter((m) => m.pkg === 'Core.Ping').length;
  a.client.send(frame('Core.Ping'));
  await a.client.waitFor(() => pings() === 1, 3000, 'Core.Ping answer');

  // Client GMCP beyond Core.* reaches the pack granted it, which answers; other packages go nowhere.
  a.client.send(frame('Char.Skills.Get {"group":"fixture"}'));
  await a.client.waitForText('gmcp Char.Skills.Get {"group":"fixture"}');
  assert.deepEqual(await a.waitFor('Char.Skills.List'), { group: 'fixture', list: 'echo' });
  a.client.send(frame('Char.Other.Thing {"x":1}'));
  a.client.send('say done\r\n');
  await a.client.waitForText('You say, "done"');
  assert.ok(!a.client.text.includes('gmcp Char.Other'), 'a package no pack is granted is dropped');
});

test('an oversized GMCP message: a log line with its code, a message, and the connection closed; the server plays on', async (t) => {
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger('info', false, { destination: { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) } });
  const server = await startServer(testConfig({ packs: ['rooms', 'social'], telnet: { maxSubnegotiationBytes: 1024 } }), log);
  t.after(() => server.stop());
  const a = await gmcpClient(server.telnetPort);
  await a.client.waitForText('create <name> <password>');
  a.client.send(frame(`Char.Skills.Get ${JSON.stringify({ pad: 'x'.repeat(2000) })}`));
  await a.client.waitFor(() => a.client.closed, 5000, 'the connection to close');
  assert.match(a.client.text, /A GMCP message of over 1024 bytes was refused; disconnecting\./);
  assert.ok(
    lines.some((l) => l['code'] === 'NET_GMCP_TOO_LARGE' && l['limit'] === 1024),
    'a log line with the code and the limit',
  );
  const b = await gmcpClient(server.telnetPort);
  await b.client.waitForText('create <name> <password>');
  b.client.socket.destroy();
});
