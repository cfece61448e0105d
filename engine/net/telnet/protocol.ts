/**
 * One telnet session's protocol state, without a socket: parser -> option table ->
 * option handlers (TTYPE/MTTS, NAWS, CHARSET, MSSP, GMCP, MCCP2, ECHO, EOR/GA) and
 * line reader. Bytes come in through `receive()`, bytes go out through the `write`
 * hook, and everything a caller acts on is a hook call. `TelnetConnection` binds it
 * to a socket; tests drive it directly.
 */
import { profileValue } from '../gmcp/profile.ts';
import { formatError } from '../../errors.ts';
import { AYT, EOR_CMD, GA, IAC, OPT, SB, SE, TTYPE_IS, TTYPE_SEND, optionName, type NegotiationVerb } from './codes.ts';
import { buildCapabilities, type TelnetCapabilities } from './capabilities.ts';
import { charsetReply, charsetRequest, isUtf8Name, parseCharset, TTABLE_REJECTED_PAYLOAD } from './charset.ts';
import type { TextEncoding } from './encoding.ts';
import { encodeGmcp, GmcpState, isValidPackageName, parseGmcp } from './gmcp.ts';
import { resolveTelnetLimits, type TelnetLimits } from './limits.ts';
import { LineReader } from './line-reader.ts';
import { encodeMssp, type MsspVariables } from './mssp.ts';
import { CODEBASE } from '../../version.ts';
import { decodeMtts, TtypeCycle } from './mtts.ts';
import { parseNaws } from './naws.ts';
import { encodeNegotiations, OptionTable, type NegotiationOutput, type OptionPolicy } from './options.ts';
import { subnegotiation, TelnetParser } from './parser.ts';

export type { TelnetCapabilities } from './capabilities.ts';

export interface TelnetProtocolHooks {
  /** Bytes for the wire, in order. */
  write(bytes: Uint8Array): void;
  line?(text: string): void;
  overlongLine?(length: number, limit: number): void;
  gmcp?(pkg: string, data: unknown): void;
  /** Called right after IAC SB MCCP2 IAC SE was written: compress everything after it. */
  startCompression?(): void;
  /** The client turned MCCP2 off: finish the compressed stream, continue plain. */
  stopCompression?(): void;
  capabilitiesChanged?(caps: TelnetCapabilities): void;
  /** Every connect-time offer was answered (called once). */
  settled?(): void;
  /** Protocol trouble worth one log line (over-cap subnegotiation, negotiation loop, bad GMCP). */
  warn?(fields: Record<string, unknown>, message: string): void;
  /** The client broke a hard limit (an oversized GMCP message): say `message` and close. */
  refuse?(message: string): void;
}

export interface TelnetProtocolOptions {
  readonly limits?: Partial<TelnetLimits>;
  /** Offer MCCP2 compression (default true). */
  readonly compression?: boolean;
  /** MSSP variables, read each time a crawler asks. */
  readonly mssp?: () => MsspVariables;
}

const encoder = new TextEncoder();
const latin1 = new TextDecoder('latin1');

/**
 * Options whose answer changes how we talk to the client. MSSP and MCCP2 are left out:
 * TinTin++, for one, never answers WILL MSSP, and neither changes what we render.
 */
const SETTLE_OPTIONS: readonly number[] = [OPT.TTYPE, OPT.NAWS, OPT.EOR, OPT.CHARSET, OPT.GMCP, OPT.ECHO];

/** IAC GA / IAC EOR as bytes. */
const GA_BYTES = Uint8Array.of(IAC, GA);
const EOR_BYTES = Uint8Array.of(IAC, EOR_CMD);

export class TelnetProtocol {
  readonly limits: TelnetLimits;
  private readonly parser: TelnetParser;
  private readonly lines: LineReader;
  private readonly options: OptionTable;
  private readonly ttype: TtypeCycle;
  private readonly gmcpState = new GmcpState();
  private readonly compression: boolean;
  private width: number | undefined;
  private height: number | undefined;
  private charsetPending = false;
  private charsetAsked = false;
  private charsetAccepted = false;
  private charsetRejected = false;
  private passwordMode = false;
  private started = false;
  private settledFired = false;
  private readonly cappedLogged = new Set<number>();

