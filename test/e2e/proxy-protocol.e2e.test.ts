/**
 * Behind a real HAProxy (Debian's /usr/sbin/haproxy): `send-proxy` (PROXY v1) and
 * `send-proxy-v2` in front of the telnet port, with HAProxy's address (127.0.0.1)
 * in net.trustedProxies. The player connects to HAProxy from 127.0.0.2, so the
 * address the game sees can only be right if the header was read. Then the bad
 * input: a PROXY header from an untrusted peer, a malformed one and none at all
 * from the trusted proxy — each a log line with its code and a closed connection,
 * and the server plays on.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createLogger } from '../../engine/logger.ts';
import { startServer } from '../../engine/gateway/server.ts';
import { RawTelnetClient } from '../fixtures/telnet-client.ts';
import { freePort } from '../support/reliability.ts';
import { testConfig } from '../support/server.ts';

const HAPROXY = '/usr/sbin/haproxy';

function haproxyAvailable(): boolean {
  try {
    accessSync(HAPROXY);
    return true;
  } catch {
    return false;
  }
}

/** HAProxy with two TCP frontends: v1 on `v1Port`, v2 on `v2Port`, both to the telnet port. */
async function startHaproxy(dir: string, telnetPort: number): Promise<{ v1Port: number; v2Port: number; child: ChildProcess; output: () => string }> {
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
      `frontend v1`,
      `  bind 127.0.0.1:${v1Port}`,
      '  default_backend telnet_v1',
      `frontend v2`,
      `  bind 127.0.0.1:${v2Port}`,
      '  default_backend telnet_v2',
      'backend telnet_v1',
      `  server myriad 127.0.0.1:${telnetPort} send-proxy`,
      'backend telnet_v2',
      `  server myriad 127.0.0.1:${telnetPort} send-proxy-v2`,
      '',
    ].join('\n'),
  );
  const child = spawn(HAPROXY, ['-f', cfg, '-db'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  // Ready when both frontends accept.
  const deadline = Date.now() + 5000;
  for (const port of [v1Port, v2Port]) {
    for (;;) {
      const ok = await new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
        s.on('error', () => resolve(false));
      });
      if (ok) break;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`haproxy did not start: ${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { v1Port, v2Port, child, output: () => out };
}

/** A telnet client from 127.0.0.2 (not the proxy's address). */
function connectFrom(localAddress: string, port: number): Promise<RawTelnetClient> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress });
    socket.once('connect', () => resolve(RawTelnetClient.over(socket)));
    socket.once('error', reject);
  });
}

test('PROXY v1 and v2 through HAProxy: the game sees the player, not the proxy; bad headers are refused', async (t) => {
  if (!haproxyAvailable()) return t.skip('haproxy not installed (.ci/run installs it)');
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger('info', false, { destination: { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) } });
  const config = testConfig({ packs: ['rooms', 'social'], limits: { exemptAddresses: [] } });
  const server = await startServer({ ...config, net: { trustedProxies: ['127.0.0.1'], proxyHeaderTimeoutMs: 500 } }, log);
  const dir = mkdtempSync(path.join(tmpdir(), 'myriad-haproxy-'));
  const proxy = await startHaproxy(dir, server.telnetPort);
  t.after(async () => {
    proxy.child.kill('SIGKILL');
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [version, port, name] of [
    ['v1', proxy.v1Port, 'Proxone'],
    ['v2', proxy.v2Port, 'Proxtwo'],
  ] as const) {
    const player = await connectFrom('127.0.0.2', port);
    await player.waitForText('create <name> <password>', 5000);
    player.send(`create ${name} secret-pass\r\n`);
    await player.waitForText(`Welcome, ${name}!`, 5000);
    await player.waitForText('Exits:', 5000); // in the game: the session is attached
    const session = server.gateway.sessions.online.find((s) => s.name === name);
    const remote = [...(session?.connections ?? [])][0]?.remoteAddress ?? '';
    assert.match(remote, /^127\.0\.0\.2:\d+$/, `${version}: the player's address, not HAProxy's (${remote})`);
    const opened = lines.find((l) => l['msg'] === 'telnet connection opened' && String(l['remote']).startsWith('127.0.0.2:'));
    assert.equal(opened?.['via'], '127.0.0.1', 'the log says which proxy it came through');
    player.socket.destroy();
  }

  // A PROXY header from a peer not in net.trustedProxies: refused, logged.
  const spoof = await connectFrom('127.0.0.3', server.telnetPort);
  spoof.send('PROXY TCP4 198.51.100.1 127.0.0.1 1234 4000\r\n');
  await spoof.waitFor(() => spoof.closed, 3000, 'the spoofing connection to close');
  assert.ok(
    lines.some((l) => l['code'] === 'NET_PROXY_UNTRUSTED' && l['remote'] === '127.0.0.3'),
    'NET_PROXY_UNTRUSTED logged with the peer',
  );

  // From the trusted address: a malformed header, then none at all.
  const bad = await connectFrom('127.0.0.1', server.telnetPort);
  bad.send('PROXY TCP4 not-an-address 127.0.0.1 1 2\r\n');
  await bad.waitFor(() => bad.closed, 3000, 'the malformed-header connection to close');
  assert.ok(
    lines.some((l) => l['code'] === 'NET_PROXY_HEADER_BAD'),
    'NET_PROXY_HEADER_BAD logged',
  );
  const binary = await connectFrom('127.0.0.1', server.telnetPort);
  binary.send(Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a, 0x21, 0x11, 0xff, 0xff]));
  await binary.waitFor(() => binary.closed, 3000, 'an oversized v2 header to be refused');
  assert.ok(
    lines.some((l) => l['code'] === 'NET_PROXY_HEADER_BAD' && /over 1024/.test(String(l['msg']))),
    'a v2 length over the bound is refused before buffering it',
  );
  const silent = await connectFrom('127.0.0.1', server.telnetPort);
  await silent.waitFor(() => silent.closed, 3000, 'a silent trusted peer to be closed');
  assert.ok(
    lines.some((l) => l['code'] === 'NET_PROXY_TIMEOUT'),
    'NET_PROXY_TIMEOUT logged',
  );

  // The server plays on: a new player through HAProxy gets in.
  const after = await connectFrom('127.0.0.2', proxy.v2Port);
  await after.waitForText('create <name> <password>', 5000);
  after.socket.destroy();
});

test('X-Forwarded-For on a WebSocket upgrade counts only from a trusted proxy', async (t) => {
  const { default: WebSocket } = await import('ws');
  const config = testConfig({ packs: ['rooms', 'social'] });
  const server = await startServer({ ...config, net: { ...config.net, trustedProxies: ['127.0.0.1'] } }, createLogger('silent', false));
  t.after(() => server.stop());
  const open = (headers: Record<string, string>): Promise<InstanceType<typeof WebSocket>> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.httpPort}/ws`, ['myriad.v1'], { headers });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  const viaProxy = await open({ 'X-Forwarded-For': '203.0.113.50, 198.51.100.4' });
  viaProxy.send(JSON.stringify({ type: 'input', text: 'create Forwarda secret-pass' }));
  for (let i = 0; i < 200 && !server.gateway.sessions.online.some((s) => s.name === 'Forwarda'); i++) await new Promise((r) => setTimeout(r, 25));
  const session = server.gateway.sessions.online.find((s) => s.name === 'Forwarda');
  assert.equal([...(session?.connections ?? [])][0]?.remoteAddress, '198.51.100.4', 'the address the trusted proxy saw (rightmost)');
  viaProxy.close();

  // Another server trusting nobody: the same header is ignored.
  const plain = await startServer(config, createLogger('silent', false));
  t.after(() => plain.stop());
  const ws = await new Promise<InstanceType<typeof WebSocket>>((resolve, reject) => {
    const w = new WebSocket(`ws://127.0.0.1:${plain.httpPort}/ws`, ['myriad.v1'], { headers: { 'X-Forwarded-For': '198.51.100.4' } });
    w.once('open', () => resolve(w));
    w.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'input', text: 'create Spoofer secret-pass' }));
  for (let i = 0; i < 200 && !plain.gateway.sessions.online.some((s) => s.name === 'Spoofer'); i++) await new Promise((r) => setTimeout(r, 25));
  const spoofer = plain.gateway.sessions.online.find((s) => s.name === 'Spoofer');
  assert.equal([...(spoofer?.connections ?? [])][0]?.remoteAddress, '127.0.0.1');
  ws.close();
});
