/**
 * memory, through the pack harness with the village (rooms, creatures' townsfolk,
 * inventory, time, social, combat, relationships): what NPCs witness becomes
 * memories of the four types with the §3.4 weights; clarity follows the §3.2
 * formula over game days (checked against the formula written out here); the
 * 365-day simulation — neutral memories reach half clarity at their half-life
 * and are forgotten, emotional ones outlast them; rehearsal slows decay;
 * corruption on recall keeps the original; sleep consolidation; the bounded
 * stream; gossip carries a memory to a second NPC. Seeded randomness.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { packWorld, type PackWorld } from '../../../sdk/tooling/harness.ts';

const pack = fileURLToPath(new URL('..', import.meta.url));
const OTHERS = ['rooms', 'creatures', 'combat', 'inventory', 'skills', 'character', 'time', 'stamina', 'spatial', 'social', 'relationships'];

interface Memory {
  id: number;
  type: string;
  at: number;
  clarity: number;
  ew: number;
  emotion: string;
  access: number;
  about: string;
  text: string;
  told: string;
  tags: string[];
  corrupted: boolean;
  original?: string;
  source: string;
}

/** §3.2 written out independently of the pack: the reading of decision 0050 / docs/packs/memory.md. */
function clarityAt(initial: number, ew: number, access: number, days: number): number {
  const rate = 0.001 * (1 + (1 - ew));
  const rehearsal = Math.min(access / 20, 0.5);
  return Math.max(0.1, initial * (1 - rate * days * (1 - rehearsal)));
}

