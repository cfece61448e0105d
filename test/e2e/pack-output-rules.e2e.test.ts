/**
 * Hostile packs that reach players they were not granted (issue 11, holes 1, 4
 * and 5), against a real server with telnet and WebSocket players:
 *
 * - phisher (send ["actor"] only) shows "Opadmin says, give me your password" to
 *   every player through a world event's display.others, or to one player through
 *   their character stream: refused, PACK_DISPLAY_DENIED;
 * - forger (send ["actor","room"]) breaks a line to forge an "Admin says" line,
 *   and reorders text with bidi controls: the forged line is refused
 *   (PACK_TEXT_LINE_BREAK), the bidi controls never reach a renderer or the log;
 * - impostor (spawn) makes a character named Admin, an undeclared kind, an item
 *   named like a real player: refused (PACK_SPAWN_KIND, PACK_NAME_TAKEN).
 *
 * Before issue 11 the engine let each of these through: Bob and Carol saw the
 * bait line, the forged "Admin says" line arrived as a line of its own, U+202E
 * reached both clients, and "Admin" stood in the square as a character.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../engine/gateway/server.ts';
import { testConfig } from '../support/server.ts';
import { TelnetPlayer, WsPlayer, createCharacter } from '../support/players.ts';
import { fixturePacks, type FixtureSet } from '../support/fixture-packs.ts';
import { captureLog, type CapturedLog } from '../support/log-capture.ts';

const SETTINGS = {
  phisher: { grants: { send: ['actor' as const], query: true, emit: ['phisher.notice'] } },
  forger: { grants: { send: ['actor' as const, 'room' as const], emit: ['forger.said'], gmcp: ['Forger.Note'] } },
  impostor: { grants: { send: ['actor' as const], spawn: true } },
};

/** Bidi controls and other format characters (Unicode Cf) but the joiners ZWNJ/ZWJ. */
const FORMAT_CHARS = /(?![\u200c\u200d])\p{Cf}/u;

