/**
 * comms through the pack harness, with rooms to stand in: tells reach anyone
 * anywhere (and wait on the stream of someone away), reply, whisper, shout,
 * channels with history, ignore, flood and length limits, @mail.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { packWorld } from '../../../sdk/tooling/harness.ts';

const pack = fileURLToPath(new URL('..', import.meta.url));

async function world(t: { after(fn: () => unknown): void }, settings = {}) {
  const w = await packWorld({ pack, packs: ['rooms', 'social'], settings });
  t.after(() => w.close());
  await w.character('Alice');
  await w.character('Bob');
  return w;
}

test('tell reaches another room; reply answers; page with = works', async (t) => {
  const w = await world(t);
  await w.command('Bob', 'north');
  const out = await w.command('Alice', 'tell bob Meet me at the well.');
  assert.equal(out.text, 'You tell Bob, "Meet me at the well."');
  assert.match(w.seen('Bob').at(-1)!, /^Alice tells you, "Meet me at the well\."$/);
  assert.deepEqual(w.payloads('comms.tell'), [{ from: w.idOf('Alice'), to: w.idOf('Bob'), text: 'Meet me at the well.', pose: false }]);
  assert.equal(out.events.find((e) => e.type === 'comms.tell')?.stream, `char:${w.idOf('Bob')}`);
  assert.equal((await w.command('Bob', 'r On my way.')).text, 'You tell Alice, "On my way."');
  assert.equal(w.seen('Alice').at(-1), 'Bob tells you, "On my way."');
  assert.equal((await w.command('Alice', 'page Bob = :waves.')).text, 'Long distance to Bob: Alice waves.');
  assert.equal(w.seen('Bob').at(-1), 'From afar, Alice waves.');
  await w.command('Bob', 'afk fishing');
  assert.equal((await w.command('Alice', 'tell Bob hi')).text, 'You tell Bob, "hi"\nBob is away from the keyboard: fishing');
});

test('tell to someone away is recorded on their stream and says so; bad tells are refused clearly', async (t) => {
  const w = await world(t);
  await w.setOnline('Bob', false);
  const out = await w.command('Alice', 'tell Bob see you tomorrow');
  assert.equal(out.text, 'You tell Bob, "see you tomorrow"\nBob is away; they will read it when they return.');
  assert.equal(
    out.events
      .find((e) => e.type === 'comms.tell')
      ?.display?.others?.spans.map((s) => s.text)
      .join(''),
    'Alice tells you, "see you tomorrow"',
  );
  assert.equal((await w.command('Alice', 'tell Zed hello')).text, 'There is no one called "Zed".');
  assert.equal((await w.command('Alice', 'tell alice hello')).text, "You can't send a tell to yourself.");
  assert.equal((await w.command('Alice', 'tell Bob')).text, 'Tell Bob what?');
  assert.equal((await w.command('Alice', 'tell')).text, 'Tell whom? Type: tell <name> <text>');
  assert.equal((await w.command('Carol', 'reply hi')).text, 'Nobody has sent you a tell to reply to.');
});

test('whisper: the target hears it, the room only notices; not across rooms', async (t) => {
  const w = await world(t);
  await w.character('Carol');
  const out = await w.command('Alice', 'whisper Bob = the key is under the mat');
  assert.equal(out.text, 'You whisper to Bob, "the key is under the mat"');
  assert.equal(w.seen('Bob').at(-1), 'Alice whispers to you, "the key is under the mat"');
  assert.equal(w.seen('Carol').at(-1), 'Alice whispers something to Bob.');
  await w.command('Carol', 'north');
  assert.equal((await w.command('Alice', 'whisper Carol = psst')).text, 'Carol is not here to whisper to.');
});

test('shout reaches the area, not the actor twice', async (t) => {
  const w = await world(t);
  await w.command('Bob', 'north');
  const out = await w.command('Alice', 'shout Fire at the mill!');
  assert.equal(out.text, 'You shout, "Fire at the mill!"');
  assert.equal(w.seen('Bob').at(-1), 'Alice shouts, "Fire at the mill!"');
});

test('channels: default membership, talk, leave, join, mute, who, history, GMCP', async (t) => {
  const w = await world(t);
  const out = await w.command('Alice', 'ooc anyone around?');
  assert.equal(out.text, '[ooc] Alice: anyone around?');
  assert.equal(w.seen('Bob').at(-1), '[ooc] Alice: anyone around?');
  assert.deepEqual(out.messages[0]?.data, { package: 'Comm.Channel.Text', value: { channel: 'ooc', talker: 'Alice', text: '[ooc] Alice: anyone around?' } });
  assert.equal((await w.command('Bob', '=public Hail!')).text, '[public] Bob: Hail!');
  assert.equal((await w.command('Bob', 'channel leave ooc')).text, 'You leave ooc.');
  const before = w.seen('Bob').length;
  await w.command('Alice', 'ooc still there?');
  assert.equal(w.seen('Bob').length, before);
  assert.equal((await w.command('Bob', 'ooc hi')).text, 'You are not on ooc; type "channel join ooc" first.');
  assert.equal((await w.command('Bob', 'channel join ooc')).text, 'You join ooc. Talk there with =ooc <text>.');
  await w.command('Bob', 'channel mute public');
  assert.equal((await w.command('Alice', 'channel who public')).text, 'On public now: Alice, Bob (muted).');
  const channels = await w.command('Bob', 'channels');
  assert.match(channels.text, /public +muted +In-character talk/);
  assert.equal(channels.messages[0]?.data?.package, 'Comm.Channel.List');
  const hist = await w.command('Bob', 'channel history ooc 2');
  assert.match(hist.text, /^Recent on ooc:\n {2}\(0s ago\) Alice: anyone around\?\n {2}\(0s ago\) Alice: still there\?$/);
  assert.equal((await w.command('Bob', 'channel history ooc 1')).text.split('\n').length, 2);
});

test('channel refusals: unknown, escape sequences, too long, flood', async (t) => {
  const w = await world(t);
  assert.equal((await w.command('Alice', '=nope hi')).text, 'There is no channel called "nope". Type "channels" for the list.');
  assert.equal((await w.command('Alice', 'channel join \u001b[31mred')).text, 'Channel names are at most 20 letters, digits and dashes. Type "channels" for the list.');
  const long = await w.command('Alice', `ooc ${'x'.repeat(10_240)}`);
  assert.equal(long.text, 'That is too long to send (10240 characters; at most 1000).');
  assert.deepEqual(long.events, []);
  for (let i = 0; i < 5; i++) assert.match((await w.command('Alice', `ooc ${i}`)).text, /^\[ooc\] Alice/);
  assert.equal((await w.command('Alice', 'ooc six')).text, 'You are sending too fast; wait 10 seconds.');
  await w.advance(10_000);
  assert.equal((await w.command('Alice', 'ooc six')).text, '[ooc] Alice: six');
});

test('operator-defined channels replace the defaults', async (t) => {
  const w = await world(t, { comms: { config: { channels: [{ name: 'guild', description: 'Guild talk.' }] } } });
  assert.equal((await w.command('Alice', 'ooc hi')).text, 'There is no channel called "ooc". Type "channels" for the list.');
  assert.equal((await w.command('Alice', '=guild hi')).text, 'You are not on guild; type "channel join guild" first.');
  await w.command('Alice', 'channel join guild');
  assert.equal((await w.command('Alice', '=guild hi')).text, '[guild] Alice: hi');
});

test('ignore stops tells and channel lines from that person, and toggles', async (t) => {
  const w = await world(t);
  assert.equal((await w.command('Bob', 'ignore alice')).text, 'You ignore Alice: no more tells, whispers, channel lines or mail from them.');
  assert.equal((await w.command('Alice', 'tell Bob hi')).text, 'Bob is not accepting your messages.');
  const before = w.seen('Bob').length;
  await w.command('Alice', 'ooc hello all');
  assert.equal(w.seen('Bob').length, before);
  assert.equal((await w.command('Bob', 'ignore')).text, 'You are ignoring: Alice.');
  assert.equal((await w.command('Bob', 'ignore Alice')).text, 'You stop ignoring Alice.');
  assert.equal((await w.command('Alice', 'tell Bob hi')).text, 'You tell Bob, "hi"');
});

test('@mail: send, list, read, delete; the reader is told', async (t) => {
  const w = await world(t);
  await w.setOnline('Bob', false);
  const sent = await w.command('Alice', '@mail Bob = Supper / Come to the tavern at dusk.');
  assert.equal(sent.text, 'You send a letter to Bob: Supper');
  assert.equal(sent.events.find((e) => e.type === 'comms.mail')?.stream, `char:${w.idOf('Bob')}`);
  await w.setOnline('Bob', true);
  assert.match((await w.command('Bob', '@mail')).text, /^Your mail \(@mail read <n>, @mail delete <n>\):\n \*1\. Alice: Supper \(0s ago\)$/);
  assert.equal((await w.command('Bob', '@mail read 1')).text, 'Letter 1 from Alice: Supper\nCome to the tavern at dusk.');
  assert.match((await w.command('Bob', 'mail')).text, /\n {2}1\. Alice: Supper/);
  assert.equal((await w.command('Bob', '@mail read 2')).text, 'There is no letter 2; you have 1.');
  assert.equal((await w.command('Bob', '@mail delete 1')).text, 'Letter 1 deleted.');
  assert.match((await w.command('Bob', '@mail')).text, /^Your mailbox is empty/);
  assert.equal((await w.command('Bob', '@mail Nobody = hi')).text, 'There is no one called "Nobody".');
});

test('groups: invite, accept, list, talk, leave; the leader leaving disbands it', async (t) => {
  const w = await world(t);
  await w.character('Carol');
  assert.equal((await w.command('Bob', 'group accept')).text, 'Nobody has invited you to a group.');
  assert.equal((await w.command('Alice', 'group invite bob')).text, 'You invite Bob to your group.');
  assert.equal(w.seen('Bob').at(-1), 'Alice invites you to their group. Type group accept or group decline.');
  assert.equal((await w.command('Bob', 'group accept')).text, "You join Alice's group. Talk to it with: gt <text>");
  assert.equal(w.seen('Alice').at(-1), 'Bob joins the group.');
  assert.equal((await w.command('Bob', 'group invite carol')).text, 'Only the leader, Alice, can invite people to the group.');
  await w.command('Alice', 'group invite carol');
  await w.command('Carol', 'group accept');
  assert.equal((await w.command('Carol', 'group list')).text, 'Your group (3), led by Alice: Alice, Bob, Carol.');
  assert.equal((await w.command('Carol', 'gt to the tower')).text, '[group] Carol: to the tower');
  assert.equal(w.seen('Bob').at(-1), '[group] Carol: to the tower');
  assert.equal((await w.command('Carol', 'group leave')).text, 'You leave the group.');
  assert.equal(w.seen('Alice').at(-1), 'Carol leaves the group.');
  assert.equal((await w.command('Alice', 'group leave')).text, 'You leave the group; it disbands.');
  assert.equal(w.seen('Bob').at(-1), 'The group disbands.');
  assert.equal((await w.command('Bob', 'gt hello?')).text, 'You are not in a group. Start one with: group invite <name>');
  assert.equal(w.get(w.idOf('Bob'), 'comms.group'), undefined);
});