async function village(settings: Record<string, unknown> = {}, seed = 1): Promise<PackWorld> {
  const w = await packWorld({ pack, packs: OTHERS, seed, settings: settings as never });
  await w.character('Alice');
  await run(w, 'confirm');
  await run(w, 'confirm');
  return w;
}
const run = async (w: PackWorld, line: string, who = 'Alice'): Promise<string> => (await w.command(who, line, { admin: true })).text;
const npc = (w: PackWorld, name: string): string => [...w.state.withComponent('creatures.body')].find((id) => w.state.get(id, 'name') === name)!;
const memories = (w: PackWorld, id: string): Memory[] => w.get<{ items: Memory[] }>(id, 'memory.stream')?.items ?? [];
/** The clarity @mind shows for the memory whose text contains `text`. */
function shownClarity(mind: string, text: string): number {
  const line = mind.split('\n').find((l) => l.includes(text));
  assert.ok(line, `@mind shows "${text}":\n${mind}`);
  return Number(/clarity ([\d.]+)/.exec(line)![1]);
}
/** @mind shows three decimals: equal to the formula within rounding. */
function near(shown: number, expected: number, what: string): void {
  assert.ok(Math.abs(shown - expected) <= 0.0006, `${what}: shown ${shown}, formula ${expected}`);
}
const said = (w: PackWorld, who: string): string[] => w.seen(who).filter((l) => / says, "/.test(l));

test('a gift is an event for the one who got it and an observation for those who saw it, with the §3.4 weights', async (t) => {
  const w = await village();
  t.after(() => w.close());
  await run(w, 'east');
  await run(w, 'get bread');
  assert.equal(await run(w, 'give 1 bread to marta'), 'You give a loaf of bread to Marta.');
  const marta = memories(w, npc(w, 'Marta'));
  assert.deepEqual(
    marta.map((m) => [m.type, m.text, m.ew, m.emotion]),
    [
      ['relationship', 'I met Alice', 0.5, 'surprise'],
      // 0.3 + (giftValue 5 / wealthLevel 10) × 0.4 = 0.5
      ['event', 'Alice gave me a loaf of bread', 0.5, 'joy'],
    ],
  );
  assert.deepEqual(marta[1]!.tags, ['loaf', 'bread', 'gift', 'alice']);
  const tom = memories(w, npc(w, 'Tom'));
  assert.deepEqual(tom.at(-1)!.type, 'observation');
  assert.equal(tom.at(-1)!.text, 'I saw Alice give Marta a loaf of bread');
  assert.equal(tom.at(-1)!.ew, 0.2);
  // memory.recorded tells part B's mood what happened.
  assert.ok(w.payloads<{ emotion: string }>('memory.recorded').some((p) => p.emotion === 'joy'));
});

test('talk and ask answer from memories and feelings; the NPC speaks through the command path', async (t) => {
  const w = await village();
  t.after(() => w.close());
  await run(w, 'east');
  assert.equal(await run(w, 'talk'), 'Talk to whom? Type: talk <name>');
  assert.equal(await run(w, 'talk bob'), 'There is no one called "bob" here to talk to.');
  assert.equal(await run(w, 'ask marta'), 'Ask whom about what? Type: ask <name> about <topic>');
  await run(w, 'talk marta');
  assert.equal(said(w, 'Alice').at(-1), 'Marta says, "Well met, Alice. I\'m Marta. Quiet day, is it not?"');
  await run(w, 'get bread');
  await run(w, 'give 1 bread to marta');
  await run(w, 'talk marta');
  // +20 affection from the gift (giftValue 200 / 10) and +1 from the talk: "Greetings" (§5.3 20–60).
  assert.equal(said(w, 'Alice').at(-1), 'Marta says, "Greetings, Alice. You gave me a loaf of bread — I remember it clearly. That was kind of you."');
  await run(w, 'ask marta about bread');
  assert.equal(said(w, 'Alice').at(-1), 'Marta says, "Bread? You gave me a loaf of bread — I remember it clearly."');
  await run(w, 'ask tom about alice');
  assert.equal(said(w, 'Alice').at(-1), 'Tom says, "Alice? I saw Alice give Marta a loaf of bread — I remember it clearly."');
  await run(w, 'ask tom about dragons');
  assert.equal(said(w, 'Alice').at(-1), 'Tom says, "Dragons? I know nothing about that."');
  // Recall is rehearsal: two recalls of the gift.
  assert.equal(memories(w, npc(w, 'Marta')).find((m) => m.type === 'event')!.access, 2);
  // Beasts do not talk.
  await run(w, 'down');
  assert.equal(await run(w, 'talk rat'), 'A brown rat does not talk.');
});

test('clarity follows §3.2 over game days; after a week the gift has faded a little, after 365 days neutral talk is forgotten and the gift is not', async (t) => {
  const w = await village();
  t.after(() => w.close());
  await run(w, 'east');
  await run(w, 'get bread');
  await run(w, 'give 1 bread to marta');
  await run(w, 'say the harvest moon is bright');
  const mind0 = await run(w, '@mind marta');
  assert.equal(shownClarity(mind0, 'Alice gave me a loaf of bread'), 1);
  await run(w, '@time advance 7d');
  const week = await run(w, '@mind marta');
  // ew 0.5: rate 0.0015/day → 1 − 0.0105 = 0.9895 after a week.
  near(shownClarity(week, 'Alice gave me a loaf of bread'), clarityAt(1, 0.5, 0, 7), 'a week');
  assert.ok(shownClarity(week, 'Alice gave me a loaf of bread') < 1, 'the memory has faded');
  // Walk the rest of the year in steps; every step matches the formula.
  let day = 7;
  for (const step of [50, 100, 100, 108]) {
    await run(w, `@time advance ${step}d`);
    day += step;
    const mind = await run(w, '@mind marta');
    near(shownClarity(mind, 'Alice gave me a loaf of bread'), clarityAt(1, 0.5, 0, day), `gift at day ${day}`);
    near(shownClarity(mind, 'the harvest moon'), clarityAt(1, 0.2, 0, day), `talk at day ${day}`);
  }
  assert.equal(day, 365);
  const year = await run(w, '@mind marta');
  // The half-life: ew 0.2 decays at 0.0018/day → 0.5 at 278 days; by 365 the talk is below half and forgotten.
  assert.ok(clarityAt(1, 0.2, 0, 277) > 0.5 && clarityAt(1, 0.2, 0, 278) < 0.5 + 1e-9);
  assert.ok(shownClarity(year, 'the harvest moon') < 0.5);
  assert.match(year.split('\n').find((l) => l.includes('the harvest moon'))!, /forgotten/);
  assert.ok(shownClarity(year, 'Alice gave me a loaf of bread') > shownClarity(year, 'the harvest moon'), 'the emotional memory outlasts the neutral one');
  await run(w, 'ask marta about harvest');
  assert.equal(said(w, 'Alice').at(-1), 'Marta says, "Harvest? I know nothing about that."');
  await run(w, 'ask marta about bread');
  assert.match(said(w, 'Alice').at(-1)!, /^Marta says, "Bread\? You gave me a loaf of bread — it's a little hazy now\."$/);
});

test('rehearsal slows decay: a memory recalled twenty times decays half as fast (§3.2 rehearsal bonus)', async (t) => {
  const w = await village({ relationships: { config: {} } });
  t.after(() => w.close());
  await run(w, 'east');
  await run(w, 'get bread');
  await run(w, 'give 1 bread to marta');
  await run(w, 'give 1 bread to tom');
  for (let i = 0; i < 20; i++) await run(w, 'ask marta about bread');
  await run(w, '@time advance 100d');
  const marta = shownClarity(await run(w, '@mind marta'), 'Alice gave me a loaf of bread');
  const tom = shownClarity(await run(w, '@mind tom'), 'Alice gave me a loaf of bread');
  near(tom, clarityAt(1, 0.5, 0, 100), 'not rehearsed');
  // A corrupted recall may shift the weight ±10 %; the rehearsed one is within that of the formula at access 20.
  assert.ok(Math.abs(marta - clarityAt(1, 0.5, 20, 100)) < 0.02, `${marta} ≈ ${clarityAt(1, 0.5, 20, 100)}`);
  assert.ok(marta > tom, 'the rehearsed memory is clearer');
});

test('corruption on recall (0.05 × (1 − clarity), seeded) changes the memory and keeps the original', async (t) => {
  const w = await village({}, 7);
  t.after(() => w.close());
  await run(w, 'east');
  await run(w, 'get bread');
  await run(w, 'give 1 bread to marta');
  // A month at a time, ten recalls each (so rehearsal keeps it from being forgotten) while clarity falls
  // to ~0.55 by day 600: 1–2 % a recall, 400 recalls corrupt it with probability > 99 %.
  for (let month = 0; month < 40 && !memories(w, npc(w, 'Marta')).some((m) => m.corrupted); month++) {
    await run(w, '@time advance 30d');
    for (let i = 0; i < 10; i++) await run(w, 'ask marta about bread');
  }
  const m = memories(w, npc(w, 'Marta')).find((x) => x.corrupted);
  assert.ok(m, 'a recall corrupted the memory');
  assert.equal(m.original, 'Alice gave me a loaf of bread');
  assert.match(await run(w, '@mind marta'), /corrupted \(was "Alice gave me a loaf of bread"\)/);
});

test('the stream is bounded: past maxMemories the lowest-retention memory is forgotten, the gift stays', async (t) => {
  const w = await village({ memory: { config: { maxMemories: 10 } } });
  t.after(() => w.close());
  await run(w, 'east');
  await run(w, 'get bread');
  await run(w, 'give 1 bread to marta');
  for (let i = 0; i < 15; i++) await run(w, `say word number ${i} of fifteen`);
  const items = memories(w, npc(w, 'Marta'));
  assert.equal(items.length, 10);
  assert.ok(items.some((m) => m.text === 'Alice gave me a loaf of bread'));
});

test('a full stream of 8 KiB says stays within the pack: the memory keeps 60 characters and short keywords', async (t) => {
  const w = await village();
  t.after(() => w.close());
  await run(w, 'east');
  const long = 'x'.repeat(8_000);
  // As many says as the stream holds and more: each was once an 8 KiB tag in every memory.
  for (let i = 0; i < 70; i++) assert.doesNotMatch(await run(w, `say ${i} ${long} enough`), /went wrong/);
  const items = memories(w, npc(w, 'Marta'));
  assert.ok(items.length > 0);
  for (const m of items) {
    assert.ok(m.text.length < 100, `kept short: ${m.text.length} characters`);
    for (const tag of m.tags) assert.ok(tag.length <= 24, `tag of ${tag.length} characters`);
    assert.ok(!m.tags.includes('enough'), 'a keyword past the first 240 characters is not read');
  }
});

test('gossip: Marta tells Tom (who was out) what Alice did; Tom remembers it as heard from her; both feel the better for it', async (t) => {
  const w = await village({ memory: { config: { chatEveryMs: 1000, chatChance: 1 } } });
  t.after(() => w.close());
  const tom = npc(w, 'Tom');
  const marta = npc(w, 'Marta');
  const room = (id: string): string => w.state.get(w.state.get(id, 'location') as string, 'rooms.key') as string;
  // Old Tom wanders between the tavern and the square: give Marta the bread while he is out.
  for (let i = 0; i < 200 && room(tom) !== 'square'; i++) await w.tick(10, 100);
  assert.equal(room(tom), 'square');
  await run(w, 'east');
  await run(w, 'get bread');
  await run(w, 'give 1 bread to marta');
  // A game second at a time: ticks for Tom's feet, then the due conversation timers (ticks do not fire timers).
  for (let i = 0; i < 400 && !memories(w, tom).some((m) => m.source === marta); i++) {
    await w.tick(10, 100);
    await w.advance(0);
  }
  const heard = memories(w, tom).find((m) => m.source === marta);
  assert.ok(heard, 'Tom heard it from Marta');
  assert.equal(heard.text, 'Marta told me that Alice gave Marta a loaf of bread');
  assert.equal(heard.type, 'conversation');
  assert.ok(heard.tags.includes('gossip'));
  assert.equal(heard.ew, 0.4, "second-hand news weighs 0.8 of the teller's 0.5");
  assert.ok(said(w, 'Alice').some((l) => l.startsWith('Marta says, "Tom. Did you hear? Alice gave Marta a loaf of bread."')));
  assert.ok(said(w, 'Alice').includes('Tom says, "That sounds wonderful!"'));
  const conv = w.payloads<{ a: string; b: string; outcome: string }>('memory.conversed');
  assert.equal(conv.length, 1, 'one conversation about it: nothing new to tell, and a cooldown');
  assert.equal(conv[0]?.outcome, 'neutral');
  // §5.3 neutral outcome: affection +1 both ways.
  assert.equal(w.get<Record<string, { affection: number }>>(tom, 'relationships.bonds')![marta]!.affection, 1);
  assert.equal(w.get<Record<string, { affection: number }>>(marta, 'relationships.bonds')![tom]!.affection, 1);
  if (room(tom) !== 'tavern') await run(w, 'west');
  await run(w, 'ask tom about alice');
  assert.equal(said(w, 'Alice').at(-1), 'Tom says, "Alice? Marta told me that Alice gave Marta a loaf of bread — if I remember right."', "heard news starts at 0.9 of the teller's clarity");
});

test('an attack is a fearful event for the one struck (§3.4 0.7 + damage/maxHP × 0.3); at night emotional memories of the past day are consolidated', async (t) => {
  const w = await village();
  t.after(() => w.close());
  const wren = npc(w, 'Wren');
  await run(w, 'say fine morning');
  await run(w, 'attack wren');
  for (let i = 0; i < 40 && !memories(w, wren).some((m) => m.text === 'Alice attacked me'); i++) await w.tick(5, 100);
  await run(w, 'flee');
  const struck = memories(w, wren).find((m) => m.text === 'Alice attacked me');
  assert.ok(struck, 'Wren remembers the attack');
  assert.equal(struck.type, 'event');
  assert.equal(struck.emotion, 'fear');
  assert.ok(struck.ew >= 0.7 && struck.ew <= 1);
  // The blows of one fight are one memory.
  assert.equal(memories(w, wren).filter((m) => m.tags.includes('combat')).length, 1);
  await run(w, '@time set 23:00');
  const after = memories(w, wren);
  assert.ok(after.find((m) => m.text === 'Alice attacked me')!.tags.includes('consolidated'));
  assert.equal(after.find((m) => m.text === 'Alice attacked me')!.clarity, 1, 'clarity + 0.1 × weight, capped at 1');
  assert.ok(!after.find((m) => m.text.includes('fine morning'))!.tags.includes('consolidated'), 'neutral talk is not consolidated');
});
