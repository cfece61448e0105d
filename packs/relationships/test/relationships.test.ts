/**
 * relationships, through the pack harness with the village: the §3.3 action
 * modifiers (gift, violence to the one struck, threat to those watching, once
 * per fight), decay without interaction (0.5 per 30 idle days, fear kept),
 * the behavioural baseline after 20 interactions and drift reactions, and the
 * NPC greeting someone it likes (speaking of the gift) and leaving when
 * someone it fears walks in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { packWorld, type PackWorld } from '../../../sdk/tooling/harness.ts';

const pack = fileURLToPath(new URL('..', import.meta.url));
const OTHERS = ['rooms', 'creatures', 'combat', 'inventory', 'skills', 'character', 'time', 'stamina', 'spatial', 'social', 'memory'];

interface Bond {
  name: string;
  affection: number;
  trust: number;
  fear: number;
  n: number;
  drift: string;
  base?: Record<string, number>;
  recent: Array<{ action: string }>;
}

async function village(): Promise<PackWorld> {
  const w = await packWorld({ pack, packs: OTHERS });
  await w.character('Alice');
  await run(w, 'confirm');
  await run(w, 'confirm');
  return w;
}
const run = async (w: PackWorld, line: string): Promise<string> => (await w.command('Alice', line, { admin: true })).text;
const npc = (w: PackWorld, name: string): string => [...w.state.withComponent('creatures.body')].find((id) => w.state.get(id, 'name') === name)!;
const bond = (w: PackWorld, of: string): Bond => w.get<Record<string, Bond>>(npc(w, of), 'relationships.bonds')![w.idOf('Alice')]!;
/** Flee until out of the fight (a flee can fail; combat rounds run on ticks). */
async function escapeFight(w: PackWorld): Promise<void> {
  for (let i = 0; i < 30 && w.get(w.idOf('Alice'), 'combat.state') !== undefined; i++) {
    await run(w, 'flee');
    await w.tick(20, 100);
  }
  assert.equal(w.get(w.idOf('Alice'), 'combat.state'), undefined, 'out of the fight');
}
/** Back to the square from wherever fleeing led (one step away). */
async function toSquare(w: PackWorld): Promise<void> {
  const back: Record<string, string> = { riverbank: 'north', tavern: 'west', road: 'south', square: 'look' };
  await run(w, back[room(w, w.idOf('Alice'))]!);
  assert.equal(room(w, w.idOf('Alice')), 'square');
}
const room = (w: PackWorld, id: string): string => w.state.get(w.state.get(id, 'location') as string, 'rooms.key') as string;

test('a gift: affection + giftValue/10, trust + 5 (§3.3); the next visit she greets Alice by name and speaks of it', async (t) => {
  const w = await village();
  t.after(() => w.close());
  await run(w, 'east');
  await run(w, 'get bread');
  await run(w, 'give 1 bread to marta');
  assert.deepEqual([bond(w, 'Marta').affection, bond(w, 'Marta').trust, bond(w, 'Marta').fear], [20, 5, 0]);
  assert.deepEqual(
    bond(w, 'Marta').recent.map((r) => r.action),
    ['gift'],
  );
  await run(w, 'west');
  await run(w, 'east');
  assert.ok(w.seen('Alice').includes('Marta says, "Greetings, Alice! You gave me a loaf of bread — thank you again."'));
  // Once a game hour: walking in again at once is not greeted twice.
  const before = w.seen('Alice').filter((l) => l.startsWith('Marta says, "Greetings')).length;
  await run(w, 'west');
  await run(w, 'east');
  assert.equal(w.seen('Alice').filter((l) => l.startsWith('Marta says, "Greetings')).length, before);
});