  constructor(
    private readonly hooks: TelnetProtocolHooks,
    private readonly opts: TelnetProtocolOptions = {},
  ) {
    this.limits = resolveTelnetLimits(opts.limits);
    this.compression = opts.compression ?? true;
    this.parser = new TelnetParser({ maxSubnegotiationBytes: this.limits.maxSubnegotiationBytes });
    this.lines = new LineReader({ maxLineBytes: this.limits.maxLineBytes });
    this.ttype = new TtypeCycle(this.limits.maxTtypeRequests);
    const policy = new Map<number, OptionPolicy>([
      // ECHO only when we ask (password entry): an unsolicited DO ECHO would blind the user.
      [OPT.ECHO, { local: false, remote: false }],
      [OPT.SGA, { local: true, remote: true }],
      [OPT.TTYPE, { local: false, remote: true }],
      [OPT.EOR, { local: true, remote: false }],
      [OPT.NAWS, { local: false, remote: true }],
      [OPT.CHARSET, { local: true, remote: true }],
      [OPT.MSSP, { local: true, remote: false }],
      [OPT.GMCP, { local: true, remote: false }],
      [OPT.MCCP2, { local: this.compression, remote: false }],
    ]);
    this.options = new OptionTable(policy, { maxNegotiationsPerOption: this.limits.maxNegotiationsPerOption });
  }

  /** Send the connect-time offers. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.apply(this.options.request('remote', OPT.TTYPE, true));
    this.apply(this.options.request('remote', OPT.NAWS, true));
    this.apply(this.options.request('local', OPT.EOR, true));
    this.apply(this.options.request('local', OPT.CHARSET, true));
    this.apply(this.options.request('local', OPT.GMCP, true));
    this.apply(this.options.request('local', OPT.MSSP, true));
    if (this.compression) this.apply(this.options.request('local', OPT.MCCP2, true));
  }

  /** Bytes held in the parser and line buffers (bounded by the limits). */
  get bufferedBytes(): number {
    return this.parser.bufferedBytes + this.lines.bufferedBytes;
  }

  /** True once every offer was answered and the TTYPE cycle and CHARSET request are done. */
  get isSettled(): boolean {
    for (const opt of SETTLE_OPTIONS) if (this.options.pending(opt)) return false;
    if (this.options.enabled('remote', OPT.TTYPE) && !this.ttype.done) return false;
    if (this.options.enabled('remote', OPT.NAWS) && this.width === undefined) return false;
    return !this.charsetPending;
  }

  /**
   * The snapshot, built once per change: TelnetConnection.send reads it for every
   * message it renders, and building it per message was ~11 % of the gateway thread
   * delivering to 500 connections (bench/notes.md). Every change of its inputs goes
   * through capabilitiesUpdated() or apply(), which drop it.
   */
  private capsCache: TelnetCapabilities | null = null;

  get capabilities(): TelnetCapabilities {
    return (this.capsCache ??= buildCapabilities({
      ttype: this.ttype.result(),
      gmcp: this.gmcpState,
      charsetAccepted: this.charsetAccepted,
      encoding: this.encoding,
      width: this.width,
      height: this.height,
      enabled: (side, option) => this.options.enabled(side, option),
    }));
  }

  /** Output charset: Latin-1 only for a client that rejected UTF-8 and did not claim it via MTTS. */
  get encoding(): TextEncoding {
    if (this.charsetAccepted || !this.charsetRejected) return 'utf-8';
    const mtts = this.ttype.result().mtts;
    return mtts !== undefined && decodeMtts(mtts).utf8 ? 'utf-8' : 'latin1';
  }

  get gmcpEnabled(): boolean {
    return this.options.enabled('local', OPT.GMCP);
  }

