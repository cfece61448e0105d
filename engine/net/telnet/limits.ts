/**
 * Every bound the telnet layer enforces, with its default and why. No limit can be
 * switched off: zero, negative or non-integer values are refused at start-up,
 * so zero never silently means "unlimited". The same table is in docs/protocol.md.
 */

export interface TelnetLimits {
  /**
   * Largest subnegotiation payload (bytes between IAC SB <opt> and IAC SE, after
   * IAC IAC unescaping). A larger one is dropped whole and reported.
   */
  readonly maxSubnegotiationBytes: number;
  /** Largest input line in bytes, before decoding. A longer line is discarded to its end and reported once. */
  readonly maxLineBytes: number;
  /** Output bytes allowed to wait for a slow client before the connection is dropped. */
  readonly maxOutputBufferBytes: number;
  /** Negotiation replies we send for one option before we stop answering it. */
  readonly maxNegotiationsPerOption: number;
  /** How many times TTYPE is asked (MTTS cycle: client name, terminal type, "MTTS <bits>"). */
  readonly maxTtypeRequests: number;
  /** How long `negotiated()` waits for the client to answer the connect-time offers. */
  readonly negotiationTimeoutMs: number;
  /** After `close()`, how long the client gets to read the goodbye before the socket is destroyed. */
  readonly closeTimeoutMs: number;
}

export const DEFAULT_TELNET_LIMITS: TelnetLimits = Object.freeze({
  // 4 KiB: a well-behaved client's largest subnegotiation is a GMCP Core.Supports.Set or
  // Char.Login, well under 4 KiB; Twisted's unbounded SB buffer was a memory DoS.
  maxSubnegotiationBytes: 4096,
  // 8 KiB: a typed command is under 200 bytes and a pasted paragraph under 4 KiB;
  // 8 KiB leaves room for long `say`/`describe` lines while bounding the per-connection buffer.
  maxLineBytes: 8192,
  // 1 MiB: about 20 screens of room descriptions with ANSI codes. A client that stops reading
  // (suspended laptop, hostile script) must not make the server hold its output forever.
  maxOutputBufferBytes: 1024 * 1024,
  // 16: a real client answers each option once or twice (plus ECHO toggles around passwords);
  // RFC 1143 prevents loops between two correct peers, this stops a broken or hostile one.
  maxNegotiationsPerOption: 16,
  // 3: MTTS defines exactly three answers (name, terminal, "MTTS n"); a 4th only repeats.
  maxTtypeRequests: 3,
  // 1 s: clients answer the connect-time offers within one round trip (< 300 ms across
  // continents); raw netcat never answers and must still get its banner quickly.
  negotiationTimeoutMs: 1000,
  // 5 s: long enough to deliver a goodbye line over a slow link, short enough that a client
  // that never reads cannot keep a closed session's socket and buffers alive.
  closeTimeoutMs: 5000,
});

/** Merge overrides onto the defaults; refuses values that are not positive integers. */
export function resolveTelnetLimits(overrides: Partial<TelnetLimits> = {}): TelnetLimits {
  const merged: Record<string, number> = { ...DEFAULT_TELNET_LIMITS };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_TELNET_LIMITS)) throw new RangeError(`unknown telnet limit "${key}"`);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
      throw new RangeError(`telnet limit ${key} must be a positive integer (got ${String(value)}); no limit can be disabled`);
    }
    merged[key] = value;
  }
  return Object.freeze(merged) as unknown as TelnetLimits;
}
