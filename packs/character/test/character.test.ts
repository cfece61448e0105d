/**
 * character, through the pack harness (`myriad pack test packs/character`), with
 * rooms to stand in: the draft a new character gets, genetic variance (seeded,
 * within ±5), species templates, point-buy tier costs and caps, confirm, the
 * events, derived values, @attr, the inhabit hook.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { packWorld, type PackWorld } from '../../../sdk/tooling/harness.ts';

const pack = fileURLToPath(new URL('..', import.meta.url));

const ATTRS = ['might', 'agility', 'endurance', 'reflexes', 'vitality', 'intellect', 'cunning', 'willpower', 'presence', 'intuition', 'sight', 'hearing', 'smell', 'taste', 'touch'] as const;
type Attrs = Record<(typeof ATTRS)[number], number>;
interface Profile {
  species: string;
  complete: boolean;
  variance: Attrs;
  bought: Attrs;
}

async function world(seed = 1): Promise<PackWorld> {
  return packWorld({ pack, packs: ['rooms'], seed });
}

/** Run a command and return what the actor saw. */
async function run(w: PackWorld, who: string, line: string, admin = false): Promise<string> {
  return (await w.command(who, line, { admin })).text;
}

/** Everything a character was shown, one line per entry. */
function lines(w: PackWorld, who: string): string[] {
  return w.seen(who).join('\n').split('\n');
}

function derived(a: Attrs): Record<string, number> {
  return {
    hp: a.vitality * 10,
    stamina: a.endurance * 7 + a.might * 3,
    focus: a.intellect * 6 + a.willpower * 4,
    mana: a.intuition * 6 + a.willpower * 4,
    nerve: a.willpower * 5 + a.presence * 3 + a.reflexes * 2,
  };
}

test('a new character is a Human draft with seeded variance of ±5, and is shown the steps to take', async (t) => {
  const w = await world();
  t.after(() => w.close());
  const id = await w.character('Alice');
  const p = w.get<Profile>(id, 'character.profile')!;
  const a = w.get<Attrs>(id, 'character.attributes')!;
  assert.equal(p.species, 'human');
  assert.equal(p.complete, false);
  for (const k of ATTRS) {
    assert.ok(p.variance[k] >= -5 && p.variance[k] <= 5, `${k} variance ${p.variance[k]}`);
    assert.equal(a[k], 50 + p.variance[k]);
  }
  assert.ok(
    ATTRS.some((k) => p.variance[k] !== 0),
    'variance was rolled',
  );
  assert.deepEqual(w.get(id, 'character.derived'), derived(a));
  const help = await run(w, 'Alice', 'help');
  for (const verb of ['species', 'raise', 'lower', 'confirm', 'sheet']) assert.match(help, new RegExp(`^ {2}${verb} `, 'm'), `${verb} is listed while creating`);
  assert.doesNotMatch(await run(w, 'Alice', 'help raise'), /Not available/);
  const shown = lines(w, 'Alice');
  // (In a server the steps come after the room: character is last in the default pack order. Here the pack under test loads first.)
  assert.ok(
    shown.some((l) => l.startsWith('Welcome, Alice! Before you set out')),
    'the steps are shown on entering the game',
  );
  assert.ok(shown.some((l) => /^ {2}raise <attribute> <n> +spend your 100 points/.test(l)));

  // The same seed gives the same genes; another seed does not.
  const again = await world();
  t.after(() => again.close());
  const id2 = await again.character('Alice');
  assert.deepEqual(again.get<Profile>(id2, 'character.profile')!.variance, p.variance);
  const other = await world(99);
  t.after(() => other.close());
  const id3 = await other.character('Alice');
  assert.notDeepEqual(other.get<Profile>(id3, 'character.profile')!.variance, p.variance);
});

