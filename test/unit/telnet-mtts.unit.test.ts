import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TtypeCycle, colourDepth, decodeMtts, depthFromTerminal, parseMttsReply } from '../../engine/net/telnet/mtts.ts';

describe('MTTS decoding', () => {
  it('decodes every bit', () => {
    assert.deepEqual(decodeMtts(4095), {
      ansi: true,
      vt100: true,
      utf8: true,
      colors256: true,
      mouseTracking: true,
      oscColorPalette: true,
      screenReader: true,
      proxy: true,
      truecolor: true,
      mnes: true,
      mslp: true,
      ssl: true,
    });
    const none = decodeMtts(0);
    assert.ok(Object.values(none).every((v) => v === false));
  });

  it('decodes TinTin++ (271) and Mudlet (2831) bit fields', () => {
    const tt = decodeMtts(271);
    assert.deepEqual(
      Object.entries(tt)
        .filter(([, v]) => v)
        .map(([k]) => k),
      ['ansi', 'vt100', 'utf8', 'colors256', 'truecolor'],
    );
    const mudlet = decodeMtts(2831);
    assert.ok(mudlet.ssl && mudlet.mnes && mudlet.truecolor && mudlet.utf8 && !mudlet.screenReader);
    assert.ok(decodeMtts(64).screenReader);
    assert.ok(decodeMtts(128).proxy);
    assert.ok(decodeMtts(16).mouseTracking && decodeMtts(32).oscColorPalette && decodeMtts(1024).mslp);
  });

  it('parses "MTTS n" replies only', () => {
    assert.equal(parseMttsReply('MTTS 137'), 137);
    assert.equal(parseMttsReply('mtts 9'), 9);
    assert.equal(parseMttsReply('MTTS'), undefined);
    assert.equal(parseMttsReply('XTERM'), undefined);
    assert.equal(parseMttsReply('MTTS 1e3'), undefined);
  });
});

describe('colour depth', () => {
  it('follows MTTS bits when present', () => {
    assert.equal(colourDepth({ mtts: 1, names: [] }), '16');
    assert.equal(colourDepth({ mtts: 1 | 8, names: [] }), '256');
    assert.equal(colourDepth({ mtts: 1 | 8 | 256, names: [] }), 'truecolor');
    assert.equal(colourDepth({ mtts: 0, names: ['XTERM-256COLOR'] }), 'none', 'MTTS is the client speaking for itself');
  });

  it('falls back to the terminal type and client name', () => {
    assert.equal(colourDepth({ names: ['xterm-256color'] }), '256');
    assert.equal(colourDepth({ names: ['XTERM'] }), '16');
    assert.equal(colourDepth({ names: ['ANSI'] }), '16');
    assert.equal(colourDepth({ names: ['xterm-direct'] }), 'truecolor');
    assert.equal(colourDepth({ names: ['MUDLET'] }), 'truecolor');
    assert.equal(colourDepth({ names: ['MUSHCLIENT'] }), '256');
    assert.equal(colourDepth({ names: ['dumb'] }), 'none');
    assert.equal(colourDepth({ names: ['TINTIN++', 'dumb'] }), 'none', 'dumb wins');
    assert.equal(colourDepth({ names: ['VT100'] }), 'none', 'a VT100 had no colour');
    assert.equal(colourDepth({ names: [] }), 'none', 'nothing reported: plain text');
    assert.equal(depthFromTerminal('some-unknown-client'), 'none');
  });
});

describe('TtypeCycle', () => {
  it('asks up to three times and stops at MTTS', () => {
    const c = new TtypeCycle(3);
    assert.ok(c.ask());
    assert.ok(c.answer('TINTIN++'));
    assert.ok(c.ask());
    assert.ok(c.answer('xterm'));
    assert.ok(c.ask());
    assert.ok(!c.answer('MTTS 271'));
    assert.ok(c.done);
    assert.ok(!c.ask());
    assert.deepEqual(c.result(), { answers: ['TINTIN++', 'xterm', 'MTTS 271'], clientName: 'TINTIN++', terminalType: 'xterm', mtts: 271 });
  });

  it('splits a version from the client name', () => {
    const c = new TtypeCycle(3);
    c.ask();
    c.answer('MUSHCLIENT 5.07');
    c.ask();
    c.answer('XTERM');
    assert.deepEqual([c.result().clientName, c.result().clientVersion], ['MUSHCLIENT', '5.07']);
  });

  it('takes a single repeated answer as a terminal type, not a client name (plain telnet)', () => {
    const c = new TtypeCycle(3);
    c.ask();
    c.answer('XTERM-256COLOR');
    c.ask();
    c.answer('XTERM-256COLOR');
    assert.deepEqual(c.result(), { answers: ['XTERM-256COLOR'], terminalType: 'XTERM-256COLOR' });
  });

  it('ends on a repeat, an empty answer, or the request cap', () => {
    const rep = new TtypeCycle(3);
    rep.ask();
    rep.answer('ANSI');
    rep.ask();
    assert.ok(!rep.answer('ansi'));
    assert.deepEqual(rep.result().answers, ['ANSI']);
    const empty = new TtypeCycle(3);
    empty.ask();
    assert.ok(!empty.answer(''));
    const capped = new TtypeCycle(1);
    capped.ask();
    assert.ok(!capped.answer('A'));
  });
});
