/**
 * Renders an OutputMessage as terminal text for one telnet client: semantic style
 * classes become SGR colour codes at the depth the client reported (none, 16, 256,
 * truecolor), newlines become CR LF. Span text is cleaned again here (stripInjected)
 * so the only escape sequences in the output are the renderer's own.
 */
import { stripControl, type OutputMessage, type StyleClass } from '../../output/message.ts';
import type { ColourDepth } from './mtts.ts';

interface StyleCodes {
  /** SGR parameters for the 16-colour palette. */
  readonly c16: string;
  readonly c256: string;
  readonly rgb: string;
}

/** One palette, three depths; readable on dark backgrounds, where most MUD clients live. */
export const PALETTE: Readonly<Record<StyleClass, StyleCodes>> = Object.freeze({
  'room-title': { c16: '1;36', c256: '1;38;5;45', rgb: '1;38;2;64;200;255' },
  'room-desc': { c16: '', c256: '', rgb: '' },
  exit: { c16: '32', c256: '38;5;71', rgb: '38;2;95;175;95' },
  name: { c16: '1;33', c256: '1;38;5;221', rgb: '1;38;2;255;215;95' },
  speech: { c16: '36', c256: '38;5;80', rgb: '38;2;95;215;215' },
  emote: { c16: '35', c256: '38;5;176', rgb: '38;2;215;135;215' },
  system: { c16: '1;34', c256: '38;5;75', rgb: '38;2;95;175;255' },
  error: { c16: '1;31', c256: '1;38;5;203', rgb: '1;38;2;255;95;95' },
  hint: { c16: '37', c256: '38;5;245', rgb: '38;2;138;138;138' },
  emphasis: { c16: '1', c256: '1', rgb: '1' },
  good: { c16: '1;32', c256: '38;5;114', rgb: '38;2;135;215;135' },
  bad: { c16: '31', c256: '38;5;167', rgb: '38;2;215;95;95' },
  item: { c16: '33', c256: '38;5;179', rgb: '38;2;215;175;95' },
});

const ESC = '\u001b';
const RESET = `${ESC}[0m`;

/** The SGR parameters for a style at a depth ('' = no colour). */
export function sgrFor(style: StyleClass | undefined, depth: ColourDepth): string {
  if (style === undefined || depth === 'none') return '';
  const codes = PALETTE[style];
  return depth === 'truecolor' ? codes.rgb : depth === '256' ? codes.c256 : codes.c16;
}

/**
 * Make text safe to put on another player's terminal: CR LF and lone CR become LF
 * (a bare CR could overwrite a line to spoof it), and every other control character,
 * ESC included, is removed. Newline and tab are kept.
 */
export function stripInjected(text: string): string {
  return stripControl(text.replace(/\r\n?/g, '\n'));
}

export interface RenderOptions {
  readonly depth: ColourDepth;
  /** A prompt is left open (no trailing CR LF) so the client's cursor stays on it. */
  readonly prompt?: boolean;
}

/** Render a message to the exact text to send (before charset encoding and IAC escaping). */
export function renderMessage(message: OutputMessage, options: RenderOptions): string {
  let out = '';
  let endsWithNewline = false;
  for (const span of message.spans) {
    const text = stripInjected(span.text);
    if (text === '') continue;
    const sgr = sgrFor(span.style, options.depth);
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (i > 0) out += '\r\n';
      if (line !== '') out += sgr === '' ? line : `${ESC}[${sgr}m${line}${RESET}`;
    });
    endsWithNewline = text.endsWith('\n');
  }
  if (!options.prompt && !endsWithNewline) out += '\r\n';
  return out;
}

/** Render a plain host notice: same cleaning and line endings, no colour. */
export function renderText(text: string, options: { readonly prompt?: boolean } = {}): string {
  return renderMessage({ kind: 'system', spans: [{ text }] }, { depth: 'none', ...options });
}
