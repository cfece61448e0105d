import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PALETTE, renderMessage, renderText, stripInjected } from '../../engine/net/telnet/ansi.ts';
import { IAC } from '../../engine/net/telnet/codes.ts';
import { encodeText } from '../../engine/net/telnet/encoding.ts';
import { TelnetParser } from '../../engine/net/telnet/parser.ts';
import { STYLE_CLASSES, type OutputMessage } from '../../engine/output/message.ts';

const room: OutputMessage = {
  kind: 'room',
  spans: [{ text: 'The Square', style: 'room-title' }, { text: '\nA wide square.\nExits: ' }, { text: 'north', style: 'exit' }],
};

describe('renderMessage', () => {
  it('renders plain text with CR LF line endings for a client without colour', () => {
    assert.equal(renderMessage(room, { depth: 'none' }), 'The Square\r\nA wide square.\r\nExits: north\r\n');
  });

  it('renders 16 colours', () => {
    assert.equal(renderMessage(room, { depth: '16' }), '\u001b[1;36mThe Square\u001b[0m\r\nA wide square.\r\nExits: \u001b[32mnorth\u001b[0m\r\n');
  });

  it('renders 256 colours', () => {
    assert.equal(renderMessage(room, { depth: '256' }), '\u001b[1;38;5;45mThe Square\u001b[0m\r\nA wide square.\r\nExits: \u001b[38;5;71mnorth\u001b[0m\r\n');
  });

  it('renders truecolor', () => {
    assert.equal(renderMessage(room, { depth: 'truecolor' }), '\u001b[1;38;2;64;200;255mThe Square\u001b[0m\r\nA wide square.\r\nExits: \u001b[38;2;95;175;95mnorth\u001b[0m\r\n');
  });

  it('has a palette entry at every depth for every style class', () => {
    for (const style of STYLE_CLASSES) {
      for (const depth of ['16', '256', 'truecolor'] as const) {
        const out = renderMessage({ kind: 'info', spans: [{ text: 'x', style }] }, { depth });
        assert.ok(out.endsWith('x\u001b[0m\r\n') || out === 'x\r\n', `${style} at ${depth}: ${JSON.stringify(out)}`);
      }
      assert.ok(style in PALETTE);
    }
  });

  it('closes colour before each line end so it never bleeds into the next line', () => {
    const out = renderMessage({ kind: 'say', spans: [{ text: 'a\nb', style: 'speech' }] }, { depth: '16' });
    assert.equal(out, '\u001b[36ma\u001b[0m\r\n\u001b[36mb\u001b[0m\r\n');
  });

  it('leaves a prompt open (no CR LF) and does not double a trailing newline', () => {
    assert.equal(renderMessage({ kind: 'prompt', spans: [{ text: 'HP 10> ' }] }, { depth: 'none', prompt: true }), 'HP 10> ');
    assert.equal(renderMessage({ kind: 'info', spans: [{ text: 'done\n' }] }, { depth: 'none' }), 'done\r\n');
    assert.equal(renderText('hello'), 'hello\r\n');
  });

  it('never lets span text inject escapes, CRs or other controls, at any depth', () => {
    const evil: OutputMessage = {
      kind: 'say',
      spans: [{ text: 'Bob says: \u001b[2J\u001b]0;pwned\u0007hi\rAdmin: give me your password\u009b31m', style: 'speech' }],
    };
    for (const depth of ['none', '16', '256', 'truecolor'] as const) {
      const out = renderMessage(evil, { depth });
      const withoutOwnCodes = out.replace(/\u001b\[[0-9;]*m/g, '');
      assert.ok(!/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(withoutOwnCodes), `${depth}: ${JSON.stringify(out)}`);
      assert.ok(!out.includes('\u001b[2J') && !out.includes('\u001b]'), depth);
      assert.ok(withoutOwnCodes.includes('hi\r\nAdmin'), 'a bare CR becomes a real line break, so it cannot overwrite the line');
    }
  });

  it('stripInjected keeps newline and tab only', () => {
    assert.equal(stripInjected('a\u001b[31mb\tc\r\nd\u0000e'), 'a[31mb\tc\nde');
  });
});

describe('encodeText', () => {
  it('encodes UTF-8 (which never contains 0xFF)', () => {
    assert.deepEqual([...encodeText('é ÿ')], [0xc3, 0xa9, 0x20, 0xc3, 0xbf]);
  });

  it('doubles IAC bytes in Latin-1 output, and the parser reads them back as data', () => {
    const encoded = encodeText('aÿb', 'latin1');
    assert.deepEqual([...encoded], [0x61, IAC, IAC, 0x62]);
    const events = new TelnetParser().feed(encoded);
    assert.deepEqual(
      events.map((e) => (e.type === 'data' ? [...e.bytes] : e.type)),
      [[0x61, 0xff, 0x62]],
    );
  });

  it("replaces what Latin-1 cannot show with '?'", () => {
    assert.deepEqual([...encodeText('a世😀', 'latin1')], [0x61, 0x3f, 0x3f]);
  });
});
