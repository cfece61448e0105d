/**
 * Native TLS: telnet over TLS on its own port and HTTPS/WSS, from a self-signed
 * certificate made here with `openssl req`, checked by Node's real TLS client.
 * MSSP SSL names the TLS port. Bad certificates: refused at start with
 * NET_TLS_CONFIG; on a reload (SIGHUP) logged, the running one kept; a client
 * that does not speak TLS is logged (NET_TLS_HANDSHAKE) and the server plays on.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import tls from 'node:tls';
import WebSocket from 'ws';
import { DO, DONT, IAC, OPT, WILL, WONT } from '../../engine/net/telnet/codes.ts';
import { decodeMssp } from '../../engine/net/telnet/mssp.ts';
import { createLogger } from '../../engine/logger.ts';
import { startServer } from '../../engine/gateway/server.ts';
import { MyriadError } from '../../engine/errors.ts';
import { RawTelnetClient } from '../fixtures/telnet-client.ts';
import { testConfig } from '../support/server.ts';

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
  const config = { ...base, tls: { certFile: `${live}.crt`, keyFile: `${live}.key`, telnetPort: 0, httpsPort: 0 } };

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
