/**
 * Hot reload with a player connected over telnet: the socket and the session
 * survive every reload and the player sees the new pack's behaviour.
 * - a new version whose component schema changed incompatibly, without a
 *   migration: refused with a clear message, the old version keeps running;
 * - the same version with a migration: the engine calls it once per stored
 *   value, the new version runs, new events carry the new version;
 * - disabling and re-enabling a pack by reload.
 * Figure: reload time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Config } from '../../engine/config/defaults.ts';
import { startServer } from '../../engine/gateway/server.ts';
import { testConfig } from '../support/server.ts';
import { TelnetPlayer, createCharacter } from '../support/players.ts';
import { fixturePacks } from '../support/fixture-packs.ts';
import { captureLog } from '../support/log-capture.ts';

const PROBE_GRANTS = {
  send: ['actor' as const, 'direct' as const],
  write: ['probe.countdown', 'probe.note'],
  query: true,
  timers: true,
  config: true,
  subscribe: ['world.tick'],
  emit: ['probe.remind', 'probe.done'],
};

test('a telnet player keeps socket and session through reloads and sees the new pack', async (t) => {
  const fx = await fixturePacks(['probe']);
  t.after(() => fx.remove());
  const logs = captureLog();
  const config = (packs: string[]): Config => {
    const c = testConfig({ packs, packDirs: [fx.dir], settings: { probe: { grants: PROBE_GRANTS } } });
    return { ...c, packs: { ...c.packs, precedence: { look: 'rooms', l: 'rooms' } } };
  };
  const server = await startServer(config(['rooms', 'social', 'probe']), logs.log);
  t.after(() => server.stop());
  const alice = await TelnetPlayer.connect(server.telnetPort);
  t.after(() => alice.close());
  await createCharacter(alice, 'Alice');
  const bob = await TelnetPlayer.connect(server.telnetPort);
  t.after(() => bob.close());
  await createCharacter(bob, 'Bob');
  const connections = server.gateway.connectionCount;

  alice.skip();
  alice.send('ping');
  await alice.expect('hello, pong from probe 0.1.0');
  alice.send('note remember the milk');
  await alice.expect('noted');
  bob.send('note buy bread');
  await bob.expect('noted');

  // 0.2.0 turns probe.note into {text, by}. Without its migration the reload is refused.
  await fx.add([{ name: 'probe', from: 'probe-v2', drop: ['migrations'] }]);
  const refused = await server.gateway.reloadPacks();
  assert.equal(refused.ok, false);
  assert.match(
    refused.error ?? '',
    /probe@0\.2\.0 changes the schema of probe\.note incompatibly with 2 stored value\(s\): probe wrote an invalid component probe\.note of entity \S+: \(value\) breaks "type: must be object"\. Ship a migration \(pack\.json "migrations": \{ "probe\.note": "<export>" \}\) or keep version 0\.1\.0/,
  );
  assert.deepEqual(refused.after, refused.before);
  alice.skip();
  alice.send('ping');
  await alice.expect('pong from probe 0.1.0');
  alice.send('readnote');
  await alice.expect('note: "remember the milk"');

  // With the migration: the engine migrates both stored notes and switches over.
  await fx.add([{ name: 'probe', from: 'probe-v2' }]);
  alice.skip();
  const report = await server.gateway.reloadPacks();
  assert.equal(report.ok, true, report.error);
  assert.deepEqual(report.changed, ['probe 0.1.0 → 0.2.0']);
  assert.deepEqual(
    report.upgrades.map((u) => [u.pack, u.key, u.from, u.to, u.migrated]),
    [['probe', 'probe.note', '0.1.0', '0.2.0', 2]],
  );
  alice.send('ping');
  await alice.expect('hello, pong from probe 0.2.0');
  alice.send('readnote');
  await alice.expect('note: {"text":"remember the milk","by":"migrated"}');
  alice.send('note pay the rent');
  await alice.expect('noted');
  const events = await server.gateway.store.readAll(0, 100_000);
  const notes = events.filter((e) => e.type === 'engine.component_set' && (e.payload as { key: string }).key === 'probe.note');
  assert.deepEqual(
    notes.map((e) => e.packVersion),
    ['0.1.0', '0.1.0', '0.2.0', '0.2.0', '0.2.0'],
    'two notes by 0.1.0, two migrations and a note by 0.2.0',
  );
  assert.deepEqual(notes.at(-1)?.payload, { entity: notes.at(-1)?.payload && (notes.at(-1)!.payload as { entity: string }).entity, key: 'probe.note', value: { text: 'pay the rent', by: 'Alice' } });

  // Disable the pack, then enable it again: still the same sockets.
  const off = await server.gateway.reloadPacks(config(['rooms', 'social']));
  assert.equal(off.ok, true, off.error);
  assert.deepEqual(off.removed, ['probe']);
  alice.skip();
  alice.send('ping');
  await alice.expect('Unknown command "ping"');
  const on = await server.gateway.reloadPacks(config(['rooms', 'social', 'probe']));
  assert.equal(on.ok, true, on.error);
  assert.deepEqual(on.added, ['probe']);
  alice.send('ping');
  await alice.expect('pong from probe 0.2.0');

  // Nobody was disconnected, everyone is still in session and can talk.
  assert.equal(alice.closed || bob.closed, false);
  assert.equal(server.gateway.connectionCount, connections);
  assert.deepEqual(server.gateway.sessions.online.map((s) => s.name).sort(), ['Alice', 'Bob']);
  bob.skip();
  alice.send('say still here');
  await bob.expect('Alice says, "still here"');
  t.diagnostic(`reload times: migrate 2 values ${report.ms.toFixed(0)} ms, disable ${off.ms.toFixed(0)} ms, enable ${on.ms.toFixed(0)} ms`);
});
