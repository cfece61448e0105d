/**
 * /metrics on its own listener (metrics.host, default 127.0.0.1; metrics.port,
 * default 4002), so the public web port never serves process and traffic figures:
 * scrape it from the machine, or bind metrics.host to a private interface.
 */
import { createServer } from 'node:http';
import { MyriadError } from '../../errors.ts';
import type { HttpHost } from './host.ts';

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startMetricsServer(gateway: HttpHost, host: string, port: number): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('only GET /metrics here\n');
      return;
    }
    gateway.metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'Content-Type': gateway.metrics.registry.contentType }).end(text),
      (e: unknown) => {
        gateway.log.error({ err: e }, 'metrics failed');
        res.writeHead(500).end('internal error\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? new MyriadError('NET_PORT_IN_USE', { port, setting: 'metrics.port' }) : e));
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
