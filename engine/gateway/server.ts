/**
 * Start a whole Myriad server from a config: the gateway (store, world, sessions),
 * the telnet listener and the HTTP/WebSocket listener. `myriad start` and the
 * end-to-end tests both go through here.
 */
import type { Logger } from 'pino';
import type { Config } from '../config/defaults.ts';
import { startHttpServer, type HttpServer } from '../net/http/server.ts';
import { startTelnetServer, type TelnetServer, type TelnetServerOptions } from '../net/telnet/server.ts';
import { startMetricsServer, type MetricsServer } from '../net/http/metrics-server.ts';
import { loadCertificate } from '../net/tls/certificate.ts';
import { MyriadError } from '../errors.ts';
import { Gateway } from './gateway.ts';
import { attachTelnet } from '../net/telnet/adapter.ts';
import { gatewayMssp } from '../net/telnet/game-mssp.ts';

export interface RunningServer {
  readonly gateway: Gateway;
  readonly telnetPort: number;
  readonly httpPort: number;
  /** The /metrics listener (metrics.host); null when its port was taken (logged, the game runs on). */
  readonly metricsPort: number | null;
  /** Telnet over TLS and HTTPS/WSS, when configured (tls.*); null when off. */
  readonly tlsTelnetPort: number | null;
  readonly httpsPort: number | null;
  stop(message?: string): Promise<void>;
  /** Re-read tls.certFile/keyFile (SIGHUP); false, with NET_TLS_CONFIG logged, keeps the running certificate. */
  reloadTls(): boolean;
}

export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const t0 = performance.now();
  const gateway = await Gateway.start(config, log);
  let telnet: TelnetServer | null = null;
  let http: HttpServer | null = null;
  let telnetTls: TelnetServer | null = null;
  let https: HttpServer | null = null;
  let metrics: MetricsServer | null = null;
  const telnetOptions: TelnetServerOptions['options'] = {
    limits: {
      maxLineBytes: config.telnet.maxLineBytes,
      maxSubnegotiationBytes: config.telnet.maxSubnegotiationBytes,
      maxOutputBufferBytes: config.telnet.maxOutputBufferBytes,
    },
    mssp: () => gatewayMssp(gateway.config, gateway.sessions.online.length, gateway.tlsTelnetPort),
  };
  try {
    const pem = config.tls.telnetPort !== null || config.tls.httpsPort !== null ? loadCertificate(config.tls.certFile, config.tls.keyFile, 'tls') : null;
    telnet = await startTelnetServer({
      host: config.server.host,
      port: config.telnet.port,
      log,
      options: telnetOptions,
      onConnection: (conn) => attachTelnet(gateway, conn),
      admit: (address) => gateway.addresses.admit(address),
      trustedProxies: config.net.trustedProxies,
      proxyHeaderTimeoutMs: config.net.proxyHeaderTimeoutMs,
    });
    if (pem && config.tls.telnetPort !== null) {
      telnetTls = await startTelnetServer({
        host: config.server.host,
        port: config.tls.telnetPort,
        log,
        options: telnetOptions,
        onConnection: (conn) => attachTelnet(gateway, conn),
        admit: (address) => gateway.addresses.admit(address),
        trustedProxies: config.net.trustedProxies,
        proxyHeaderTimeoutMs: config.net.proxyHeaderTimeoutMs,
        tls: pem,
        tlsHandshakeTimeoutMs: config.tls.handshakeTimeoutMs,
        portSetting: 'tls.telnetPort',
      });
      gateway.tlsTelnetPort = telnetTls.port;
    }
    http = await startHttpServer(gateway, config.server.host, config.http.port);
    if (pem && config.tls.httpsPort !== null) https = await startHttpServer(gateway, config.server.host, config.tls.httpsPort, { tls: pem, setting: 'tls.httpsPort' });
    metrics = await startMetricsServer(gateway, config.metrics.host, config.metrics.port).catch((e: unknown) => {
      // Metrics are for operators; a taken port must not keep players out. Said loudly, once.
      if (!(e instanceof MyriadError)) throw e;
      log.error({ code: e.code }, `${e.message}; /metrics is not served`);
      return null;
    });
  } catch (e) {
    await telnet?.close();
    await telnetTls?.close();
    await http?.close();
    await https?.close();
    await gateway.stop();
    throw e;
  }
  log.info(
    { telnet: telnet.port, http: http.port, telnetTls: telnetTls?.port ?? null, https: https?.port ?? null, metrics: metrics ? `${config.metrics.host}:${metrics.port}` : null, storage: gateway.store.backend, ms: Math.round(performance.now() - t0) },
    `Myriad is up: telnet on port ${telnet.port}, web client on http://localhost:${http.port}/`,
  );
  let stopping: Promise<void> | null = null;
  const running: RunningServer = {
    gateway,
    telnetPort: telnet.port,
    httpPort: http.port,
    metricsPort: metrics?.port ?? null,
    tlsTelnetPort: telnetTls?.port ?? null,
    httpsPort: https?.port ?? null,
    stop: (message) => {
      stopping ??= (async () => {
        await gateway.stop(message);
        await telnet!.close();
        await telnetTls?.close();
        await http!.close();
        await https?.close();
        await metrics?.close();
      })();
      return stopping;
    },
    reloadTls: () => {
      if (!telnetTls && !https) return true;
      try {
        const next = loadCertificate(config.tls.certFile, config.tls.keyFile, 'tls');
        telnetTls?.setCertificate?.(next);
        https?.setCertificate?.(next);
        log.info({ certFile: config.tls.certFile }, 'TLS certificate reloaded');
        return true;
      } catch (e) {
        log.error({ code: 'NET_TLS_CONFIG', err: e instanceof MyriadError ? e.message : e }, 'TLS certificate not reloaded; the running one stays');
        return false;
      }
    },
  };
  // @shutdown: the same clean stop as SIGTERM, with the admin's message.
  gateway.events.once('shutdown', (message) => {
    running.stop(message).catch((e: unknown) => log.error({ err: e }, 'shutdown failed'));
  });
  return running;
}
