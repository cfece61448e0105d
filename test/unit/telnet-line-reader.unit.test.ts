import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineReader, type LineEvent } from '../../engine/net/telnet/line-reader.ts';
import { bytes } from '../fixtures/telnet-events.ts';

const lines = (events: readonly LineEvent[]): string[] => events.map((e) => (e.type === 'line' ? e.text : `<overlong ${e.length}>`));

function read(...chunks: Uint8Array[]): string[] {
  const r = new LineReader();
  return lines(chunks.flatMap((c) => r.push(c)));
}

describe('LineReader', () => {
  it('accepts CR LF, LF, CR NUL and lone CR as line ends', () => {
    assert.deepEqual(read(bytes('a\r\nb\nc\r\0d\re\r\n')), ['a', 'b', 'c', 'd', 'e']);
  });

  it('treats CR at the end of a chunk and LF at the start of the next as one line end', () => {
    assert.deepEqual(read(bytes('look\r'), bytes('\nnorth\r'), bytes('\0')), ['look', 'north']);
  });

  it('keeps empty lines (Enter alone means something to a MUD)', () => {
    assert.deepEqual(read(bytes('\r\n\r\n')), ['', '']);
  });

  it('decodes UTF-8 split across chunks', () => {
    const all = bytes('say héllo — 世界\r\n');
    for (let i = 0; i <= all.length; i++) assert.deepEqual(read(all.subarray(0, i), all.subarray(i)), ['say héllo — 世界']);
  });

  it('turns invalid UTF-8 into U+FFFD instead of throwing', () => {
    assert.deepEqual(read(bytes('a', 0xc3, 'b', 0xff, 0xfe, '\n')), ['a\ufffdb\ufffd\ufffd']);
  });

  it('applies backspace and DEL, removing whole characters', () => {
    assert.deepEqual(read(bytes('lookk', 0x08, '\r\n')), ['look']);
    assert.deepEqual(read(bytes('caf', 'é', 0x7f, 'e\r\n')), ['cafe']);
    assert.deepEqual(read(bytes(0x08, 0x08, 'x\n')), ['x'], 'backspace on an empty line does nothing');
  });

  it('drops control characters and terminal escape sequences, turns tab into a space', () => {
    assert.deepEqual(read(bytes('a', 0x07, 'b', 0x00, 'c\td\n')), ['abc d']);
    // Arrow keys: ESC [ A, ESC O B; a colour code a player might try to type
    assert.deepEqual(read(bytes('go', 0x1b, '[A', 0x1b, 'OB', 0x1b, '[1;31mred\n')), ['gored']);
    // C1 controls arrive as UTF-8 (U+0085, U+009B) and are dropped after decoding
    assert.deepEqual(read(bytes('x\u0085y\u009bz\n')), ['xyz']);
  });

  it('discards an overlong line to its end, reports it once with its length, then reads on', () => {
    const r = new LineReader({ maxLineBytes: 10 });
    const events = [...r.push(bytes('x'.repeat(8))), ...r.push(bytes('y'.repeat(30))), ...r.push(bytes('\r\nok\r\n'))];
    assert.deepEqual(lines(events), ['<overlong 38>', 'ok']);
    assert.ok(r.bufferedBytes <= 10);
  });

  it('accepts a line of exactly maxLineBytes', () => {
    const r = new LineReader({ maxLineBytes: 5 });
    assert.deepEqual(lines(r.push(bytes('12345\n123456\n'))), ['12345', '<overlong 6>']);
  });

  it('never holds more than the cap while a long line streams in', () => {
    const r = new LineReader({ maxLineBytes: 64 });
    for (let i = 0; i < 100; i++) {
      r.push(new Uint8Array(1000).fill(0x61));
      assert.ok(r.bufferedBytes <= 64);
    }
    assert.deepEqual(lines(r.push(bytes('\n'))), ['<overlong 100000>']);
  });

  it('defaults maxLineBytes to 8192', () => {
    assert.equal(new LineReader().maxLineBytes, 8192);
  });

  it('decodes Latin-1 when set to it', () => {
    const r = new LineReader();
    r.setEncoding('latin1');
    assert.deepEqual(lines(r.push(bytes('caf', 0xe9, '\n'))), ['café']);
  });
});
