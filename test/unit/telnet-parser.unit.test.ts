import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DO, DONT, GA, IAC, NOP, SB, SE, WILL, WONT } from '../../engine/net/telnet/codes.ts';
import { TelnetParser, escapeIac, subnegotiation } from '../../engine/net/telnet/parser.ts';
import { bytes, normalise } from '../fixtures/telnet-events.ts';

describe('TelnetParser', () => {
  it('passes plain data through as one event', () => {
    const p = new TelnetParser();
    assert.deepEqual(normalise(p.feed(bytes('look\r\n'))), [{ type: 'data', bytes: [...Buffer.from('look\r\n')] }]);
  });

  it('unescapes IAC IAC in data to one 0xFF byte', () => {
    const p = new TelnetParser();
    assert.deepEqual(normalise(p.feed(bytes('a', IAC, IAC, 'b'))), [{ type: 'data', bytes: [0x61, 0xff, 0x62] }]);
  });

  it('reports WILL/WONT/DO/DONT with their option', () => {
    const p = new TelnetParser();
    const events = p.feed(bytes(IAC, WILL, 24, IAC, WONT, 1, IAC, DO, 31, IAC, DONT, 99));
    assert.deepEqual(normalise(events), [
      { type: 'negotiation', verb: WILL, option: 24 },
      { type: 'negotiation', verb: WONT, option: 1 },
      { type: 'negotiation', verb: DO, option: 31 },
      { type: 'negotiation', verb: DONT, option: 99 },
    ]);
  });

  it('reports other commands (GA, NOP) between data', () => {
    const p = new TelnetParser();
    assert.deepEqual(normalise(p.feed(bytes('x', IAC, GA, 'y', IAC, NOP))), [
      { type: 'data', bytes: [0x78] },
      { type: 'command', command: GA },
      { type: 'data', bytes: [0x79] },
      { type: 'command', command: NOP },
    ]);
  });

  it('collects a subnegotiation and unescapes IAC IAC inside it', () => {
    const p = new TelnetParser();
    const events = p.feed(bytes(IAC, SB, 31, 0, IAC, IAC, 0, 40, IAC, SE, 'ok'));
    assert.deepEqual(normalise(events), [
      { type: 'subnegotiation', option: 31, payload: [0, 0xff, 0, 40] },
      { type: 'data', bytes: [0x6f, 0x6b] },
    ]);
  });

  it('handles a sequence split at every possible point', () => {
    const whole = bytes('hi', IAC, IAC, IAC, WILL, 24, IAC, SB, 201, 'Core.Hello {}', IAC, IAC, IAC, SE, IAC, GA, 'é\r\n');
    const expected = normalise(new TelnetParser().feed(whole));
    for (let a = 0; a <= whole.length; a++) {
      for (let b = a; b <= whole.length; b++) {
        const p = new TelnetParser();
        const got = [...p.feed(whole.subarray(0, a)), ...p.feed(whole.subarray(a, b)), ...p.feed(whole.subarray(b))];
        assert.deepEqual(normalise(got), expected, `split at ${a},${b}`);
      }
    }
  });

  it('drops an over-cap subnegotiation, reports its length, and resynchronises at IAC SE', () => {
    const p = new TelnetParser({ maxSubnegotiationBytes: 16 });
    const big = new Uint8Array(100).fill(0x41);
    const events = [...p.feed(bytes(IAC, SB, 201)), ...p.feed(big), ...p.feed(bytes(IAC, SE, 'look\r\n'))];
    assert.deepEqual(normalise(events), [
      { type: 'subnegotiation-overflow', option: 201, length: 100 },
      { type: 'data', bytes: [...Buffer.from('look\r\n')] },
    ]);
    assert.ok(p.bufferedBytes <= 16);
  });

  it('keeps a subnegotiation of exactly the cap', () => {
    const p = new TelnetParser({ maxSubnegotiationBytes: 4 });
    assert.deepEqual(normalise(p.feed(bytes(IAC, SB, 31, 1, 2, 3, 4, IAC, SE))), [{ type: 'subnegotiation', option: 31, payload: [1, 2, 3, 4] }]);
  });

  it('ends a subnegotiation interrupted by another IAC command and processes that command', () => {
    const p = new TelnetParser();
    const events = p.feed(bytes(IAC, SB, 24, 0, 'xterm', IAC, WILL, 31, 'x'));
    assert.deepEqual(normalise(events), [
      { type: 'subnegotiation', option: 24, payload: [0, ...Buffer.from('xterm')] },
      { type: 'negotiation', verb: WILL, option: 31 },
      { type: 'data', bytes: [0x78] },
    ]);
  });

  it('treats a stray IAC SE outside a subnegotiation as a command', () => {
    assert.deepEqual(normalise(new TelnetParser().feed(bytes(IAC, SE))), [{ type: 'command', command: SE }]);
  });

  it('defaults maxSubnegotiationBytes to 4096', () => {
    assert.equal(new TelnetParser().maxSubnegotiationBytes, 4096);
  });
});

describe('escapeIac / subnegotiation framing', () => {
  it('doubles every IAC and leaves other bytes alone', () => {
    assert.deepEqual([...escapeIac(bytes(1, IAC, 2, IAC, IAC))], [1, IAC, IAC, 2, IAC, IAC, IAC, IAC]);
    const clean = bytes('abc');
    assert.equal(escapeIac(clean), clean, 'no copy when there is nothing to escape');
  });

  it('frames IAC SB opt payload IAC SE with the payload escaped', () => {
    assert.deepEqual([...subnegotiation(31, bytes(0, IAC, 0, 24))], [IAC, SB, 31, 0, IAC, IAC, 0, 24, IAC, SE]);
  });
});
