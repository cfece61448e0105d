/**
 * Call-time enforcement against a real server: a pack that writes another
 * pack's component or reads one it was not granted gets a typed error (logged
 * with its name, counted in myriad_pack_denied_total); one that emits an event
 * type it did not declare is refused; one whose writes or payloads break its own
 * schemas has the whole call rolled back, with pack, field and rule in the log.
 * Every committed event carries the pack name and version that caused it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Config } from '../../engine/config/defaults.ts';
import { startServer, type RunningServer } from '../../engine/gateway/server.ts';
import { testConfig } from '../support/server.ts';
import { TelnetPlayer, createCharacter } from '../support/players.ts';
import { fixturePacks, type FixtureSet } from '../support/fixture-packs.ts';
import { captureLog, type CapturedLog } from '../support/log-capture.ts';

const SETTINGS: Config['packs']['settings'] = {
  intruder: { grants: { send: ['actor'], write: ['intruder.mark'] } },
  rogue: { grants: { send: ['actor'], emit: ['rogue.shout'] } },
  badstate: { grants: { send: ['actor'], write: ['badstate.*'], emit: ['badstate.hit'] } },
};

async function metric(server: RunningServer, name: string, pack: string): Promise<number> {
  const text = await server.gateway.metrics.registry.getSingleMetricAsString(name);
  const line = text.split('\n').find((l) => l.startsWith(name) && l.includes(`pack="${pack}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('capabilities and schemas at call time', () => {
  let fx: FixtureSet;
  let server: RunningServer;
  let logs: CapturedLog;
  let alice: TelnetPlayer;

  before(async () => {
    fx = await fixturePacks(['intruder', 'rogue', 'badstate']);
    logs = captureLog();
    server = await startServer(testConfig({ packs: ['rooms', 'social', 'intruder', 'rogue', 'badstate'], packDirs: [fx.dir], settings: SETTINGS }), logs.log);
    alice = await TelnetPlayer.connect(server.telnetPort);
    await createCharacter(alice, 'Alice');
  });

  after(async () => {
    await alice?.close();
    await server?.stop();
    fx?.remove();
  });

  it("writing another pack's component is refused with a typed error, logged and counted; the room is untouched", async () => {
    alice.skip();
    alice.send('deface');
    await alice.expect('refused: PACK_DENIED write component rooms.desc');
    await logs.waitFor(/PACK_DENIED: write component rooms\.desc/, 'intruder');
    assert.equal(await metric(server, 'myriad_pack_denied_total', 'intruder'), 1);
    alice.send('look');
    await alice.expect('Emberford Square');
    const snapshot = await server.gateway.store.loadSnapshot();
    assert.ok(!snapshot.components.some(([, key, value]) => key === 'rooms.desc' && value === 'DEFACED'));
  });

  it("reading another pack's component needs a grant", async () => {
    alice.skip();
    alice.send('peek');
    await alice.expect('refused: PACK_DENIED read component rooms.exits');
    const granted = testConfig({ packs: ['rooms', 'social', 'intruder', 'rogue', 'badstate'], packDirs: [fx.dir], settings: { ...SETTINGS, intruder: { grants: { send: ['actor'], write: ['intruder.mark'], read: ['rooms.exits'] } } } });
    const report = await server.gateway.reloadPacks(granted);
    assert.equal(report.ok, true, report.error);
    alice.send('peek');
    await alice.expect(/^exits: \{.*"north":"/);
  });

  it('an event type the pack did not declare is refused; a declared one is logged with pack name and version', async () => {
    alice.skip();
    alice.send('sneak');
    await alice.expect('refused: PACK_DENIED emit event type rogue.secret (declare it in events.emits and grant it)');
    alice.send('shout');
    await alice.expect('emitted rogue.shout');
    const events = await server.gateway.store.readAll(0, 10_000);
    assert.equal(events.filter((e) => e.type === 'rogue.secret').length, 0);
    const shout = events.find((e) => e.type === 'rogue.shout');
    assert.ok(shout);
    assert.equal(shout.pack, 'rogue');
    assert.equal(shout.packVersion, '0.1.0');
    // Engine state-change events carry the pack that caused them too.
    const mark = events.find((e) => e.type === 'engine.component_set' && (e.payload as { key: string }).key === 'intruder.mark');
    assert.equal(mark?.pack, 'intruder');
    assert.equal(mark?.packVersion, '0.1.0');
  });

  it("state and payloads that break the pack's schemas roll the call back, naming pack, field and rule; they count as faults", async () => {
    alice.skip();
    alice.send('heal');
    await alice.expect('heal done');
    alice.send('corrupt');
    await alice.expect('Something went wrong in the badstate pack; your command was not run.');
    await logs.waitFor(/badstate wrote an invalid component badstate\.vitals of entity \S+: hp breaks "type: must be integer"/, 'badstate');
    alice.send('wound');
    await alice.expect('Something went wrong in the badstate pack');
    await logs.waitFor(/badstate wrote an invalid payload of event badstate\.hit: dmg breaks "minimum: must be >= 0"/, 'badstate');
    alice.send('stash');
    await alice.expect('Something went wrong in the badstate pack');
    await logs.waitFor(/invalid component badstate\.secret of entity \S+: \(value\) breaks "declared: badstate\.secret is not in pack\.json "components""/, 'badstate');
    const events = await server.gateway.store.readAll(0, 10_000);
    const hits = events.filter((e) => e.type === 'badstate.hit').map((e) => e.payload);
    assert.deepEqual(hits, [{ dmg: 0 }], 'only the valid event was committed');
    const vitals = (await server.gateway.store.loadSnapshot()).components.filter(([, key]) => key === 'badstate.vitals').map(([, , v]) => v);
    assert.deepEqual(vitals, [{ hp: 100 }], 'the valid value stands, the invalid one was rolled back');
    assert.equal(await metric(server, 'myriad_pack_faults_total', 'badstate'), 3);
    await logs.waitFor(/pack badstate is quarantined/, 'badstate');
    alice.send('heal');
    await alice.expect('badstate is disabled');
  });
});
