/**
 * social, through the pack harness (`myriad pack test packs/social`), with rooms
 * to stand in: say and pose reach the room with the speaker's own wording,
 * empty ones are refused, who lists who is online.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { packWorld } from '../../../sdk/tooling/harness.ts';

const pack = fileURLToPath(new URL('..', import.meta.url));

test('say: the speaker and the room each get their line, the event is logged', async (t) => {
  const w = await packWorld({ pack, packs: ['rooms'] });
  t.after(() => w.close());
  await w.character('Bob');
  const out = await w.command('Alice', 'say héllo there');
  assert.equal(out.text, 'You say, "héllo there"');
  assert.match(w.seen('Bob').join('\n'), /Alice says, "héllo there"/);
  assert.deepEqual(w.payloads('social.say'), [{ text: 'héllo there' }]);
  const say = out.events.find((e) => e.type === 'social.say');
  assert.equal(say?.stream, `room:${w.get(w.idOf('Alice'), 'location')}`);
  assert.equal(say?.packVersion, '0.1.0');
  // The GMCP channel data rides along for clients with a chat window.
  assert.equal(out.messages[0]?.data?.package, 'Comm.Channel.Text');
});

test('the shortcuts, poses and refusals', async (t) => {
  const w = await packWorld({ pack, packs: ['rooms'] });
  t.after(() => w.close());
  await w.character('Bob');
  assert.equal((await w.command('Alice', '"hi')).text, 'You say, "hi"');
  assert.equal((await w.command('Alice', ':waves.')).text, 'Alice waves.');
  assert.equal((await w.command('Alice', "pose 's eyes narrow")).text, "Alice's eyes narrow.");
  const empty = await w.command('Alice', 'say');
  assert.equal(empty.text, 'Say what?');
  assert.deepEqual(empty.events, []);
  assert.equal((await w.command('Alice', 'pose')).text, 'Pose what?');
});

test('who lists the characters online with idle times, AFK, and rooms for those who allow it', async (t) => {
  const w = await packWorld({ pack, packs: ['rooms'] });
  t.after(() => w.close());
  await w.character('Carol');
  await w.character('Bob');
  await w.command('Carol', 'afk making tea');
  await w.command('Bob', 'whereabouts on');
  await w.advance(12 * 60_000);
  assert.equal((await w.command('Alice', 'who')).text, ['Online (3):', '  Alice          active', '  Bob            idle 12m  Emberford Square', '  Carol          afk'].join('\n'));
  assert.equal((await w.command('Bob', 'afk')).text, 'You are marked away from the keyboard. Type afk again when you are back.');
  assert.equal((await w.command('Bob', 'afk')).text, 'You are back at the keyboard.');
});

test('finger shows presence, AFK message, whereabouts and description', async (t) => {
  const w = await packWorld({ pack, packs: ['rooms'] });
  t.after(() => w.close());
  await w.character('Bob');
  await w.command('Bob', '@desc me = A tall man.');
  await w.command('Bob', 'afk back soon');
  assert.equal((await w.command('Alice', 'finger bob')).text, 'Bob is online.\nAway from keyboard: back soon\nA tall man.');
  await w.setOnline('Bob', false);
  assert.equal((await w.command('Alice', 'profile Bob')).text, 'Bob is not in the game.\nA tall man.');
  assert.equal((await w.command('Alice', 'finger Zed')).text, 'There is no one called "Zed".');
});

test('notify tells you when a friend comes and goes; ; poses without a space', async (t) => {
  const w = await packWorld({ pack, packs: ['rooms'] });
  t.after(() => w.close());
  await w.character('Bob');
  await w.command('Bob', 'north');
  assert.equal((await w.command('Alice', 'notify bob')).text, 'You will be told when Bob enters or leaves the game.');
  await w.setOnline('Bob', false);
  assert.equal(w.seen('Alice').at(-1), 'Your friend Bob has left the game.');
  await w.setOnline('Bob', true);
  assert.equal(w.seen('Alice').at(-1), 'Your friend Bob has entered the game.');
  assert.equal((await w.command('Alice', 'notify')).text, 'You are told when these come and go: Bob.');
  assert.equal((await w.command('Alice', 'notify alice')).text, 'You always know when you come and go.');
  assert.equal((await w.command('Alice', ";'s eyes narrow")).text, "Alice's eyes narrow.");
});
