/**
 * Persisted quarantine (issue 11, hole 6), with a real server restarted on the
 * same PGlite data directory. The poison fixture commits a component that makes
 * its world tick loop forever. Before issue 11 quarantine lived in memory: every
 * start and every reload paid three watchdog restarts (~650 ms stall for
 * everyone) before the pack was caught again. Now the quarantine is stored: it
 * holds across the reload and the restart (no watchdog restart at all, and the
 * start-up log says so) until an admin lifts it with `@packs unquarantine`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../engine/gateway/server.ts';
import { tempDataDir, testConfig } from '../support/server.ts';
import { TelnetPlayer, createCharacter } from '../support/players.ts';
import { fixturePacks, type FixtureSet } from '../support/fixture-packs.ts';
import { captureLog, type CapturedLog } from '../support/log-capture.ts';

const ADMIN_TOKEN = 'quarantine-test-token-0123456789';
const SETTINGS = { poison: { grants: { send: ['actor' as const], write: ['poison.armed'], query: true, subscribe: ['world.tick'] } } };

describe('a quarantined pack stays off across reloads and restarts until an operator lifts it', () => {
  let fixtures: FixtureSet;
  let data: { dir: string; remove(): void };
  let server: RunningServer | null = null;
  let player: TelnetPlayer | null = null;

  const start = async (logs: CapturedLog): Promise<RunningServer> => startServer(testConfig({ dataDir: data.dir, packs: ['rooms', 'social', 'poison'], packDirs: [fixtures.dir], settings: SETTINGS, http: { adminToken: ADMIN_TOKEN } }), logs.log);

  before(async () => {
    fixtures = await fixturePacks(['poison']);
    data = tempDataDir();
  });

  after(async () => {
    await player?.close();
    await server?.stop();
    fixtures?.remove();
    data?.remove();
  });

  it("quarantines the poison, keeps it through a reload and a restart, and lifts it on an admin's word", async (t) => {
    // First run: Alice (the first account, so an admin) arms the poison.
    const logs1 = captureLog();
    server = await start(logs1);
    player = await TelnetPlayer.connect(server.telnetPort);
    await createCharacter(player, 'Alice');
    player.send('arm');
    await player.expect('armed');
    await logs1.waitFor(/pack poison is quarantined after 3 faults within 10 min: .*across restarts and reloads, until an operator lifts it \(@packs unquarantine poison, or myriad unquarantine poison\)/, 'poison', 30_000);
    // The third timeout's restart is still under way when the quarantine is logged.
    await logs1.waitFor(/world restarted/, undefined, 10_000);
    while (logs1.find(/world restarted/).length < 3 || !server.gateway.world.healthy) await new Promise((r) => setTimeout(r, 50));
    const restartsToQuarantine = server.gateway.world.restarts;
    assert.equal(restartsToQuarantine, 3);
    const stored = await server.gateway.store.quarantinedPacks();
    assert.deepEqual(
      stored.map((q) => [q.pack, q.reason]),
      [['poison', '3 faults within 10 min']],
    );
    assert.equal(stored[0]!.faults.length, 3);
    assert.match(stored[0]!.faults[0]!, /^PACK_TIMEOUT: /);

    // A reload keeps it (it used to lift it, and the poison looped again).
    const report = await server.gateway.reloadPacks();
    assert.equal(report.ok, true, report.error);
    await new Promise((r) => setTimeout(r, 500)); // five ticks
    assert.equal(server.gateway.world.restarts, restartsToQuarantine, 'no watchdog restart after the reload');
    player.skip();
    player.send('taste');
    await player.expect('poison is disabled');

    // A restart keeps it, and says so in the start-up log.
    await player.close();
    await server.stop();
    const logs2 = captureLog();
    server = await start(logs2);
    const announced = logs2.find(/pack poison is quarantined \(since .*, 3 faults within 10 min\) and stays disabled until an operator lifts it: @packs unquarantine poison, or myriad unquarantine poison/, 'poison');
    assert.equal(announced.length, 1, 'start-up says the pack is quarantined');
    player = await TelnetPlayer.connect(server.telnetPort);
    await player.expect(/create <name> <password>/);
    player.send('connect Alice secret-pass');
    await player.expect(/^Exits:/);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(server.gateway.world.restarts, 0, 'the poison never ran after the restart');
    player.skip();
    player.send('taste');
    await player.expect('poison is disabled');
    assert.equal(server.gateway.world.packStatus().find((p) => p.name === 'poison')?.quarantined, true);

    // The HTTP API (myriad unquarantine) answers 404 for a pack that is not quarantined, 401 without the token.
    const base = `http://127.0.0.1:${server.httpPort}`;
    const noAuth = await fetch(`${base}/admin/unquarantine?pack=poison`, { method: 'POST' });
    assert.equal(noAuth.status, 401);
    const notHeld = await fetch(`${base}/admin/unquarantine?pack=social`, { method: 'POST', headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    assert.equal(notHeld.status, 404);
    assert.deepEqual(await notHeld.json(), { ok: false, message: 'social is not quarantined' });

    // An admin lifts it in the game; the store records who.
    player.send('@packs unquarantine poison');
    await player.expect('The quarantine of poison is lifted; it runs again from its next call.');
    await logs2.waitFor(/pack poison released from quarantine by Alice \(@packs\)/, 'poison');
    assert.deepEqual(await server.gateway.store.quarantinedPacks(), []);
    player.send('@packs unquarantine poison');
    await player.expect('poison is not quarantined.');
    t.diagnostic(`first run: ${restartsToQuarantine} watchdog restarts until quarantined; after the reload and after the restart: 0`);
  });
});
