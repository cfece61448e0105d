/**
 * What the gateway needs from a client connection, whatever its transport.
 * Telnet and WebSocket adapters implement it; sessions and the login flow only
 * ever see this interface (protocol details stay at the edge).
 */
import type { OutputMessage } from '../output/message.ts';

export type Transport = 'telnet' | 'websocket';

export interface ClientConnection {
  readonly id: string;
  readonly transport: Transport;
  readonly remoteAddress: string;
  send(msg: OutputMessage): void;
  /** Structured data for clients that asked for it (GMCP over telnet, a JSON message over WebSocket). */
  sendData(pkg: string, value: unknown): void;
  /** Hide what the user types next (password entry). */
  setPasswordMode(on: boolean): void;
  /** Send a prompt (marked with GA/EOR on telnet). */
  prompt(text: string): void;
  /** Say why, then close. */
  close(reason?: string): void;
}
