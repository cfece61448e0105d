/**
 * Text -> telnet bytes: the client's charset, then every IAC (0xFF) doubled so it
 * travels as data. UTF-8 never produces 0xFF, but Latin-1 does ('ÿ'), and escaping
 * is what keeps a rendered message from ever being read as a telnet command.
 */
import { escapeIac } from './parser.ts';

export type TextEncoding = 'utf-8' | 'latin1';

const utf8 = new TextEncoder();

export function encodeText(text: string, encoding: TextEncoding = 'utf-8'): Uint8Array {
  if (encoding === 'utf-8') return escapeIac(utf8.encode(text));
  const bytes = new Uint8Array(text.length);
  let n = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0x3f;
    bytes[n++] = code <= 0xff ? code : 0x3f; // '?' for what Latin-1 cannot show
  }
  return escapeIac(bytes.subarray(0, n));
}
