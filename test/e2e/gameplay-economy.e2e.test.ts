/**
 * Resources, crafting and the market over telnet with the default packs: a new
 * player gathers stones and sticks, makes a stone axe, fells an oak with it,
 * sells the logs in the square and buys bread with the coins; a second player
 * dumps logs and the price falls; the two trade, both confirming, and a trade
 * with someone who walked off lapses; bad input gets clear messages and loses
 * nothing (too little money, selling what you do not have, crafting without
 * the skill, a station or a tool).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PACKS } from '../../engine/config/defaults.ts';
import { startTestServer } from '../support/server.ts';
import { TelnetPlayer, createCharacter } from '../support/players.ts';

/** The forest's wolf would turn this into a fight (gameplay-combat covers those): no creatures. */
const PACKS = DEFAULT_PACKS.filter((p) => p !== 'creatures');
/** 0.02 s a recipe minute: the 5-minute stone axe takes 0.1 s here (30 s by default). */
const SETTINGS = { crafting: { config: { secondsPerGameMinute: 0.02 } } };
/**
 * gatherUntil sends the next line as soon as the answer arrives, which on a quiet
 * machine is faster than the default 10 commands a second (the flood limit then
 * drops a line and the test waits for an answer that never comes): as
 * gameplay-social does, allow 400 in 2 s.
 */
const LIMITS = { commands: { count: 400, windowMs: 2_000 } };

async function gatherUntil(p: TelnetPlayer, line: string, item: RegExp, want: number): Promise<void> {
  let have = 0;
  while (have < want) {
    p.send(line);
    const got = await p.expect(/^You (gather|harvest|mine|work at) /);
    const m = item.exec(got);
    if (m) have += m[1] ? Number(m[1]) : 1;
  }
}

function ask(text: string): number {
  return Number(/— (\d+) coins?/.exec(text)![1]);
}

test('gather, craft, sell, buy; a dump moves the price; bad input loses nothing', async (t) => {
  const server = await startTestServer({ packs: PACKS, settings: SETTINGS, limits: LIMITS });
  t.after(() => server.stop());
  const alice = await TelnetPlayer.connect(server.telnetPort);
  const bob = await TelnetPlayer.connect(server.telnetPort);
  t.after(() => Promise.all([alice.close(), bob.close()]));
  await createCharacter(alice, 'Alice');
  await createCharacter(bob, 'Bob');

  // The market in the square; a purse of 20 starter coins.
  alice.send('list');
  await alice.expect('Hild the smith, the Ember Forge stall:');
  await alice.expect('You have 20 coins. Type: buy <item>, sell <item>, value <item>.');
  alice.send('buy copper axe');
  await alice.expect(/^a copper axe costs \d+ coins; you have 20 coins\.$/);
  alice.send('sell emberblade');
  await alice.expect('You aren\'t carrying anything called "emberblade" (things you wield or wear must be unequipped first).');
  alice.send('craft flint knife');
  await alice.expect("You can't make flint knife: it needs carpentry 8; yours is 0.");
  alice.send('coins');
  await alice.expect('You have 20 coins.');

  // Stones from the riverbank, sticks from the forest path.
  alice.send('south');
  await alice.expect('The Riverbank');
  alice.send('survey');
  await alice.expect(/river shingle \(mineral, common\)/);
  await gatherUntil(alice, 'gather shingle', /You gather (\d+) × a fist-sized stone/, 6);
  alice.send('north');
  await alice.expect('Emberford Square');
  alice.send('north');
  await alice.expect('The North Road');
  alice.send('north');
  await alice.expect('A Forest Path');
  await gatherUntil(alice, 'gather branches', /You gather (\d+) × a straight stick/, 2);
  alice.send('craft sticks');
  await alice.expect("You can't make sticks from a log: it needs an axe in your pack.");

  // Stone axe (90 % a try: try again with the spare stones if it falls apart).
  let made = false;
  for (let i = 0; i < 2 && !made; i++) {
    alice.send('craft stone axe');
    await alice.expect('You set to work on stone axe (5 min of work; stop to give up).');
    made = /^You finish/.test(await alice.expect(/^(You finish: a stone axe|Your stone axe comes apart)/));
  }
  assert.ok(made, 'a stone axe in two tries (90 % each)');
  alice.send('wield axe');
  await alice.expect(/^You (wield|hold) a stone axe/);
  await gatherUntil(alice, 'harvest oak', /You harvest (?:(\d+) × )?a split log/, 3);

  // Sell the logs in the square, buy bread with the coins.
  alice.send('south');
  await alice.expect('The North Road');
  alice.send('south');
  await alice.expect('Emberford Square');
  alice.send('sell 3 log');
  const sold = await alice.expect(/^You sell 3 × a split log to Osric the storekeeper for \d+ coins\. You have \d+ coins\.$/);
  assert.ok(Number(/You have (\d+)/.exec(sold)![1]) > 20);
  alice.send('buy bread');
  await alice.expect(/^You buy a loaf of bread from Osric the storekeeper for \d+ coins?\. You have \d+ coins? left\.$/);
  await bob.expect('Alice buys a loaf of bread from Osric the storekeeper.');

  // Bob dumps logs: the price falls.
  alice.send('list');
  const before = ask(await alice.expect(/^ {2}a split log — /));
  bob.send('north');
  await bob.expect('The North Road');
  bob.send('north');
  await bob.expect('A Forest Path');
  bob.send('get axe');
  await bob.expect(/^You pick up a woodcutter's axe/);
  bob.send('wield axe');
  await bob.expect(/^You (wield|hold) a woodcutter's axe/);
  await gatherUntil(bob, 'gather oak', /You gather (?:(\d+) × )?a split log/, 10);
  bob.send('south');
  await bob.expect('The North Road');
  bob.send('south');
  await bob.expect('Emberford Square');
  bob.send('sell all log');
  await bob.expect(/^You sell \d+ × a split log to Osric the storekeeper for \d+ coins\./);
  alice.skip();
  alice.send('list');
  const after = ask(await alice.expect(/^ {2}a split log — /));
  assert.ok(after < before, `the ask for a log fell after the dump: ${before} → ${after}`);

  // A trade between the two, both confirming; then one with someone who left.
  alice.send('offer Bob 1 bread for 2 coins');
  await alice.expect('You offer Bob a loaf of bread for 2 coins. The offer stands for 5 minutes.');
  await bob.expect('Alice offers you a loaf of bread for 2 coins. Type accept or decline (5 minutes).');
  bob.send('accept');
  await bob.expect('You accept: you give Alice 2 coins and get a loaf of bread.');
  await alice.expect('Bob accepts: you give a loaf of bread and get 2 coins.');
  bob.send('offer Alice 1 bread for 2 coins');
  await alice.expect('Bob offers you a loaf of bread for 2 coins.');
  bob.send('north');
  await bob.expect('The North Road');
  alice.send('accept');
  await alice.expect('Bob is no longer here; the offer lapses and nothing changes hands.');
  bob.send('inventory');
  await bob.expect(/a loaf of bread/);
});
