/**
 * The structured output model. Packs and the host never write bytes for a client:
 * they produce OutputMessages, and each transport renders them (ANSI or plain text
 * for telnet, JSON for WebSocket, GMCP for structured data).
 *
 * A message is a list of spans whose texts concatenate to the full line(s).
 * Styles are semantic class names from a fixed set, so a renderer maps them to
 * 16/256/true colour (or nothing) according to what the client reported.
 */

/** Semantic styles. Renderers own the colours; packs only say what a span *is*. */
export const STYLE_CLASSES = [
  'room-title', // the name of a room in `look`
  'room-desc', // its description
  'exit', // an exit name
  'name', // a character or entity name
  'speech', // quoted speech
  'emote', // pose text
  'system', // host notices (connection, replay markers)
  'error', // refusals and failures
  'hint', // help text, usage lines
  'emphasis',
  'good', // positive change (healed, level gained)
  'bad', // negative change (damage, tired)
  'item', // an item name
] as const;
export type StyleClass = (typeof STYLE_CLASSES)[number];

export interface Span {
  readonly text: string;
  readonly style?: StyleClass;
  /** Entity the span refers to (clients may make it clickable). */
  readonly ref?: string;
}

/** What a message is about; clients may filter or route by it. */
export const MESSAGE_KINDS = ['room', 'say', 'pose', 'move', 'info', 'system', 'error', 'help', 'replay', 'combat', 'prompt'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export interface OutputMessage {
  readonly kind: MessageKind;
  readonly spans: readonly Span[];
  /** Optional structured data for GMCP / web status bars (e.g. Room.Info). */
  readonly data?: { readonly package: string; readonly value: unknown };
}

export function plainText(message: OutputMessage): string {
  let out = '';
  for (const span of message.spans) out += span.text;
  return out;
}

export function textMessage(kind: MessageKind, text: string, style?: StyleClass): OutputMessage {
  return { kind, spans: [style ? { text, style } : { text }] };
}

const STYLE_SET: ReadonlySet<string> = new Set(STYLE_CLASSES);
const KIND_SET: ReadonlySet<string> = new Set(MESSAGE_KINDS);

/**
 * Validate an untrusted message (from a pack). Returns the cleaned message or a
 * reason. Control characters are stripped from span text here, once, so no
 * renderer can be tricked into emitting terminal escapes or telnet IAC.
 */
export function sanitizeMessage(raw: unknown): { ok: true; message: OutputMessage } | { ok: false; reason: string } {
  if (typeof raw !== 'object' || raw === null) return { ok: false, reason: 'message must be an object' };
  const r = raw as Record<string, unknown>;
  const kind = r['kind'] ?? 'info';
  if (typeof kind !== 'string' || !KIND_SET.has(kind)) return { ok: false, reason: `unknown message kind ${JSON.stringify(kind)}` };
  const rawSpans = r['spans'];
  if (!Array.isArray(rawSpans)) return { ok: false, reason: 'spans must be an array' };
  const spans: Span[] = [];
  for (const s of rawSpans) {
    if (typeof s !== 'object' || s === null) return { ok: false, reason: 'each span must be an object' };
    const span = s as Record<string, unknown>;
    if (typeof span['text'] !== 'string') return { ok: false, reason: 'span.text must be a string' };
    const style = span['style'];
    if (style !== undefined && (typeof style !== 'string' || !STYLE_SET.has(style))) {
      return { ok: false, reason: `unknown style ${JSON.stringify(style)}` };
    }
    const ref = span['ref'];
    if (ref !== undefined && typeof ref !== 'string') return { ok: false, reason: 'span.ref must be a string' };
    const text = stripControl(span['text']);
    spans.push({ text, ...(style ? { style: style as StyleClass } : {}), ...(ref ? { ref } : {}) });
  }
  const data = r['data'];
  if (data !== undefined) {
    const d = data as Record<string, unknown>;
    if (typeof d !== 'object' || d === null || typeof d['package'] !== 'string') {
      return { ok: false, reason: 'data must be {package, value}' };
    }
    return { ok: true, message: { kind: kind as MessageKind, spans, data: { package: d['package'], value: d['value'] } } };
  }
  return { ok: true, message: { kind: kind as MessageKind, spans } };
}

/**
 * Remove C0/C1 control characters except newline and tab, and Unicode format
 * characters (category Cf) that reorder or hide text: the bidi embeddings,
 * overrides and isolates (U+202A–202E, U+2066–2069), the marks U+200E/U+200F
 * and U+061C, zero-width spaces and the like. U+202E turns "gnp.exe" into a
 * line that reads otherwise on the victim's screen; no game text needs them.
 * Kept: ZWNJ/ZWJ (U+200C/U+200D), which shape Persian and Indic scripts and join
 * emoji and never move text. ESC (0x1b) is how a player would inject ANSI
 * sequences into other players' screens; 0xFF (IAC) is not a control character
 * in UTF-16 text, and the telnet writer escapes it. Line and paragraph
 * separators (U+2028/U+2029), which some clients break lines at, become "\n"
 * so the line rules of docs/security.md see them.
 */
export function stripControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|(?![\u200c\u200d])\p{Cf}/gu, '').replace(/[\u2028\u2029]/g, '\n');
}

/** Whether text breaks a line (after stripControl, "\n" is the only way left). */
export function hasLineBreak(text: string): boolean {
  return text.includes('\n');
}
