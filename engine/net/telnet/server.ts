/**
 * The telnet listener: accepts sockets, wraps each in a TelnetConnection, answers
 * MSSP crawlers with live numbers, and reports a busy port as NET_PORT_IN_USE.
 */
import net from 'node:net';
import tls from 'node:tls';
import { MyriadError, formatError } from '../../errors.ts';
import { looksLikeProxyHeader, type ProxySource } from '../proxy/header.ts';
import { TrustedProxies, plainAddress, readProxyHeader } from '../proxy/trust.ts';
import { acceptTls } from '../tls/accept.ts';
import { CODEBASE } from '../../version.ts';
import type { Log } from '../../logger.ts';
import { TelnetConnection, type TelnetConnectionOptions } from './connection.ts';
import type { MsspVariables } from './mssp.ts';

export interface TelnetServerOptions {
  /** Interface to bind; default "0.0.0.0". */
  readonly host?: string;
  /** Port to listen on; 0 picks a free one (tests). */
  readonly port: number;
  readonly options?: TelnetConnectionOptions;
  readonly onConnection: (conn: TelnetConnection) => void;
  readonly log?: Log;
  /**
   * Admission at accept, before any negotiation (per-address caps and rates).
   * A refusal's message is written as one line and the socket closed; an admitted
   * socket's `release` runs when it closes.
   */
  readonly admit?: (remoteAddress: string | undefined) => { readonly ok: true; readonly release: () => void } | { readonly ok: false; readonly message: string };
  /**
   * Peers whose PROXY protocol header (v1 or v2) gives the client's address
   * (net.trustedProxies). From them a header is required; from anyone else one is refused.
   */
  readonly trustedProxies?: readonly string[];
  /** How long a trusted proxy has to send its header (net.proxyHeaderTimeoutMs). */
  readonly proxyHeaderTimeoutMs?: number;
  /** The setting that names this port, for NET_PORT_IN_USE (default MYRIAD_TELNET_PORT). */
  readonly portSetting?: string;
  /** Accept TLS on this listener (telnet over TLS) with this certificate and key (PEM). */
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer };
  /** TLS: from accepting (after a trusted proxy's header) to a finished handshake (tls.handshakeTimeoutMs). */
  readonly tlsHandshakeTimeoutMs?: number;
}

