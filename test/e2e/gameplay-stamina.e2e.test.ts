/**
 * Stamina over telnet with the default pack set: sprint between the square and
 * the road (40 m apart) until "Insufficient stamina" refuses a move, then rest
 * and recover — deterministically, on a paused world clock that the admin moves
 * forward — and rest better by the tavern's hearth. Also a few steps inside a
 * room, paid and refused like any move.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../support/server.ts';
import { TelnetPlayer, createCharacter } from '../support/players.ts';

/** Walking to exhaustion is many commands in a second; this test is about stamina, not floods. */
const LIMITS = { commands: { count: 400, windowMs: 2_000 } };

test('walk until tired, rest and recover', async (t) => {
  const server = await startTestServer({ limits: LIMITS });
  t.after(() => server.stop());
  const alice = await TelnetPlayer.connect(server.telnetPort);
  const bob = await TelnetPlayer.connect(server.telnetPort);
  t.after(() => Promise.all([alice.close(), bob.close()]));
  await createCharacter(alice, 'Alice'); // the first account: an admin
  await createCharacter(bob, 'Bob');
  alice.send('confirm');
  alice.send('confirm');
  await alice.expect('Your character is complete.');
  alice.send('sheet');
  const derived = await alice.expect(/^Derived {2}HP \d+, Stamina (\d+)/);
  const max = Number(derived.match(/Stamina (\d+)/)![1]);
  const attrs = await alice.expect(/^ {2}Endurance +\d+/).then((l) => l);
  const endurance = Number(attrs.match(/Endurance +(\d+)/)![1]);

  // Stop the world clock so no stamina comes back between moves: the arithmetic is exact.
  alice.send('@time pause');
  await alice.expect('You pause the world clock.');
  alice.send('stamina');
  await alice.expect(new RegExp(`^Stamina \\[#{20}\\] ${max}/${max} — you are standing still \\(pace: walking\\)\\.$`));

  alice.send('sprint');
  await alice.expect('You will sprint from now on: 4 stamina a metre, 3× walking pace, and everyone will hear you.');
  let moves = 0;
  let refusal = '';
  bob.skip();
  for (;;) {
    alice.skip();
    alice.send(moves % 2 === 0 ? 'north' : 'south');
    const line = await alice.expect(/^(The North Road|Emberford Square)$|^Insufficient stamina/);
    if (line.startsWith('Insufficient stamina')) {
      refusal = line;
      break;
    }
    moves++;
    assert.ok(moves < 50, 'never ran out of stamina');
  }
  assert.equal(moves, Math.floor(max / 160));
  const left = max - moves * 160;
  assert.equal(refusal, `Insufficient stamina: sprinting ${moves % 2 === 0 ? 'north' : 'south'} costs 160 and you have ${left} of ${max}. Rest a while (type rest), or go more gently (walk).`);
  // Bob, in the square, saw her come and go, but not the refused move.
  await bob.expect('Alice leaves north.');
  alice.send('look');
  const here = await alice.expect(/^(The North Road|Emberford Square)$/);
  assert.equal(here, moves % 2 === 0 ? 'Emberford Square' : 'The North Road');
  alice.send('stamina');
  await alice.expect(new RegExp(`^Stamina \\[[#-]{20}\\] ${left}/${max} — you are standing still \\(pace: sprinting\\)\\.$`));

  // Rest: twice the standing rate (Endurance / 10 a second). Ten game seconds pass.
  const resting = (endurance / 10) * 2;
  alice.send('rest');
  await alice.expect(`You sit down to rest. You recover ${fmt(resting)} stamina a second while you rest. Moving, or stand, ends it.`);
  alice.send('@time advance 10s');
  await alice.expect(/You move the world clock forward 0\.2 game minutes/);
  alice.send('stamina');
  const rested = Math.min(max, Math.floor(left + 10 * resting));
  await alice.expect(new RegExp(`^Stamina \\[[#-]{20}\\] ${rested}/${max} — you are resting \\(pace: sprinting\\)\\.$`));

  // The tavern's hearth doubles it again. Walk there gently (it may be one or two rooms away).
  alice.send('walk');
  await alice.expect('You will walk from now on');
  if (here === 'The North Road') {
    alice.send('south');
    await alice.expect('You get up and go on.');
  }
  alice.send('east');
  await alice.expect('The Crooked Lantern');
  alice.send('rest');
  await alice.expect(`You settle down by the hearth to rest. You recover ${fmt(resting * 2)} stamina a second while you rest (4× the usual). Moving, or stand, ends it.`);
  alice.send('@time advance 1m');
  await alice.expect('You move the world clock forward 1 game minute;');
  alice.send('stamina');
  await alice.expect(new RegExp(`^Stamina \\[#{20}\\] ${max}/${max} — you are resting by the hearth \\(pace: walking\\)\\.$`));
  await alice.expect('You are fresh.');
  alice.send('stand');
  await alice.expect(`You get to your feet (stamina ${max}/${max}).`);

  // Steps inside the taproom are paid too, and the bar is in the way.
  alice.send('where');
  await alice.expect(/^You stand at \(24, 0, 0\) in The Crooked Lantern, on sloping floorboards\.$/);
  alice.send('step e 3');
  await alice.expect('You step east 3 paces (3 m), to (27, 0, 0).');
  alice.send('step n 3');
  await alice.expect('Movement blocked: the scarred oak bar is in the way after 2 steps. You stay where you are.');
  alice.send('stamina');
  await alice.expect(new RegExp(`^Stamina \\[[#-]{20}\\] ${max - 3}/${max} `));

  alice.send('@time resume nocatchup');
  await alice.expect('You resume the world clock');
});

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
