import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHARSET_ACCEPTED, CHARSET_REJECTED, CHARSET_REQUEST, DO, DONT, EOR_CMD, GA, IAC, MSSP_VAL, MSSP_VAR, OPT, SB, SE, TTYPE_IS, WILL, WONT, type NegotiationVerb } from '../../engine/net/telnet/codes.ts';
import { decodeMssp } from '../../engine/net/telnet/mssp.ts';
import { TelnetParser, escapeIac } from '../../engine/net/telnet/parser.ts';
import { TelnetProtocol } from '../../engine/net/telnet/protocol.ts';
import { ProtocolHarness } from '../fixtures/telnet-harness.ts';
import { bytes } from '../fixtures/telnet-events.ts';

const sb = (option: number, ...payload: Array<number | string | readonly number[]>) => [IAC, SB, option, ...escapeIac(bytes(...payload)), IAC, SE];
const subs = (h: ProtocolHarness, option: number): string[] => h.take().flatMap((e) => (e.type === 'subnegotiation' && e.option === option ? [Buffer.from(e.payload).toString('latin1')] : []));

describe('TelnetProtocol: connect-time offers', () => {
  it('offers DO TTYPE, DO NAWS, WILL EOR, WILL CHARSET, WILL GMCP, WILL MSSP, WILL MCCP2', () => {
    const h = new ProtocolHarness();
    h.protocol.start();
    assert.deepEqual(h.takeNegotiations(), [
      [DO, OPT.TTYPE],
      [DO, OPT.NAWS],
      [WILL, OPT.EOR],
      [WILL, OPT.CHARSET],
      [WILL, OPT.GMCP],
      [WILL, OPT.MSSP],
      [WILL, OPT.MCCP2],
    ]);
    h.protocol.start();
    assert.deepEqual(h.take(), [], 'start() is idempotent');
  });

  it('leaves MCCP2 out when compression is off', () => {
    const h = new ProtocolHarness({ compression: false });
    h.protocol.start();
    assert.ok(!h.takeNegotiations().some(([, o]) => o === OPT.MCCP2));
  });

  it('is settled once a client refuses everything, and reports plain capabilities', () => {
    const h = new ProtocolHarness();
    h.protocol.start();
    h.take();
    h.send(IAC, WONT, OPT.TTYPE, IAC, WONT, OPT.NAWS, IAC, DONT, OPT.EOR, IAC, DONT, OPT.CHARSET, IAC, DONT, OPT.GMCP);
    assert.equal(h.settled, 1);
    assert.deepEqual(h.take(), [], 'refusals of our offers are not answered');
    const caps = h.protocol.capabilities;
    assert.equal(caps.colourDepth, 'none');
    assert.equal(caps.gmcp.enabled, false);
    assert.equal(caps.eor, false);
    assert.equal(caps.width, undefined);
  });
});

