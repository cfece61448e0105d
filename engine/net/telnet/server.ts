/**
 * The telnet listener: accepts sockets, wraps each in a TelnetConnection, answers
 * MSSP crawlers with live numbers, and reports a busy port as NET_PORT_IN_USE.
 */
import net from 'node:net';
import { MyriadError } from '../../errors.ts';
import { ENGINE_VERSION } from '../../version.ts';
import { TelnetConnection, type TelnetConnectionOptions, type TelnetLogger } from './connection.ts';
import type { MsspVariables } from './mssp.ts';

export interface TelnetServerOptions {
  /** Interface to bind; default "0.0.0.0". */
  readonly host?: string;
  /** Port to listen on; 0 picks a free one (tests). */
  readonly port: number;
  readonly options?: TelnetConnectionOptions;
  readonly onConnection: (conn: TelnetConnection) => void;
  readonly logger?: TelnetLogger;
  /**
   * Admission at accept, before any negotiation (per-address caps and rates).
   * A refusal's message is written as one line and the socket closed; an admitted
   * socket's `release` runs when it closes.
   */
  readonly admit?: (remoteAddress: string | undefined) => { readonly ok: true; readonly release: () => void } | { readonly ok: false; readonly message: string };
}

export interface TelnetServer {
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  /** Connections currently open. */
  readonly connectionCount: number;
  /** Stop listening and close every connection (sending `reason` first, if given). */
  close(reason?: string): Promise<void>;
}

/** "Myriad 0.2.0": MSSP CODEBASE, from package.json (engine/version.ts). */
const CODEBASE = `Myriad ${ENGINE_VERSION}`;
/**
 * The MSSP "Protocols" flags: 1 for what every connection gets, 0 for what Myriad
 * does not speak (a crawler lists a 0 as "no", a missing name as "unknown").
 * `SSL` (the TLS port, 0 without) comes from the gateway.
 */
export const MSSP_PROTOCOLS: MsspVariables = {
  ANSI: 1,
  GMCP: 1,
  MCCP: 1,
  MCP: 0,
  MSDP: 0,
  MSP: 0,
  MXP: 0,
  PUEBLO: 0,
  'UTF-8': 1,
  VT100: 0,
  'XTERM 256 COLORS': 1,
  'XTERM TRUE COLORS': 1,
};

/** The environment variable operators change when the port is taken (named in NET_PORT_IN_USE's fix). */
const PORT_SETTING = 'MYRIAD_TELNET_PORT';

export function startTelnetServer(opts: TelnetServerOptions): Promise<TelnetServer> {
  const host = opts.host ?? '0.0.0.0';
  const logger = opts.logger;
  const connections = new Set<TelnetConnection>();
  const startedAt = Math.floor(Date.now() / 1000);
  let boundPort = opts.port;

  // Names exactly as the MSSP specification spells them (tintin.mudhalla.net/protocols/mssp):
  // what this listener knows first, then the gateway's (players, SSL port, the operator's server.mssp).
  const mssp = (): MsspVariables => ({
    NAME: 'Myriad',
    PLAYERS: connections.size,
    UPTIME: startedAt,
    CODEBASE,
    PORT: boundPort,
    ...MSSP_PROTOCOLS,
    MCCP: opts.options?.compression === false ? 0 : 1,
    ...(opts.options?.mssp?.() ?? {}),
  });

  const server = net.createServer((socket) => {
    const admission = opts.admit?.(socket.remoteAddress);
    if (admission && !admission.ok) {
      // Not logged one by one: a connect flood would become a log flood (the gateway counts refusals).
      socket.on('error', () => undefined);
      socket.end(`${admission.message}\r\n`);
      setTimeout(() => socket.destroy(), 1_000).unref();
      return;
    }
    if (admission) socket.once('close', admission.release);
    let conn: TelnetConnection;
    try {
      conn = new TelnetConnection(socket, { ...(logger ? { logger } : {}), ...opts.options, mssp });
    } catch (err) {
      logger?.error({ err }, 'could not set up telnet connection');
      socket.destroy();
      return;
    }
    connections.add(conn);
    conn.onClose((reason) => {
      connections.delete(conn);
      logger?.info({ remote: conn.remote, reason }, 'telnet connection closed');
    });
    logger?.info({ remote: conn.remote }, 'telnet connection opened');
    try {
      opts.onConnection(conn);
    } catch (err) {
      logger?.error({ remote: conn.remote, err }, 'telnet onConnection threw');
      conn.close();
    }
  });

  return new Promise<TelnetServer>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      server.close();
      reject(err.code === 'EADDRINUSE' ? new MyriadError('NET_PORT_IN_USE', { port: opts.port, setting: PORT_SETTING }) : err);
    };
    server.once('error', onError);
    server.listen(opts.port, host, () => {
      server.off('error', onError);
      server.on('error', (err) => logger?.error({ err }, 'telnet server error'));
      const address = server.address();
      boundPort = typeof address === 'object' && address !== null ? address.port : opts.port;
      logger?.info({ host, port: boundPort }, 'telnet listening');
      resolve({
        port: boundPort,
        get connectionCount() {
          return connections.size;
        },
        async close(reason?: string): Promise<void> {
          const listening = new Promise<void>((done) => server.close(() => done()));
          const open = [...connections].map((conn) => new Promise<void>((done) => {
            conn.onClose(() => done());
            conn.close(reason);
          }));
          await Promise.all([listening, ...open]);
        },
      });
    });
  });
}
