/** PROXY header framing (engine/net/proxy/header.ts) and Forwarded / X-Forwarded-For (forwarded.ts): bounded, never throwing. */
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import fc from 'fast-check';
import { IPv4Address, IPv4ProxyAddress, Command, TransportProtocol, V2ProxyProtocol } from 'proxy-protocol-js';
import { MAX_V1_BYTES, ProxyHeaderReader } from '../../engine/net/proxy/header.ts';
import { clientAddress } from '../../engine/net/proxy/forwarded.ts';
import { TrustedProxies } from '../../engine/net/proxy/trust.ts';

const v2 = (a: number[], port: number): Buffer => Buffer.from(new V2ProxyProtocol(Command.PROXY, TransportProtocol.STREAM, new IPv4ProxyAddress(IPv4Address.createFrom(a), port, IPv4Address.createFrom([127, 0, 0, 1]), 4000)).build());

test('any bytes in any chunks: a result or "more", never a throw, never more than the bound buffered', () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 12 }), (chunks) => {
      const r = new ProxyHeaderReader();
      let total = 0;
      for (const c of chunks) {
        total += c.length;
        const out = r.push(c);
        if (out.kind !== 'more') return;
        assert.ok(total <= 1_024 + 16, `still waiting after ${total} bytes`);
      }
    }),
    { numRuns: 2_000 },
  );
});

test('a header split anywhere reads the same; what follows it is kept', () => {
  const headers = [Buffer.from('PROXY TCP4 203.0.113.7 192.0.2.1 51234 4000\r\n'), Buffer.from('PROXY TCP6 2001:db8::1 2001:db8::2 4711 4000\r\n'), v2([198, 51, 100, 9], 40000)];
  fc.assert(
    fc.property(fc.constantFrom(...headers), fc.integer({ min: 1, max: 60 }), (h, cut) => {
      const whole = Buffer.concat([h, Buffer.from('look\r\n')]);
      const r = new ProxyHeaderReader();
      const at = Math.min(cut, whole.length);
      let out = r.push(whole.subarray(0, at));
      // Once the header is read, later bytes go straight to the caller.
      let unread = whole.subarray(at);
      if (out.kind === 'more') {
        out = r.push(unread);
        unread = Buffer.alloc(0);
      }
      assert.equal(out.kind, 'header');
      if (out.kind === 'header') assert.equal(Buffer.concat([out.rest, unread]).toString(), 'look\r\n');
    }),
  );
});

test('v1 and v2 sources; bad and oversized headers say why', () => {
  const one = new ProxyHeaderReader().push(Buffer.from('PROXY TCP4 203.0.113.7 192.0.2.1 51234 4000\r\n'));
  assert.deepEqual(one.kind === 'header' && one.source, { address: '203.0.113.7', port: 51234 });
  const two = new ProxyHeaderReader().push(v2([198, 51, 100, 9], 40000));
  assert.deepEqual(two.kind === 'header' && two.source, { address: '198.51.100.9', port: 40000 });
  const unknown = new ProxyHeaderReader().push(Buffer.from('PROXY UNKNOWN\r\n'));
  assert.deepEqual(unknown.kind === 'header' && unknown.source, null);
  for (const [input, why] of [
    ['PROXY TCP4 not-an-ip 192.0.2.1 1 2\r\n', /not an IPv4 address/],
    ['PROXY TCP4 1.2.3.4 5.6.7.8 99999 2\r\n', /./],
    [`PROXY TCP4 ${'1'.repeat(MAX_V1_BYTES)}`, /longer than 107/],
    ['GET / HTTP/1.1\r\n', /no PROXY header/],
  ] as const) {
    const r = new ProxyHeaderReader().push(Buffer.from(input));
    assert.equal(r.kind, 'bad', input);
    if (r.kind === 'bad') assert.match(r.reason, why);
  }
});

function req(peer: string, headers: Record<string, string>): IncomingMessage {
  return { socket: { remoteAddress: peer }, headers } as unknown as IncomingMessage;
}

test('X-Forwarded-For and Forwarded count only from a trusted proxy, read right to left', () => {
  const trusted = new TrustedProxies(['10.0.0.1', '10.0.0.2']);
  assert.equal(clientAddress(req('10.0.0.1', { 'x-forwarded-for': '198.51.100.7' }), trusted), '198.51.100.7');
  assert.equal(clientAddress(req('::ffff:10.0.0.1', { 'x-forwarded-for': '6.6.6.6, 198.51.100.7, 10.0.0.2' }), trusted), '198.51.100.7', 'a client-prepended entry is not believed');
  assert.equal(clientAddress(req('203.0.113.9', { 'x-forwarded-for': '1.1.1.1' }), trusted), '203.0.113.9', 'an untrusted peer cannot choose');
  assert.equal(clientAddress(req('10.0.0.1', { forwarded: 'for=192.0.2.60;proto=http, for="[2001:db8::1]:4711"' }), trusted), '2001:db8::1');
  assert.equal(clientAddress(req('10.0.0.1', { forwarded: 'for=unknown' }), trusted), '10.0.0.1', 'nothing usable: the proxy');
  assert.equal(clientAddress(req('10.0.0.1', {}), trusted), '10.0.0.1');
});
