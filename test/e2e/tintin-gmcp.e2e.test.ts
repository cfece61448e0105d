/**
 * TinTin++ (tt++) as a real client reading the GMCP profile from the whole server:
 * it enables GMCP, says hello, lists Core.Supports, creates a character, walks
 * north, asks for its stamina and pings; its `#event {IAC SB GMCP …}` logs every
 * package. The log must show Room.Info with a numeric num and numeric exits,
 * Char.Status, Char.Vitals with ep/maxep/string, and the Core.Ping answer.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { startTestServer } from '../support/server.ts';
import { findTintin, runTintin } from '../support/tintin.ts';

test('TinTin++ reads Room.Info (numbers), Char.Status, Char.Vitals (ep) and Core.Ping over GMCP', async (t) => {
  const binary = findTintin();
  if (!binary) return t.skip('tt++ not found (install the Debian package tintin++)');
  const server = await startTestServer({ packs: ['rooms', 'social', 'character', 'stamina'] });
  const dir = mkdtempSync(path.join(tmpdir(), 'myriad-tintin-gmcp-'));
  t.after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const log = path.join(dir, 'gmcp.log');
  const script = path.join(dir, 'gmcp.tin');
  // \xFF\xFD\xC9 = IAC DO GMCP; \xFF\xFA\xC9 … \xFF\xF0 = IAC SB GMCP … IAC SE; \x7B \x7D \x5B \x5D are
  // braces and brackets TinTin++ would otherwise parse; a trailing backslash stops #send adding a line end.
  const sb = (text: string): string => `#send {\\xFF\\xFA\\xC9${text}\\xFF\\xF0\\}`;
  writeFileSync(
    script,
    [
      '#config {LOG} {plain}',
      `#event {IAC WILL GMCP} {#send {\\xFF\\xFD\\xC9\\};${sb('Core.Hello \\x7B"client":"TinTin++","version":"2"\\x7D')};${sb('Core.Supports.Set \\x5B"Char 1","Room 1"\\x5D')}}`,
      `#event {IAC SB GMCP} {#line log {${log}} {GMCP %2}}`,
      '#action {create <name> <password>} {create Tinny secret-pass}',
      '#action {Welcome, Tinny!} {#delay {0.3} {north}}',
      '#action {The North Road} {#delay {0.3} {stamina}}',
      `#action {Stamina [} {#delay {0.3} {${sb('Core.Ping')}};#delay {1} {#end}}`,
      '#delay {20} {#end}',
      `#session myriad 127.0.0.1 ${server.telnetPort}`,
      '',
    ].join('\n'),
  );
  const run = await runTintin(binary, script, dir, 30_000);
  let text = '';
  try {
    text = readFileSync(log, 'utf8');
  } catch {
    assert.fail(`tt++ logged no GMCP: ${run.output.slice(-800)}`);
  }
  const messages = text
    .split('\n')
    .filter((l) => l.startsWith('GMCP '))
    .map((l) => {
      const [, pkg = '', json = ''] = /^GMCP (\S+) ?(.*)$/.exec(l) ?? [];
      return { pkg, data: json ? (JSON.parse(json) as Record<string, unknown>) : undefined };
    });
  t.diagnostic(`tt++ saw: ${messages.map((m) => m.pkg).join(', ')}`);
  const rooms = messages.filter((m) => m.pkg === 'Room.Info').map((m) => m.data as { num: unknown; name: string; exits: Record<string, unknown> });
  assert.ok(rooms.length >= 2, text);
  for (const r of rooms) {
    assert.equal(typeof r.num, 'number', JSON.stringify(r));
    assert.ok(
      Object.values(r.exits).every((n) => typeof n === 'number'),
      JSON.stringify(r.exits),
    );
  }
  const square = rooms.find((r) => r.name === 'Emberford Square');
  const road = rooms.find((r) => r.name === 'The North Road');
  assert.ok(square && road);
  assert.equal(square.exits['n'], road.num, 'the mapper can link the square to the road');
  const status = messages.find((m) => m.pkg === 'Char.Status')?.data;
  assert.equal(status?.['name'], 'Tinny');
  const vitals = messages.find((m) => m.pkg === 'Char.Vitals')?.data;
  assert.ok(vitals && typeof vitals['ep'] === 'number' && typeof vitals['maxep'] === 'number' && typeof vitals['string'] === 'string', JSON.stringify(vitals));
  assert.ok(
    messages.some((m) => m.pkg === 'Core.Ping'),
    'Core.Ping answered',
  );
  // Listed only Char and Room: nothing from another module (Comm, Char.Items would need Char, fine).
  assert.ok(
    messages.every((m) => /^(Char|Room|Core)\./.test(m.pkg)),
    messages.map((m) => m.pkg).join(', '),
  );
});