test('violence: −40 affection, −20 trust, +30 fear once per fight; she leaves when Alice walks in', async (t) => {
  const w = await village();
  t.after(() => w.close());
  const wren = npc(w, 'Wren');
  await run(w, 'attack wren');
  for (let i = 0; i < 40 && (w.get<Record<string, Bond>>(wren, 'relationships.bonds')?.[w.idOf('Alice')]?.n ?? 0) < 3; i++) await w.tick(5, 100);
  await escapeFight(w);
  const b = bond(w, 'Wren');
  assert.ok(b.n >= 2, 'several blows recorded');
  assert.deepEqual([b.affection, b.trust, b.fear], [-40, -20, 30]);
  assert.ok(b.recent.every((r) => r.action === 'violence'));
  // The dog saw it: a threat (−15, −10, +20), once.
  const dog = w.get<Record<string, Bond>>(npc(w, 'a stray dog'), 'relationships.bonds')?.[w.idOf('Alice')];
  if (dog) assert.deepEqual([dog.affection, dog.trust, dog.fear], [-15, -10, 20]);
  // Fear 30 is avoidAt: one act of violence is enough.
  // Out of the square (fleeing may already have taken her out), wait for the fight to end, and walk back in.
  if (room(w, w.idOf('Alice')) === 'square') await run(w, 'south');
  await w.tick(50, 100);
  assert.equal(room(w, wren), 'square', 'Wren is at her barrow');
  await toSquare(w);
  await w.tick(10, 100);
  assert.ok(
    w.seen('Alice').some((l) => l === 'Wren flinches at the sight of Alice.'),
    'Wren flinches',
  );
  assert.notEqual(room(w, wren), 'square', 'Wren left the square');
});

test('decay: 0.5 affection and trust per 30 days without interaction after the first 30; fear stays', async (t) => {
  const w = await village();
  t.after(() => w.close());
  await run(w, 'east');
  await run(w, 'get bread');
  await run(w, 'give 1 bread to marta');
  await run(w, '@time advance 30d');
  assert.equal(bond(w, 'Marta').affection, 20, 'the first 30 idle days cost nothing');
  await run(w, '@time advance 60d');
  assert.ok(Math.abs(bond(w, 'Marta').affection - 19) < 1e-6, `20 − 0.5 × 2 = 19, got ${bond(w, 'Marta').affection}`);
  assert.ok(Math.abs(bond(w, 'Marta').trust - 4) < 1e-6);
  await run(w, '@time advance 3000d');
  assert.equal(bond(w, 'Marta').affection, 0, 'decays to neutral, not past it');
});

test('baseline after 20 interactions; acting unlike herself, Alice is noticed (§3.3 drift levels and reactions)', async (t) => {
  const w = await village();
  t.after(() => w.close());
  await run(w, 'east');
  for (let i = 0; i < 20; i++) await run(w, `say chat ${i}`);
  const b = bond(w, 'Marta');
  assert.equal(b.n, 20);
  assert.equal(b.base!['generosity'], 0);
  assert.equal(b.base!['sociability'], 1);
  // Now generous: 6 of the last 20 are gifts → generosity drift 0.3: subtle.
  await run(w, 'get all');
  const gifts = ['bread', 'bread', 'bread', 'cider', 'cider', 'cap', 'antidote', 'antidote', 'antidote', 'bandage'];
  for (const [i, g] of gifts.entries()) {
    await run(w, `give 1 ${g} to marta`);
    if (i === 5) {
      assert.equal(bond(w, 'Marta').drift, 'subtle');
      assert.ok(w.seen('Alice').includes('Marta says, "Alice... You seem different lately."'));
    }
  }
  assert.equal(bond(w, 'Marta').drift, 'moderate');
  assert.ok(w.seen('Alice').includes('Marta says, "Alice... That\'s not like you. What\'s going on?"'));
  const drifted = w.payloads<{ level: string; better: boolean }>('relationships.drifted');
  assert.deepEqual(
    drifted.map((d) => [d.level, d.better]),
    [
      ['subtle', true],
      ['moderate', true],
    ],
  );
  // The memory pack remembers the change.
  const stream = w.get<{ items: Array<{ text: string; tags: string[]; ew: number }> }>(npc(w, 'Marta'), 'memory.stream')!.items;
  assert.ok(stream.some((m) => m.tags.includes('personality_change') && m.ew === 0.7 && m.text === 'Alice has changed'));
});
