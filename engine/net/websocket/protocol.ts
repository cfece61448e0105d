/**
 * The WebSocket JSON protocol (docs/protocol.md). One JSON object per message.
 *
 * Client → server:  {"type":"input","text":"say hi"}   {"type":"ping","id":1}
 * Server → client:  {"type":"output","kind":"say","text":"…","spans":[…]}
 *                   {"type":"data","package":"Room.Info","value":{…}}
 *                   {"type":"prompt","text":"> "}   {"type":"echo","hidden":true}
 *                   {"type":"pong","id":1}   {"type":"error","code":"NET_BAD_JSON","message":"…"}
 *                   {"type":"closing","reason":"…"}
 */
import { formatError } from '../../errors.ts';
import { plainText, type OutputMessage } from '../../output/message.ts';

export type ClientMessage = { type: 'input'; text: string } | { type: 'ping'; id?: string | number };

export type ParseResult = { ok: true; message: ClientMessage } | { ok: false; error: ServerError };

export interface ServerError {
  readonly type: 'error';
  readonly code: 'NET_BAD_JSON' | 'NET_BAD_MESSAGE' | 'NET_LINE_TOO_LONG';
  readonly message: string;
}

export function parseClientMessage(raw: string, maxLineBytes: number): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    return { ok: false, error: { type: 'error', code: 'NET_BAD_JSON', message: formatError('NET_BAD_JSON', { reason: (e as Error).message }) } };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('expected a JSON object with a "type"');
  const msg = value as Record<string, unknown>;
  switch (msg['type']) {
    case 'input': {
      const text = msg['text'];
      if (typeof text !== 'string') return bad('"input" needs a string "text"');
      const bytes = Buffer.byteLength(text);
      if (bytes > maxLineBytes) {
        return { ok: false, error: { type: 'error', code: 'NET_LINE_TOO_LONG', message: formatError('NET_LINE_TOO_LONG', { length: bytes, limit: maxLineBytes }) } };
      }
      return { ok: true, message: { type: 'input', text } };
    }
    case 'ping': {
      const id = msg['id'];
      return { ok: true, message: typeof id === 'string' || typeof id === 'number' ? { type: 'ping', id } : { type: 'ping' } };
    }
    default:
      return bad(`unknown message type ${JSON.stringify(msg['type'])} (expected "input" or "ping")`);
  }
}

function bad(reason: string): ParseResult {
  return { ok: false, error: { type: 'error', code: 'NET_BAD_MESSAGE', message: formatError('NET_BAD_MESSAGE', { reason }) } };
}

/**
 * One message delivered to a room is the same object for every recipient: its frame
 * is built once (JSON per recipient was ~5 % of the gateway thread delivering to 500
 * connections, bench/notes.md). Messages are immutable once sent.
 */
const frames = new WeakMap<OutputMessage, string>();

export function outputFrame(msg: OutputMessage): string {
  let frame = frames.get(msg);
  if (frame === undefined) {
    frame = JSON.stringify({ type: 'output', kind: msg.kind, text: plainText(msg), spans: msg.spans });
    frames.set(msg, frame);
  }
  return frame;
}

/**
 * One input line from a WebSocket message, cleaned like the telnet line reader
 * cleans typed input: terminal escape sequences (`ESC [ … final`, `ESC ] … BEL/ST`,
 * `ESC x`) and C0/C1 controls are dropped, TAB becomes a space, and CR/LF become
 * spaces, so a JSON "text" cannot carry a line break into other players' output
 * (a line break in speech could forge a second line, "Admin says, …"). A lone
 * UTF-16 surrogate becomes U+FFFD (the database cannot store one).
 */
export function cleanInputLine(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/\x1b\[[\x20-\x3f]*[\x40-\x7e]?|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1bO.?|\x1b[\s\S]?|\u009b[\x20-\x3f]*[\x40-\x7e]?/g, '')
      .replace(/[\t\r\n]/g, ' ')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
      // JSON can carry a lone surrogate ("\ud800"); UTF-8 decoding of telnet input never makes one.
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
  );
}
