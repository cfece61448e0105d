/**
 * Character creation over telnet, with the default pack set, as a new player
 * meets it: the steps shown after the room, choosing a species, spending
 * points, confirming, the sheet; the steps again on reconnect while unfinished,
 * and never once finished. Players can play meanwhile.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../support/server.ts';
import { TelnetPlayer, createCharacter } from '../support/players.ts';

const LIMITS = { commands: { count: 200, windowMs: 2_000 } };

test('create a character: species, points, confirm, sheet', async (t) => {
  const server = await startTestServer({ limits: LIMITS });
  t.after(() => server.stop());
  const alice = await TelnetPlayer.connect(server.telnetPort);
  t.after(() => alice.close());
  await createCharacter(alice, 'Alice');

  // After the room: what to type, in order.
  await alice.expect('Welcome, Alice! Before you set out, shape who you are. You can look around and talk meanwhile.');
  await alice.expect(/^ {2}species +see the peoples of this world \(you are Human until you choose\)$/);
  await alice.expect(/^ {2}raise <attribute> <n> +spend your 100 points/);
  await alice.expect(/^ {2}confirm +when you are happy$/);

  // Unfinished, she can still play.
  alice.send('say hello');
  await alice.expect('You say, "hello"');

  alice.send('species');
  await alice.expect('The peoples of this world:');
  await alice.expect(/^ {2}Elf +Quick, far-sighted and attuned; slight of build\. \(Might −10, Agility \+15, Intuition \+10, Sight \+20\)$/);
  alice.send('species elf');
  await alice.expect('You are now an Elf (Might −10, Agility +15, Intuition +10, Sight +20).');
  await alice.expect(/^Alice — Elf \(unfinished: 100 of 100 points to spend\)\.$/);

  alice.send('raise agility 15');
  const agility = await alice.expect(/^Agility rises to \d+ \(\+15\)\. 80 points left\.$/);
  alice.send('raise intuition 10');
  await alice.expect(/^Intuition rises to \d+ \(\+10\)\. 70 points left\.$/);
  alice.send('raise might 40');
  await alice.expect(/^Might rises to \d+ \(\+30\)\. 10 points left\. \(10 more would not fit: 1 point each up to \+10, 2 up to \+20, 3 up to \+30, at most \+30\.\)$/);
  alice.send('lower might 1');
  await alice.expect(/^Might falls to \d+\. 13 points left\.$/);
  alice.send('raise might');
  await alice.expect(/^Might rises to \d+ \(\+1\)\. 10 points left\.$/);
  alice.send('raise smell 10');
  await alice.expect(/^Smell rises to \d+ \(\+10\)\. 0 points left\.$/);

  alice.send('confirm');
  await alice.expect('Your character is complete. Welcome to the world, Alice the Elf.');
  await alice.expect(/^Alice — Elf\.$/);
  await alice.expect(/^Physical {14}Mental {16}Sensory$/);

  alice.send('score');
  await alice.expect(/^Alice — Elf\.$/);
  const agilityRow = await alice.expect(/^ {2}Agility +\d+ +Cunning +\d+ +Hearing +\d+$/);
  assert.equal(agilityRow.match(/Agility +(\d+)/)![1], agility.match(/rises to (\d+)/)![1]);
  await alice.expect(/^Derived {2}HP \d+, Stamina \d+, Focus \d+, Mana \d+, Nerve \d+$/);
  alice.send('raise might');
  await alice.expect('Your character is complete; attributes now change only through what you do in the world.');

  // Reconnecting: a finished character is not asked again; an unfinished one is.
  const bob = await TelnetPlayer.connect(server.telnetPort);
  await createCharacter(bob, 'Bob');
  await bob.expect('Welcome, Bob! Before you set out');
  await bob.close();
  await alice.close();
  const alice2 = await TelnetPlayer.connect(server.telnetPort);
  t.after(() => alice2.close());
  await alice2.expect(/connect <name> <password>/);
  alice2.send('connect alice secret-pass');
  await alice2.expect(/^Exits:/);
  const bob2 = await TelnetPlayer.connect(server.telnetPort);
  t.after(() => bob2.close());
  await bob2.expect(/connect <name> <password>/);
  bob2.send('connect bob secret-pass');
  await bob2.expect('Welcome, Bob! Before you set out');
  alice2.send('sheet');
  await alice2.expect(/^Alice — Elf\.$/);
  assert.doesNotMatch(alice2.lines().join('\n'), /Before you set out/);
});
