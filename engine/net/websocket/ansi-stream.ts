/**
 * The mudstandards.org subprotocols that carry the game's text as ANSI in
 * BINARY frames, without telnet (https://mudstandards.org/websocket):
 *
 *   terminal.mudstandards.org  BINARY: UTF-8 text with ANSI colour, both ways. No OOB
 *                              (text frames from the client are read as input too).
 *   gmcp.mudstandards.org      BINARY as above; TEXT: one GMCP message, "Package.Name json".
 *   json.mudstandards.org      BINARY as above; TEXT: {"proto":"gmcp","id":"Package.Name","data":"<json>"}
 *                              (`data` is the JSON text of the value, a string).
 *
 * Out-of-band data follows the GMCP profile (engine/net/gmcp/profile.ts) and the
 * client's Core.Supports.*, as on telnet; Core.Ping is answered; other client GMCP
 * goes to the packs granted it. Colour is 256-colour (no MTTS to ask): every
 * browser terminal (xterm.js) and MUD client renders it.
 */
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { newUlid as ulid } from '../../ids.ts';
import type { PlayerEntry } from '../../play/services.ts';
import type { ClientConnection } from '../../sessions/connection.ts';
import { renderMessage, renderText } from '../telnet/ansi.ts';
import { GmcpState, isValidPackageName, parseGmcp } from '../telnet/gmcp.ts';
import { profileValue } from '../gmcp/profile.ts';
import { cleanInputLine } from './protocol.ts';
import { corkForThisTick } from '../cork.ts';

export const ANSI_SUBPROTOCOLS = ['terminal.mudstandards.org', 'gmcp.mudstandards.org', 'json.mudstandards.org'] as const;
export type AnsiSubprotocol = (typeof ANSI_SUBPROTOCOLS)[number];

export interface AnsiStreamOptions {
  /** Unsent bytes before the client is dropped as a slow reader (http.maxBufferedBytes). */
  readonly maxBufferedBytes: number;
  /** Longest input line in bytes (telnet.maxLineBytes). */
  readonly maxLineBytes: number;
  /** Address for logs and limits (the proxy-reported one when trusted). */
  readonly remoteAddress: string;
}

const encoder = new TextEncoder();

/** An OOB message as the subprotocol frames it; null for terminal (no OOB channel). */
export function oobFrame(protocol: AnsiSubprotocol, pkg: string, value: unknown): string | null {
  const json = value === undefined ? undefined : JSON.stringify(profileValue(pkg, value));
  if (protocol === 'gmcp.mudstandards.org') return json === undefined ? pkg : `${pkg} ${json}`;
  if (protocol === 'json.mudstandards.org') return JSON.stringify({ proto: 'gmcp', id: pkg, data: json ?? '' });
  return null;
}

/** A client TEXT frame as GMCP (gmcp/json subprotocols), or why not. */
export function parseOob(protocol: AnsiSubprotocol, text: string): { ok: true; pkg: string; data: unknown } | { ok: false; reason: string } {
  if (protocol === 'gmcp.mudstandards.org') {
    const parsed = parseGmcp(encoder.encode(text));
    return parsed.ok ? { ok: true, pkg: parsed.package, data: parsed.data } : parsed;
  }
  let env: unknown;
  try {
    env = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `invalid JSON (${(e as Error).message})` };
  }
  const o = env as Record<string, unknown> | null;
  if (typeof o !== 'object' || o === null || o['proto'] !== 'gmcp' || typeof o['id'] !== 'string' || !isValidPackageName(o['id'])) {
    return { ok: false, reason: 'expected {"proto":"gmcp","id":"Package.Name","data":"<json>"}' };
  }
  const data = o['data'];
  if (data === undefined || data === '') return { ok: true, pkg: o['id'], data: undefined };
  if (typeof data !== 'string') return { ok: false, reason: '"data" must be the JSON text of the value (a string)' };
  try {
    return { ok: true, pkg: o['id'], data: JSON.parse(data) as unknown };
  } catch (e) {
    return { ok: false, reason: `"data" is not JSON (${(e as Error).message})` };
  }
}

export function acceptAnsiStream(players: PlayerEntry, ws: WebSocket, req: IncomingMessage, protocol: AnsiSubprotocol, opts: AnsiStreamOptions): void {
  const gmcp = new GmcpState();
  let ended = false;
  const ending = (): void => {
    if (ended) return;
    ended = true;
    players.disconnected(conn);
  };
  const frame = (data: string | Uint8Array, binary: boolean): void => {
    // Output stops reaching the client once its close frame arrived: leave the game now (replay cursor).
    if (ws.readyState !== ws.OPEN) return ending();
    if (ws.bufferedAmount > opts.maxBufferedBytes) {
      players.log.warn({ remote: opts.remoteAddress, code: 'NET_SLOW_READER', bytes: ws.bufferedAmount, limit: opts.maxBufferedBytes }, 'websocket client is not reading; disconnecting');
      ws.terminate();
      return ending();
    }
    corkForThisTick(req.socket);
    ws.send(data, { binary });
  };
  const text = (s: string): void => frame(encoder.encode(s), true);
  const oob = (pkg: string, value: unknown): void => {
    if (!gmcp.wants(pkg)) return;
    const f = oobFrame(protocol, pkg, value);
    if (f !== null) frame(f, false);
  };
  const conn: ClientConnection = {
    id: ulid(),
    transport: 'websocket',
    remoteAddress: opts.remoteAddress,
    send: (msg) => {
      if (msg.spans.length > 0 || msg.data === undefined) text(renderMessage(msg, { depth: '256', prompt: msg.kind === 'prompt' }));
    },
    sendData: oob,
    // No telnet ECHO here: a terminal client echoes what it sends; it is the client's to mask.
    setPasswordMode: () => undefined,
    prompt: (p) => text(renderText(p, { prompt: true })),
    close: (reason) => {
      if (reason) text(renderText(reason));
      ws.close(1000, 'bye');
      ending();
    },
  };
  const handler = players.connect(conn);
  let partial = '';
  const input = (s: string): void => {
    const lines = (partial + s).split(/\r?\n/);
    partial = lines.pop() ?? '';
    if (Buffer.byteLength(partial) > opts.maxLineBytes) partial = ''; // an endless line is dropped, not buffered
    for (const line of lines) if (line.length) handler.line(cleanInputLine(line));
  };
  ws.on('message', (data, isBinary) => {
    const s = Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    // Terminal: every frame is input (a browser may only send text). A single frame without a line end is one line.
    if (isBinary || protocol === 'terminal.mudstandards.org') return input(/\n$/.test(s) ? s : `${s}\n`);
    const parsed = parseOob(protocol, s);
    if (!parsed.ok) {
      players.log.warn({ remote: opts.remoteAddress, protocol, reason: parsed.reason }, 'bad out-of-band frame ignored');
      return;
    }
    gmcp.track(parsed.pkg, parsed.data);
    if (parsed.pkg.toLowerCase() === 'core.ping') oob('Core.Ping', undefined);
    handler.gmcp(parsed.pkg, parsed.data);
  });
  ws.on('close', ending);
  ws.on('error', (e) => players.log.debug({ err: e }, 'websocket error'));
}
