/**
 * `telnet.mudstandards.org`: the telnet byte stream carried in WebSocket frames
 * (https://mudstandards.org/websocket; what Evennia and current web MUD clients speak). The server sends binary frames; the
 * client may send binary or text frames, both are read as telnet bytes. So a
 * client speaking this subprotocol gets exactly what a telnet client gets:
 * option negotiation (TTYPE/MTTS, NAWS, CHARSET, EOR, ECHO for passwords, GMCP),
 * ANSI colour at the depth it reported, prompts marked with EOR/GA.
 *
 * It reuses the telnet stack unchanged: `WebSocketByteStream` makes the
 * WebSocket look like the socket a `TelnetConnection` expects. MCCP2 is not
 * offered: a browser cannot inflate a zlib stream cheaply, and the frames are
 * small.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { PlayerEntry } from '../../play/services.ts';
import { attachTelnet } from '../telnet/adapter.ts';
import { gatewayMssp } from '../telnet/game-mssp.ts';
import { TelnetConnection } from '../telnet/connection.ts';

export const TELNET_SUBPROTOCOL = 'telnet.mudstandards.org';

/**
 * A WebSocket as a byte stream with the few Socket members TelnetConnection uses
 * (remoteAddress/remotePort, setNoDelay, setKeepAlive, writableLength).
 *
 * A write completes when `ws` has handed its frame to the socket, so a client
 * that stops reading makes `writableLength` grow and TelnetConnection's output
 * cap (telnet.maxOutputBufferBytes) drops it, as it would a telnet client.
 */
export class WebSocketByteStream extends Duplex {
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;

  constructor(
    private readonly ws: WebSocket,
    req: IncomingMessage,
    address: string,
  ) {
    super({ allowHalfOpen: false });
    this.remoteAddress = address;
    this.remotePort = req.socket.remotePort;
    ws.on('message', (data) => {
      this.push(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer));
    });
    ws.on('close', () => {
      this.push(null);
      this.destroy();
    });
    ws.on('error', (e) => this.destroy(e));
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  override _read(): void {
    // Data is pushed as frames arrive; WebSocket has no pull.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.frame(chunk, callback);
  }

  /** Writes queued while a frame was in flight go out together as one frame. */
  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    this.frame(Buffer.concat(chunks.map((c) => c.chunk)), callback);
  }

  private frame(bytes: Buffer, callback: (error?: Error | null) => void): void {
    if (this.ws.readyState !== this.ws.OPEN) return callback();
    this.ws.send(bytes, { binary: true }, (err) => callback(err ?? null));
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.close(1000, 'bye');
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.terminate();
    callback(error);
  }
}

/** Serve one `telnet.mudstandards.org` WebSocket as a telnet client of the players. */
export function acceptTelnetStream(players: PlayerEntry, ws: WebSocket, req: IncomingMessage, address: string): TelnetConnection {
  const { telnet } = players.config;
  const conn = new TelnetConnection(new WebSocketByteStream(ws, req, address) as unknown as Socket, {
    log: players.log,
    outputGone: () => ws.readyState !== ws.OPEN,
    compression: false,
    limits: {
      maxLineBytes: telnet.maxLineBytes,
      maxSubnegotiationBytes: telnet.maxSubnegotiationBytes,
      maxOutputBufferBytes: telnet.maxOutputBufferBytes,
    },
    mssp: () => gatewayMssp(players.config, players.sessions.online.length, players.tlsTelnetPort),
  });
  attachTelnet(players, conn, 'websocket');
  return conn;
}
