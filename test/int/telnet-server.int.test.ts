/**
 * The telnet server over real TCP sockets on 127.0.0.1: a scripted MUD-client-like
 * peer negotiates every option, and the server side's capabilities, lines, prompts,
 * GMCP, MSSP, MCCP2, limits and shutdown are checked end to end.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CHARSET_ACCEPTED, CHARSET_REQUEST, DO, DONT, EOR_CMD, GA, IAC, OPT, SB, TTYPE_IS, TTYPE_SEND, WILL, WONT } from '../../engine/net/telnet/codes.ts';
import type { Log } from '../../engine/logger.ts';
import type { TelnetConnection } from '../../engine/net/telnet/connection.ts';
import { decodeMssp } from '../../engine/net/telnet/mssp.ts';
import { encodeNaws } from '../../engine/net/telnet/naws.ts';
import { startTelnetServer, type TelnetServer } from '../../engine/net/telnet/server.ts';
import type { TelnetConnectionOptions } from '../../engine/net/telnet/connection.ts';
import { MyriadError } from '../../engine/errors.ts';
import { RawTelnetClient, cmd, type ClientHandlers } from '../fixtures/telnet-client.ts';

interface Harness {
  server: TelnetServer;
  next(): Promise<TelnetConnection>;
  logs: Array<{ level: string; message: string; details: Record<string, unknown> }>;
}

const servers: TelnetServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function startServer(options: TelnetConnectionOptions = {}): Promise<Harness> {
  const queue: TelnetConnection[] = [];
  const waiting: Array<(c: TelnetConnection) => void> = [];
  const logs: Harness['logs'] = [];
  const log: Log = {
    debug: () => undefined,
    info: (details, message) => logs.push({ level: 'info', message, details }),
    warn: (details, message) => logs.push({ level: 'warn', message, details }),
    error: (details, message) => logs.push({ level: 'error', message, details }),
  };
  const server = await startTelnetServer({
    host: '127.0.0.1',
    port: 0,
    options: { ...options, log },
    log,
    onConnection(conn) {
      const w = waiting.shift();
      if (w) w(conn);
      else queue.push(conn);
    },
  });
  servers.push(server);
  return {
    server,
    logs,
    next: () =>
      new Promise((resolve) => {
        const c = queue.shift();
        if (c) resolve(c);
        else waiting.push(resolve);
      }),
  };
}

/** The text received before each occurrence of IAC <command>. */
function textBeforeCommands(client: RawTelnetClient, command: number): string[] {
  let text = '';
  const out: string[] = [];
  for (const e of client.events) {
    if (e.type === 'data') text += Buffer.from(e.bytes).toString();
    if (e.type === 'command' && e.command === command) out.push(text);
  }
  return out;
}

/** A client that answers like a modern MUD client (MTTS, NAWS 120x40, GMCP, CHARSET UTF-8, EOR). */
function mudClient(extra: Partial<ClientHandlers> = {}): ClientHandlers {
  const ttype = ['MUSHCLIENT 5.07', 'XTERM-256COLOR', 'MTTS 141'];
  let asked = 0;
  return {
    negotiation(verb, option, client) {
      if (verb === DO && option === OPT.TTYPE) return cmd(WILL, OPT.TTYPE);
      if (verb === DO && option === OPT.NAWS) {
        client.send(cmd(WILL, OPT.NAWS));
        client.sendSb(OPT.NAWS, encodeNaws({ width: 120, height: 40 }));
        return;
      }
      if (verb === WILL && option === OPT.GMCP) {
        client.send(cmd(DO, OPT.GMCP));
        client.sendSb(OPT.GMCP, 'Core.Hello {"client":"TestClient","version":"1.0"}');
        client.sendSb(OPT.GMCP, 'Core.Supports.Set ["Char 1", "Room 1"]');
        return;
      }
      if (verb === WILL && option === OPT.MCCP2) return cmd(extra.mccp ? DO : DONT, OPT.MCCP2);
      if (verb === WILL && [OPT.EOR, OPT.CHARSET, OPT.MSSP, OPT.ECHO].includes(option as never)) return cmd(DO, option);
      if (verb === WILL) return cmd(DONT, option);
      if (verb === DO) return cmd(WONT, option);
      return undefined;
    },
    subnegotiation(option, payload, client) {
      if (option === OPT.TTYPE && payload[0] === TTYPE_SEND) {
        const answer = ttype[Math.min(asked++, ttype.length - 1)]!;
        client.sendSb(OPT.TTYPE, Uint8Array.from([TTYPE_IS, ...Buffer.from(answer)]));
      }
      if (option === OPT.CHARSET && payload[0] === CHARSET_REQUEST) {
        client.sendSb(OPT.CHARSET, Uint8Array.from([CHARSET_ACCEPTED, ...Buffer.from('UTF-8')]));
      }
      return undefined;
    },
    ...extra,
  };
}

