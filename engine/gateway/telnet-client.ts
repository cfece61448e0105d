/** Adapts a TelnetConnection to the transport-neutral ClientConnection the gateway uses. */
import { ulid } from 'ulidx';
import { formatError } from '../errors.ts';
import { textMessage } from '../output/message.ts';
import type { TelnetConnection } from '../net/telnet/connection.ts';
import type { ClientConnection, Transport } from '../sessions/connection.ts';
import type { Gateway } from './gateway.ts';

/** `transport` is 'websocket' for telnet carried over WebSocket (terminal.mudstandards.org). */
export function attachTelnet(gateway: Gateway, telnet: TelnetConnection, transport: Transport = 'telnet'): void {
  const conn: ClientConnection = {
    id: ulid(),
    transport,
    remoteAddress: telnet.remote,
    send: (msg) => telnet.send(msg),
    sendData: (pkg, value) => void telnet.sendGmcp(pkg, value),
    setPasswordMode: (on) => telnet.setPasswordMode(on),
    prompt: (text) => telnet.prompt(text),
    close: (reason) => telnet.close(reason),
  };
  const handler = gateway.connect(conn);
  telnet.onLine((line) => handler.line(line));
  telnet.onOverlongLine((length, limit) => conn.send(textMessage('error', formatError('NET_LINE_TOO_LONG', { length, limit }), 'error')));
  telnet.onClose(() => gateway.disconnected(conn));
}