  /** Whether a GMCP message in `pkg` should be sent (GMCP on, and the client listed the module if it listed any). */
  gmcpWanted(pkg: string): boolean {
    return this.gmcpEnabled && this.gmcpState.wants(pkg);
  }

  receive(chunk: Uint8Array): void {
    for (const event of this.parser.feed(chunk)) {
      switch (event.type) {
        case 'data':
          for (const l of this.lines.push(event.bytes)) {
            if (l.type === 'line') {
              if (this.passwordMode && this.options.enabled('local', OPT.ECHO)) this.hooks.write(encoder.encode('\r\n'));
              this.hooks.line?.(l.text);
            } else {
              this.hooks.overlongLine?.(l.length, this.limits.maxLineBytes);
            }
          }
          break;
        case 'negotiation':
          this.negotiate(event.verb, event.option);
          break;
        case 'command':
          if (event.command === AYT) this.hooks.write(encoder.encode('[yes]\r\n'));
          break; // GA, NOP, EOR, stray SE, ... from a client carry nothing for us
        case 'subnegotiation':
          this.subnegotiation(event.option, event.payload);
          break;
        case 'subnegotiation-overflow':
          this.hooks.warn?.(
            {
              option: optionName(event.option),
              length: event.length,
              limit: this.limits.maxSubnegotiationBytes,
              ...(event.option === OPT.GMCP ? { code: 'NET_GMCP_TOO_LARGE' } : {}),
            },
            'telnet subnegotiation over the limit was dropped',
          );
          // GMCP is the one channel a client fills with its own data at will; a client that
          // overflows it is broken or hostile, so it is told and closed (other options: dropped).
          if (event.option === OPT.GMCP) this.hooks.refuse?.(formatError('NET_GMCP_TOO_LARGE', { limit: this.limits.maxSubnegotiationBytes }));
          break;
      }
    }
    this.checkSettled();
  }

  /** Ask the client to hide typed input (server WILL ECHO) or show it again (WONT ECHO). */
  setPasswordMode(on: boolean): void {
    this.passwordMode = on;
    this.apply(this.options.request('local', OPT.ECHO, on));
  }

  /** The bytes that end a prompt: IAC EOR if EOR is on, else IAC GA unless SGA suppresses it. */
  promptMarker(): Uint8Array {
    if (this.options.enabled('local', OPT.EOR)) return EOR_BYTES;
    if (this.options.enabled('local', OPT.SGA)) return new Uint8Array(0);
    return GA_BYTES;
  }

  /** Frame one GMCP message; returns false (nothing written) if GMCP is off or the name is bad. */
  sendGmcp(pkg: string, value?: unknown): boolean {
    if (!this.gmcpEnabled || !isValidPackageName(pkg)) return false;
    let payload: Uint8Array;
    try {
      payload = encodeGmcp(pkg, profileValue(pkg, value));
    } catch (err) {
      // BigInt or a cycle in the value: a caller bug, not a reason to break the connection.
      this.hooks.warn?.({ package: pkg, reason: (err as Error).message }, 'GMCP value is not JSON-serialisable; not sent');
      return false;
    }
    this.hooks.write(subnegotiation(OPT.GMCP, payload));
    return true;
  }

  private negotiate(verb: NegotiationVerb, option: number): void {
    const out = this.options.receive(verb, option);
    if (out.capped && !this.cappedLogged.has(option)) {
      this.cappedLogged.add(option);
      this.hooks.warn?.(
        {
          option: optionName(option),
          limit: this.limits.maxNegotiationsPerOption,
        },
        'telnet negotiation loop: no longer answering this option',
      );
    }
    this.apply(out);
  }

