/**
 * Barter with a merchant and a travelling trader, over telnet with the default
 * packs (gameplay-rules §9.3): a new player gathers stones, offers too few for a
 * whetstone and gets a counter-offer, accepts it; Tam the carter peddles bread
 * from the square to the miners' camp by herself (a creature acting through the
 * command path), and a player standing at the camp sees her sell.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PACKS } from '../../engine/config/defaults.ts';
import { startTestServer } from '../support/server.ts';
import { TelnetPlayer, createCharacter } from '../support/players.ts';

/** gatherUntil sends each line when the answer arrives: allow 400 commands in 2 s (as gameplay-social does). */
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

test('barter with a merchant: a counter-offer, accepted; a lapse loses nothing', async (t) => {
  // No creatures: nothing else should trade at Hild's stall meanwhile.
  const server = await startTestServer({ packs: DEFAULT_PACKS.filter((p) => p !== 'creatures'), limits: LIMITS });
  t.after(() => server.stop());
  const alice = await TelnetPlayer.connect(server.telnetPort);
  t.after(() => alice.close());
  await createCharacter(alice, 'Alice');
  alice.send('south');
  await alice.expect('The Riverbank');
  await gatherUntil(alice, 'gather shingle', /You gather (\d+) × a fist-sized stone/, 14);
  alice.send('north');
  await alice.expect('Emberford Square');
  // Hild has a full shelf of stone (20 of 20): she wants it little (wantFactor 0.5), so
  // a stranger must offer 1.1 / 0.5 = 2.2 × the whetstone's 6 coins: 14 stones at 1.
  alice.send('offer Hild 8 stone for whetstone');
  await alice.expect('Hild the smith counters: a grey whetstone for 14 × a fist-sized stone. Type accept or decline (5 minutes).');
  alice.send('decline');
  await alice.expect("You decline Hild the smith's offer.");
  alice.send('offer Hild 1 stone for copper axe');
  await alice.expect('Hild the smith shakes their head: a fist-sized stone is not worth nearly a copper axe to them.');
  alice.send('offer Hild 8 stone for whetstone');
  await alice.expect(/^Hild the smith counters: a grey whetstone for 14 × a fist-sized stone\./);
  alice.send('accept');
  await alice.expect('Hild the smith accepts: you give 14 × a fist-sized stone and get a grey whetstone.');
  alice.send('inventory');
  const inv = await alice.expect(/a grey whetstone/);
  assert.ok(!/fist-sized stone/.test(inv), inv);
});

test('Tam the carter carries bread to the miners’ camp and sells it there, by herself', async (t) => {
  const server = await startTestServer({ packs: [...DEFAULT_PACKS], limits: LIMITS });
  t.after(() => server.stop());
  const bob = await TelnetPlayer.connect(server.telnetPort);
  t.after(() => bob.close());
  await createCharacter(bob, 'Bob');
  bob.send('north');
  await bob.expect('The North Road');
  bob.send('east');
  await bob.expect('Foot of the Old Watchtower');
  bob.send('list');
  await bob.expect("Bryn the quartermaster, the miners' camp store:");
  // She thinks every 2–5 s: loads in the square, lingers 4 thinks, walks two rooms.
  await bob.expect(/^Tam the carter sells \d+ × a loaf of bread to Bryn the quartermaster\.$/, 120_000);
});