describe('TelnetProtocol: TTYPE and MTTS', () => {
  it('runs the MTTS cycle: client name, terminal type, MTTS bits', () => {
    const h = new ProtocolHarness();
    h.protocol.start();
    h.take();
    h.send(IAC, WILL, OPT.TTYPE);
    assert.deepEqual(subs(h, OPT.TTYPE), ['\u0001']);
    h.send(sb(OPT.TTYPE, TTYPE_IS, 'MUDLET'));
    assert.deepEqual(subs(h, OPT.TTYPE), ['\u0001']);
    h.send(sb(OPT.TTYPE, TTYPE_IS, 'ANSI-TRUECOLOR'));
    assert.deepEqual(subs(h, OPT.TTYPE), ['\u0001']);
    h.send(sb(OPT.TTYPE, TTYPE_IS, 'MTTS 2831'));
    assert.deepEqual(subs(h, OPT.TTYPE), [], 'no 4th request');
    const caps = h.protocol.capabilities;
    assert.equal(caps.clientName, 'MUDLET');
    assert.equal(caps.terminalType, 'ANSI-TRUECOLOR');
    assert.equal(caps.mtts, 2831);
    assert.equal(caps.colourDepth, 'truecolor');
    assert.equal(caps.utf8, true);
    assert.equal(caps.mttsFlags?.ssl, true);
    assert.equal(caps.mttsFlags?.screenReader, false);
  });

  it('stops when a non-MTTS client repeats its terminal type', () => {
    const h = new ProtocolHarness();
    h.send(IAC, WILL, OPT.TTYPE);
    h.take();
    h.send(sb(OPT.TTYPE, TTYPE_IS, 'XTERM-256COLOR'));
    assert.deepEqual(subs(h, OPT.TTYPE), ['\u0001']);
    h.send(sb(OPT.TTYPE, TTYPE_IS, 'XTERM-256COLOR'));
    assert.deepEqual(subs(h, OPT.TTYPE), []);
    const caps = h.protocol.capabilities;
    assert.equal(caps.terminalType, 'XTERM-256COLOR');
    assert.equal(caps.clientName, undefined, 'a terminal type is not a client name');
    assert.equal(caps.colourDepth, '256');
    assert.equal(caps.mtts, undefined);
  });

  it('asks at most maxTtypeRequests times', () => {
    const h = new ProtocolHarness({ limits: { maxTtypeRequests: 2 } });
    h.send(IAC, WILL, OPT.TTYPE);
    h.send(sb(OPT.TTYPE, TTYPE_IS, 'A'));
    h.send(sb(OPT.TTYPE, TTYPE_IS, 'B'));
    h.send(sb(OPT.TTYPE, TTYPE_IS, 'C'));
    assert.equal(subs(h, OPT.TTYPE).length, 2);
    assert.deepEqual(h.protocol.capabilities.ttypeAnswers, ['A', 'B']);
  });

  it('reports a screen reader and a dumb terminal', () => {
    const h = new ProtocolHarness();
    h.send(IAC, WILL, OPT.TTYPE);
    h.send(sb(OPT.TTYPE, TTYPE_IS, 'dumb'));
    h.send(sb(OPT.TTYPE, TTYPE_IS, 'dumb'));
    assert.equal(h.protocol.capabilities.colourDepth, 'none');
    const r = new ProtocolHarness();
    r.send(IAC, WILL, OPT.TTYPE);
    r.send(sb(OPT.TTYPE, TTYPE_IS, 'CLIENT'), sb(OPT.TTYPE, TTYPE_IS, 'ANSI'), sb(OPT.TTYPE, TTYPE_IS, 'MTTS 69'));
    assert.equal(r.protocol.capabilities.screenReader, true);
    assert.equal(r.protocol.capabilities.colourDepth, '16');
  });
});

describe('TelnetProtocol: NAWS', () => {
  it('keeps width and height, including a dimension with an escaped 255 byte', () => {
    const h = new ProtocolHarness();
    h.protocol.start();
    h.send(IAC, WILL, OPT.NAWS, sb(OPT.NAWS, 0, 120, 0, 40));
    assert.deepEqual([h.protocol.capabilities.width, h.protocol.capabilities.height], [120, 40]);
    h.send(sb(OPT.NAWS, 0, 255, 1, 0));
    assert.deepEqual([h.protocol.capabilities.width, h.protocol.capabilities.height], [255, 256]);
  });

  it('ignores NAWS from a client that never enabled it, and malformed sizes', () => {
    const h = new ProtocolHarness();
    h.send(sb(OPT.NAWS, 0, 80, 0, 24));
    assert.equal(h.protocol.capabilities.width, undefined);
    assert.equal(h.warnings.length, 1);
    h.send(IAC, WILL, OPT.NAWS, sb(OPT.NAWS, 0, 80));
    assert.equal(h.protocol.capabilities.width, undefined);
  });
});

describe('TelnetProtocol: EOR, GA and SGA for prompts', () => {
  it('marks prompts with IAC EOR when the client agreed to EOR', () => {
    const h = new ProtocolHarness();
    h.protocol.start();
    h.send(IAC, DO, OPT.EOR);
    assert.deepEqual([...h.protocol.promptMarker()], [IAC, EOR_CMD]);
    assert.equal(h.protocol.capabilities.eor, true);
  });

  it('falls back to IAC GA when EOR is refused', () => {
    const h = new ProtocolHarness();
    h.protocol.start();
    h.send(IAC, DONT, OPT.EOR);
    assert.deepEqual([...h.protocol.promptMarker()], [IAC, GA]);
  });

  it('sends no GA when the client asked to suppress go-ahead (SGA), unless EOR is on', () => {
    const h = new ProtocolHarness();
    h.protocol.start();
    h.take();
    h.send(IAC, DONT, OPT.EOR, IAC, DO, OPT.SGA);
    assert.deepEqual(h.takeNegotiations(), [[WILL, OPT.SGA]]);
    assert.deepEqual([...h.protocol.promptMarker()], []);
    h.send(IAC, WILL, OPT.SGA);
    assert.deepEqual(h.takeNegotiations(), [[DO, OPT.SGA]]);
  });
});

