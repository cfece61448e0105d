/** Adapts a TelnetConnection to the transport-neutral ClientConnection play uses: the twin of engine/net/websocket/adapter.ts. */
import { newUlid as ulid } from '../../ids.ts';
import { formatError } from '../../errors.ts';
import { textMessage } from '../../output/message.ts';
import type { TelnetConnection } from './connection.ts';
import type { ClientConnection, Transport } from '../../sessions/connection.ts';
import type { PlayerEntry } from '../../play/services.ts';

/** `transport` is 'websocket' for telnet carried over WebSocket (telnet.mudstandards.org). */
export function attachTelnet(players: PlayerEntry, telnet: TelnetConnection, transport: Transport = 'telnet'): void {
  const conn: ClientConnection = {
    id: ulid(),
    transport,
    remoteAddress: telnet.remote,
    // The session calls send() for the text and sendData() for a message's data (as for WebSocket),
    // so the text goes without its data here, and data goes as GMCP only if the client wants that
    // package (Core.Supports.*): TelnetConnection.send does that filtering for a text-less message.
    send: (msg) => telnet.send(msg.data ? { kind: msg.kind, spans: msg.spans } : msg),
    sendData: (pkg, value) => telnet.send({ kind: 'info', spans: [], data: { package: pkg, value } }),
    setPasswordMode: (on) => telnet.setPasswordMode(on),
    prompt: (text) => telnet.prompt(text),
    close: (reason) => telnet.close(reason),
  };
  const handler = players.connect(conn);
  // What the client reported (TTYPE/MTTS, NAWS, CHARSET, GMCP modules) and which options are on:
  // operators see which clients connect and how; `conn` ties it to the 'entered the game' line.
  void telnet.negotiated().then((caps) => players.log.info({ conn: conn.id, transport, remote: telnet.remote, caps }, 'telnet negotiated'));
  telnet.onLine((line) => handler.line(line));
  telnet.onGmcp((pkg, data) => handler.gmcp(pkg, data));
  telnet.onOverlongLine((length, limit) => conn.send(textMessage('error', formatError('NET_LINE_TOO_LONG', { length, limit }), 'error')));
  // Leave the game as soon as output stops reaching the client, not when the socket is finally gone.
  telnet.onEnding(() => players.disconnected(conn));
}
