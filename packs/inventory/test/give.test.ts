/**
 * give, through the pack harness: the item moves to the receiver, the three
 * people involved each see their line, and a gift the receiver cannot carry
 * is refused with the weights, changing nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { packWorld } from '../../../sdk/tooling/harness.ts';

const pack = fileURLToPath(new URL('..', import.meta.url));

test('give moves the item, tells giver, receiver and room; refuses over the carry limit', async (t) => {
  // Might 50 × 0.032 kg = 1.6 kg each: the 1.5 kg sword fits alone, not with a whetstone.
  const w = await packWorld({ pack, packs: ['rooms'], settings: { inventory: { config: { carryKgPerMight: 0.032 } } } });
  t.after(() => w.close());
  await w.character('Alice');
  await w.character('Bob');
  await w.character('Carol');
  await w.command('Alice', 'get sword');
  await w.command('Bob', 'get whetstone');
  const refused = await w.command('Alice', 'give sword to bob');
  assert.equal(refused.text, "Bob can't carry a wooden practice sword: it weighs 1.5 kg and they already carry 0.3 kg of their 1.6 kg.");
  assert.deepEqual(refused.events, []);
  await w.command('Bob', 'drop whetstone');
  const out = await w.command('Alice', 'give sword to Bob');
  assert.equal(out.text, 'You give a wooden practice sword to Bob.');
  assert.equal(w.seen('Bob').at(-1), 'Alice gives you a wooden practice sword.');
  assert.equal(w.seen('Carol').at(-1), 'Alice gives a wooden practice sword to Bob.');
  const sword = w.payloads<{ item: string }>('inventory.given')[0]!.item;
  assert.equal(w.get(sword, 'location'), w.idOf('Bob'));
  assert.equal((await w.command('Alice', 'give sword to Bob')).text, 'You aren\'t carrying anything called "sword".');
  assert.equal((await w.command('Alice', 'give whetstone to Zed')).text, 'There is no one called "Zed" here.');
  assert.equal((await w.command('Alice', 'give whetstone')).text, 'Give what to whom? Type: give <item> to <name>');
  assert.equal((await w.command('Alice', 'give whetstone to me')).text, 'You already have it.');
  assert.equal((await w.command('Bob', 'wield sword')).text, 'You wield a wooden practice sword in your main hand.');
  assert.equal((await w.command('Bob', 'give sword to alice')).text, 'You wield a wooden practice sword; unequip it first.');
});

test('give <n> <item> splits a stack', async (t) => {
  const w = await packWorld({ pack, packs: ['rooms'] });
  t.after(() => w.close());
  await w.character('Alice');
  await w.character('Bob');
  await w.command('Alice', 'east');
  await w.command('Bob', 'east');
  assert.match((await w.command('Alice', 'get bread')).text, /^You pick up a loaf of bread \(x\d+\)\.$/);
  assert.equal((await w.command('Alice', 'give 2 bread to bob')).text, 'You give a loaf of bread (x2) to Bob.');
  assert.match((await w.command('Bob', 'inventory')).text, /a loaf of bread \(x2\)/);
  assert.equal((await w.command('Alice', 'give 99 bread to bob')).text.startsWith('You have only'), true);
});
