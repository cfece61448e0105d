/**
 * The HTTP listener (port 4001 by default), and the same routes over TLS on
 * tls.httpsPort: the web client at /, WebSocket at /ws, /health for operators, the
 * admin monitor under /admin. /metrics is on its own listener (metrics-server.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { Pem } from '../tls/certificate.ts';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { MyriadError, formatError } from '../../errors.ts';
import type { HttpHost } from './host.ts';
import { WebSocketTransport } from '../websocket/server.ts';
import { AdminRoutes } from './admin/routes.ts';
import { probeHealth } from './health.ts';
import { repoPath } from '../../paths.ts';

// The trailing slash matters: the traversal check below is a prefix test.
const PUBLIC_DIR = repoPath('engine', 'net', 'http', 'public') + '/';
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };

export interface HttpServer {
  readonly port: number;
  close(): Promise<void>;
  /** HTTPS only: use this certificate for new handshakes (SIGHUP). */
  setCertificate?(pem: Pem): void;
}

/** `tls`: serve HTTPS/WSS with this certificate; `setting` names the port in NET_PORT_IN_USE. */
export async function startHttpServer(gateway: HttpHost, host: string, port: number, opts: { readonly tls?: Pem; readonly setting?: string } = {}): Promise<HttpServer> {
  const { http } = gateway.config;
  const ws = new WebSocketTransport(gateway, {
    maxPayloadBytes: http.maxPayloadBytes,
    maxLineBytes: gateway.config.telnet.maxLineBytes,
    allowedOrigins: http.allowedOrigins,
    maxBufferedBytes: gateway.config.telnet.maxOutputBufferBytes,
    trustedProxies: gateway.config.net.trustedProxies,
  });
  const admin = new AdminRoutes(gateway);
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    void route(gateway, admin, req, res).catch((e: unknown) => {
      gateway.log.error({ err: e, url: req.url }, 'http request failed');
      if (!res.headersSent) res.writeHead(500).end('internal error\n');
    });
  };
  const server: Server | HttpsServer = opts.tls ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, handler) : createServer(handler);
  if (opts.tls) {
    server.on('tlsClientError', (err: NodeJS.ErrnoException, socket: { remoteAddress?: string }) => {
      gateway.log.warn({ code: 'NET_TLS_HANDSHAKE', remote: socket.remoteAddress }, formatError('NET_TLS_HANDSHAKE', { remote: socket.remoteAddress ?? '?', reason: err.code ?? err.message }));
    });
  }
  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/ws') ws.handleUpgrade(req, socket, head);
    else socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? new MyriadError('NET_PORT_IN_USE', { port, setting: opts.setting ?? 'MYRIAD_HTTP_PORT' }) : e));
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    ...('setSecureContext' in server ? { setCertificate: (pem: Pem) => server.setSecureContext({ cert: pem.cert, key: pem.key }) } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        ws.close();
        admin.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function route(gateway: HttpHost, admin: AdminRoutes, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (AdminRoutes.handles(path)) {
    await admin.handle(req, res, new URL(req.url ?? '/', 'http://localhost'));
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  if (path === '/health') {
    const report = await probeHealth(gateway);
    res.writeHead(report.status === 'ok' ? 200 : 503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(report));
    return;
  }
  await serveStatic(path === '/' ? '/index.html' : path, res);
}

async function serveStatic(path: string, res: ServerResponse): Promise<void> {
  const file = normalize(join(PUBLIC_DIR, path));
  if (!file.startsWith(PUBLIC_DIR)) {
    res.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' }).end(body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
  }
}
