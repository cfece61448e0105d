/**
 * Adapts a `myriad.v1` WebSocket (our JSON messages, protocol.ts) to the
 * transport-neutral ClientConnection play uses: the twin of
 * engine/net/telnet/adapter.ts. The other subprotocols go through
 * telnet-stream.ts and ansi-stream.ts.
 */
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { newUlid as ulid } from '../../ids.ts';
import { plainText, type OutputMessage } from '../../output/message.ts';
import type { PlayerEntry } from '../../play/services.ts';
import type { ClientConnection } from '../../sessions/connection.ts';
import { corkForThisTick } from '../cork.ts';
import { profileValue } from '../gmcp/profile.ts';
import { cleanInputLine, outputFrame, parseClientMessage } from './protocol.ts';

export interface WebSocketAdapterOptions {
  /** Unsent bytes per socket before the client is dropped as a slow reader. */
  readonly maxBufferedBytes: number;
  readonly maxLineBytes: number;
}

export function attachWebSocket(players: PlayerEntry, ws: WebSocket, req: IncomingMessage, address: string, opts: WebSocketAdapterOptions): void {
  // Leave the game as soon as output stops reaching the client (its close frame sets CLOSING),
  // not when the socket is finally gone: the replay cursor is taken then (engine/sessions/sessions.ts).
  let ended = false;
  const ending = (): void => {
    if (ended) return;
    ended = true;
    players.disconnected(conn);
  };
  const send = (data: string): void => {
    if (ws.readyState !== ws.OPEN) return ending();
    if (ws.bufferedAmount > opts.maxBufferedBytes) {
      // A client that never reads cannot make us hold its output without bound.
      players.log.warn({ remote: address, code: 'NET_SLOW_READER', bytes: ws.bufferedAmount, limit: opts.maxBufferedBytes }, 'websocket client is not reading; disconnecting');
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
    remoteAddress: address,
    // A game prompt (kind `prompt`) is a prompt frame, as the login's "> " is: the web client shows it by the input line.
    send: (msg: OutputMessage) => (msg.kind === 'prompt' ? conn.prompt(plainText(msg)) : send(outputFrame(msg))),
    // The same values as GMCP (numeric Room.Info, engine/net/gmcp/profile.ts).
    sendData: (pkg, value) => send(JSON.stringify({ type: 'data', package: pkg, value: profileValue(pkg, value) })),
    setPasswordMode: (on) => send(JSON.stringify({ type: 'echo', hidden: on })),
    prompt: (text) => send(JSON.stringify({ type: 'prompt', text })),
    close: (reason) => {
      if (reason) send(JSON.stringify({ type: 'closing', reason }));
      ws.close(1000, 'bye');
      ending();
    },
  };
  const handler = players.connect(conn);
  ws.on('message', (data, isBinary) => {
    const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
    const parsed = parseClientMessage(text, opts.maxLineBytes);
    if (!parsed.ok) {
      send(JSON.stringify(parsed.error));
      return;
    }
    if (parsed.message.type === 'ping') send(JSON.stringify({ type: 'pong', ...('id' in parsed.message ? { id: parsed.message.id } : {}) }));
    else handler.line(cleanInputLine(parsed.message.text));
  });
  ws.on('close', ending);
  ws.on('error', (e) => players.log.debug({ err: e }, 'websocket error'));
}