  private apply(out: NegotiationOutput): void {
    if (out.send.length > 0) this.hooks.write(encodeNegotiations(out.send));
    let changed = false;
    for (const change of out.changes) {
      changed = true;
      this.capsCache = null;
      const { option, side, enabled } = change;
      if (side === 'remote' && option === OPT.TTYPE && enabled) this.askTtype();
      if (option === OPT.CHARSET && enabled) this.askCharset();
      if (side === 'local' && option === OPT.MSSP && enabled) this.sendMssp();
      if (side === 'local' && option === OPT.MCCP2) {
        if (enabled) {
          this.hooks.write(Uint8Array.of(IAC, SB, OPT.MCCP2, IAC, SE));
          this.hooks.startCompression?.();
        } else {
          this.hooks.stopCompression?.();
        }
      }
    }
    if (changed) {
      this.capsCache = null;
      this.hooks.capabilitiesChanged?.(this.capabilities);
    }
  }

  private askTtype(): void {
    if (this.ttype.ask()) this.hooks.write(subnegotiation(OPT.TTYPE, Uint8Array.of(TTYPE_SEND)));
  }

  private askCharset(): void {
    if (this.charsetAsked) return;
    this.charsetAsked = true;
    this.charsetPending = true;
    this.hooks.write(subnegotiation(OPT.CHARSET, charsetRequest()));
  }

  private sendMssp(): void {
    const vars = this.opts.mssp?.() ?? { NAME: 'Myriad', CODEBASE };
    this.hooks.write(subnegotiation(OPT.MSSP, encodeMssp(vars)));
  }

  private subnegotiation(option: number, payload: Uint8Array): void {
    const on = this.options.enabled('remote', option) || this.options.enabled('local', option);
    if (!on) {
      this.hooks.warn?.({ option: optionName(option) }, 'telnet subnegotiation for an option that is not on was ignored');
      return;
    }
    switch (option) {
      case OPT.TTYPE: {
        if (payload[0] !== TTYPE_IS) return;
        const name = latin1
          .decode(payload.subarray(1))
          .replace(/[^\x20-\x7e]/g, '')
          .slice(0, 64);
        if (this.ttype.answer(name)) this.askTtype();
        this.capabilitiesUpdated();
        return;
      }
      case OPT.NAWS: {
        const size = parseNaws(payload);
        if (!size) return;
        this.width = size.width;
        this.height = size.height;
        this.capabilitiesUpdated();
        return;
      }
      case OPT.CHARSET:
        this.charset(payload);
        return;
      case OPT.GMCP: {
        const parsed = parseGmcp(payload);
        if (!parsed.ok) {
          this.hooks.warn?.({ reason: parsed.reason }, 'bad GMCP message ignored');
          return;
        }
        if (this.gmcpState.track(parsed.package, parsed.data)) this.capabilitiesUpdated();
        // Core.Ping is answered here, with an empty Core.Ping, as IRE and Mudlet expect (latency meters).
        if (parsed.package.toLowerCase() === 'core.ping') this.sendGmcp('Core.Ping');
        this.hooks.gmcp?.(parsed.package, parsed.data);
        return;
      }
      default:
        return;
    }
  }

  private charset(payload: Uint8Array): void {
    const msg = parseCharset(payload);
    switch (msg.type) {
      case 'accepted':
        this.charsetPending = false;
        if (isUtf8Name(msg.charset)) this.charsetAccepted = true;
        else this.charsetRejected = true; // accepted something we never offered
        break;
      case 'rejected':
        this.charsetPending = false;
        this.charsetRejected = true;
        break;
      case 'request': {
        const reply = charsetReply(msg.charsets);
        this.hooks.write(subnegotiation(OPT.CHARSET, reply.payload));
        if (reply.accepted) {
          this.charsetAccepted = true;
          this.charsetPending = false;
        }
        break;
      }
      case 'ttable':
        this.hooks.write(subnegotiation(OPT.CHARSET, TTABLE_REJECTED_PAYLOAD));
        break;
      case 'unknown':
        return;
    }
    this.lines.setEncoding(this.encoding);
    this.capabilitiesUpdated();
  }

  private capabilitiesUpdated(): void {
    this.capsCache = null;
    this.hooks.capabilitiesChanged?.(this.capabilities);
  }

  private checkSettled(): void {
    if (this.settledFired || !this.started || !this.isSettled) return;
    this.settledFired = true;
    this.hooks.settled?.();
  }
}
