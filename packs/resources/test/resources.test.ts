/**
 * resources, through the pack harness with rooms, inventory and skills: survey,
 * gather / harvest / mine with §9.1's yield (skill, tool and random factors,
 * seeded), the failure chance below the required skill, depletion, the
 * cooldown before regrowth and regrowth by the day, minerals that never
 * regrow, experience through the skills pack, and the refusals.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { packWorld, type PackWorld } from '../../../sdk/tooling/harness.ts';

const pack = fileURLToPath(new URL('..', import.meta.url));
const DAY = 86_400_000;

interface NodeData {
  name: string;
  quantity: number;
  max: number;
  lastHarvested: number;
}
interface Harvested {
  actor: string;
  node: string;
  item: string;
  count: number;
  failed: boolean;
}

function node(w: PackWorld, name: string): [string, NodeData] {
  for (const id of w.state.withComponent('resources.node')) {
    const n = w.get<NodeData>(id, 'resources.node')!;
    if (n.name === name) return [id, n];
  }
  throw new Error(`no node ${name}`);
}

function carried(w: PackWorld, who: string, key: string): number {
  let n = 0;
  for (const id of w.state.contents(w.idOf(who))) {
    const it = w.get<{ key?: string; count: number }>(id, 'inventory.item');
    if (it?.key === key) n += it.count;
  }
  return n;
}

async function world(): Promise<PackWorld> {
  return packWorld({ pack, packs: ['rooms', 'inventory', 'skills'] });
}

test('survey, gather by hand, the axe that helps, experience through the skills pack', async (t) => {
  const w = await world();
  t.after(() => w.close());
  assert.equal((await w.command('Alice', 'gather')).text, 'There is nothing to gather here. Type survey to see what this place holds.');
  await w.command('Alice', 'north');
  await w.command('Alice', 'north');
  const survey = (await w.command('Alice', 'survey')).text;
  assert.match(survey, /^You survey the place:\n {2}fallen ash branches \(vegetation, common\): plenty \(40\/40\) — gather for a straight stick; logging/);
  assert.match(survey, /a stand of oaks \(vegetation, common\): plenty \(60\/60\) — gather for a split log; logging, an axe helps/);

  const out = await w.command('Alice', 'gather branches');
  // 4 per action × skill 0 (0.5) × by hand (1.0) × 0.8–1.2 → 1.6–2.4 → 2.
  assert.equal(out.text, 'You gather 2 × a straight stick from fallen ash branches.');
  assert.equal(carried(w, 'Alice', 'stick'), 2);
  assert.equal(node(w, 'fallen ash branches')[1].quantity, 38);
  const check = w.payloads<{ skill: string; context: string; difficulty: number }>('skills.check_result').at(-1)!;
  assert.deepEqual([check.skill, check.context, check.difficulty], ['logging', 'resources.harvest', 0]);
  assert.equal(w.payloads<{ skill: string }>('skills.used').at(-1)!.skill, 'logging');

  // Oak without an axe: 3 × 0.5 × 0.5 (no tool) × 0.8–1.2 → 0.6–0.9 → 1 a swing.
  const bare = await w.command('Alice', 'harvest oak');
  assert.equal(bare.text, 'You harvest a split log from a stand of oaks with your bare hands (an axe would help).');
  // The woodcutter's axe lies here (inventory's starter items): good tier, 1.0 → 1.2–1.8 → 1 or 2.
  await w.command('Alice', 'get axe');
  await w.command('Alice', 'wield axe');
  for (let i = 0; i < 20; i++) await w.command('Alice', 'gather oak');
  const withAxe = w
    .payloads<Harvested>('resources.harvested')
    .slice(-20)
    .map((p) => p.count);
  assert.ok(
    withAxe.every((c) => c === 1 || c === 2),
    `with a good axe: ${withAxe}`,
  );
  assert.ok(withAxe.includes(2), 'the axe sometimes doubles the take');
  assert.equal(carried(w, 'Alice', 'log'), 1 + withAxe.reduce((a, b) => a + b, 0));
});

test('below the required skill a quarter of the attempts fail, and a failure still starts the cooldown', async (t) => {
  const w = await world();
  t.after(() => w.close());
  await w.command('Alice', 'south');
  const before = node(w, 'flint in the chalk bank')[1].quantity;
  await w.advance(1000);
  for (let i = 0; i < 400; i++) await w.command('Alice', 'mine flint');
  const tries = w.payloads<Harvested>('resources.harvested');
  assert.equal(tries.length, 400);
  const failed = tries.filter((p) => p.failed).length;
  // Uncommon: required 20; skill 0 (and rising a little) < 20 → 25 % (§9.1). 400 tries: σ ≈ 8.7.
  assert.ok(failed >= 70 && failed <= 130, `failed ${failed} of 400`);
  assert.ok(tries.filter((p) => p.failed).every((p) => p.count === 0));
  const taken = tries.reduce((a, p) => a + p.count, 0);
  assert.equal(carried(w, 'Alice', 'flint'), taken);
  assert.equal(node(w, 'flint in the chalk bank')[1].quantity, before - taken);
  assert.match((await w.command('Alice', 'survey')).text, /flint in the chalk bank \(mineral, uncommon\): .*\(does not regrow\)/);
  assert.equal((await w.command('Alice', 'harvest shingle')).text, "You can't harvest river shingle; try mine.");
  assert.equal((await w.command('Alice', 'mine gold')).text, 'There is nothing called "gold" to mine here. Type survey to see what this place holds.');
});

test('a node stripped bare waits out its cooldown, then regrows by its daily rate up to its maximum', async (t) => {
  const w = await world();
  t.after(() => w.close());
  await w.command('Alice', 'north');
  await w.command('Alice', 'north');
  for (let i = 0; i < 40 && node(w, 'fallen ash branches')[1].quantity >= 1; i++) await w.command('Alice', 'gather branches');
  assert.equal(node(w, 'fallen ash branches')[1].quantity, 0);
  assert.equal((await w.command('Alice', 'gather branches')).text, 'Fallen ash branches is stripped bare; it will grow back in about a day.');
  await w.advance(DAY / 2);
  await w.command('Alice', 'survey');
  assert.equal(node(w, 'fallen ash branches')[1].quantity, 0); // still in its 1-day cooldown (fast)
  await w.advance(DAY); // half a day of growth past the cooldown: 15/day × 0.5
  await w.command('Alice', 'survey');
  assert.equal(node(w, 'fallen ash branches')[1].quantity, 7.5);
  await w.advance(10 * DAY);
  await w.command('Alice', 'survey');
  assert.equal(node(w, 'fallen ash branches')[1].quantity, 40);
});

test('the goods nodes yield are the goods merchants deal in (same templates)', () => {
  const res = JSON.parse(readFileSync(new URL('../world.json', import.meta.url), 'utf8')) as { items: Record<string, unknown> };
  const eco = JSON.parse(readFileSync(new URL('../../economy/world.json', import.meta.url), 'utf8')) as { items: Record<string, unknown> };
  for (const [key, t] of Object.entries(res.items)) assert.deepEqual(eco.items[key], t, key);
});
