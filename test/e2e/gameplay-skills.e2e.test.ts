/**
 * Skills over telnet with the default rates: a new player picks up the practice
 * sword, drills with it and gains a level in Slashing within a handful of
 * tries; the sheet and the detail show it; the checks are private while the
 * drill is seen by the room; the Emberblade waits for Slashing 80.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../support/server.ts';
import { TelnetPlayer, createCharacter } from '../support/players.ts';

/** A scripted player types faster than the 10 lines/s flood limit; this test is about skills, not floods. */
const LIMITS = { commands: { count: 200, windowMs: 2_000 } };

test('drilling with the practice sword gains a level in Slashing', async (t) => {
  const server = await startTestServer({ packs: ['rooms', 'social', 'inventory', 'skills'], limits: LIMITS });
  t.after(() => server.stop());
  const alice = await TelnetPlayer.connect(server.telnetPort);
  const bob = await TelnetPlayer.connect(server.telnetPort);
  t.after(() => Promise.all([alice.close(), bob.close()]));
  await createCharacter(alice, 'Alice'); // the first account: an admin
  await createCharacter(bob, 'Bob');

  alice.send('skills');
  await alice.expect(/^Combat: +Slashing 0, Piercing 0, Bludgeoning 0, Defense 0, Dodge 0$/);
  await alice.expect(/^Social: +Persuasion 0, Intimidation 0, Deception 0, Bartering 0, Leadership 0$/);

  alice.send('get sword');
  await alice.expect('You pick up a wooden practice sword.');
  alice.send('use sword');
  await alice.expect('You need to wield the wooden practice sword first (equip sword).');
  alice.send('wield sword');
  await alice.expect('You wield a wooden practice sword in your main hand.');

  // Level 1 costs 10 experience; an easy drill earns 3 (less on a failure or a repeat).
  bob.skip();
  let uses = 0;
  let rose = false;
  while (!rose && uses < 10) {
    alice.skip();
    alice.send('use sword');
    uses++;
    await alice.expect('You run through the old drills: cut, parry, thrust, recover.');
    await alice.expect(/^Slashing check: \d+ \+ \d+ = \d+ vs 30, /);
    await new Promise((r) => setTimeout(r, 30));
    rose = alice
      .lines()
      .slice(-3)
      .some((l) => l === 'Your Slashing skill rises to 1.');
  }
  assert.ok(rose, `Slashing rose to 1 within ${uses} drills`);
  assert.ok(uses >= 4, 'it takes several drills, not one');
  await bob.expect('Alice runs through a sword drill, the wooden blade whistling.');
  assert.ok(!bob.lines().some((l) => l.includes('Slashing check') || l.includes('rises to')), 'checks and levels are private');

  alice.send('skills');
  await alice.expect(/^Combat: +Slashing 1( \(\d+%\))?, Piercing 0/);
  alice.send('skills slash');
  await alice.expect('Slashing (Combat): level 1, Poor quality.');
  await alice.expect(/^ {2}Experience [\d.]+ of 28\.3 to level 2\.$/);
  await alice.expect('  Might 50: +10 to checks; soft cap 75.');

  // The Emberblade on the watchtower needs Slashing 80.
  alice.send('north');
  alice.send('east');
  alice.send('up');
  await alice.expect('You see the Emberblade here.');
  alice.send('get emberblade');
  await alice.expect('You pick up the Emberblade.');
  alice.send('unequip sword');
  await alice.expect('You put away a wooden practice sword.');
  alice.send('wield emberblade');
  await alice.expect('You lack the skill to use the Emberblade: it needs Slashing 80, and yours is 1.');
  bob.send('@skill bob slashing 80');
  await bob.expect('Only admins may use "@skill".');
  alice.send('@skill me slashing 80');
  await alice.expect("Alice's Slashing is now 80.");
  alice.send('wield emberblade');
  await alice.expect('You wield the Emberblade in your main hand.');
});
