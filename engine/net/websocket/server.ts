/**
 * WebSocket transport at /ws. Subprotocols: our JSON (`myriad.v1`, also the
 * default with none requested), `json.mudstandards.org` (same JSON framing), and
 * `terminal.mudstandards.org` (telnet in binary frames, handed to terminal.ts).
 * Per-message compression is off (zip-bomb and CPU cost; MUD traffic is small)
 * and `maxPayload` caps each message.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { newUlid as ulid } from '../../ids.ts';
import { plainText, type OutputMessage } from '../../output/message.ts';
import type { ClientConnection } from '../../sessions/connection.ts';
import type { Gateway } from '../../gateway/gateway.ts';
import { TERMINAL_SUBPROTOCOL, acceptTerminal } from './terminal.ts';
import { cleanInputLine, outputFrame, parseClientMessage } from './protocol.ts';
import { corkForThisTick } from '../cork.ts';

export const SUBPROTOCOLS = ['myriad.v1', 'json.mudstandards.org', 'terminal.mudstandards.org'] as const;

export interface WebSocketOptions {
  readonly maxPayloadBytes: number;
  readonly maxLineBytes: number;
  /** Browser Origins allowed to connect; empty = any (non-browser clients send none). */
  readonly allowedOrigins: readonly string[];
  /** Unsent bytes per socket before the client is dropped as a slow reader. */
  readonly maxBufferedBytes: number;
}

export class WebSocketTransport {
  private readonly wss: WebSocketServer;

  constructor(private readonly gateway: Gateway, private readonly opts: WebSocketOptions) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: opts.maxPayloadBytes,
      perMessageDeflate: false,
      handleProtocols: (protocols) => {
        for (const p of SUBPROTOCOLS) if (protocols.has(p)) return p;
        return false;
      },
    });
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const origin = req.headers.origin;
    if (origin && this.opts.allowedOrigins.length > 0 && !this.opts.allowedOrigins.includes(origin)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\n\r\nOrigin not allowed (http.allowedOrigins)\n');
      return;
    }
    // Per-address caps and rates, shared with telnet (engine/gateway/limits/address-guard.ts).
    const admission = this.gateway.addresses.admit(req.socket.remoteAddress);
    if (!admission.ok) {
      socket.on('error', () => undefined);
      socket.end(`HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${admission.retryAfterSeconds}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${admission.message}\n`);
      return;
    }
    socket.once('close', admission.release);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req));
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private accept(ws: WebSocket, req: IncomingMessage): void {
    if (ws.protocol === TERMINAL_SUBPROTOCOL) {
      // Telnet inside WebSocket frames, through the telnet stack (terminal.ts).
      acceptTerminal(this.gateway, ws, req);
      return;
    }
    const terminal = ws.protocol === 'terminal.mudstandards.org';
    const send = (data: string): void => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > this.opts.maxBufferedBytes) {
        // A client that never reads cannot make us hold its output without bound.
        this.gateway.log.warn({ remote: req.socket.remoteAddress, code: 'NET_SLOW_READER', bytes: ws.bufferedAmount, limit: this.opts.maxBufferedBytes }, 'websocket client is not reading; disconnecting');
        ws.terminate();
        return;
      }
      // req.socket is the socket ws writes to: one writev per tick (engine/net/cork.ts).
      corkForThisTick(req.socket);
      ws.send(data);
    };
    const conn: ClientConnection = {
      id: ulid(),
      transport: 'websocket',
      remoteAddress: req.socket.remoteAddress ?? 'unknown',
      // A game prompt (kind `prompt`) is a prompt frame, as the login's "> " is: the web client shows it by the input line.
      send: (msg: OutputMessage) => (msg.kind === 'prompt' ? conn.prompt(plainText(msg)) : send(terminal ? plainText(msg) + '\r\n' : outputFrame(msg))),
      sendData: (pkg, value) => {
        if (!terminal) send(JSON.stringify({ type: 'data', package: pkg, value }));
      },
      setPasswordMode: (on) => {
        if (!terminal) send(JSON.stringify({ type: 'echo', hidden: on }));
      },
      prompt: (text) => send(terminal ? text : JSON.stringify({ type: 'prompt', text })),
      close: (reason) => {
        if (reason) send(terminal ? reason + '\r\n' : JSON.stringify({ type: 'closing', reason }));
        ws.close(1000, 'bye');
      },
    };
    const handler = this.gateway.connect(conn);
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
      if (terminal) {
        for (const line of text.split(/\r?\n/)) if (line.length) handler.line(cleanInputLine(line));
        return;
      }
      const parsed = parseClientMessage(text, this.opts.maxLineBytes);
      if (!parsed.ok) {
        send(JSON.stringify(parsed.error));
        return;
      }
      if (parsed.message.type === 'ping') send(JSON.stringify({ type: 'pong', ...('id' in parsed.message ? { id: parsed.message.id } : {}) }));
      else handler.line(cleanInputLine(parsed.message.text));
    });
    ws.on('close', () => this.gateway.disconnected(conn));
    ws.on('error', (e) => this.gateway.log.debug({ err: e }, 'websocket error'));
  }
}