export interface TelnetServer {
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  /** Connections currently open. */
  readonly connectionCount: number;
  /** Stop listening and close every connection (sending `reason` first, if given). */
  close(reason?: string): Promise<void>;
  /** TLS listeners: use this certificate and key for new handshakes (SIGHUP); throws if they do not load. */
  setCertificate?(pem: { readonly cert: Buffer; readonly key: Buffer }): void;
}

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
  const log = opts.log;
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

  const trusted = new TrustedProxies(opts.trustedProxies ?? []);
  const headerTimeoutMs = opts.proxyHeaderTimeoutMs ?? 5_000;
  const handshakeTimeoutMs = opts.tlsHandshakeTimeoutMs ?? 10_000;

  /** A PROXY header's outcome on a trusted peer's socket: refused and logged, or the client's address. */
  const withProxyHeader = (socket: net.Socket, peer: string, then: (source: ProxySource, rest: Buffer) => void): void => {
    socket.on('error', () => undefined); // a reset before the header is the proxy's business, logged below as bad
    readProxyHeader(socket, headerTimeoutMs, (outcome) => {
      if (!outcome.ok) {
        const code = outcome.code;
        log?.warn({ code, remote: peer, reason: outcome.reason }, formatError(code, code === 'NET_PROXY_TIMEOUT' ? { remote: peer, ms: headerTimeoutMs } : { remote: peer, reason: outcome.reason }));
        socket.destroy();
        return;
      }
      then(outcome.source, outcome.rest);
    });
  };

  const refuseUntrustedHeader = (socket: net.Socket, remote: string): void => {
    log?.warn({ code: 'NET_PROXY_UNTRUSTED', remote }, formatError('NET_PROXY_UNTRUSTED', { remote }));
    socket.destroy();
  };

  const onPlainSocket = (socket: net.Socket): void => {
    const peer = plainAddress(socket.remoteAddress);
    if (!trusted.has(peer)) accept(socket, { address: peer, port: socket.remotePort }, null, Buffer.alloc(0));
    else withProxyHeader(socket, peer, (source, rest) => accept(socket, source ?? { address: peer, port: socket.remotePort }, peer, rest));
  };

  // TLS: a trusted proxy's PROXY header comes in clear before the ClientHello (HAProxy's
  // `ssl send-proxy`), so it is read off the TCP socket first; from anyone else the first
  // bytes are looked at, and a PROXY header there is refused as on the plain port.
  let secureContext = opts.tls ? tls.createSecureContext({ cert: opts.tls.cert, key: opts.tls.key }) : null;
  const onTlsSocket = (raw: net.Socket): void => {
    const peer = plainAddress(raw.remoteAddress);
    const port = raw.remotePort;
    raw.on('error', () => undefined); // resets before the handshake end in acceptTls's outcome
    const handshake = (source: ProxySource, already: Buffer): void => {
      acceptTls(raw, already, secureContext!, handshakeTimeoutMs, (outcome) => {
        const remote = source?.address ?? peer;
        if (!outcome.ok) {
          log?.warn({ code: 'NET_TLS_HANDSHAKE', remote }, formatError('NET_TLS_HANDSHAKE', { remote, reason: outcome.reason }));
          return;
        }
        accept(outcome.socket, source ?? { address: peer, port }, source ? peer : null, Buffer.alloc(0));
      });
    };
    if (trusted.has(peer)) {
      withProxyHeader(raw, peer, handshake);
      return;
    }
    // A peer that sends nothing is closed when a handshake would have timed out.
    const silent = setTimeout(() => {
      log?.warn({ code: 'NET_TLS_HANDSHAKE', remote: peer }, formatError('NET_TLS_HANDSHAKE', { remote: peer, reason: `nothing sent within ${handshakeTimeoutMs} ms` }));
      raw.destroy();
    }, handshakeTimeoutMs);
    silent.unref();
    raw.once('close', () => clearTimeout(silent));
    raw.once('data', (first: Buffer) => {
      clearTimeout(silent);
      raw.pause();
      if (first.length >= 5 && looksLikeProxyHeader(first.subarray(0, 12))) refuseUntrustedHeader(raw, peer);
      else handshake(null, first);
    });
  };

  /**
   * `peer`: the client's address (from a trusted proxy's header, or the socket's peer);
   * `via`: the trusted proxy it came through, null when it came directly.
   */
  const accept = (socket: net.Socket, peer: { readonly address: string; readonly port: number | undefined }, via: string | null, rest: Buffer): void => {
    const admission = opts.admit?.(peer.address);
    if (admission && !admission.ok) {
      // Not logged one by one: a connect flood would become a log flood (the gateway counts refusals).
      socket.on('error', () => undefined);
      socket.end(`${admission.message}\r\n`);
      setTimeout(() => socket.destroy(), 1_000).unref();
      return;
    }
    if (admission) socket.once('close', admission.release);
    let conn: TelnetConnection | undefined;
    if (via === null) {
      // A PROXY header from a peer we do not trust would let it pick the address it is limited
      // and logged by. Checked on the first bytes, before the telnet layer reads them.
      socket.once('data', (first: Buffer) => {
        if (!looksLikeProxyHeader(first.subarray(0, 12)) || first.length < 5) return;
        conn?.close();
        refuseUntrustedHeader(socket, peer.address);
      });
    }
    try {
      conn = new TelnetConnection(socket, { ...(log ? { log } : {}), ...opts.options, mssp, peer });
    } catch (err) {
      log?.error({ err }, 'could not set up telnet connection');
      socket.destroy();
      return;
    }
    const c = conn;
    connections.add(c);
    c.onClose((reason) => {
      connections.delete(c);
      log?.info({ remote: c.remote, reason }, 'telnet connection closed');
    });
    log?.info({ remote: c.remote, ...(via ? { via } : {}), ...(opts.tls ? { tls: true } : {}) }, 'telnet connection opened');
    try {
      opts.onConnection(c);
    } catch (err) {
      log?.error({ remote: c.remote, err }, 'telnet onConnection threw');
      c.close();
    }
    // What the client sent right behind the proxy's header, then the stream as usual.
    if (rest.length > 0) socket.unshift(rest);
    socket.resume();
  };

  const server = net.createServer(opts.tls ? onTlsSocket : onPlainSocket);

  return new Promise<TelnetServer>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      server.close();
      reject(err.code === 'EADDRINUSE' ? new MyriadError('NET_PORT_IN_USE', { port: opts.port, setting: opts.portSetting ?? PORT_SETTING }) : err);
    };
    server.once('error', onError);
    server.listen(opts.port, host, () => {
      server.off('error', onError);
      server.on('error', (err) => log?.error({ err }, 'telnet server error'));
      const address = server.address();
      boundPort = typeof address === 'object' && address !== null ? address.port : opts.port;
      log?.info({ host, port: boundPort }, 'telnet listening');
      resolve({
        port: boundPort,
        get connectionCount() {
          return connections.size;
        },
        ...(secureContext ? { setCertificate: (pem: { cert: Buffer; key: Buffer }) => void (secureContext = tls.createSecureContext({ cert: pem.cert, key: pem.key })) } : {}),
        async close(reason?: string): Promise<void> {
          const listening = new Promise<void>((done) => server.close(() => done()));
          const open = [...connections].map(
            (conn) =>
              new Promise<void>((done) => {
                conn.onClose(() => done());
                conn.close(reason);
              }),
          );
          await Promise.all([listening, ...open]);
        },
      });
    });
  });
}
