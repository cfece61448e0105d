/**
 * lives in the pack harness with rooms, inventory, economy, time, character and
 * social: the townsfolk seeded with genes, personality, needs and appearance;
 * `look <npc>` showing the generated text; a hungry NPC walking to the market,
 * buying bread and eating it through the command path; and the rules
 * reference's simulation checks (Mendelian ratios over five generations,
 * archetype choice rates, need growth), seeded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { packWorld, type PackWorld } from '../../../sdk/tooling/harness.ts';

const pack = fileURLToPath(new URL('..', import.meta.url));
const OTHERS = ['rooms', 'inventory', 'skills', 'economy', 'time', 'character', 'social'];

const named = (w: PackWorld, name: string): string => [...w.state.withComponent('lives.genome')].find((id) => w.state.get(id, 'name') === name)!;
const roomKey = (w: PackWorld, id: string): string => w.state.get(w.state.get(id, 'location') as string, 'rooms.key') as string;
const sim = async (w: PackWorld, line: string): Promise<string> => (await w.command('Admin', `@lives sim ${line}`, { admin: true })).text;
const counts = (text: string): Record<string, number> => Object.fromEntries([...text.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1]!, Number(m[2])]));

test('the townsfolk are seeded with genes, personality, needs and an appearance', async (t) => {
  const w = await packWorld({ pack, packs: OTHERS });
  t.after(() => w.close());
  const tamsin = named(w, 'Tamsin the barmaid');
  assert.equal(w.state.get(tamsin, 'kind'), 'npc');
  assert.equal(roomKey(w, tamsin), 'tavern');
  const g = w.get<{ species: string; genes: Record<string, string> }>(tamsin, 'lives.genome')!;
  assert.equal(g.species, 'human');
  assert.equal(g.genes.extraversion, 'DD'); // from world.json
  assert.equal(Object.keys(g.genes).length, 30);
  const p = w.get<{ extraversion: number; archetype: string }>(tamsin, 'lives.personality')!;
  // EE: genetic 70–90, experience 50 + 10 (social success): 65–75.
  assert.ok(p.extraversion >= 65 && p.extraversion <= 75, `extraversion ${p.extraversion}`);
  const a = w.get<{ text: string; category: string }>(tamsin, 'lives.appearance')!;
  assert.equal(a.category, 'young adult');
  assert.match(a.text, /^(Very tall|Tall|Average height|Short|Very short), [a-z-]+ human with .+ hair, \w[\w-]* \w+ eyes, .+\. In their prime, with clear features\.$/);
  const edda = w.get<{ text: string }>(named(w, 'Edda Stonehand'), 'lives.appearance')!;
  assert.match(edda.text, /dwarf with .*broad shoulders/);
  const bram = w.get<{ text: string; category: string }>(named(w, 'Old Bram the fisherman'), 'lives.appearance')!;
  assert.equal(bram.category, 'middle-aged'); // 61 of 80 years
  assert.match(bram.text, /greying/);
});

test('look <npc> shows the generated appearance', async (t) => {
  const w = await packWorld({ pack, packs: OTHERS });
  t.after(() => w.close());
  await w.character('Alice');
  await w.command('Alice', 'east');
  const out = (await w.command('Alice', 'look tamsin')).text;
  const text = w.get<{ text: string }>(named(w, 'Tamsin the barmaid'), 'lives.appearance')!.text;
  assert.match(out, /^Tamsin the barmaid\n/);
  assert.ok(out.includes(text), out);
});

test('a hungry NPC walks to the market, buys bread and eats it, through commands', async (t) => {
  const w = await packWorld({ pack, packs: OTHERS, seed: 3 });
  t.after(() => w.close());
  const bram = named(w, 'Old Bram the fisherman');
  await w.character('Alice'); // someone to see it happen in the square
  // Ten game hours: Bram's hunger 62 → 72, past 70 (§5.1 "hungry": seek food).
  await w.command('Admin', '@time advance 10h', { admin: true });
  let bought = false;
  let ate = false;
  for (let i = 0; i < 60 && !ate; i++) {
    await w.advance(2_000);
    await w.tick(1, 1000);
    bought ||= w.payloads('economy.bought').some((p) => (p as { actor: string }).actor === bram);
    ate = w.payloads('inventory.used').some((p) => (p as { actor: string }).actor === bram);
  }
  assert.ok(bought, 'Bram bought bread');
  assert.ok(ate, 'Bram ate it');
  assert.match(w.seen('Alice').join('\n'), /Old Bram the fisherman buys a loaf of bread from Osric/);
  const n = w.get<{ hunger: number }>(bram, 'lives.needs')!;
  assert.ok(n.hunger < 70, `hunger ${n.hunger} after eating`);
  const goals = w
    .payloads('lives.goal')
    .filter((p) => (p as { npc: string }).npc === bram)
    .map((p) => (p as { goal: string }).goal);
  assert.ok(goals.includes('eat'), goals.join());
});

test('Mendelian ratios: monohybrid crosses, 9:3:3:1, and five generations of random mating', async (t) => {
  const w = await packWorld({ pack, packs: OTHERS });
  t.after(() => w.close());
  const n = 4000;
  const aa = counts(await sim(w, `cross Dr Dr ${n}`));
  // 1:2:1 within 3 standard deviations (σ of a share p over n: sqrt(p(1−p)/n)); mutation (5%) moves a few.
  const near = (got: number, p: number, label: string): void => {
    const sd = Math.sqrt((p * (1 - p)) / n);
    assert.ok(Math.abs(got / n - p) < 3 * sd + 0.03, `${label}: ${got}/${n} vs ${p}`);
  };
  near(aa.DD ?? 0, 0.25, 'DD');
  near(aa.Dr ?? 0, 0.5, 'Dr');
  near(aa.rr ?? 0, 0.25, 'rr');
  const dom = counts(await sim(w, `cross DD Dr ${n}`));
  near(dom.DD ?? 0, 0.5, 'AA×Aa → AA');
  const rec = counts(await sim(w, `cross Dr rr ${n}`));
  near(rec.rr ?? 0, 0.5, 'Aa×aa → aa');
  const di = counts(await sim(w, `dihybrid ${n}`));
  near(di.AB!, 9 / 16, 'AB');
  near(di.Ab!, 3 / 16, 'Ab');
  near(di.aB!, 3 / 16, 'aB');
  near(di.ab!, 1 / 16, 'ab');
  const gens = (await sim(w, 'generations 1000 5')).split('\n');
  assert.equal(gens.length, 5);
  for (const line of gens) {
    const c = counts(line);
    const total = c.SS! + c.Ss! + c.ss!;
    assert.equal(total, 1000);
    // Founders p = 0.5: Hardy–Weinberg shares 1:2:1 hold generation after generation; recessives keep emerging.
    assert.ok(c.ss! > 150 && c.ss! < 350, line);
    assert.ok(c.Ss! > 400 && c.Ss! < 600, line);
    // 30 genes × 1000 children × 5%: ~1,500 mutations a generation.
    assert.ok(c.mutations! > 1300 && c.mutations! < 1700, line);
  }
});

test('families: siblings look alike (0.6–0.8), twins nearly the same (≥ 0.95, not 1); unrelated-enough pairs may breed', async (t) => {
  const w = await packWorld({ pack, packs: OTHERS });
  t.after(() => w.close());
  const text = await sim(w, 'family 500');
  const num = (k: string): number => Number(new RegExp(`${k}=([\\d.]+)`).exec(text)![1]);
  assert.ok(num('siblingLooks') >= 0.6 && num('siblingLooks') <= 0.8, text);
  assert.ok(num('twinMin') >= 0.95 && num('twinLooks') < 1, text);
  // Siblings share about half their genotypes: nearly all stay under §4.1's 0.8.
  assert.ok(num('siblingGenes') > 0.3 && num('siblingGenes') < 0.6, text);
  assert.ok(num('canBreed') > 450, text);
});

test('archetype choice rates: high O novel > 70%, high C plans > 75%, high E social > 70%', async (t) => {
  const w = await packWorld({ pack, packs: OTHERS });
  t.after(() => w.close());
  const adv = counts(await sim(w, 'archetype adventurer 100'));
  assert.ok(adv.novel! > 70, `adventurer novel ${adv.novel}`);
  const sch = counts(await sim(w, 'archetype scholar 100'));
  assert.ok(sch.plan! > 75, `scholar plan ${sch.plan}`);
  const lead = counts(await sim(w, 'archetype leader 100'));
  assert.ok(lead.social! > 70, `leader social ${lead.social}`);
  const hermit = counts(await sim(w, 'archetype hermit 100'));
  assert.ok(hermit.social! < 30, `hermit social ${hermit.social}`);
});

test('need growth over a day: hunger +1/h, thirst +1.5/h, sleep +1/h; thirst wins first, then hunger', async (t) => {
  const w = await packWorld({ pack, packs: OTHERS });
  t.after(() => w.close());
  const lines = (await sim(w, 'needs 80')).split('\n');
  assert.equal(lines.length, 80);
  assert.match(lines[23]!, /^h24 hunger=24 thirst=36 sleep=24 safety=5 goal=idle$/);
  assert.match(lines[40]!, /^h41 hunger=41 thirst=61.5 .* goal=drink$/);
  assert.match(lines[70]!, /^h71 hunger=71 thirst=100 .* goal=drink$/);
});

test('simulation inputs are checked: a bad @lives line says how to use it', async (t) => {
  const w = await packWorld({ pack, packs: OTHERS });
  t.after(() => w.close());
  assert.match(await sim(w, 'cross'), /^Usage: @lives sim cross/);
  assert.match((await w.command('Bob', '@lives sim needs 5')).text, /Only admins/);
});

test('inhabit: a new player lists the lives on offer and takes one up, with its genes, looks and attributes', async (t) => {
  const w = await packWorld({ pack, packs: OTHERS });
  t.after(() => w.close());
  const alice = await w.character('Alice');
  // What the lives pack sends during the command arrives with its answer.
  const told = async (who: string, line: string): Promise<string> => `${(await w.command(who, line)).text}\n${w.seen(who).join('\n')}`;
  const list = await told('Alice', 'inhabit');
  assert.match(list, /Lives you could take up:/);
  assert.match(list, /Tamsin the barmaid — human, 24 years, barmaid, in The Crooked Lantern/);
  assert.doesNotMatch(list, /No one in this world can be inhabited yet/);
  const tamsin = named(w, 'Tamsin the barmaid');
  const genes = w.get<{ genes: Record<string, string> }>(tamsin, 'lives.genome')!.genes;
  assert.match(await told('Alice', 'inhabit tamsin'), /You close your eyes and open them as Tamsin the barmaid\. (Very tall|Tall|Average height|Short|Very short),/);
  assert.equal(roomKey(w, alice), 'tavern');
  assert.equal(w.state.get(tamsin, 'kind'), 'npc');
  assert.equal(w.get(w.state.get(tamsin, 'location') as string, 'lives.limbo'), true, 'the NPC left the world');
  assert.deepEqual(w.get<{ genes: Record<string, string> }>(alice, 'lives.genome')!.genes, genes);
  const profile = w.get<{ complete: boolean; via: string }>(alice, 'character.profile')!;
  assert.equal(profile.complete, true);
  assert.equal(profile.via, 'inhabitance');
  const created = w.payloads('character.created') as Array<{ via: string; npcId: string; baseline: Record<string, number>; attributes: Record<string, number> }>;
  assert.equal(created.length, 1);
  assert.equal(created[0]!.via, 'inhabitance');
  assert.equal(created[0]!.npcId, tamsin);
  assert.deepEqual(Object.keys(created[0]!.baseline).sort(), ['aggression', 'generosity', 'honesty', 'loyalty', 'recklessness', 'sociability']);
  assert.deepEqual(w.get(alice, 'character.attributes'), created[0]!.attributes);
  // Her life is the player's now: the townsfolk list no longer offers her, and a finished character cannot inhabit again.
  await w.character('Bob');
  const offered = await told('Bob', 'inhabit');
  assert.match(offered, /Old Bram the fisherman/);
  assert.doesNotMatch(offered, /Tamsin/);
  assert.match((await w.command('Alice', 'inhabit bram')).text, /Your character is complete/);
  assert.match(await told('Bob', 'inhabit nobody'), /No one called "nobody" has a life you could take up/);
});