describe('TelnetProtocol: ECHO (password mode)', () => {
  it('sends WILL ECHO to hide typing and WONT ECHO after, echoing the line end itself', () => {
    const h = new ProtocolHarness();
    h.protocol.setPasswordMode(true);
    assert.deepEqual(h.takeNegotiations(), [[WILL, OPT.ECHO]]);
    h.send(IAC, DO, OPT.ECHO);
    assert.deepEqual(h.take(), []);
    assert.equal(h.protocol.capabilities.echo, true);
    h.send('secret\r\n');
    assert.deepEqual(h.lines, ['secret']);
    const echoed = h.take();
    assert.deepEqual(
      echoed.map((e) => (e.type === 'data' ? Buffer.from(e.bytes).toString() : e.type)),
      ['\r\n'],
      'the client did not echo the Enter',
    );
    h.protocol.setPasswordMode(false);
    assert.deepEqual(h.takeNegotiations(), [[WONT, OPT.ECHO]]);
    h.send(IAC, DONT, OPT.ECHO);
    assert.equal(h.protocol.capabilities.echo, false);
    h.send('look\r\n');
    assert.deepEqual(h.take(), [], 'no extra line end outside password mode');
  });

  it('refuses an unsolicited DO ECHO (it would blind the user)', () => {
    const h = new ProtocolHarness();
    h.send(IAC, DO, OPT.ECHO);
    assert.deepEqual(h.takeNegotiations(), [[WONT, OPT.ECHO]]);
  });
});

describe('TelnetProtocol: CHARSET', () => {
  it('requests UTF-8 once enabled and records the acceptance', () => {
    const h = new ProtocolHarness();
    h.protocol.start();
    h.take();
    h.send(IAC, DO, OPT.CHARSET);
    assert.deepEqual(subs(h, OPT.CHARSET), [`${String.fromCharCode(CHARSET_REQUEST)};UTF-8`]);
    h.send(sb(OPT.CHARSET, CHARSET_ACCEPTED, 'UTF-8'));
    assert.equal(h.protocol.capabilities.utf8, true);
    assert.equal(h.protocol.capabilities.encoding, 'utf-8');
  });

  it('falls back to Latin-1 output when UTF-8 is rejected', () => {
    const h = new ProtocolHarness();
    h.protocol.start();
    h.send(IAC, DO, OPT.CHARSET, sb(OPT.CHARSET, CHARSET_REJECTED));
    assert.equal(h.protocol.capabilities.utf8, false);
    assert.equal(h.protocol.encoding, 'latin1');
  });

  it("answers a client's own REQUEST: accepts UTF-8, rejects a list without it", () => {
    const h = new ProtocolHarness();
    h.send(IAC, WILL, OPT.CHARSET);
    h.take();
    h.send(sb(OPT.CHARSET, CHARSET_REQUEST, ' ISO-8859-1 utf-8'));
    assert.deepEqual(subs(h, OPT.CHARSET), [`${String.fromCharCode(CHARSET_ACCEPTED)}utf-8`]);
    const r = new ProtocolHarness();
    r.send(IAC, WILL, OPT.CHARSET);
    r.take();
    r.send(sb(OPT.CHARSET, CHARSET_REQUEST, ';KOI8-R'));
    assert.deepEqual(subs(r, OPT.CHARSET), [String.fromCharCode(CHARSET_REJECTED)]);
  });
});

describe('TelnetProtocol: MSSP', () => {
  it('sends the variables from the callback when the client says DO MSSP', () => {
    const h = new ProtocolHarness({ mssp: () => ({ NAME: 'Test', PLAYERS: 3, PORT: [4000, 4001] }) });
    h.protocol.start();
    h.take();
    h.send(IAC, DO, OPT.MSSP);
    const payloads = h.take().flatMap((e) => (e.type === 'subnegotiation' && e.option === OPT.MSSP ? [e.payload] : []));
    assert.equal(payloads.length, 1);
    assert.deepEqual(decodeMssp(payloads[0]!), { NAME: ['Test'], PLAYERS: ['3'], PORT: ['4000', '4001'] });
    assert.equal(payloads[0]![0], MSSP_VAR);
    assert.ok(payloads[0]!.includes(MSSP_VAL));
  });
});

