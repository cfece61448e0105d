/**
 * Native TLS: telnet over TLS on its own port and HTTPS/WSS, from a self-signed
 * certificate made here with `openssl req`, checked by Node's real TLS client.
 * MSSP SSL names the TLS port. Bad certificates: refused at start with
 * NET_TLS_CONFIG; on a reload (SIGHUP) logged, the running one kept; a client
 * that does not speak TLS is logged (NET_TLS_HANDSHAKE) and the server plays on.
 * Behind HAProxy (`ssl send-proxy`, `ssl send-proxy-v2`) the PROXY header comes in
 * clear before the handshake, as HAProxy sends it, and only from a trusted proxy.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import tls from 'node:tls';
import WebSocket, { createWebSocketStream } from 'ws';
import { DO, DONT, IAC, OPT, WILL, WONT } from '../../engine/net/telnet/codes.ts';
import { decodeMssp } from '../../engine/net/telnet/mssp.ts';
import { createLogger } from '../../engine/logger.ts';
import { startServer } from '../../engine/gateway/server.ts';
import { MyriadError } from '../../engine/errors.ts';
import { RawTelnetClient } from '../fixtures/telnet-client.ts';
import { freePort } from '../support/reliability.ts';
import { testConfig } from '../support/server.ts';

const HAPROXY = '/usr/sbin/haproxy';

function selfSigned(dir: string, name: string): { cert: string; key: string } {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { cert, key };
}

function tlsConnect(port: number, ca: Buffer): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ port, host: '127.0.0.1', ca }, () => resolve(s));
    s.once('error', reject);
  });
}

test('telnet over TLS and HTTPS/WSS; MSSP SSL; bad certificates refused, reloads keep the running one', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'myriad-tls-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const first = selfSigned(dir, 'first');
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger('info', false, { destination: { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) } });
  const base = testConfig({ packs: ['rooms', 'social'] });
  const live = path.join(dir, 'live');
  writeFileSync(`${live}.crt`, readFileSync(first.cert));
  writeFileSync(`${live}.key`, readFileSync(first.key));
  const config = { ...base, tls: { certFile: `${live}.crt`, keyFile: `${live}.key`, telnetPort: 0, httpsPort: 0, handshakeTimeoutMs: 10_000 } };

  // A certificate that is not one: the server does not start, and says why.
  writeFileSync(path.join(dir, 'junk.crt'), 'not a certificate');
  await assert.rejects(startServer({ ...config, tls: { ...config.tls, certFile: path.join(dir, 'junk.crt') } }, createLogger('silent', false)), (e: unknown) => {
    assert.ok(e instanceof MyriadError && e.code === 'NET_TLS_CONFIG', String(e));
    assert.match(e.message, /junk\.crt/);
    return true;
  });

  const server = await startServer(config, log);
  t.after(() => server.stop());
  assert.ok(server.tlsTelnetPort && server.httpsPort);
  const ca1 = readFileSync(first.cert);

  // Telnet inside TLS, with the telnet option client; MSSP's SSL is the TLS port.
  const socket = await tlsConnect(server.tlsTelnetPort, ca1);
  const telnet = RawTelnetClient.over(socket, {
    negotiation(verb, option) {
      if (verb === WILL) return Uint8Array.of(IAC, option === OPT.MSSP ? DO : DONT, option);
      if (verb === DO) return Uint8Array.of(IAC, WONT, option);
      return undefined;
    },
  });
  await telnet.waitForText('create <name> <password>', 5000);
  await telnet.waitFor(() => telnet.subnegotiations(OPT.MSSP).length > 0, 5000, 'MSSP');
  assert.deepEqual(decodeMssp(telnet.subnegotiations(OPT.MSSP)[0]!)['SSL'], [String(server.tlsTelnetPort)]);
  telnet.send('create Secura secret-pass\r\n');
  await telnet.waitForText('Welcome, Secura!', 5000);
  socket.destroy();

  // Telnet over WSS (telnet.mudstandards.org) reports the same SSL port.
  const wsTelnet = new WebSocket(`wss://127.0.0.1:${server.httpsPort}/ws`, ['telnet.mudstandards.org'], { ca: ca1 });
  await new Promise((resolve, reject) => (wsTelnet.once('open', resolve), wsTelnet.once('error', reject)));
  const overWs = RawTelnetClient.over(createWebSocketStream(wsTelnet), {
    negotiation(verb, option) {
      if (verb === WILL) return Uint8Array.of(IAC, option === OPT.MSSP ? DO : DONT, option);
      if (verb === DO) return Uint8Array.of(IAC, WONT, option);
      return undefined;
    },
  });
  await overWs.waitFor(() => overWs.subnegotiations(OPT.MSSP).length > 0, 5000, 'MSSP over telnet-over-WebSocket');
  assert.deepEqual(decodeMssp(overWs.subnegotiations(OPT.MSSP)[0]!)['SSL'], [String(server.tlsTelnetPort)], 'MSSP SSL over WebSocket is the TLS port, not 0');
  wsTelnet.terminate();

  // HTTPS: /health; WSS: the JSON protocol's login screen.
  const status = await new Promise<number>((resolve, reject) => {
    https.get({ host: '127.0.0.1', port: server.httpsPort!, path: '/health', ca: ca1 }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject);
  });
  assert.equal(status, 200);
  const wss = new WebSocket(`wss://127.0.0.1:${server.httpsPort}/ws`, ['myriad.v1'], { ca: ca1 });
  const firstFrame = await new Promise<string>((resolve, reject) => {
    wss.once('message', (d) => resolve(d.toString()));
    wss.once('error', reject);
  });
  assert.match(firstFrame, /"type":"output"/);
  wss.close();

  // /metrics is not on the public port; it is on the metrics listener.
  const publicMetrics = await new Promise<number>((resolve, reject) => {
    https.get({ host: '127.0.0.1', port: server.httpsPort!, path: '/metrics', ca: ca1 }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject);
  });
  assert.equal(publicMetrics, 404);
  const scraped = await fetch(`http://127.0.0.1:${server.metricsPort!}/metrics`);
  assert.equal(scraped.status, 200);

  // Not TLS at all on the TLS port: logged, closed, the server plays on.
  const plain = net.connect(server.tlsTelnetPort, '127.0.0.1');
  plain.on('error', () => undefined);
  plain.write('hello, is this telnet?\r\n');
  await new Promise((r) => plain.once('close', r));
  for (let i = 0; i < 50 && !lines.some((l) => l['code'] === 'NET_TLS_HANDSHAKE'); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(
    lines.some((l) => l['code'] === 'NET_TLS_HANDSHAKE'),
    'NET_TLS_HANDSHAKE logged',
  );

  // A broken certificate on reload: refused, logged, the running one still serves.
  writeFileSync(`${live}.crt`, 'garbage');
  assert.equal(server.reloadTls(), false);
  assert.ok(
    lines.some((l) => l['code'] === 'NET_TLS_CONFIG'),
    'NET_TLS_CONFIG logged',
  );
  (await tlsConnect(server.tlsTelnetPort, ca1)).destroy();

  // A new good certificate on reload: new handshakes present it.
  const second = selfSigned(dir, 'second');
  writeFileSync(`${live}.crt`, readFileSync(second.cert));
  writeFileSync(`${live}.key`, readFileSync(second.key));
  assert.equal(server.reloadTls(), true);
  const renewed = await tlsConnect(server.tlsTelnetPort, readFileSync(second.cert));
  assert.equal(renewed.getPeerCertificate().subject.CN, 'second');
  renewed.destroy();
});

/** HAProxy in TCP mode: `ssl send-proxy` (v1) and `ssl send-proxy-v2` to the TLS telnet port. */
async function startTlsHaproxy(dir: string, tlsPort: number): Promise<{ v1Port: number; v2Port: number; child: ChildProcess }> {
  const [v1Port, v2Port] = [await freePort(), await freePort()];
  const cfg = path.join(dir, 'haproxy.cfg');
  writeFileSync(
    cfg,
    [
      'global',
      '  maxconn 100',
      'defaults',
      '  mode tcp',
      '  timeout connect 2s',
      '  timeout client 30s',
      '  timeout server 30s',
      'frontend v1',
      `  bind 127.0.0.1:${v1Port}`,
      '  default_backend tls_v1',
      'frontend v2',
      `  bind 127.0.0.1:${v2Port}`,
      '  default_backend tls_v2',
      'backend tls_v1',
      `  server myriad 127.0.0.1:${tlsPort} ssl verify none send-proxy`,
      'backend tls_v2',
      `  server myriad 127.0.0.1:${tlsPort} ssl verify none send-proxy-v2`,
      '',
    ].join('\n'),
  );
  const child = spawn(HAPROXY, ['-f', cfg, '-db'], { stdio: 'ignore' });
  const deadline = Date.now() + 5000;
  for (const port of [v1Port, v2Port]) {
    for (;;) {
      const ok = await new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
        s.on('error', () => resolve(false));
      });
      if (ok) break;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('haproxy did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { v1Port, v2Port, child };
}

function connectFrom(localAddress: string, port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

function closed(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
}

test('the TLS telnet port behind HAProxy (ssl + send-proxy / send-proxy-v2): the game sees the player; PROXY before TLS only from trusted proxies', async (t) => {
  let haproxy = true;
  try {
    accessSync(HAPROXY);
  } catch {
    haproxy = false;
  }
  if (!haproxy) return t.skip('haproxy not installed (.ci/run installs it)');
  const dir = mkdtempSync(path.join(tmpdir(), 'myriad-tls-proxy-'));
  const pem = selfSigned(dir, 'proxied');
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger('info', false, { destination: { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) } });
  const base = testConfig({ packs: ['rooms', 'social'], limits: { exemptAddresses: [] } });
  const server = await startServer(
    {
      ...base,
      net: { trustedProxies: ['127.0.0.1'], proxyHeaderTimeoutMs: 500 },
      tls: { certFile: pem.cert, keyFile: pem.key, telnetPort: 0, httpsPort: null, handshakeTimeoutMs: 500 },
    },
    log,
  );
  const proxy = await startTlsHaproxy(dir, server.tlsTelnetPort!);
  t.after(async () => {
    proxy.child.kill('SIGKILL');
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // The player talks plain telnet to HAProxy from 127.0.0.2; HAProxy speaks TLS to Myriad.
  for (const [version, port, name] of [
    ['v1', proxy.v1Port, 'Tlsone'],
    ['v2', proxy.v2Port, 'Tlstwo'],
  ] as const) {
    const player = RawTelnetClient.over(await connectFrom('127.0.0.2', port));
    await player.waitForText('create <name> <password>', 5000);
    player.send(`create ${name} secret-pass\r\n`);
    await player.waitForText('Exits:', 5000);
    const session = server.gateway.sessions.online.find((s) => s.name === name);
    const remote = [...(session?.connections ?? [])][0]?.remoteAddress ?? '';
    assert.match(remote, /^127\.0\.0\.2:\d+$/, `${version}: the player's address, not HAProxy's (${remote})`);
    const opened = lines.find((l) => l['msg'] === 'telnet connection opened' && l['tls'] === true && String(l['remote']).startsWith('127.0.0.2:'));
    assert.equal(opened?.['via'], '127.0.0.1', 'the log says which proxy it came through');
    player.socket.destroy();
  }

  // A Node TLS client behind its own PROXY v1 header, as HAProxy sends it: in clear, then the handshake.
  const raw = await connectFrom('127.0.0.1', server.tlsTelnetPort!);
  raw.write('PROXY TCP4 203.0.113.9 127.0.0.1 40000 4000\r\n');
  const secured = await new Promise<tls.TLSSocket>((resolve, reject) => {
    const s = tls.connect({ socket: raw, host: '127.0.0.1', ca: readFileSync(pem.cert) }, () => resolve(s));
    s.once('error', reject);
  });
  const viaNode = RawTelnetClient.over(secured);
  await viaNode.waitForText('create <name> <password>', 5000);
  assert.ok(
    lines.some((l) => l['msg'] === 'telnet connection opened' && l['remote'] === '203.0.113.9:40000'),
    'the address from the header',
  );
  secured.destroy();

  // A PROXY header from a peer not in net.trustedProxies: refused before any TLS, logged.
  const spoof = await connectFrom('127.0.0.3', server.tlsTelnetPort!);
  spoof.on('error', () => undefined);
  spoof.write('PROXY TCP4 198.51.100.1 127.0.0.1 1234 4000\r\n');
  await closed(spoof);
  assert.ok(
    lines.some((l) => l['code'] === 'NET_PROXY_UNTRUSTED' && l['remote'] === '127.0.0.3'),
    'NET_PROXY_UNTRUSTED logged with the peer',
  );

  // From the trusted address: a malformed header, then a good header and no TLS after it.
  const bad = await connectFrom('127.0.0.1', server.tlsTelnetPort!);
  bad.on('error', () => undefined);
  bad.write('PROXY TCP4 not-an-address 127.0.0.1 1 2\r\n');
  await closed(bad);
  assert.ok(
    lines.some((l) => l['code'] === 'NET_PROXY_HEADER_BAD' && l['remote'] === '127.0.0.1'),
    'NET_PROXY_HEADER_BAD logged',
  );
  const noTls = await connectFrom('127.0.0.1', server.tlsTelnetPort!);
  noTls.on('error', () => undefined);
  noTls.write('PROXY TCP4 203.0.113.10 127.0.0.1 40001 4000\r\nhello, plain telnet\r\n');
  await closed(noTls);
  assert.ok(
    lines.some((l) => l['code'] === 'NET_TLS_HANDSHAKE' && l['remote'] === '203.0.113.10'),
    'a failed handshake is logged with the address from the header',
  );

  // Silent peers: one that sends nothing, one that stops after its PROXY header — each closed
  // after tls.handshakeTimeoutMs (500 ms here), logged.
  const silent = await connectFrom('127.0.0.4', server.tlsTelnetPort!);
  silent.on('error', () => undefined);
  const mute = await connectFrom('127.0.0.1', server.tlsTelnetPort!);
  mute.on('error', () => undefined);
  mute.write('PROXY TCP4 203.0.113.11 127.0.0.1 40002 4000\r\n');
  await Promise.all([closed(silent), closed(mute)]);
  assert.ok(
    lines.some((l) => l['code'] === 'NET_TLS_HANDSHAKE' && l['remote'] === '127.0.0.4' && /nothing sent within 500 ms/.test(String(l['msg']))),
    'the silent peer is logged',
  );
  assert.ok(
    lines.some((l) => l['code'] === 'NET_TLS_HANDSHAKE' && l['remote'] === '203.0.113.11' && /no handshake within 500 ms/.test(String(l['msg']))),
    'the peer silent after its header is logged',
  );

  // The server plays on: a new player through HAProxy gets in.
  const after = RawTelnetClient.over(await connectFrom('127.0.0.2', proxy.v2Port));
  await after.waitForText('create <name> <password>', 5000);
  after.socket.destroy();
});
