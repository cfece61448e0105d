/**
 * The skills pack through the real pack runtime (rooms + inventory + skills,
 * in-process, seeded): the experience curve against an independent computation,
 * diminishing returns and their window, soft caps, synergies, criticals and
 * quality tiers, milestones, the `skills` command, admin levels, determinism.
 * Checks are requested the way any pack requests them: inventory emits
 * `inventory.skill_check` when a character practises with an item.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PackWorld } from '../support/pack-world.ts';

interface Result {
  readonly actor: string;
  readonly skill: string;
  readonly difficulty: number;
  readonly roll: number;
  readonly total: number;
  readonly success: boolean;
  readonly critical: 'none' | 'success' | 'failure';
  readonly quality: number;
  readonly qualityName: string;
  readonly xp: number;
  readonly context: string;
  readonly ref: string;
}
interface Used {
  readonly skill: string;
  readonly xp: number;
  readonly factor: number;
  readonly context: string;
}
type Levels = Record<string, { level: number; xp: number }>;

async function world(config?: Record<string, unknown>, seed?: number): Promise<{ w: PackWorld; alice: string }> {
  const w = await PackWorld.start({
    packs: ['rooms', 'inventory', 'skills'],
    ...(config ? { settings: { skills: { config } } as never } : {}),
    ...(seed !== undefined ? { seed } : {}),
  });
  const alice = await w.createCharacter('Alice');
  await w.command(alice, 'get sword');
  await w.command(alice, 'wield sword');
  return { w, alice };
}

/** The reference curve: level L → L+1 costs baseXp × (L+1)^1.5, doubled from the soft cap on. */
function levelAfter(totalXp: number, baseXp = 10, cap = 75): { level: number; xp: number } {
  let level = 0;
  let pool = totalXp;
  for (;;) {
    const need = baseXp * Math.pow(level + 1, 1.5) * (level >= cap ? 2 : 1);
    if (level >= 100 || pool < need) break;
    pool -= need;
    level++;
  }
  return { level, xp: pool };
}

test('each practice is a d100 check; experience follows difficulty, outcome and the XP curve', async (t) => {
  const { w, alice } = await world({ xpRate: 20 });
  t.after(() => w.close());
  for (let i = 0; i < 6; i++) await w.command(alice, 'use sword');
  const results = w.payloads<Result>('skills.check_result');
  assert.equal(results.length, 6);
  let total = 0;
  for (const r of results) {
    assert.equal(r.skill, 'slashing');
    assert.equal(r.difficulty, 30, 'the practice sword is an easy (30) check');
    assert.equal(r.context, 'inventory.train');
    assert.ok(r.roll >= 1 && r.roll <= 100);
    assert.equal(r.success, r.critical === 'success' || (r.critical === 'none' && r.total >= r.difficulty));
    assert.equal(r.critical, r.roll >= 96 ? 'success' : r.roll <= 5 ? 'failure' : 'none');
    total += r.xp;
  }
  const used = w.payloads<Used>('skills.used');
  for (const [i, u] of used.entries()) {
    const r = results[i]!;
    const outcome = r.critical === 'success' ? 1.5 : r.critical === 'failure' ? 0 : r.success ? 1 : 0.5;
    assert.ok(Math.abs(u.xp - (30 / 10) * outcome * u.factor * 20) < 0.011, `use ${i}: ${u.xp} xp`);
  }
  const stored = w.component<Levels>(alice, 'skills.levels')['slashing']!;
  const expected = levelAfter(total);
  assert.equal(stored.level, expected.level);
  assert.ok(Math.abs(stored.xp - expected.xp) < 0.05, `${stored.xp} ≈ ${expected.xp}`);
  // The level above 0 shows in checks: total = roll + level + Might 50 / 5.
  const last = results.at(-1)!;
  const before = levelAfter(results.slice(0, -1).reduce((n, r) => n + r.xp, 0)).level;
  assert.equal(last.total, last.roll + before + 10);
  const increased = w.payloads<{ old: number; new: number }>('skills.increased');
  assert.ok(increased.length >= 1);
  assert.equal(increased.at(-1)!.new, stored.level);
  assert.match(w.lines(alice).join('\n'), new RegExp(`Your Slashing skill rises to ${stored.level}\\.`));
  assert.deepEqual(w.failures, []);
});