describe('pack output reaches only whom the pack may send to, as whole lines, from no fake character', () => {
  let fixtures: FixtureSet;
  let server: RunningServer;
  let logs: CapturedLog;
  let alice: TelnetPlayer;
  let bob: TelnetPlayer;
  let carol: WsPlayer;

  before(async () => {
    fixtures = await fixturePacks(['phisher', 'forger', 'impostor']);
    logs = captureLog();
    server = await startServer(testConfig({ packs: ['rooms', 'social', 'phisher', 'forger', 'impostor'], packDirs: [fixtures.dir], settings: SETTINGS }), logs.log);
    alice = await TelnetPlayer.connect(server.telnetPort);
    bob = await TelnetPlayer.connect(server.telnetPort);
    carol = await WsPlayer.connect(server.httpPort);
    await createCharacter(alice, 'Alice');
    await createCharacter(bob, 'Bob');
    await createCharacter(carol, 'Carol');
  });

  after(async () => {
    await alice?.close();
    await bob?.close();
    await carol?.close();
    await server?.stop();
    fixtures?.remove();
  });

  /** Everyone says something and hears it, so whatever the attack produced has arrived. */
  async function settle(tag: string): Promise<void> {
    bob.send(`say ${tag}`);
    await bob.expect(`You say, "${tag}"`);
    await carol.expect(`Bob says, "${tag}"`);
    await alice.expect(`Bob says, "${tag}"`);
  }

  it('hole 1: an event display reaches only the audience the send grant allows', async () => {
    for (const p of [alice, bob, carol]) p.skip();
    alice.send('broadcast');
    await alice.expect('refused: PACK_DISPLAY_DENIED');
    alice.send('whisperto Bob');
    await alice.expect('refused: PACK_DISPLAY_DENIED');
    // A display for the actor alone is within send ["actor"].
    alice.send('notemine');
    await alice.expect('noted for you');
    await alice.expect('emitted');
    await settle('after the phishing');
    for (const p of [alice, bob, carol]) assert.doesNotMatch(p.lines().join('\n'), /give me your password/);
    await logs.waitFor(/PACK_DISPLAY_DENIED: show phisher\.notice to every player \(stream world\): needs the send grant "all"/, 'phisher');
    await logs.waitFor(/PACK_DISPLAY_DENIED: show phisher\.notice to the character \w+ \(stream char:\w+\): needs the send grant "direct"/, 'phisher');
    const status = server.gateway.world.packStatus().find((p) => p.name === 'phisher');
    assert.ok(status && status.denied >= 2, 'operators see the refusals counted');
    const events = await server.gateway.store.readAll(0, 10_000);
    assert.equal(events.filter((e) => e.type === 'phisher.notice' && e.display?.others).length, 0, 'no event carrying the bait was committed');
  });

  it('hole 4: a line break in text for other players is refused; a multi-line answer to the asker is kept', async () => {
    for (const p of [alice, bob, carol]) p.skip();
    alice.send('forge');
    await alice.expect('refused: PACK_TEXT_LINE_BREAK');
    alice.send('forgeshow');
    await alice.expect('refused: PACK_TEXT_LINE_BREAK');
    alice.send('multiline');
    await alice.expect('line one');
    await alice.expect('line two');
    await settle('after the forgery');
    for (const p of [bob, carol]) {
      const seen = p.lines().join('\n');
      assert.doesNotMatch(seen, /Admin says/, 'no forged line arrived');
      assert.doesNotMatch(seen, /The wind howls/, 'the refused call sent nothing at all');
    }
    await logs.waitFor(/PACK_TEXT_LINE_BREAK: msg: text for other players must be one line/, 'forger');
    await logs.waitFor(/PACK_TEXT_LINE_BREAK: display\.others: text for other players must be one line/, 'forger');
  });

  it('hole 4: bidi controls and other format characters are stripped before any renderer or the log sees them', async () => {
    for (const p of [alice, bob, carol]) p.skip();
    const framesBefore = carol.frames.length;
    carol.send('flip');
    await carol.expect('flipped');
    await bob.expect(/^safe drowssap ruoy em evig x end$/);
    await bob.expect('echo safe drowssap ruoy em evig x end');
    await settle('after the flip');
    const telnet = [...alice.lines(), ...bob.lines()].join('\n');
    assert.doesNotMatch(telnet, FORMAT_CHARS, 'telnet players get no format characters');
    const frames = carol.frames.slice(framesBefore);
    const gmcp = frames.find((f) => f['type'] === 'data' && f['package'] === 'Forger.Note');
    assert.deepEqual(gmcp?.['value'], { text: 'safe drowssap ruoy em evig x end' }, 'the GMCP data is cleaned too');
    assert.doesNotMatch(JSON.stringify(frames), /\\u202e|\\u2066|\\u200f|\u202e|\u2066|\u200f/i, 'no WebSocket frame carries one');
    // The event log feeds reconnect replay and the admin page: what is stored is clean.
    const stored = (await server.gateway.store.readAll(0, 10_000)).filter((e) => e.type === 'forger.said');
    assert.equal(stored.length, 1);
    assert.doesNotMatch(JSON.stringify(stored[0]), FORMAT_CHARS);
    assert.equal((stored[0]!.payload as { text: string }).text, 'safe drowssap ruoy em evig x end');
  });

  it('hole 5: a pack cannot spawn a character, an undeclared kind, or an entity named like a character', async () => {
    alice.skip();
    alice.send('impersonate');
    await alice.expect('refused: PACK_SPAWN_KIND');
    alice.send('npc');
    await alice.expect('refused: PACK_SPAWN_KIND');
    alice.send('mimic bOB');
    await alice.expect('refused: PACK_NAME_TAKEN');
    alice.send('mimic Ｃarol'); // a full-width C folds to "carol"
    await alice.expect('refused: PACK_NAME_TAKEN');
    alice.send('mimic lantern');
    await alice.expect('spawned item lantern');
    await logs.waitFor(/PACK_SPAWN_KIND: spawn an entity of kind "character" \(its manifest "spawns" declares: item; "character" is the engine's alone\)/, 'impostor');
    await logs.waitFor(/PACK_NAME_TAKEN: spawn an entity named "bOB": a character has that name/, 'impostor');
    const snapshot = await server.gateway.store.loadSnapshot();
    const kinds = new Map(snapshot.components.filter(([, key]) => key === 'kind').map(([id, , v]) => [id, v]));
    const names = snapshot.components.filter(([, key]) => key === 'name').map(([id, , v]) => [id, v] as const);
    const characters = names
      .filter(([id]) => kinds.get(id) === 'character')
      .map(([, n]) => n)
      .sort();
    assert.deepEqual(characters, ['Alice', 'Bob', 'Carol'], 'the only characters are the players');
    assert.ok(
      names.some(([, n]) => n === 'lantern'),
      'a declared kind with a free name is spawned',
    );
  });
});