describe('TelnetProtocol: GMCP', () => {
  const gmcpOn = (): ProtocolHarness => {
    const h = new ProtocolHarness();
    h.protocol.start();
    h.send(IAC, DO, OPT.GMCP);
    h.take();
    return h;
  };

  it('parses Package.Name <json> and tracks Core.Hello and Core.Supports.Set/Add/Remove', () => {
    const h = gmcpOn();
    h.send(sb(OPT.GMCP, 'Core.Hello {"client":"Mudlet","version":"4.17"}'));
    h.send(sb(OPT.GMCP, 'Core.Supports.Set ["Char 1", "Room 1", "Comm.Channel 1"]'));
    h.send(sb(OPT.GMCP, 'Core.Supports.Remove ["Comm.Channel"]'));
    h.send(sb(OPT.GMCP, 'Core.Supports.Add ["IRE.Rift 1"]'));
    h.send(sb(OPT.GMCP, 'Char.Login'));
    assert.deepEqual(
      h.gmcp.map(([p]) => p),
      ['Core.Hello', 'Core.Supports.Set', 'Core.Supports.Remove', 'Core.Supports.Add', 'Char.Login'],
    );
    assert.deepEqual(h.gmcp[0]![1], { client: 'Mudlet', version: '4.17' });
    assert.equal(h.gmcp[4]![1], undefined);
    const caps = h.protocol.capabilities;
    assert.deepEqual(caps.gmcp, { enabled: true, client: 'Mudlet', version: '4.17', supports: ['char 1', 'ire.rift 1', 'room 1'] });
    assert.equal(caps.clientName, 'Mudlet', 'Core.Hello names the client when TTYPE did not');
    assert.ok(h.protocol.gmcpWanted('Room.Info'));
    assert.ok(h.protocol.gmcpWanted('Char.Vitals'));
    assert.ok(!h.protocol.gmcpWanted('Comm.Channel.Text'));
    assert.ok(h.protocol.gmcpWanted('Core.Ping'), 'Core is always wanted');
  });

  it('sends GMCP framed as IAC SB 201 "Pkg json" IAC SE, only when negotiated', () => {
    const off = new ProtocolHarness();
    assert.equal(off.protocol.sendGmcp('Char.Vitals', { hp: 1 }), false);
    assert.deepEqual(off.take(), []);
    const h = gmcpOn();
    assert.equal(h.protocol.sendGmcp('Char.Vitals', { hp: 10, name: 'ÿ' }), true);
    assert.deepEqual(
      subs(h, OPT.GMCP).map((s) => Buffer.from(s, 'latin1').toString('utf8')),
      ['Char.Vitals {"hp":10,"name":"ÿ"}'],
    );
    assert.equal(h.protocol.sendGmcp('bad name!', 1), false);
  });

  it('ignores malformed GMCP with a warning', () => {
    const h = gmcpOn();
    h.send(sb(OPT.GMCP, 'Char.Vitals {not json'));
    h.send(sb(OPT.GMCP, ''));
    assert.deepEqual(h.gmcp, []);
    assert.equal(h.warnings.length, 2);
  });

  it('ignores GMCP before it was negotiated', () => {
    const h = new ProtocolHarness();
    h.send(sb(OPT.GMCP, 'Core.Hello {}'));
    assert.deepEqual(h.gmcp, []);
  });
});

describe('TelnetProtocol: MCCP2', () => {
  it('on DO MCCP2 writes IAC SB MCCP2 IAC SE and then starts compression; DONT stops it', () => {
    const h = new ProtocolHarness();
    h.protocol.start();
    h.written.length = 0;
    h.send(IAC, DO, OPT.MCCP2);
    assert.deepEqual([...h.written.at(-1)!], [IAC, SB, OPT.MCCP2, IAC, SE], 'the start marker is the last plain write');
    assert.equal(h.compressionStarted, 1);
    assert.equal(h.protocol.capabilities.mccp, true);
    h.send(IAC, DONT, OPT.MCCP2);
    assert.equal(h.compressionStopped, 1);
    assert.equal(h.protocol.capabilities.mccp, false);
  });

  it('refuses MCCP2 when compression is off', () => {
    const h = new ProtocolHarness({ compression: false });
    h.send(IAC, DO, OPT.MCCP2);
    assert.deepEqual(h.takeNegotiations(), [[WONT, OPT.MCCP2]]);
    assert.equal(h.compressionStarted, 0);
  });
});

