/**
 * MSSP as crawlers read it, from the whole server: variable names exactly as the
 * MSSP specification spells them, CODEBASE from the engine version, the
 * operator's server.mssp block, PLAYERS counted in the game.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DO, DONT, IAC, OPT, WILL, WONT } from '../../engine/net/telnet/codes.ts';
import { decodeMssp } from '../../engine/net/telnet/mssp.ts';
import { ENGINE_VERSION } from '../../engine/version.ts';
import { RawTelnetClient } from '../fixtures/telnet-client.ts';
import { startServer } from '../../engine/gateway/server.ts';
import { createLogger } from '../../engine/logger.ts';
import { testConfig } from '../support/server.ts';

test('MSSP: spec names, CODEBASE from the engine version, server.mssp, SSL 0 without TLS', async (t) => {
  const config = testConfig({ packs: ['rooms', 'social'] });
  const server = await startServer({ ...config, server: { ...config.server, name: 'Emberford', mssp: { CONTACT: 'ops@example.org', GENRE: 'Fantasy', STATUS: 'Open Beta', CREATED: 2026, LANGUAGE: 'English' } } }, createLogger('silent', false));
  t.after(() => server.stop());
  const crawler = await RawTelnetClient.connect(server.telnetPort, {
    negotiation(verb, option) {
      if (verb === WILL) return Uint8Array.of(IAC, option === OPT.MSSP ? DO : DONT, option);
      if (verb === DO) return Uint8Array.of(IAC, WONT, option);
      return undefined;
    },
  });
  t.after(() => crawler.socket.destroy());
  await crawler.waitFor(() => crawler.subnegotiations(OPT.MSSP).length > 0, 5000, 'MSSP');
  const vars = decodeMssp(crawler.subnegotiations(OPT.MSSP)[0]!);
  for (const [name, value] of Object.entries({ ANSI: '1', GMCP: '1', MCCP: '1', 'UTF-8': '1', 'XTERM 256 COLORS': '1', 'XTERM TRUE COLORS': '1', MSDP: '0', MXP: '0', SSL: '0', PLAYERS: '0' })) {
    assert.deepEqual(vars[name], [value], `${name}: ${JSON.stringify(vars[name])}`);
  }
  assert.deepEqual(vars['CODEBASE'], [`Myriad ${ENGINE_VERSION}`]);
  assert.deepEqual(vars['NAME'], ['Emberford']);
  assert.deepEqual(vars['PORT'], [String(server.telnetPort)]);
  assert.deepEqual(vars['CONTACT'], ['ops@example.org']);
  assert.deepEqual(vars['STATUS'], ['Open Beta']);
  assert.deepEqual(vars['CREATED'], ['2026']);
  for (const gone of ['UTF_8', 'CHARSET', 'WEBSOCKET PORT']) assert.ok(!(gone in vars), `${gone} is not an MSSP name`);
  assert.ok(Number(vars['UPTIME']?.[0]) > 1_600_000_000);
});
