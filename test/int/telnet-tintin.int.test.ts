/**
 * A real MUD client against the telnet layer: TinTin++ (Debian package `tintin++`,
 * binary `tt++`) runs headless with a script that connects, enables GMCP, answers
 * the welcome with a line, logs what it saw and quits. The server side checks what
 * was negotiated; the client's log shows what it rendered. Skipped if tt++ is absent.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import type { TelnetCapabilities, TelnetConnection } from '../../engine/net/telnet/connection.ts';
import { startTelnetServer } from '../../engine/net/telnet/server.ts';
import { findTintin, runTintin } from '../support/tintin.ts';

it('TinTin++ negotiates TTYPE/MTTS, NAWS, CHARSET, EOR, MCCP2 and GMCP, and exchanges lines', async (t) => {
  const binary = findTintin();
  if (!binary) {
    t.skip('tt++ not found (install the Debian package tintin++)');
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'myriad-tintin-'));
  const lines: string[] = [];
  const gmcp: Array<[string, unknown]> = [];
  let conn: TelnetConnection | undefined;
  let negotiated: TelnetCapabilities | undefined;
  const server = await startTelnetServer({
    host: '127.0.0.1',
    port: 0,
    onConnection(c) {
      conn = c;
      c.onGmcp((pkg, data) => gmcp.push([pkg, data]));
      c.onLine((line) => {
        lines.push(line);
        c.sendText(`echo: ${line}`);
        c.prompt('> ');
      });
      void c.negotiated().then((caps) => {
        negotiated = caps;
        c.sendText('Welcome to the probe');
        c.sendGmcp('Char.Vitals', { hp: 10, mp: 5 });
        c.prompt('> ');
      });
    },
  });
  try {
    const log = path.join(dir, 'client.log');
    const script = path.join(dir, 'probe.tin');
    // \xFF\xFD\xC9 = IAC DO GMCP; \xFF\xFA\xC9 ... \xFF\xF0 = IAC SB GMCP ... IAC SE; a trailing
    // backslash stops #send adding a line end; \x7B/\x7D are braces TinTin++ would otherwise parse.
    writeFileSync(
      script,
      [
        '#config {LOG} {plain}',
        '#event {IAC WILL GMCP} {#send {\\xFF\\xFD\\xC9\\};#send {\\xFF\\xFA\\xC9Core.Hello \\x7B"client":"TinTin++","version":"2"\\x7D\\xFF\\xF0\\}}',
        `#event {IAC SB GMCP} {#line log {${log}} {GMCP %0 %2}}`,
        '#action {Welcome to the probe} {say hello from tintin}',
        '#action {echo: say hello from tintin} {#delay {0.3} {#end}}',
        '#delay {10} {#end}',
        `#session probe 127.0.0.1 ${server.port}`,
        `#log overwrite {${log}}`,
        '',
      ].join('\n'),
    );
    const run = await runTintin(binary, script, dir, 15_000);
    if (run.code === null && negotiated === undefined) {
      t.skip(`tt++ could not run here: ${run.output.slice(-300)}`);
      return;
    }
    const clientLog = readFileSync(log, 'utf8');
    const caps = negotiated ?? conn?.capabilities;
    assert.ok(caps, 'tt++ connected');
    t.diagnostic(`tt++ negotiated: ${JSON.stringify(caps)}`);

    // What TinTin++ told the server
    assert.equal(caps.clientName, 'TINTIN++');
    assert.match(caps.terminalType ?? '', /xterm/i);
    assert.equal(caps.ttypeAnswers.length, 3);
    assert.ok(caps.mtts !== undefined, 'MTTS bits sent');
    assert.ok(caps.mttsFlags?.ansi && caps.mttsFlags.utf8 && caps.mttsFlags.colors256, JSON.stringify(caps.mttsFlags));
    assert.notEqual(caps.colourDepth, 'none');
    assert.ok((caps.width ?? 0) > 0 && (caps.height ?? 0) > 0, `NAWS ${caps.width}x${caps.height}`);
    assert.equal(caps.utf8, true);
    assert.equal(caps.eor, true);
    assert.equal(caps.mccp, true, 'TinTin++ accepts MCCP2');
    assert.equal(caps.gmcp.enabled, true);
    assert.deepEqual(gmcp[0], ['Core.Hello', { client: 'TinTin++', version: '2' }]);

    // What was said both ways
    assert.deepEqual(lines, ['say hello from tintin']);
    assert.match(clientLog, /Welcome to the probe/);
    assert.match(clientLog, /echo: say hello from tintin/);
    assert.match(clientLog, /GMCP Char\.Vitals .*"hp":10/);
    assert.equal(run.code, 0, run.output.slice(-500));
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
