/**
 * rooms: looking at people, things, exits and the features a description names;
 * @desc; exits and brief mode; login/logout told to the room; following a
 * leader through exits (each follower's walk its own call, after the leader's),
 * and refusing a circle.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { packWorld } from '../../../sdk/tooling/harness.ts';

const pack = fileURLToPath(new URL('..', import.meta.url));

test('look at a feature of the room, an exit, yourself, and nothing', async (t) => {
  const w = await packWorld({ pack });
  t.after(() => w.close());
  assert.match((await w.command('Alice', 'look fountain')).text, /^A dry stone fountain/);
  assert.match((await w.command('Alice', 'look at the basin')).text, /^A dry stone fountain/);
  assert.equal((await w.command('Alice', 'look north')).text, 'The way north leads to The North Road.');
  assert.equal((await w.command('Alice', 'look me')).text, 'Alice\nYou have no description yet; set one with: @desc me = <text>');
  assert.equal((await w.command('Alice', 'look unicorn')).text, 'You see no "unicorn" here.');
  assert.equal((await w.command('Alice', 'look at the unicorn')).text, 'You see no "unicorn" here.');
});

test('@desc me sets what others see; look <person> shows it with what they wield and wear', async (t) => {
  const w = await packWorld({ pack, packs: ['inventory'] });
  t.after(() => w.close());
  await w.character('Bob');
  assert.equal((await w.command('Bob', '@desc me = A tall man with ink-stained fingers.')).text, 'Description set. Others now see:\nA tall man with ink-stained fingers.');
  await w.command('Bob', 'get sword');
  await w.command('Bob', 'wield sword');
  assert.equal((await w.command('Alice', 'look bob')).text, 'Bob\nA tall man with ink-stained fingers.\nBob is wielding a wooden practice sword.');
  assert.equal((await w.command('Alice', 'look whetstone')).text, 'A grey whetstone\nA palm-sized bar of fine grey stone, dished in the middle from years of use.');
  assert.equal((await w.command('Alice', '@desc Bob = hi')).text, 'Type: @desc me = <what others see when they look at you>');
  assert.equal((await w.command('Alice', `@desc me = ${'x'.repeat(2001)}`)).text, 'That description is too long (2001 characters; at most 2000).');
});

test('exits lists where they lead; brief mode drops descriptions when walking; @detail adds a feature', async (t) => {
  const w = await packWorld({ pack });
  t.after(() => w.close());
  assert.equal((await w.command('Alice', 'exits')).text, 'Obvious exits:\n  north      - The North Road\n  east       - The Crooked Lantern\n  south      - The Riverbank');
  await w.command('Alice', 'brief');
  assert.match((await w.command('Alice', 'north')).text, /^The North Road\nExits:/);
  await w.command('Alice', 'brief off');
  assert.match((await w.command('Alice', 'south')).text, /^Emberford Square\nCobbles/);
  assert.equal((await w.command('Alice', '@detail well = A mossy well.')).text, 'Only admins may use "@detail".');
  assert.equal((await w.command('Alice', '@detail well, bucket = A mossy well.', { admin: true })).text, 'Detail "well, bucket" set: look well shows it.');
  assert.equal((await w.command('Alice', 'look bucket')).text, 'A mossy well.');
});

test('login and logout are told to the room', async (t) => {
  const w = await packWorld({ pack });
  t.after(() => w.close());
  await w.character('Alice');
  await w.character('Bob');
  assert.equal(w.seen('Alice').at(-1), 'Bob has entered the game.');
  await w.setOnline('Bob', false);
  assert.equal(w.seen('Alice').at(-1), 'Bob has left the game.');
});

test('followers walk after their leader through three rooms; unfollow stops it; circles are refused', async (t) => {
  const w = await packWorld({ pack });
  t.after(() => w.close());
  await w.character('Alice');
  await w.character('Bob');
  await w.character('Carol');
  assert.equal((await w.command('Bob', 'follow alice')).text, 'You follow Alice.');
  assert.equal(w.seen('Alice').at(-1), 'Bob is following you.');
  assert.equal((await w.command('Carol', 'follow bob')).text, 'You follow Bob.');
  assert.equal((await w.command('Alice', 'follow carol')).text, "You can't follow Carol: Carol is already following you (through others).");
  assert.equal((await w.command('Alice', 'follow bob')).text, "You can't follow Bob: Bob is already following you.");
  assert.equal((await w.command('Alice', 'follow alice')).text, "You can't follow yourself.");
  const room = (name: string) => w.get(w.get<string>(w.idOf(name), 'location')!, 'name');
  for (const [dir, title] of [
    ['north', 'The North Road'],
    ['east', 'Foot of the Old Watchtower'],
    ['up', 'Top of the Old Watchtower'],
  ] as const) {
    await w.command('Alice', dir);
    await w.advance(100); // Bob's walk (a timer due at once), then Carol's after Bob's
    await w.advance(100);
    assert.deepEqual([room('Alice'), room('Bob'), room('Carol')], [title, title, title]);
  }
  assert.ok(w.seen('Bob').includes('You follow Alice up.'));
  assert.match(w.seen('Carol').join('\n'), /You follow Bob up\.\nTop of the Old Watchtower/);
  assert.equal((await w.command('Bob', 'unfollow')).text, 'You stop following Alice.');
  await w.command('Alice', 'down');
  await w.advance(200);
  assert.deepEqual([room('Alice'), room('Bob')], ['Foot of the Old Watchtower', 'Top of the Old Watchtower']);
});

test('a named exit works as a verb; other unknown words still get "Unknown command"', async (t) => {
  const w = await packWorld({ pack, packs: ['stamina'] });
  t.after(() => w.close());
  await w.command('Alice', 'north');
  await w.command('Alice', 'north');
  assert.match((await w.command('Alice', 'hollow')).text, /^Inside the Hollow Oak\n/);
  assert.match((await w.command('Alice', 'out')).text, /^A Forest Path\n/);
  const unknown = await w.command('Alice', 'sit');
  assert.equal(unknown.text, 'Unknown command "sit". Did you mean "rest"?');
  assert.deepEqual(unknown.events, []);
  assert.equal((await w.command('Alice', 'hollow tree')).text, 'Unknown command "hollow". Did you mean "follow"?');
  assert.match((await w.command('Alice', 'help help')).text, /^help \[<command>\] \(also: \?\)\nWith nothing after it/);
});

test('look counts a stack by its units and names it in the plural: "three loaves of bread"', async (t) => {
  const w = await packWorld({ pack, packs: ['inventory'] });
  t.after(() => w.close());
  await w.command('Alice', 'east');
  const before = (await w.command('Alice', 'look')).text;
  assert.match(before, /You see .*\b(two|three|four|five|six|seven|eight|nine|ten) loaves of bread/); // the tavern's stack
  assert.doesNotMatch(before, /\(x\d+\)/);
  await w.command('Alice', 'get bread');
  await w.command('Alice', 'drop 3 bread');
  assert.match((await w.command('Alice', 'look')).text, /You see .*three loaves of bread/);
  await w.command('Alice', 'get bread');
  await w.command('Alice', 'drop 1 bread');
  assert.match((await w.command('Alice', 'look')).text, /You see .*a loaf of bread/);
});
