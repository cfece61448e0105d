/**
 * WebSocket transport at /ws. Subprotocols (the first the client lists that we speak):
 *   myriad.v1                  our JSON messages (protocol.ts), also the default with none requested
 *   telnet.mudstandards.org    the telnet stream in binary frames (telnet-stream.ts)
 *   terminal.mudstandards.org  ANSI text in binary frames, no IAC (ansi-stream.ts)
 *   gmcp.mudstandards.org      ANSI text + GMCP "Package.Name json" text frames (ansi-stream.ts)
 *   json.mudstandards.org      ANSI text + {"proto","id","data"} text frames (ansi-stream.ts)
 * Per-message compression is off (zip-bomb and CPU cost; MUD traffic is small)
 * and `maxPayload` caps each message.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { PlayerEntry } from '../../play/services.ts';
import { attachWebSocket } from './adapter.ts';
import { TELNET_SUBPROTOCOL, acceptTelnetStream } from './telnet-stream.ts';
import { ANSI_SUBPROTOCOLS, acceptAnsiStream, type AnsiSubprotocol } from './ansi-stream.ts';
import { clientAddress } from '../proxy/forwarded.ts';
import { TrustedProxies } from '../proxy/trust.ts';

export const SUBPROTOCOLS = ['myriad.v1', TELNET_SUBPROTOCOL, ...ANSI_SUBPROTOCOLS] as const;
const SPOKEN: ReadonlySet<string> = new Set(SUBPROTOCOLS);

export interface WebSocketOptions {
  readonly maxPayloadBytes: number;
  readonly maxLineBytes: number;
  /** Browser Origins allowed to connect; empty = any (non-browser clients send none). */
  readonly allowedOrigins: readonly string[];
  /** Unsent bytes per socket before the client is dropped as a slow reader. */
  readonly maxBufferedBytes: number;
  /** Proxies whose X-Forwarded-For / Forwarded name the client (net.trustedProxies). */
  readonly trustedProxies: readonly string[];
}

export class WebSocketTransport {
  private readonly wss: WebSocketServer;
  private readonly trusted: TrustedProxies;

  constructor(
    private readonly players: PlayerEntry,
    private readonly opts: WebSocketOptions,
  ) {
    this.trusted = new TrustedProxies(opts.trustedProxies);
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: opts.maxPayloadBytes,
      perMessageDeflate: false,
      // The client lists in its order of preference (RFC 6455 4.1): take the first we speak.
      handleProtocols: (protocols) => {
        for (const p of protocols) if (SPOKEN.has(p)) return p;
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
    // Per-address caps and rates, shared with telnet (engine/limits/address-guard.ts).
    // The player's address: limits and logs must see it, not a proxy's (engine/net/proxy/forwarded.ts).
    const address = clientAddress(req, this.trusted);
    const admission = this.players.addresses.admit(address);
    if (!admission.ok) {
      socket.on('error', () => undefined);
      const status = admission.code === 'NET_ADDRESS_BANNED' ? '403 Forbidden' : '429 Too Many Requests';
      socket.end(`HTTP/1.1 ${status}\r\nRetry-After: ${admission.retryAfterSeconds}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${admission.message}\n`);
      return;
    }
    socket.once('close', admission.release);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req, address));
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private accept(ws: WebSocket, req: IncomingMessage, address: string): void {
    if (ws.protocol === TELNET_SUBPROTOCOL) {
      // Telnet inside WebSocket frames, through the telnet stack (telnet-stream.ts).
      acceptTelnetStream(this.players, ws, req, address);
      return;
    }
    if ((ANSI_SUBPROTOCOLS as readonly string[]).includes(ws.protocol)) {
      acceptAnsiStream(this.players, ws, req, ws.protocol as AnsiSubprotocol, {
        maxBufferedBytes: this.opts.maxBufferedBytes,
        maxLineBytes: this.opts.maxLineBytes,
        remoteAddress: address,
      });
      return;
    }
    // myriad.v1 (or no subprotocol): our JSON messages (adapter.ts).
    attachWebSocket(this.players, ws, req, address, { maxBufferedBytes: this.opts.maxBufferedBytes, maxLineBytes: this.opts.maxLineBytes });
  }
}
