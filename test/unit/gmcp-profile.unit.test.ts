/** GMCP profile, byte for byte (engine/net/gmcp/profile.ts, engine/net/telnet/protocol.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DO, IAC, OPT, SB, SE } from '../../engine/net/telnet/codes.ts';
import { escapeIac } from '../../engine/net/telnet/parser.ts';
import { profileValue, roomNumber } from '../../engine/net/gmcp/profile.ts';
import { ProtocolHarness } from '../fixtures/telnet-harness.ts';
import { bytes } from '../fixtures/telnet-events.ts';

const sb = (...payload: Array<number | string>) => [IAC, SB, OPT.GMCP, ...escapeIac(bytes(...payload)), IAC, SE];

function gmcpOn(opts: ConstructorParameters<typeof ProtocolHarness>[0] = {}): ProtocolHarness {
  const h = new ProtocolHarness(opts);
  h.protocol.start();
  h.send(IAC, DO, OPT.GMCP);
  h.take();
  h.written.length = 0;
  return h;
}

test('room numbers: FNV-1a of the id, 31 bits, never 0, stable', () => {
  // FNV-1a 32 of "" is 0x811c9dc5; masked to 31 bits: 0x011c9dc5.
  assert.equal(roomNumber(''), 0x011c9dc5);
  assert.equal(roomNumber('01J0ROOMSQUARE0000000000000'), roomNumber('01J0ROOMSQUARE0000000000000'));
  assert.notEqual(roomNumber('01J0ROOMSQUARE0000000000000'), roomNumber('01J0ROOMSQUARE0000000000001'));
  for (const id of ['a', 'b', 'room:1', '01HZZZZZZZZZZZZZZZZZZZZZZZ']) {
    const n = roomNumber(id);
    assert.ok(Number.isInteger(n) && n > 0 && n <= 0x7fffffff, `${id} → ${n}`);
  }
});

test('Room.Info goes out with numbers, byte for byte; other packages unchanged', () => {
  const h = gmcpOn();
  h.protocol.sendGmcp('Room.Info', { num: 'sq', name: 'Square', area: 'Town', exits: { n: 'rd' } });
  const expected = `Room.Info {"num":${roomNumber('sq')},"name":"Square","area":"Town","exits":{"n":${roomNumber('rd')}},"id":"sq"}`;
  assert.deepEqual([...Buffer.concat(h.written)], [IAC, SB, OPT.GMCP, ...Buffer.from(expected), IAC, SE]);
  assert.deepEqual(profileValue('Char.Vitals', { ep: 1 }), { ep: 1 });
  h.written.length = 0;
  h.protocol.sendGmcp('Char.Vitals', { ep: 120, maxep: 500, string: 'Stamina 120/500' });
  assert.deepEqual([...Buffer.concat(h.written)], [IAC, SB, OPT.GMCP, ...Buffer.from('Char.Vitals {"ep":120,"maxep":500,"string":"Stamina 120/500"}'), IAC, SE]);
});

test('Core.Ping is answered with IAC SB GMCP "Core.Ping" IAC SE', () => {
  const h = gmcpOn();
  h.send(...sb('Core.Ping'));
  assert.deepEqual([...Buffer.concat(h.written)], [IAC, SB, OPT.GMCP, ...Buffer.from('Core.Ping'), IAC, SE]);
});

test('an oversized GMCP message is refused with the catalogue message; another option only dropped', () => {
  const h = gmcpOn({ limits: { maxSubnegotiationBytes: 64 } });
  h.send(...sb(`Char.Skills.Get "${'x'.repeat(100)}"`));
  assert.deepEqual(h.refused, ['A GMCP message of over 64 bytes was refused; disconnecting.']);
  assert.equal(h.warnings.at(-1)?.[1]['code'], 'NET_GMCP_TOO_LARGE');
  h.send(IAC, SB, OPT.NAWS, ...new Array<number>(100).fill(1), IAC, SE);
  assert.equal(h.refused.length, 1, 'an oversized NAWS is dropped, not a reason to close');
});
