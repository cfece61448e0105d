/**
 * Creatures and combat over telnet with the default packs: a player kills a rat
 * with a rusty shortsword that breaks on the way, loots the corpse and picks up
 * the tail; a second player fights beside her; she flees a fight; she is
 * poisoned and cured; the tower ghoul kills her and she wakes in the tavern; bad
 * input gets clear messages. Then, on PGlite, a rat killed just before a restart
 * comes back after its respawn time on the restarted server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestServer, tempDataDir } from '../support/server.ts';
import { TelnetPlayer, createCharacter } from '../support/players.ts';

/** Fights are many lines and a few commands a second; this test is about combat, not floods. */
const LIMITS = { commands: { count: 400, windowMs: 2_000 } };
const FIGHT_MS = 40_000;

test('kill a rat and loot it, fight side by side, flee, be poisoned and cured, die and wake, break a weapon', async (t) => {
  const server = await startTestServer({ limits: LIMITS });
  t.after(() => server.stop());
  const alice = await TelnetPlayer.connect(server.telnetPort);
  const bob = await TelnetPlayer.connect(server.telnetPort);
  t.after(() => Promise.all([alice.close(), bob.close()]));
  await createCharacter(alice, 'Alice'); // the first account: an admin
  await createCharacter(bob, 'Bob');

  // Bad input first, in the square.
  alice.send('attack');
  await alice.expect('Attack whom? Type attack <name>, e.g. attack rat.');
  alice.send('kill alice');
  await alice.expect("You can't attack yourself.");
  alice.send('attack rat');
  await alice.expect('There is no "rat" here to attack.'); // the rats are in the cellar
  alice.send('attack bob');
  await alice.expect("You can't attack other players in this world.");

  alice.send('east');
  await alice.expect('The Crooked Lantern');
  alice.send('attack bob'); // not here yet
  await alice.expect('There is no "bob" here to attack.');
  alice.send('get antidote');
  await alice.expect(/^You pick up a vial of antidote/);
  alice.send('down');
  await alice.expect("The Lantern's Cellar");
  await alice.expect('Three brown rats are here.');
  alice.send('consider rat');
  await alice.expect(/^The brown rat looks like an easy fight/);
  alice.send('get shortsword');
  await alice.expect('You pick up a rusty shortsword.');
  alice.send('wield shortsword');
  await alice.expect('You wield a rusty shortsword');

  // Kill a rat; the shortsword (durability 3) breaks on the third blow.
  alice.skip();
  alice.send('heavy rat');
  await alice.expect(/^You get ready a heavy attack on the brown rat \(\d+ ms\)\.$/);
  alice.send('heavy rat');
  await alice.expect(/^You are already getting ready a heavy attack \(\d+ ms to go\): wait for it\.$/);
  alice.send('up');
  await alice.expect('You are fighting the brown rat! Type flee to try to get away.');
  await alice.expect('The brown rat dies.', FIGHT_MS);
  alice.send('look');
  await alice.expect('The corpse of a brown rat lies here.');
  alice.send('loot corpse');
  await alice.expect(/^You search the corpse of a brown rat: .*a rat tail.* to the ground\.$/);
  alice.send('get tail');
  await alice.expect('You pick up a rat tail.');

  // Bob comes down and they fight the next rat side by side.
  bob.send('east');
  await bob.expect('The Crooked Lantern');
  bob.send('down');
  await bob.expect("The Lantern's Cellar");
  await bob.expect(/Alice is here\./);
  alice.skip();
  bob.skip();
  alice.send('attack rat');
  await alice.expect(/^You get ready an attack on the brown rat/);
  bob.send('attack rat');
  await bob.expect(/^You get ready an attack on the brown rat/);
  await bob.expect(/Alice (slash|hit|club|stab)e?s the brown rat\./, FIGHT_MS);
  await Promise.all([alice.expect('The brown rat dies.', FIGHT_MS), bob.expect('The brown rat dies.', FIGHT_MS)]);
  // Durability 3: the first heavy blow took 2, any later blow breaks it (§7.2 wear, through the inventory pack).
  assert.ok(
    alice.lines().some((l) => l === 'Your rusty shortsword breaks!'),
    'the shortsword broke:\n' + alice.lines().slice(-40).join('\n'),
  );

  // Flee from the last rat (retry until the rat fails to cut her off), bare-handed
  // so that she does not kill it first (~8 blows of 2–3 against its 20 HP).
  alice.send('unequip shortsword');
  await alice.expect(/^You (stop using|put away|unequip|lower|remove)/i);
  alice.skip();
  alice.send('attack rat');
  await alice.expect(/^You get ready an attack on the brown rat/);
  let fled = false;
  for (let i = 0; i < 15 && !fled; i++) {
    alice.send('flee');
    // A critical bite may stun her while she looks for a way out: the flee is cut short
    // (and typed while stunned it is refused); she tries again.
    const line = await alice.expect(/^You flee up to The Crooked Lantern!$|^You try to break away, but|^You are already|^Too soon|^The blow stuns you: your escape is cut short\.$|^You are stunned and cannot act/, 10_000);
    fled = line.startsWith('You flee');
    if (!fled) await new Promise((r) => setTimeout(r, 1200));
  }
  assert.ok(fled, 'Alice got away');

  // Poisoned (by an admin's hand, to be sure of it), hurt every 5 s, cured by the antidote.
  alice.skip();
  alice.send('@combat effect poison');
  await alice.expect(/^You are poisoned \(1 dose\) for 30 s\.$/);
  await alice.expect(/^You lose 3 HP to your wounds and poison\. HP \d+\/\d+\.$/, 8_000);
  alice.send('use antidote');
  await alice.expect('The antidote burns going down; the poison is gone.');
  alice.send('hp');
  await alice.expect(/^Health \[[#-]{20}\] \d+\/\d+ — /);

  // Killed by something stronger: the tower ghoul, with 20 HP left.
  alice.send('west');
  await alice.expect('Emberford Square');
  alice.send('north');
  await alice.expect('The North Road');
  alice.send('east');
  await alice.expect('Foot of the Old Watchtower');
  alice.send('@combat hp 20');
  await alice.expect('Your HP is now 20.');
  alice.skip();
  alice.send('up');
  await alice.expect('Top of the Old Watchtower');
  await alice.expect('A tower ghoul is here.');
  await alice.expect('You have been defeated by the tower ghoul. Everything goes dark…', FIGHT_MS);
  await alice.expect(/^You wake by the hearth of the Crooked Lantern, aching and weak \(60 s\)\./);
  alice.send('look');
  await alice.expect('The Crooked Lantern');
  alice.send('hp');
  await alice.expect(/^Health \[[#-]{20}\] \d+\/\d+ — recovering quickly here\.$/);
  await alice.expect(/^You are weakened \(\d+ s left\)\.$/);
  // In the tavern, no one fights.
  bob.send('up');
  await bob.expect('The Crooked Lantern');
  bob.send('attack alice');
  await bob.expect('The Crooked Lantern is a safe place: no fighting here.');
});

test('a creature killed before a restart comes back after its respawn time on the restarted server', async (t) => {
  const data = tempDataDir();
  t.after(() => data.remove());
  const dir = mkdtempSync(path.join(tmpdir(), 'myriad-creatures-'));
  const file = path.join(dir, 'rats.json');
  // One weak rat that comes back 15 s after it dies (a restart takes a few).
  writeFileSync(
    file,
    JSON.stringify({
      templates: { rat: { name: 'a brown rat', desc: 'A rat.', keywords: ['rat'], species: 'rat', level: 1, hp: 5, attributes: { might: 10, agility: 30, cunning: 10, vitality: 1 }, skill: 0, weapon: { name: 'teeth', type: 'piercing', damage: 1, verb: 'bite' }, behaviour: { mode: 'stationary' }, loot: [] } },
      spawns: [{ template: 'rat', room: 'cellar', count: 1, respawnMs: 15_000 }],
    }),
  );
  const opts = { dataDir: data.dir, limits: LIMITS, settings: { creatures: { world: file } } };
  let server = await startTestServer(opts);
  let alice = await TelnetPlayer.connect(server.telnetPort);
  await createCharacter(alice, 'Alice');
  alice.send('east');
  await alice.expect('The Crooked Lantern');
  alice.send('down');
  await alice.expect('A brown rat is here.');
  alice.send('attack rat');
  await alice.expect('The brown rat dies.', FIGHT_MS);
  await alice.close();
  await server.stop();

  server = await startTestServer(opts);
  t.after(() => server.stop());
  alice = await TelnetPlayer.connect(server.telnetPort);
  t.after(() => alice.close());
  await alice.expect(/connect <name> <password>/);
  alice.send('connect Alice secret-pass');
  await alice.expect('Exits:'); // no replay block: nothing happened in her room while she was away
  alice.skip();
  alice.send('look');
  await alice.expect('The corpse of a brown rat lies here.');
  assert.ok(!alice.lines().slice(-4).includes('A brown rat is here.'), 'the rat is still dead after the restart');
  // Its timer was stored with the kill's commit and fires on the restarted server.
  await alice.expect('A brown rat appears.', 25_000);
  alice.send('look');
  await alice.expect('A brown rat is here.');
});
