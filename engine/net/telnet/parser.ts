/**
 * Byte-level telnet stream parser (RFC 854/855). Pure: no sockets, no timers.
 * Feed it chunks split anywhere (inside IAC sequences, inside UTF-8 characters)
 * and it returns the events those bytes complete. It never throws.
 *
 * Subnegotiation payloads are capped: past `maxSubnegotiationBytes` the payload is
 * discarded (the buffer stops growing) and a `subnegotiation-overflow` event is
 * reported when the subnegotiation ends, so the caller can log one line.
 */
import { IAC, SB, SE, WILL, isNegotiationVerb, type NegotiationVerb } from './codes.ts';
import { DEFAULT_TELNET_LIMITS } from './limits.ts';

export type TelnetEvent =
  /** Application bytes (IAC IAC already turned into one 0xFF). */
  | { readonly type: 'data'; readonly bytes: Uint8Array }
  /** IAC WILL/WONT/DO/DONT <option>. */
  | { readonly type: 'negotiation'; readonly verb: NegotiationVerb; readonly option: number }
  /** Any other IAC <command>: GA, NOP, AYT, EOR, a stray SE, ... */
  | { readonly type: 'command'; readonly command: number }
  /** IAC SB <option> <payload> IAC SE, payload unescaped. */
  | { readonly type: 'subnegotiation'; readonly option: number; readonly payload: Uint8Array }
  /** A subnegotiation longer than the cap; `length` is how many payload bytes it had. */
  | { readonly type: 'subnegotiation-overflow'; readonly option: number; readonly length: number };

const State = { Data: 0, Iac: 1, Verb: 2, SbOption: 3, SbData: 4, SbIac: 5 } as const;
type State = (typeof State)[keyof typeof State];

export interface TelnetParserOptions {
  readonly maxSubnegotiationBytes?: number;
}

export class TelnetParser {
  readonly maxSubnegotiationBytes: number;
  private state: State = State.Data;
  private verb: NegotiationVerb = WILL;
  private sbOption = 0;
  private sbBuf: Uint8Array = new Uint8Array(0);
  private sbLength = 0;
  private sbOverflow = false;

  constructor(options: TelnetParserOptions = {}) {
    this.maxSubnegotiationBytes = options.maxSubnegotiationBytes ?? DEFAULT_TELNET_LIMITS.maxSubnegotiationBytes;
  }

  /** Bytes currently held for an unfinished subnegotiation (never above the cap). */
  get bufferedBytes(): number {
    return Math.min(this.sbLength, this.maxSubnegotiationBytes);
  }

  feed(chunk: Uint8Array): TelnetEvent[] {
    const events: TelnetEvent[] = [];
    const data: Uint8Array[] = [];
    const flushData = (): void => {
      if (data.length === 0) return;
      const bytes = data.length === 1 ? data[0]! : concat(data);
      data.length = 0;
      if (bytes.length > 0) events.push({ type: 'data', bytes });
    };
    const emit = (event: TelnetEvent): void => {
      flushData();
      events.push(event);
    };

    let runStart = -1; // start of a run of plain data bytes in `chunk`
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      switch (this.state) {
        case State.Data:
          if (byte === IAC) {
            if (runStart >= 0) data.push(chunk.slice(runStart, i));
            runStart = -1;
            this.state = State.Iac;
          } else if (runStart < 0) {
            runStart = i;
          }
          break;
        case State.Iac:
          if (byte === IAC) {
            data.push(Uint8Array.of(IAC));
            this.state = State.Data;
          } else if (isNegotiationVerb(byte)) {
            this.verb = byte;
            this.state = State.Verb;
          } else if (byte === SB) {
            this.state = State.SbOption;
          } else {
            emit({ type: 'command', command: byte });
            this.state = State.Data;
          }
          break;
        case State.Verb:
          emit({ type: 'negotiation', verb: this.verb, option: byte });
          this.state = State.Data;
          break;
        case State.SbOption:
          this.sbOption = byte;
          this.sbLength = 0;
          this.sbOverflow = false;
          this.state = State.SbData;
          break;
        case State.SbData:
          if (byte === IAC) this.state = State.SbIac;
          else this.sbAppend(byte);
          break;
        case State.SbIac:
          if (byte === IAC) {
            this.sbAppend(IAC);
            this.state = State.SbData;
          } else if (byte === SE) {
            emit(this.sbEnd());
            this.state = State.Data;
          } else {
            // IAC <command> inside a subnegotiation is a protocol error. Like libtelnet, end
            // the subnegotiation here and treat the byte as a command: this resynchronises
            // quickly when a client forgot its IAC SE.
            emit(this.sbEnd());
            this.state = State.Iac;
            i--;
          }
          break;
      }
    }
    if (runStart >= 0) data.push(chunk.slice(runStart));
    flushData();
    return events;
  }

  private sbAppend(byte: number): void {
    if (this.sbLength >= this.maxSubnegotiationBytes) {
      this.sbOverflow = true;
      this.sbLength++;
      return;
    }
    if (this.sbLength >= this.sbBuf.length) {
      const grown = new Uint8Array(Math.min(this.maxSubnegotiationBytes, Math.max(64, this.sbBuf.length * 2)));
      grown.set(this.sbBuf);
      this.sbBuf = grown;
    }
    this.sbBuf[this.sbLength++] = byte;
  }

  private sbEnd(): TelnetEvent {
    const option = this.sbOption;
    const length = this.sbLength;
    const overflow = this.sbOverflow;
    const payload = overflow ? undefined : this.sbBuf.slice(0, length);
    this.sbLength = 0;
    this.sbOverflow = false;
    if (this.sbBuf.length > 256) this.sbBuf = new Uint8Array(0); // do not keep a big buffer per idle connection
    if (payload === undefined) return { type: 'subnegotiation-overflow', option, length };
    return { type: 'subnegotiation', option, payload };
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Double every IAC byte so the bytes travel as data (the inverse of the parser's unescaping). */
export function escapeIac(bytes: Uint8Array): Uint8Array {
  let count = 0;
  for (const b of bytes) if (b === IAC) count++;
  if (count === 0) return bytes;
  const out = new Uint8Array(bytes.length + count);
  let at = 0;
  for (const b of bytes) {
    out[at++] = b;
    if (b === IAC) out[at++] = IAC;
  }
  return out;
}

/** Frame a subnegotiation: IAC SB <option> <payload, IAC doubled> IAC SE. */
export function subnegotiation(option: number, payload: Uint8Array): Uint8Array {
  const body = escapeIac(payload);
  const out = new Uint8Array(body.length + 5);
  out[0] = IAC;
  out[1] = SB;
  out[2] = option;
  out.set(body, 3);
  out[body.length + 3] = IAC;
  out[body.length + 4] = SE;
  return out;
}
