/**
 * The capability snapshot a connection exposes: what the client reported through
 * TTYPE/MTTS, NAWS, CHARSET and GMCP, and which options are on. Built fresh and frozen
 * on each read, so callers can keep it without seeing it change under them.
 */
import { OPT } from './codes.ts';
import type { TextEncoding } from './encoding.ts';
import type { GmcpState } from './gmcp.ts';
import { colourDepth, decodeMtts, type ColourDepth, type MttsFlags, type TtypeResult } from './mtts.ts';
import type { Side } from './options.ts';

/** What the client told us about itself. A fresh frozen snapshot each time it is read. */
export interface TelnetCapabilities {
  /** An MTTS client's first TTYPE answer ("TINTIN++", "MUDLET"), else Core.Hello's client. */
  readonly clientName?: string;
  readonly clientVersion?: string;
  /** Second TTYPE answer ("XTERM-256COLOR"), or the only one for non-MTTS clients. */
  readonly terminalType?: string;
  readonly ttypeAnswers: readonly string[];
  /** Raw MTTS bit field and its decoding, when the client sent "MTTS <n>". */
  readonly mtts?: number;
  readonly mttsFlags?: MttsFlags;
  readonly colourDepth: ColourDepth;
  /** True when the client said it handles UTF-8 (MTTS bit 4 or CHARSET accepted). */
  readonly utf8: boolean;
  /** What we encode output with: UTF-8 unless the client rejected it in CHARSET. */
  readonly encoding: TextEncoding;
  readonly screenReader: boolean;
  readonly width?: number;
  readonly height?: number;
  readonly gmcp: {
    readonly enabled: boolean;
    readonly client?: string;
    readonly version?: string;
    /** Modules from Core.Supports.*, lower-cased: ["char 1", "room 1"]. */
    readonly supports: readonly string[];
  };
  readonly mccp: boolean;
  /** Prompts end with IAC EOR (else IAC GA unless SGA is on). */
  readonly eor: boolean;
  readonly sga: boolean;
  /** The server is "echoing" (the client hides what is typed: password entry). */
  readonly echo: boolean;
}

export interface CapabilityInputs {
  readonly ttype: TtypeResult;
  readonly gmcp: GmcpState;
  readonly charsetAccepted: boolean;
  readonly encoding: TextEncoding;
  readonly width: number | undefined;
  readonly height: number | undefined;
  readonly enabled: (side: Side, option: number) => boolean;
}

export function buildCapabilities(input: CapabilityInputs): TelnetCapabilities {
  const { ttype: t, gmcp } = input;
  const flags = t.mtts === undefined ? undefined : decodeMtts(t.mtts);
  const names = t.answers.filter((a) => !/^MTTS /i.test(a));
  const clientName = t.clientName ?? gmcp.client;
  const clientVersion = t.clientVersion ?? gmcp.version;
  const caps: TelnetCapabilities = {
    ...(clientName !== undefined ? { clientName } : {}),
    ...(clientVersion !== undefined ? { clientVersion } : {}),
    ...(t.terminalType !== undefined ? { terminalType: t.terminalType } : {}),
    ttypeAnswers: Object.freeze([...t.answers]),
    ...(t.mtts !== undefined ? { mtts: t.mtts } : {}),
    ...(flags !== undefined ? { mttsFlags: Object.freeze(flags) } : {}),
    colourDepth: colourDepth({ ...(t.mtts !== undefined ? { mtts: t.mtts } : {}), names }),
    utf8: input.charsetAccepted || (flags?.utf8 ?? false) || names.some((n) => /utf-?8/i.test(n)),
    encoding: input.encoding,
    screenReader: flags?.screenReader ?? false,
    ...(input.width !== undefined ? { width: input.width } : {}),
    ...(input.height !== undefined ? { height: input.height } : {}),
    gmcp: Object.freeze({
      enabled: input.enabled('local', OPT.GMCP),
      ...(gmcp.client !== undefined ? { client: gmcp.client } : {}),
      ...(gmcp.version !== undefined ? { version: gmcp.version } : {}),
      supports: Object.freeze(gmcp.supported()),
    }),
    mccp: input.enabled('local', OPT.MCCP2),
    eor: input.enabled('local', OPT.EOR),
    sga: input.enabled('local', OPT.SGA),
    echo: input.enabled('local', OPT.ECHO),
  };
  return Object.freeze(caps);
}