test('repeating the same action earns less: full, 90% … 10% from the 10th; another item or time resets it', async (t) => {
  const { w, alice } = await world({ repeatWindowMs: 60_000 });
  t.after(() => w.close());
  for (let i = 0; i < 12; i++) await w.command(alice, 'use sword');
  const factors = w.payloads<Used>('skills.used').map((u) => u.factor);
  assert.deepEqual(factors, [1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.1, 0.1]);
  await w.advance(61_000);
  await w.command(alice, 'use sword');
  assert.equal(w.payloads<Used>('skills.used').at(-1)!.factor, 1, 'after the window the drill is fresh again');
  await w.command(alice, 'south');
  await w.command(alice, 'get rod');
  await w.command(alice, 'unequip sword');
  await w.command(alice, 'wield rod');
  await w.command(alice, 'use rod');
  const last = w.payloads<Used>('skills.used').at(-1)!;
  assert.deepEqual([last.skill, last.factor], ['fishing', 1]);
  assert.deepEqual(w.failures, []);
});

test('soft cap = attribute × 1.5; beyond it each level costs twice as much', async (t) => {
  const { w, alice } = await world({ defaultAttribute: 10 });
  t.after(() => w.close());
  await w.command(alice, '@skill me slashing 14', true);
  let text = await w.command(alice, 'skills slashing');
  assert.match(text, /Slashing \(Combat\): level 14, Poor quality\./);
  assert.match(text, new RegExp(`Experience 0 of ${round1(10 * Math.pow(15, 1.5))} to level 15\\.`));
  assert.match(text, /Might 10: \+2 to checks; soft cap 15\./);
  await w.command(alice, '@skill me slashing 15', true);
  text = await w.command(alice, 'skills slashing');
  assert.match(text, new RegExp(`Experience 0 of ${round1(2 * 10 * Math.pow(16, 1.5))} to level 16\\.`));
  assert.match(text, /soft cap 15 \(reached: experience needed doubles\)\./);
  // With the character pack's attributes, Might decides (Might 80 → cap 120, above the maximum 100).
  w.state.set(alice, 'character.attributes', { might: 80 });
  assert.match(await w.command(alice, 'skills slashing'), /Might 80: \+16 to checks; soft cap 120\./);
});

test('synergies add +5 while the related skill is above 50 (Mining → Smithing)', async (t) => {
  const { w, alice } = await world();
  t.after(() => w.close());
  await w.command(alice, 'get whetstone');
  for (let i = 0; i < 3; i++) await w.command(alice, 'use sword');
  await w.command(alice, 'use whetstone');
  await w.command(alice, '@skill me mining 51', true);
  for (let i = 0; i < 3; i++) await w.command(alice, 'use sword');
  await w.command(alice, 'use whetstone');
  const smithing = w.payloads<Result>('skills.check_result').filter((r) => r.skill === 'smithing');
  assert.equal(smithing.length, 2);
  assert.equal(smithing[0]!.total - smithing[0]!.roll, 10, 'no synergy at Mining 0');
  assert.equal(smithing[1]!.total - smithing[1]!.roll, 15, '+5 at Mining 51');
  assert.match(await w.command(alice, 'skills smithing'), /Synergy: \+5 from Mining above 50 \(active\)\./);
});

test('criticals: a natural 96+ always succeeds and lifts quality a tier; 1–5 always fails, earns nothing and fumbles', async (t) => {
  const crit = await world({ critSuccessMin: 1 });
  t.after(() => crit.w.close());
  await crit.w.command(crit.alice, '@skill me slashing 45', true);
  await crit.w.command(crit.alice, 'use sword');
  const r = crit.w.payloads<Result>('skills.check_result')[0]!;
  assert.deepEqual([r.critical, r.success, r.quality, r.qualityName, r.xp], ['success', true, 3, 'Masterwork', 4.5]);
  assert.match(crit.w.lines(crit.alice).join('\n'), /Slashing check: \d+ \+ 55 = \d+ vs 30, critical success! \(\+4\.5 xp\)/);

  const fumble = await world({ critFailMax: 100, critSuccessMin: 100 });
  t.after(() => fumble.w.close());
  await fumble.w.command(fumble.alice, '@skill me slashing 45', true);
  const sword = [...fumble.w.state.contents(fumble.alice)][0]!;
  const text = await fumble.w.command(fumble.alice, 'use sword');
  const f = fumble.w.payloads<Result>('skills.check_result')[0]!;
  if (f.roll === 100) return; // the one roll that is still a critical success
  assert.deepEqual([f.critical, f.success, f.quality, f.xp], ['failure', false, 0, 0]);
  assert.match(text, /You fumble, and the wooden practice sword takes a knock\./);
  assert.equal(fumble.w.component<{ durability: number }>(sword, 'inventory.item').durability, 97, 'a fumble costs 3 in all (7.2)');
  assert.equal(fumble.w.payloads('skills.increased').length, 0);
});