test('species, point-buy tiers and caps, confirm', async (t) => {
  const w = await world();
  t.after(() => w.close());
  const id = await w.character('Alice');
  const variance = w.get<Profile>(id, 'character.profile')!.variance;

  const list = await run(w, 'Alice', 'species');
  assert.match(list, /Human +Balanced and adaptable/);
  assert.match(list, /Dwarf .*Might \+10, Agility −10, Endurance \+15, Hearing \+15\)/);
  assert.match(list, /Elf .*Might −10, Agility \+15, Intuition \+10, Sight \+20\)/);
  assert.match(await run(w, 'Alice', 'species orc'), /There is no such people here\. Choose one of: human, dwarf, elf\./);
  assert.match(await run(w, 'Alice', 'species elven'), /You are now an Elf/);
  let a = w.get<Attrs>(id, 'character.attributes')!;
  assert.equal(a.agility, 65 + variance.agility);
  assert.equal(a.might, 40 + variance.might);
  assert.equal(a.sight, 70 + variance.sight);

  // Tier costs: +1..+10 cost 1 each, +11..+20 2 each, +21..+30 3 each.
  assert.match(await run(w, 'Alice', 'raise might 12'), /Might rises to \d+ \(\+12\)\. 86 points left\./);
  const out = await run(w, 'Alice', 'raise might 30');
  assert.match(out, /\(\+18\)\. 40 points left\. \(12 more would not fit/);
  assert.match(await run(w, 'Alice', 'raise might'), /as high as point-buy can take it \(\+30 above your baseline/);
  assert.match(await run(w, 'Alice', 'lower might 5'), /55 points left\./);
  assert.match(await run(w, 'Alice', 'raise in 1'), /"in" could be intellect, intuition\. Which one\?/);
  assert.match(await run(w, 'Alice', 'raise wisdom'), /There is no attribute "wisdom"/);
  assert.match(await run(w, 'Alice', 'lower sight'), /at its baseline; you can only lower what you bought/);
  // Sight starts near 70: point-buy stops at 100 even below +30.
  await run(w, 'Alice', 'raise sight 30');
  a = w.get<Attrs>(id, 'character.attributes')!;
  assert.equal(a.sight, Math.min(100, 70 + variance.sight + 30));
  assert.equal(a.might, 40 + variance.might + 25);
  // Spend the rest, then run dry.
  await run(w, 'Alice', 'raise cunning 30');
  const broke = await run(w, 'Alice', 'raise touch');
  assert.match(broke, /You have \d+ points left; the next point of Touch costs|Touch rises/);

  const sheet = await run(w, 'Alice', 'score');
  assert.match(sheet, /^Alice — Elf \(unfinished: \d+ of 100 points to spend\)\.$/m);
  assert.match(sheet, /^Physical {14}Mental {16}Sensory$/m);
  assert.match(sheet, /^ {2}Might +\d+ \+25 +Intellect +\d+ +Sight +\d+ \+\d+$/m);
  assert.match(sheet, /^Derived {2}HP \d+, Stamina \d+, Focus \d+, Mana \d+, Nerve \d+$/m);
  assert.match(sheet, /^Next: raise <attribute> <n> \(1 point each up to \+10, 2 up to \+20, 3 up to \+30\)/m);

  // Confirm: with points left it asks again; then the character is complete.
  const first = await run(w, 'Alice', 'confirm');
  if (/still have/.test(first)) {
    assert.match(first, /Type confirm again to finish anyway/);
    assert.equal(w.payloads('character.created').length, 0);
    assert.match(await run(w, 'Alice', 'confirm'), /Your character is complete\. Welcome to the world, Alice the Elf\./);
  }
  const created = w.payloads<{ via: string; species: string; attributes: Attrs; variance: Attrs; pointBuy: Attrs; pointsSpent: number }>('character.created');
  assert.equal(created.length, 1);
  assert.equal(created[0]!.via, 'generation');
  assert.equal(created[0]!.species, 'elf');
  assert.deepEqual(created[0]!.attributes, w.get(id, 'character.attributes'));
  assert.deepEqual(created[0]!.variance, variance);
  assert.equal(created[0]!.pointBuy.might, 25);
  assert.ok(created[0]!.pointsSpent <= 100);
  assert.match(await run(w, 'Alice', 'sheet'), /^Alice — Elf\.$/m);
  assert.match(await run(w, 'Alice', 'raise might'), /Your character is complete/);
  assert.match(await run(w, 'Alice', 'species dwarf'), /Your character is complete/);
  // help lists only what works for her now: creation's commands are gone, sheet stays.
  const help = await run(w, 'Alice', 'help');
  assert.match(help, /^ {2}sheet /m);
  for (const verb of ['species', 'raise', 'lower', 'confirm', 'inhabit', '@attr']) assert.doesNotMatch(help, new RegExp(`^ {2}${verb} `, 'm'), `${verb} is not listed after creation`);
  assert.match(await run(w, 'Alice', 'help raise'), /raise <attribute> \[amount\]\nSpend creation points on an attribute\.\nNot available to you now: Your character is complete;/);
  assert.match(await run(w, 'Alice', 'help @attr'), /^No help for "@attr"/, 'admin commands stay unnamed to players');
  assert.doesNotMatch(lines(w, 'Alice').join('\n'), /undefined|null/);
});

test('@attr changes a finished character, rewrites the derived values and emits attribute_changed', async (t) => {
  const w = await world();
  t.after(() => w.close());
  await w.character('Ada'); // Ada runs @attr below (as an admin)
  const bob = await w.character('Bob');
  assert.match(await run(w, 'Ada', '@attr Bob might 60', true), /Bob has not finished creating their character yet\./);
  await run(w, 'Bob', 'confirm');
  await run(w, 'Bob', 'confirm');
  assert.match(await run(w, 'Ada', '@attr Bob might 60 trained at the forge', true), /Bob's Might: \d+ → 60 \(trained at the forge\)\./);
  assert.ok(lines(w, 'Bob').some((l) => /^Your Might is now 60 \(it was \d+\)\.$/.test(l)));
  const a = w.get<Attrs>(bob, 'character.attributes')!;
  assert.equal(a.might, 60);
  assert.deepEqual(w.get(bob, 'character.derived'), derived(a));
  const changed = w.payloads('character.attribute_changed');
  assert.deepEqual(
    changed.map((c) => [c['attribute'], c['new'], c['reason']]),
    [['might', 60, 'trained at the forge']],
  );
  assert.match(await run(w, 'Ada', '@attr Bob might 101', true), /Attributes run from 1 to 100/);
  assert.match(await run(w, 'Ada', '@attr Nobody might 5', true), /No one called "Nobody" is online/);
  assert.match(await run(w, 'Bob', '@attr might 99'), /Only admins/);
});

test('inhabit announces the wish for an NPC pack to answer', async (t) => {
  const w = await world();
  t.after(() => w.close());
  const id = await w.character('Alice');
  assert.match(await run(w, 'Alice', 'inhabit miller'), /No one in this world can be inhabited yet/);
  assert.deepEqual(w.payloads('character.inhabit_requested'), [{ id, filter: 'miller' }]);
});
