/**
 * Start a whole Myriad server from a config: the gateway (store, world, sessions),
 * the telnet listener and the HTTP/WebSocket listener. `myriad start` and the
 * end-to-end tests both go through here.
 */
import type { Logger } from 'pino';
import type { Config } from '../config/defaults.ts';
import { startHttpServer, type HttpServer } from '../net/http/server.ts';
import { startTelnetServer, type TelnetServer } from '../net/telnet/server.ts';
import { Gateway } from './gateway.ts';
import { attachTelnet } from './telnet-client.ts';
import { gatewayMssp } from './mssp.ts';

export interface RunningServer {
  readonly gateway: Gateway;
  readonly telnetPort: number;
  readonly httpPort: number;
  stop(message?: string): Promise<void>;
}

export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const t0 = performance.now();
  const gateway = await Gateway.start(config, log);
  let telnet: TelnetServer | null = null;
  let http: HttpServer | null = null;
  try {
    telnet = await startTelnetServer({
      host: config.server.host,
      port: config.telnet.port,
      logger: log,
      options: {
        limits: {
          maxLineBytes: config.telnet.maxLineBytes,
          maxSubnegotiationBytes: config.telnet.maxSubnegotiationBytes,
          maxOutputBufferBytes: config.telnet.maxOutputBufferBytes,
        },
        mssp: () => gatewayMssp(config, gateway.sessions.online.length, null),
      },
      onConnection: (conn) => attachTelnet(gateway, conn),
      admit: (address) => gateway.addresses.admit(address),
    });
    http = await startHttpServer(gateway, config.server.host, config.http.port);
  } catch (e) {
    await telnet?.close();
    await gateway.stop();
    throw e;
  }
  log.info({ telnet: telnet.port, http: http.port, storage: gateway.store.backend, ms: Math.round(performance.now() - t0) }, `Myriad is up: telnet on port ${telnet.port}, web client on http://localhost:${http.port}/`);
  let stopping: Promise<void> | null = null;
  const running: RunningServer = {
    gateway,
    telnetPort: telnet.port,
    httpPort: http.port,
    stop: (message) => {
      stopping ??= (async () => {
        await gateway.stop(message);
        await telnet!.close();
        await http!.close();
      })();
      return stopping;
    },
  };
  // @shutdown: the same clean stop as SIGTERM, with the admin's message.
  gateway.events.once('shutdown', (message) => {
    running.stop(message).catch((e: unknown) => log.error({ err: e }, 'shutdown failed'));
  });
  return running;
}