test('quality tiers are floor(skill / 20): Poor, Common, Fine, Masterwork, Legendary', async (t) => {
  const { w, alice } = await world({ critSuccessMin: 100, critFailMax: 0 });
  t.after(() => w.close());
  const tiers: Array<[number, string]> = [];
  for (const level of [0, 19, 20, 45, 60, 99, 100]) {
    await w.command(alice, `@skill me slashing ${level}`, true);
    await w.command(alice, 'use sword');
    const r = w.payloads<Result>('skills.check_result').at(-1)!;
    if (r.critical === 'none') tiers.push([level, r.qualityName]);
  }
  const expected: Record<number, string> = { 0: 'Poor', 19: 'Poor', 20: 'Common', 45: 'Fine', 60: 'Masterwork', 99: 'Legendary', 100: 'Legendary' };
  assert.ok(tiers.length >= 6);
  for (const [level, name] of tiers) assert.equal(name, expected[level], `level ${level}`);
});

test('milestones are announced when a level is reached', async (t) => {
  const { w, alice } = await world({ xpRate: 1000, baseXp: 1 });
  t.after(() => w.close());
  await w.command(alice, '@skill me slashing 79', true);
  let text = '';
  for (let i = 0; i < 5 && !/unlocked/.test(text); i++) text = await w.command(alice, 'use sword');
  assert.match(text, /Slashing 80: you have unlocked legendary blades\./);
  assert.deepEqual(w.payloads('skills.milestone'), [{ actor: alice, skill: 'slashing', level: 80, unlocks: 'legendary blades' }]);
});

test('the skills command lists 25 skills in 5 categories; @skill is for admins and checks its input', async (t) => {
  const { w, alice } = await world();
  t.after(() => w.close());
  const sheet = await w.command(alice, 'skills');
  for (const line of [
    /^Combat: +Slashing 0, Piercing 0, Bludgeoning 0, Defense 0, Dodge 0$/m,
    /^Crafting: +Smithing 0, Alchemy 0, Carpentry 0, Tailoring 0, Cooking 0$/m,
    /^Gathering: +Mining 0, Herbalism 0, Logging 0, Hunting 0, Fishing 0$/m,
    /^Utility: +Perception 0, Stealth 0, Climbing 0, Swimming 0, Navigation 0$/m,
    /^Social: +Persuasion 0, Intimidation 0, Deception 0, Bartering 0, Leadership 0$/m,
  ])
    assert.match(sheet, line);
  await w.command(alice, 'use sword');
  assert.match(await w.command(alice, 'skills'), /Slashing 0 \(\d+%\)/);
  assert.match(await w.command(alice, 'skills metalworking'), /There is no skill called "metalworking"/);
  assert.match(await w.command(alice, 'skills d'), /could mean several skills/);
  assert.match(await w.command(alice, 'skills dod'), /Dodge \(Combat\): level 0/);
  assert.match(await w.command(alice, 'skills dodge'), /At 50: Counter-Attack\./);
  assert.match(await w.command(alice, '@skill me slashing 5'), /Only admins may use "@skill"\./);
  assert.match(await w.command(alice, '@skill me slashing 101', true), /The level must be a whole number from 0 to 100\./);
  assert.match(await w.command(alice, '@skill nobody slashing 5', true), /No one called "nobody" is online\./);
  assert.match(await w.command(alice, '@skill alice slashing 5', true), /Alice's Slashing is now 5\./);
  assert.equal(w.component<Levels>(alice, 'skills.levels')['slashing']!.level, 5);
});

test('the same seed and the same commands give the same rolls', async (t) => {
  const a = await world(undefined, 42);
  const b = await world(undefined, 42);
  t.after(() => Promise.all([a.w.close(), b.w.close()]));
  for (const x of [a, b]) for (let i = 0; i < 8; i++) await x.w.command(x.alice, 'use sword');
  const rolls = (x: { w: PackWorld }) => x.w.payloads<Result>('skills.check_result').map((r) => r.roll);
  assert.deepEqual(rolls(a), rolls(b));
  assert.equal(new Set(rolls(a)).size > 1, true);
});

function round1(x: number): string {
  const s = (Math.round(x * 10) / 10).toString();
  return s.replace('.', '\\.');
}
