/**
 * Turns telnet data bytes into input lines. Pure and incremental: bytes may arrive
 * in any split. Handles every line ending clients send (CR LF, LF, CR NUL, lone CR),
 * decodes UTF-8 with U+FFFD for invalid sequences, applies backspace/DEL, drops
 * terminal escape sequences (arrow keys) and other control characters, and caps the
 * line length: an overlong line is discarded up to its end and reported once.
 */
import { DEFAULT_TELNET_LIMITS } from './limits.ts';

export type LineEvent =
  | { readonly type: 'line'; readonly text: string }
  /** A line longer than the cap was dropped; `length` is its size in bytes. */
  | { readonly type: 'overlong'; readonly length: number };

const CR = 0x0d;
const LF = 0x0a;
const NUL = 0x00;
const BS = 0x08;
const DEL = 0x7f;
const TAB = 0x09;
const ESC = 0x1b;

const Esc = { None: 0, Start: 1, Csi: 2, Ss3: 3 } as const;
type Esc = (typeof Esc)[keyof typeof Esc];

/** Buffers larger than this are released after each line, so idle connections stay small. */
const KEEP_BUFFER_BYTES = 1024;

export interface LineReaderOptions {
  readonly maxLineBytes?: number;
}

export class LineReader {
  readonly maxLineBytes: number;
  private buf = new Uint8Array(128);
  private len = 0;
  private discarding = false;
  private discardedLength = 0;
  private afterCr = false;
  private esc: Esc = Esc.None;
  private decoder = new TextDecoder('utf-8', { fatal: false });

  constructor(options: LineReaderOptions = {}) {
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_TELNET_LIMITS.maxLineBytes;
  }

  /** Input charset: UTF-8 unless the client refused it during CHARSET negotiation. */
  setEncoding(encoding: 'utf-8' | 'latin1'): void {
    this.decoder = new TextDecoder(encoding, { fatal: false });
  }

  /** Bytes held for the unfinished line (never above `maxLineBytes`). */
  get bufferedBytes(): number {
    return this.len;
  }

  push(bytes: Uint8Array): LineEvent[] {
    const events: LineEvent[] = [];
    for (const byte of bytes) {
      if (this.afterCr) {
        this.afterCr = false;
        if (byte === LF || byte === NUL) continue; // second half of CR LF / CR NUL
      }
      if (byte === CR || byte === LF) {
        this.esc = Esc.None;
        events.push(this.endLine());
        this.afterCr = byte === CR;
        continue;
      }
      if (this.esc !== Esc.None && this.skipEscape(byte)) continue;
      if (byte === ESC) {
        this.esc = Esc.Start;
      } else if (byte === BS || byte === DEL) {
        this.erase();
      } else if (byte === TAB) {
        this.store(0x20);
      } else if (byte >= 0x20) {
        this.store(byte);
      } // other C0 controls (bell, NUL, ...) are dropped
    }
    return events;
  }

  /** Consume bytes of an escape sequence (ESC x, ESC O x, ESC [ params final). */
  private skipEscape(byte: number): boolean {
    switch (this.esc) {
      case Esc.Start:
        this.esc = byte === 0x5b ? Esc.Csi : byte === 0x4f ? Esc.Ss3 : Esc.None;
        return true;
      case Esc.Ss3:
        this.esc = Esc.None;
        return true;
      case Esc.Csi:
        if (byte >= 0x40 && byte <= 0x7e) {
          this.esc = Esc.None;
          return true;
        }
        if (byte >= 0x20 && byte <= 0x3f) return true; // parameter / intermediate bytes
        this.esc = Esc.None; // malformed: stop skipping, handle the byte normally
        return false;
      default:
        return false;
    }
  }

  private store(byte: number): void {
    if (this.discarding) {
      this.discardedLength++;
      return;
    }
    if (this.len >= this.maxLineBytes) {
      this.discarding = true;
      this.discardedLength = this.len + 1;
      this.len = 0;
      return;
    }
    if (this.len >= this.buf.length) {
      const grown = new Uint8Array(Math.min(this.maxLineBytes, this.buf.length * 2));
      grown.set(this.buf);
      this.buf = grown;
    }
    this.buf[this.len++] = byte;
  }

  /** Remove the last character (a whole UTF-8 sequence, not one byte). */
  private erase(): void {
    if (this.discarding || this.len === 0) return;
    while (this.len > 0 && ((this.buf[this.len - 1] ?? 0) & 0xc0) === 0x80) this.len--;
    if (this.len > 0) this.len--;
  }

  private endLine(): LineEvent {
    let event: LineEvent;
    if (this.discarding) {
      event = { type: 'overlong', length: this.discardedLength };
    } else {
      const text = this.decoder.decode(this.buf.subarray(0, this.len));
      // C1 controls (U+0080-U+009F) can only appear after decoding; drop them too.
      // eslint-disable-next-line no-control-regex
      event = { type: 'line', text: text.replace(/[\u0080-\u009f]/g, '') };
    }
    this.len = 0;
    this.discarding = false;
    this.discardedLength = 0;
    if (this.buf.length > KEEP_BUFFER_BYTES) this.buf = new Uint8Array(128);
    return event;
  }
}
