/**
 * Inventory over telnet, as a new player meets it in the first minutes: the
 * practice sword lying in the square, picking it up and wielding it while a
 * second player watches, the inventory and equipment listings, the millstone
 * nobody can lift, and the rusty shortsword in the cellar that breaks.
 */
import { test } from 'node:test';
import { startTestServer } from '../support/server.ts';
import { TelnetPlayer, createCharacter } from '../support/players.ts';

const PACKS = ['rooms', 'social', 'inventory', 'skills'];
/** A scripted player types faster than the 10 lines/s flood limit; this test is about items, not floods. */
const LIMITS = { commands: { count: 200, windowMs: 2_000 } };

test('pick up and equip a sword, list inventory and equipment, refuse the millstone, break a rusty blade', async (t) => {
  const server = await startTestServer({ packs: PACKS, limits: LIMITS });
  t.after(() => server.stop());
  const alice = await TelnetPlayer.connect(server.telnetPort);
  const bob = await TelnetPlayer.connect(server.telnetPort);
  t.after(() => Promise.all([alice.close(), bob.close()]));
  await createCharacter(alice, 'Alice');
  await createCharacter(bob, 'Bob');

  // The square shows its items.
  alice.send('look');
  await alice.expect('You see a wooden practice sword and a grey whetstone here.');

  // Pick up and wield the sword; Bob sees both.
  bob.skip();
  alice.send('get sword');
  await alice.expect('You pick up a wooden practice sword.');
  await bob.expect('Alice picks up a wooden practice sword.');
  alice.send('wield sword');
  await alice.expect('You wield a wooden practice sword in your main hand.');
  await bob.expect('Alice wields a wooden practice sword.');
  bob.send('look');
  await bob.expect('You see a grey whetstone here.');

  // Listings.
  alice.send('get whetstone');
  await alice.expect('You pick up a grey whetstone.');
  alice.send('i');
  await alice.expect('You are carrying (1.8 kg of 250 kg):');
  await alice.expect(/^ {2}a wooden practice sword \(wielded, main hand\)$/);
  await alice.expect(/^ {2}a grey whetstone$/);
  alice.send('eq');
  await alice.expect('You are using:');
  await alice.expect(/^ {2}main hand +a wooden practice sword$/);
  await alice.expect(/^ {2}off hand +-$/);
  await alice.expect(/^ {2}ring 2 +-$/);
  await alice.expect('Armour: 0.');

  // Slot rules.
  alice.send('wield whetstone');
  await alice.expect("You can't equip a grey whetstone.");
  alice.send('drop sword');
  await alice.expect('You wield a wooden practice sword; unequip it first.');

  // The weight limit: Might 50 × 5 kg = 250 kg; the millstone weighs 600.
  alice.send('south');
  await alice.expect('The Riverbank');
  await alice.expect('You see a mossy millstone and a fishing rod here.');
  alice.send('get millstone');
  await alice.expect('A mossy millstone is too heavy for you: it weighs 600 kg, and you already carry 1.8 kg of your 250 kg.');
  alice.send('look');
  await alice.expect('You see a mossy millstone and a fishing rod here.');

  // The rusty shortsword in the cellar: durability 3, one per drill; it breaks.
  alice.send('north');
  alice.send('east');
  alice.send('down');
  await alice.expect("The Lantern's Cellar");
  await alice.expect('You see a rusty shortsword here.');
  alice.send('get shortsword');
  await alice.expect('You pick up a rusty shortsword.');
  alice.send('wield shortsword in main hand');
  await alice.expect('Your main hand is already taken (a wooden practice sword); unequip it first.');
  alice.send('wield shortsword');
  await alice.expect('You wield a rusty shortsword in your off hand.');
  alice.send('examine shortsword');
  await alice.expect('Condition: damaged (3/100).');
  // Three drills wear it to 0 (a fumble, a natural 1–5, only breaks it sooner).
  for (let i = 0; i < 3; i++) alice.send('use shortsword');
  await alice.expect('Your rusty shortsword breaks!');
  await new Promise((r) => setTimeout(r, 100));
  alice.skip();
  alice.send('use shortsword');
  await alice.expect('The rusty shortsword is broken; it needs repairing before it is any use.');
  alice.send('examine shortsword');
  await alice.expect('Broken: it deals half damage until repaired.');
  alice.send('eq');
  await alice.expect(/^ {2}off hand +a rusty shortsword \(broken\)$/);
  alice.send('i');
  await alice.expect(/^ {2}a rusty shortsword \(wielded, off hand\) \[broken\]$/);
});

test('a weak character (carryKgPerMight 0.02: 1 kg) cannot lift the practice sword', async (t) => {
  const server = await startTestServer({ packs: PACKS, limits: LIMITS, settings: { inventory: { config: { carryKgPerMight: 0.02 } } } });
  t.after(() => server.stop());
  const carol = await TelnetPlayer.connect(server.telnetPort);
  t.after(() => carol.close());
  await createCharacter(carol, 'Carol');
  carol.send('get sword');
  await carol.expect('A wooden practice sword is too heavy for you: it weighs 1.5 kg, and you can carry 1 kg.');
  carol.send('get whetstone');
  await carol.expect('You pick up a grey whetstone.');
  carol.send('inventory');
  await carol.expect('You are carrying (0.3 kg of 1 kg):');
});