describe('telnet server over TCP', () => {
  it('negotiates NAWS, TTYPE/MTTS, GMCP, CHARSET, EOR and MSSP with a MUD client', async () => {
    const h = await startServer();
    const client = await RawTelnetClient.connect(h.server.port, mudClient());
    const conn = await h.next();
    const gmcp: Array<[string, unknown]> = [];
    conn.onGmcp((pkg, data) => gmcp.push([pkg, data]));
    const caps = await conn.negotiated();

    assert.equal(caps.clientName, 'MUSHCLIENT');
    assert.equal(caps.clientVersion, '5.07');
    assert.equal(caps.terminalType, 'XTERM-256COLOR');
    assert.deepEqual(caps.ttypeAnswers, ['MUSHCLIENT 5.07', 'XTERM-256COLOR', 'MTTS 141']);
    assert.equal(caps.mtts, 141);
    assert.equal(caps.mttsFlags?.proxy, true);
    assert.equal(caps.mttsFlags?.truecolor, false);
    assert.equal(caps.colourDepth, '256');
    assert.equal(caps.utf8, true);
    assert.equal(caps.encoding, 'utf-8');
    assert.deepEqual([caps.width, caps.height], [120, 40]);
    assert.equal(caps.eor, true);
    assert.equal(caps.mccp, false);
    assert.deepEqual(caps.gmcp, { enabled: true, client: 'TestClient', version: '1.0', supports: ['char 1', 'room 1'] });

    // MSSP went out with live values
    await client.waitFor(() => client.subnegotiations(OPT.MSSP).length > 0, 2000, 'MSSP');
    const mssp = decodeMssp(client.subnegotiations(OPT.MSSP)[0]!);
    assert.deepEqual(mssp['NAME'], ['Myriad']);
    assert.deepEqual(mssp['PORT'], [String(h.server.port)]);
    assert.deepEqual(mssp['PLAYERS'], ['1']);
    assert.ok(Number(mssp['UPTIME']?.[0]) > 1_600_000_000);
    assert.ok(mssp['CODEBASE']?.[0]?.startsWith('Myriad'));

    // Lines in, including UTF-8
    const lines: string[] = [];
    conn.onLine((l) => lines.push(l));
    client.send('look\r\nsay héllo wörld\r\n');
    await client.waitFor(() => lines.length === 2, 2000, 'lines');
    assert.deepEqual(lines, ['look', 'say héllo wörld']);
    assert.equal(gmcp[0]?.[0], 'Core.Hello');

    // Rendered output at the negotiated depth, prompt with EOR, GMCP filtered by Core.Supports
    conn.send({ kind: 'room', spans: [{ text: 'The Square', style: 'room-title' }, { text: '\nQuiet.' }], data: { package: 'Room.Info', value: { num: 1 } } });
    conn.send({ kind: 'info', spans: [], data: { package: 'Comm.Channel.Text', value: 'not wanted' } });
    conn.prompt('HP 10> ');
    await client.waitForText('HP 10> ');
    assert.ok(client.text.includes('\u001b[1;38;5;45mThe Square\u001b[0m\r\nQuiet.\r\n'), JSON.stringify(client.text));
    assert.ok(
      textBeforeCommands(client, EOR_CMD).some((t) => t.endsWith('HP 10> ')),
      'the prompt is followed by IAC EOR',
    );
    const gmcpOut = client.subnegotiations(OPT.GMCP).map((p) => Buffer.from(p).toString());
    assert.deepEqual(gmcpOut, ['Room.Info {"num":1}']);
    assert.equal(conn.sendGmcp('Char.Vitals', { hp: 10 }), true);
    await client.waitFor(() => client.subnegotiations(OPT.GMCP).length === 2, 2000, 'Char.Vitals');

    // An overlong line is reported once with its length; the next line still works
    const overlong: Array<[number, number]> = [];
    conn.onOverlongLine((length, limit) => overlong.push([length, limit]));
    client.send(`${'x'.repeat(10_000)}\r\nafter\r\n`);
    await client.waitFor(() => lines.includes('after'), 2000, 'line after the overlong one');
    assert.deepEqual(overlong, [[10_000, 8192]]);
    assert.equal(lines.length, 3);

    // Password mode: WILL ECHO, the client agrees, the server echoes only the line end
    conn.setPasswordMode(true);
    await client.waitFor(() => client.events.some((e) => e.type === 'negotiation' && e.verb === WILL && e.option === OPT.ECHO), 2000, 'WILL ECHO');
    await client.waitFor(() => conn.capabilities.echo, 2000, 'echo on');
    client.send('hunter2\r\n');
    await client.waitFor(() => lines.includes('hunter2'), 2000, 'password line');
    assert.ok(!client.text.includes('hunter2'));
    conn.setPasswordMode(false);
    await client.waitFor(() => client.events.some((e) => e.type === 'negotiation' && e.verb === WONT && e.option === OPT.ECHO), 2000, 'WONT ECHO');

    // close(reason) delivers the reason, then ends
    const closed = new Promise<string>((resolve) => conn.onClose(resolve));
    conn.close('Goodbye.');
    await client.waitFor(() => client.closed, 2000, 'socket closed');
    assert.ok(client.text.endsWith('Goodbye.\r\n'));
    assert.equal(await closed, 'closed by server: Goodbye.');
  });

  it('compresses output with MCCP2 when the client agrees', async () => {
    const h = await startServer();
    const client = await RawTelnetClient.connect(h.server.port, mudClient({ mccp: true }));
    const conn = await h.next();
    const caps = await conn.negotiated();
    await client.waitFor(() => client.compressed, 2000, 'MCCP2 start');
    assert.equal(caps.mccp, true);
    const long = 'The quick brown fox jumps over the lazy dog. '.repeat(200);
    conn.sendText(long);
    conn.prompt('> ');
    await client.waitForText('> ');
    assert.ok(client.text.includes(long));
    conn.close('Compressed goodbye.');
    await client.waitFor(() => client.closed, 3000, 'close');
    assert.ok(client.text.endsWith('Compressed goodbye.\r\n'));
  });

  it('serves a client that never negotiates: plain text, GA prompts, lines still read', async () => {
    const h = await startServer({ limits: { negotiationTimeoutMs: 150 } });
    const client = await RawTelnetClient.connect(h.server.port);
    const conn = await h.next();
    const started = Date.now();
    const caps = await conn.negotiated();
    assert.ok(Date.now() - started < 1000);
    assert.equal(caps.colourDepth, 'none');
    assert.equal(caps.gmcp.enabled, false);
    assert.equal(conn.sendGmcp('Char.Vitals', { hp: 1 }), false);
    conn.send({ kind: 'room', spans: [{ text: 'Plain', style: 'room-title' }] });
    conn.prompt('> ');
    await client.waitForText('> ');
    assert.ok(client.text.includes('Plain\r\n') && !client.text.includes('\u001b'));
    assert.ok(
      textBeforeCommands(client, GA).some((t) => t.endsWith('> ')),
      'the prompt is followed by IAC GA',
    );
    const lines: string[] = [];
    conn.onLine((l) => lines.push(l));
    client.send('north\n');
    await client.waitFor(() => lines.length === 1, 2000, 'line');
    assert.deepEqual(lines, ['north']);
    client.end();
  });

  it('drops an over-cap subnegotiation with a log line and keeps the connection', async () => {
    const h = await startServer();
    const client = await RawTelnetClient.connect(h.server.port, mudClient());
    const conn = await h.next();
    await conn.negotiated();
    const lines: string[] = [];
    conn.onLine((l) => lines.push(l));
    client.send(Uint8Array.from([IAC, SB, OPT.GMCP, ...Buffer.from(`Core.Hello "${'z'.repeat(5000)}"`), IAC, 240]));
    client.send('still here\r\n');
    await client.waitFor(() => lines.length === 1, 2000, 'line');
    assert.deepEqual(lines, ['still here']);
    const warn = h.logs.find((l) => l.level === 'warn' && l.message.includes('subnegotiation over the limit'));
    assert.ok(warn, JSON.stringify(h.logs));
    assert.equal(warn.details['option'], 'GMCP');
    assert.equal(warn.details['limit'], 4096);
    client.end();
  });

  it('disconnects a client that stops reading once its output passes maxOutputBufferBytes', async () => {
    const h = await startServer({ compression: false, limits: { maxOutputBufferBytes: 256 * 1024 } });
    const client = await RawTelnetClient.connect(h.server.port);
    const conn = await h.next();
    client.socket.pause();
    const reason = new Promise<string>((resolve) => conn.onClose(resolve));
    const chunk = 'x'.repeat(64 * 1024);
    let sent = 0;
    while (!conn.closed && sent < 2000) {
      conn.sendText(chunk);
      sent++;
      assert.ok(conn.bufferedOutputBytes <= 256 * 1024 + 70 * 1024, `buffered ${conn.bufferedOutputBytes}`);
    }
    assert.ok(conn.closed, `still open after ${sent} chunks`);
    assert.match(await reason, /output buffer over limit/);
    assert.ok(h.logs.some((l) => l.level === 'warn' && String(l.details['reason']).includes('output buffer')));
    client.socket.destroy();
  });

  it('reports a busy port as NET_PORT_IN_USE', async () => {
    const h = await startServer();
    await assert.rejects(startTelnetServer({ host: '127.0.0.1', port: h.server.port, onConnection() {} }), (err: unknown) => {
      assert.ok(err instanceof MyriadError);
      assert.equal(err.code, 'NET_PORT_IN_USE');
      assert.equal(err.message, `port ${h.server.port} is in use`);
      assert.match(err.explain(), /MYRIAD_TELNET_PORT/);
      return true;
    });
  });

  it('close(reason) on the server says goodbye to every connection', async () => {
    const h = await startServer();
    const a = await RawTelnetClient.connect(h.server.port);
    const b = await RawTelnetClient.connect(h.server.port);
    await h.next();
    await h.next();
    assert.equal(h.server.connectionCount, 2);
    await h.server.close('Server shutting down.');
    await a.waitFor(() => a.closed && b.closed, 3000, 'both closed');
    assert.ok(a.text.endsWith('Server shutting down.\r\n'));
    assert.ok(b.text.endsWith('Server shutting down.\r\n'));
    assert.equal(h.server.connectionCount, 0);
  });
});
