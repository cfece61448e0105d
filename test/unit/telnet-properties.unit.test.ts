/**
 * Property tests (fast-check) for the telnet input path: hostile byte streams split
 * anywhere never throw, never grow buffers past their caps, and the parser always
 * finds its way back to clean input.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DO, DONT, GA, IAC, NOP, SB, SE, WILL, WONT } from '../../engine/net/telnet/codes.ts';
import { LineReader } from '../../engine/net/telnet/line-reader.ts';
import { TelnetParser, escapeIac, subnegotiation } from '../../engine/net/telnet/parser.ts';
import { ProtocolHarness } from '../fixtures/telnet-harness.ts';
import { bytes, normalise } from '../fixtures/telnet-events.ts';

const SMALL_LIMITS = { maxSubnegotiationBytes: 64, maxLineBytes: 128 } as const;

/** Bytes biased towards the ones that steer the state machines. */
const interestingByte = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 255 }) },
  { weight: 2, arbitrary: fc.constantFrom(IAC, SB, SE, WILL, WONT, DO, DONT, GA, NOP) },
  { weight: 2, arbitrary: fc.constantFrom(0x0d, 0x0a, 0x00, 0x08, 0x7f, 0x1b, 0x5b, 0xc3, 0xa9, 0xe4) },
  { weight: 3, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
);
const stream = (maxLength: number) => fc.array(interestingByte, { maxLength, size: 'large' }).map((a) => Uint8Array.from(a));
/** Mostly printable text with few line ends, so the line-length cap is reached often. */
const longLines = fc
  .array(fc.oneof({ weight: 30, arbitrary: fc.integer({ min: 0x20, max: 0xfe }) }, { weight: 1, arbitrary: interestingByte }), {
    maxLength: 1500,
    size: 'large',
  })
  .map((a) => Uint8Array.from(a));
const cuts = fc.array(fc.nat(), { maxLength: 12, size: 'large' });

/** Cut `data` at the given points (taken modulo its length). */
function split(data: Uint8Array, points: readonly number[]): Uint8Array[] {
  const at = [...new Set(points.map((p) => (data.length === 0 ? 0 : p % (data.length + 1))))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let prev = 0;
  for (const p of at) {
    chunks.push(data.subarray(prev, p));
    prev = p;
  }
  chunks.push(data.subarray(prev));
  return chunks;
}

/** A valid telnet stream built from tokens, so structure (not just noise) gets split. */
const token = fc.oneof(
  fc.string({ maxLength: 12 }).map((s) => [...Buffer.from(s.replace(/\u00ff/g, ''), 'utf8')].filter((b) => b !== IAC)),
  fc.constant([IAC, IAC]),
  fc.tuple(fc.constantFrom(WILL, WONT, DO, DONT), fc.integer({ min: 0, max: 255 })).map(([v, o]) => [IAC, v, o]),
  fc.constantFrom([IAC, GA], [IAC, NOP], [0x0d, 0x0a], [0x0d, 0x00], [0x0a]),
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 40, size: 'large' })).map(([opt, payload]) => [...subnegotiation(opt, payload)]),
);
const validStream = fc.array(token, { maxLength: 30, size: 'large' }).map((ts) => Uint8Array.from(ts.flat()));

describe('telnet input properties', () => {
  it('arbitrary bytes split anywhere: never throws, buffers stay under their caps', () => {
    fc.assert(
      fc.property(fc.oneof(stream(600), longLines), cuts, (data, points) => {
        const h = new ProtocolHarness({ limits: SMALL_LIMITS });
        h.protocol.start();
        for (const chunk of split(data, points)) {
          h.protocol.receive(chunk);
          assert.ok(h.protocol.bufferedBytes <= SMALL_LIMITS.maxSubnegotiationBytes + SMALL_LIMITS.maxLineBytes);
        }
        for (const line of h.lines) assert.ok(Buffer.byteLength(line) <= SMALL_LIMITS.maxLineBytes * 3);
        for (const [length, limit] of h.overlong) assert.ok(length > limit);
      }),
      { numRuns: 1000 },
    );
  });

  it('a parser and line reader give the same result however the input is split', () => {
    fc.assert(
      fc.property(fc.oneof(stream(300), validStream), cuts, (data, points) => {
        const whole = new TelnetParser({ maxSubnegotiationBytes: 32 }).feed(data);
        const parser = new TelnetParser({ maxSubnegotiationBytes: 32 });
        const parts = split(data, points).flatMap((c) => parser.feed(c));
        assert.deepEqual(normalise(parts), normalise(whole));

        const lw = new LineReader({ maxLineBytes: 16 });
        const ls = new LineReader({ maxLineBytes: 16 });
        assert.deepEqual(
          split(data, points).flatMap((c) => ls.push(c)),
          lw.push(data),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('resynchronises: after garbage, IAC SE IAC SE and a line end, the next clean line is read intact', () => {
    // One IAC SE is not always enough: garbage ending in a lone IAC turns it into data
    // (IAC IAC) and SE, which is how telnet is defined; the second one always closes.
    fc.assert(
      fc.property(stream(400), cuts, (garbage, points) => {
        const h = new ProtocolHarness({ limits: SMALL_LIMITS });
        const data = bytes([...garbage], IAC, SE, IAC, SE, '\r\nlook north\r\n');
        for (const chunk of split(data, points)) h.protocol.receive(chunk);
        assert.equal(h.lines.at(-1), 'look north');
      }),
      { numRuns: 500 },
    );
  });

  it('an over-cap subnegotiation is dropped and reported, and the following line is intact', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.uint8Array({ minLength: 65, maxLength: 2000, size: 'large' }).map((a) => a.map((b) => (b === IAC ? 0 : b))),
        cuts,
        (option, body, points) => {
          const h = new ProtocolHarness({ limits: SMALL_LIMITS });
          h.send(IAC, DO, 201); // so a GMCP subnegotiation would be accepted
          const data = bytes(IAC, SB, option, [...body], IAC, SE, 'say hi\r\n');
          for (const chunk of split(data, points)) h.protocol.receive(chunk);
          assert.deepEqual(h.lines, ['say hi']);
          assert.ok(h.warnings.some(([, d]) => d['length'] === body.length && d['limit'] === 64));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('IAC escaping round-trips through the parser (data and subnegotiation payloads)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300, size: 'large' }), fc.integer({ min: 0, max: 255 }), cuts, (payload, option, points) => {
        const p = new TelnetParser({ maxSubnegotiationBytes: 1024 });
        const events = split(escapeIac(payload), points).flatMap((c) => p.feed(c));
        const data = normalise(events) as Array<{ type: string; bytes: number[] }>;
        assert.deepEqual(data.length === 0 ? [] : data[0]!.bytes, [...payload]);
        assert.ok(data.length <= 1);

        const q = new TelnetParser({ maxSubnegotiationBytes: 1024 });
        const sbEvents = split(subnegotiation(option, payload), points).flatMap((c) => q.feed(c));
        assert.deepEqual(normalise(sbEvents), [{ type: 'subnegotiation', option, payload: [...payload] }]);
      }),
      { numRuns: 500 },
    );
  });
});
