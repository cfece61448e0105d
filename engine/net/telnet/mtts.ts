/**
 * Terminal type (RFC 1091) and the MUD Terminal Type Standard (MTTS): asking TTYPE
 * repeatedly makes an MTTS client answer with its name, then its terminal type, then
 * "MTTS <bits>". Clients without MTTS repeat one terminal type, which ends the cycle.
 * This module decodes the answers and derives the colour depth we render with.
 */

/** MTTS bit values, from the MTTS specification. */
export const MTTS_BITS = {
  ansi: 1,
  vt100: 2,
  utf8: 4,
  colors256: 8,
  mouseTracking: 16,
  oscColorPalette: 32,
  screenReader: 64,
  proxy: 128,
  truecolor: 256,
  mnes: 512,
  mslp: 1024,
  ssl: 2048,
} as const;
export type MttsFlag = keyof typeof MTTS_BITS;
export type MttsFlags = { readonly [K in MttsFlag]: boolean };

export function decodeMtts(bits: number): MttsFlags {
  const flags = {} as Record<MttsFlag, boolean>;
  for (const [name, bit] of Object.entries(MTTS_BITS) as Array<[MttsFlag, number]>) flags[name] = (bits & bit) !== 0;
  return flags;
}

/** "MTTS 137" -> 137; anything else -> undefined. */
export function parseMttsReply(reply: string): number | undefined {
  const m = /^MTTS (\d{1,9})$/i.exec(reply.trim());
  return m ? Number(m[1]) : undefined;
}

export type ColourDepth = 'none' | '16' | '256' | 'truecolor';

const DEPTH_RANK: Readonly<Record<ColourDepth, number>> = { none: 0, '16': 1, '256': 2, truecolor: 3 };
export function maxDepth(a: ColourDepth, b: ColourDepth): ColourDepth {
  return DEPTH_RANK[a] >= DEPTH_RANK[b] ? a : b;
}

/** Clients known to render colour even before (or without) MTTS; names as sent in TTYPE. */
const CLIENT_DEPTH: ReadonlyMap<string, ColourDepth> = new Map([
  ['mudlet', 'truecolor'],
  ['beip', 'truecolor'],
  ['tintin++', '256'],
  ['mushclient', '256'],
  ['cmud', '256'],
  ['zmud', '16'],
  ['potato', '256'],
]);

/** Terminal families that speak at least the 16 ANSI colours. vt100/vt220 had none. */
const ANSI_TERMINALS = /^(ansi|xterm|linux|screen|tmux|rxvt|putty|cygwin|konsole|eterm|gnome|alacritty|kitty|wezterm|foot|st-|st$)|color/;

/** Colour depth implied by one TTYPE answer (client name or terminal type). */
export function depthFromTerminal(name: string): ColourDepth {
  const t = name.trim().toLowerCase();
  if (t === '' || t === 'dumb' || t === 'unknown') return 'none';
  const known = CLIENT_DEPTH.get(t.split(' ')[0] ?? '');
  if (known) return known;
  if (/truecolou?r|24bit|-direct/.test(t)) return 'truecolor';
  if (/256/.test(t)) return '256';
  if (ANSI_TERMINALS.test(t)) return '16';
  return 'none';
}

/** The depth to render with: MTTS bits when the client sent them, else what its names imply. */
export function colourDepth(input: { readonly mtts?: number; readonly names: readonly string[] }): ColourDepth {
  if (input.mtts !== undefined) {
    const f = decodeMtts(input.mtts);
    if (f.truecolor) return 'truecolor';
    if (f.colors256) return '256';
    return f.ansi ? '16' : 'none';
  }
  let depth: ColourDepth = 'none';
  for (const name of input.names) {
    if (name.trim().toLowerCase() === 'dumb') return 'none';
    depth = maxDepth(depth, depthFromTerminal(name));
  }
  return depth;
}

export interface TtypeResult {
  readonly clientName?: string;
  readonly clientVersion?: string;
  readonly terminalType?: string;
  readonly mtts?: number;
  /** Every distinct answer, in order (for logs). */
  readonly answers: readonly string[];
}

/**
 * Tracks one connection's TTYPE cycle: call `answer()` with each TTYPE IS reply; it
 * says whether to ask again. Stops at a repeat, at "MTTS n", or after `maxRequests`.
 */
export class TtypeCycle {
  private readonly answers: string[] = [];
  private requests = 0;
  private finished = false;

  constructor(private readonly maxRequests: number) {}

  get done(): boolean {
    return this.finished;
  }

  /** Call when a TTYPE SEND is sent. Returns false (send nothing) once the cycle is over. */
  ask(): boolean {
    if (this.finished || this.requests >= this.maxRequests) {
      this.finished = true;
      return false;
    }
    this.requests++;
    return true;
  }

  /** Record an answer; returns true when another TTYPE SEND should be sent. */
  answer(raw: string): boolean {
    if (this.finished) return false;
    const reply = raw.trim();
    const last = this.answers[this.answers.length - 1];
    const repeat = last !== undefined && last.toLowerCase() === reply.toLowerCase();
    if (!repeat && reply !== '') this.answers.push(reply);
    const more = !repeat && reply !== '' && parseMttsReply(reply) === undefined && this.requests < this.maxRequests;
    if (!more) this.finished = true;
    return more;
  }

  result(): TtypeResult {
    let mtts: number | undefined;
    const names: string[] = [];
    for (const a of this.answers) {
      const bits = parseMttsReply(a);
      if (bits !== undefined) mtts = bits;
      else names.push(a);
    }
    const first = names[0];
    const out: { -readonly [K in keyof TtypeResult]: TtypeResult[K] } = { answers: [...this.answers] };
    // Only an MTTS client's first answer is its name; a client that repeats one answer
    // (netkit/inetutils telnet sending $TERM) told us a terminal type, not a client name.
    const named = names.length >= 2 || mtts !== undefined;
    if (first !== undefined && !named) {
      out.terminalType = first;
    } else if (first !== undefined) {
      const space = first.indexOf(' ');
      if (space > 0 && /^v?\d/.test(first.slice(space + 1))) {
        out.clientName = first.slice(0, space);
        out.clientVersion = first.slice(space + 1);
      } else {
        out.clientName = first;
      }
      out.terminalType = names[1] ?? first;
    }
    if (mtts !== undefined) out.mtts = mtts;
    return out;
  }
}