describe('TelnetProtocol: unknown options and misbehaving clients', () => {
  it('refuses unknown options politely, once', () => {
    const h = new ProtocolHarness();
    h.send(IAC, WILL, 99, IAC, DO, 99, IAC, WILL, 99, IAC, DO, 99);
    assert.deepEqual(h.takeNegotiations(), [
      [DONT, 99],
      [WONT, 99],
    ]);
  });

  /** Play a scripted client against the protocol until nothing more is said; returns how many rounds it took. */
  function converse(reply: (verb: NegotiationVerb, option: number) => NegotiationVerb | undefined): { rounds: number; h: ProtocolHarness } {
    const h = new ProtocolHarness();
    h.protocol.start();
    let rounds = 0;
    for (;;) {
      const said = h.takeNegotiations();
      if (said.length === 0) return { rounds, h };
      assert.ok(++rounds < 200, 'negotiation did not settle');
      for (const [verb, option] of said) {
        const answer = reply(verb, option);
        if (answer !== undefined) h.send(IAC, answer, option);
      }
    }
  }

  it('settles against a client that answers DO with DO and WILL with WILL (mirror)', () => {
    const { rounds, h } = converse((verb) => verb);
    assert.ok(rounds <= 3, `took ${rounds} rounds`);
    // Our WILL EOR comes back as WILL EOR (a different request, refused), so nothing is on.
    // (It never answers our CHARSET request, so `settled` waits for the negotiation timeout.)
    assert.equal(h.protocol.capabilities.eor, false);
  });

  it('settles against a contrary client (DO->WONT, WILL->DONT, DONT->WILL, WONT->DO)', () => {
    const flip: Record<number, NegotiationVerb> = { [DO]: WONT, [WILL]: DONT, [DONT]: WILL, [WONT]: DO };
    const { rounds, h } = converse((verb) => flip[verb]);
    assert.ok(rounds < 200);
    assert.ok(h.warnings.some(([m]) => m.includes('negotiation loop')) || rounds <= 3);
  });

  it('settles against an agreeable client (DO->WILL, WILL->DO, ...)', () => {
    const agree: Record<number, NegotiationVerb> = { [DO]: WILL, [WILL]: DO, [DONT]: WONT, [WONT]: DONT };
    const { rounds, h } = converse((verb) => agree[verb]);
    assert.ok(rounds <= 3, `took ${rounds} rounds`);
    const caps = h.protocol.capabilities;
    assert.ok(caps.eor && caps.gmcp.enabled && caps.mccp);
  });

  it('warns once about an over-cap subnegotiation (GMCP: and asks to close) and keeps reading lines', () => {
    const h = new ProtocolHarness({ limits: { maxSubnegotiationBytes: 32 } });
    h.protocol.start();
    h.send(IAC, DO, OPT.GMCP);
    h.send(sb(OPT.GMCP, `Core.Hello ${JSON.stringify({ x: 'y'.repeat(100) })}`), 'look\r\n');
    assert.deepEqual(h.lines, ['look']);
    assert.equal(h.warnings.length, 1);
    assert.deepEqual(h.warnings[0]![1], { option: 'GMCP', length: 119, limit: 32, code: 'NET_GMCP_TOO_LARGE' });
    assert.equal(h.refused.length, 1, 'an oversized GMCP message closes the connection (the transport does it)');
  });

  it('reports an overlong line with its length and the limit', () => {
    const h = new ProtocolHarness({ limits: { maxLineBytes: 8 } });
    h.send('0123456789abc\r\nok\r\n');
    assert.deepEqual(h.overlong, [[13, 8]]);
    assert.deepEqual(h.lines, ['ok']);
  });

  it('answers AYT', () => {
    const h = new ProtocolHarness();
    h.send(IAC, 246);
    const text = h
      .take()
      .map((e) => (e.type === 'data' ? Buffer.from(e.bytes).toString() : ''))
      .join('');
    assert.equal(text, '[yes]\r\n');
  });

  it('refuses invalid limits instead of treating 0 as unlimited', () => {
    assert.throws(() => new TelnetProtocol({ write() {} }, { limits: { maxLineBytes: 0 } }), /positive integer/);
    assert.throws(() => new TelnetProtocol({ write() {} }, { limits: { maxOutputBufferBytes: -1 } }), /positive integer/);
    assert.throws(() => new TelnetProtocol({ write() {} }, { limits: { nope: 1 } as never }), /unknown telnet limit/);
  });

  it('never throws on a client parser round trip of its own output', () => {
    const h = new ProtocolHarness();
    h.protocol.start();
    for (const b of h.written) new TelnetParser().feed(b);
  });
});

describe('TelnetProtocol: GMCP values that are not JSON', () => {
  it('refuses to send a value JSON cannot encode, with a warning, instead of throwing', () => {
    const h = new ProtocolHarness();
    h.send(IAC, DO, OPT.GMCP);
    h.take();
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    assert.equal(h.protocol.sendGmcp('Char.Vitals', cyclic), false);
    assert.equal(h.protocol.sendGmcp('Char.Vitals', { n: 1n }), false);
    assert.deepEqual(h.take(), []);
    assert.equal(h.warnings.length, 2);
  });
});
