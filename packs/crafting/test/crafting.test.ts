/**
 * crafting, through the pack harness with rooms, inventory, skills and
 * resources: the first recipe chain from gathered materials (stone + stick →
 * stone axe), work that takes time and can be stopped or walked away from
 * without losing anything, the refusals (skill, station, tool, ingredients),
 * success and failure both accounted for unit by unit, and repair at a station
 * never above the maximum durability.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { packWorld, type PackWorld } from '../../../sdk/tooling/harness.ts';

const pack = fileURLToPath(new URL('..', import.meta.url));
const STONE_AXE_MS = 5 * 6 * 1000; // 5 recipe minutes × secondsPerGameMinute 6

interface Made {
  actor: string;
  recipe: string;
  success: boolean;
  quality: string;
  used: { key: string; count: number }[];
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
  return packWorld({ pack, packs: ['rooms', 'inventory', 'skills', 'resources'] });
}

/** Riverbank for stones, then the forest path for sticks: 4+ stones, 2+ sticks. */
async function gatherMaterials(w: PackWorld, who: string): Promise<void> {
  await w.command(who, 'south');
  while (carried(w, who, 'stone') < 4) await w.command(who, 'gather shingle');
  await w.command(who, 'north');
  await w.command(who, 'north');
  await w.command(who, 'north');
  while (carried(w, who, 'stick') < 2) await w.command(who, 'gather branches');
}

test('stick + stone → stone axe: the work takes time, and every unit is accounted for', async (t) => {
  const w = await world();
  t.after(() => w.close());
  assert.equal((await w.command('Alice', 'craft stone axe')).text, "You can't make stone axe: you need 3 × a fist-sized stone (you have 0).");
  await gatherMaterials(w, 'Alice');
  const stones = carried(w, 'Alice', 'stone');
  const sticks = carried(w, 'Alice', 'stick');
  assert.match((await w.command('Alice', 'recipes')).text, /stone axe: 3 × a fist-sized stone \+ 1 × a straight stick → a stone axe; 5 min, carpentry 0 — you can make this now/);
  const start = await w.command('Alice', 'craft stone axe');
  assert.equal(start.text, 'You set to work on stone axe (5 min of work; stop to give up).');
  assert.equal((await w.command('Alice', 'craft stone axe')).text, 'You are busy making stone axe (stop to give up).');
  assert.equal(carried(w, 'Alice', 'stone'), stones, 'nothing is used before the work is done');
  await w.advance(STONE_AXE_MS - 1000);
  assert.equal(w.payloads('crafting.made').length, 0);
  await w.advance(1000);
  const made = w.payloads<Made>('crafting.made');
  assert.equal(made.length, 1);
  assert.deepEqual(made[0]!.used, [
    { key: 'stone', count: 3 },
    { key: 'stick', count: 1 },
  ]);
  assert.equal(carried(w, 'Alice', 'stone'), stones - 3);
  assert.equal(carried(w, 'Alice', 'stick'), sticks - 1);
  assert.equal(carried(w, 'Alice', 'stone-axe'), made[0]!.success ? 1 : 0);
  const last = w.seen('Alice').at(-1)!;
  if (made[0]!.success) assert.match(last, /^You finish: a stone axe \((poor|common) work\), from 3 × a fist-sized stone, 1 × a straight stick\.$/);
  else assert.equal(last, 'Your stone axe comes apart in your hands; the 3 × a fist-sized stone, 1 × a straight stick are spoiled.');
  assert.equal(w.payloads<{ context: string }>('skills.check_result').at(-1)!.context, 'crafting.craft');
});

test('stop, or walking away, leaves the materials untouched and makes nothing', async (t) => {
  const w = await world();
  t.after(() => w.close());
  await gatherMaterials(w, 'Alice');
  const stones = carried(w, 'Alice', 'stone');
  await w.command('Alice', 'craft stone axe');
  assert.equal((await w.command('Alice', 'stop')).text, 'You stop working on stone axe; your materials are untouched.');
  assert.equal((await w.command('Alice', 'stop')).text, 'You are not making anything.');
  await w.command('Alice', 'craft stone axe');
  await w.command('Alice', 'south');
  assert.ok(w.seen('Alice').includes('You leave stone axe unfinished; your materials are untouched.'));
  await w.advance(10 * STONE_AXE_MS);
  assert.equal(w.payloads('crafting.made').length, 0);
  assert.equal(carried(w, 'Alice', 'stone'), stones);
  assert.equal(carried(w, 'Alice', 'stone-axe'), 0);
});

test('refusals: skill, station, tool, unknown recipe', async (t) => {
  const w = await world();
  t.after(() => w.close());
  assert.equal((await w.command('Alice', 'craft flint knife')).text, "You can't make flint knife: it needs carpentry 8; yours is 0.");
  await w.command('Alice', 'north');
  assert.equal((await w.command('Alice', 'craft stone pick')).text, "You can't make stone pick: it needs a workbench (there is one in Emberford Square).");
  assert.equal((await w.command('Alice', 'craft sticks')).text, "You can't make sticks from a log: it needs an axe in your pack.");
  assert.equal((await w.command('Alice', 'craft moon')).text, 'You know no recipe called "moon". Type recipes to see what you can make.');
  assert.equal((await w.command('Alice', 'craft')).text, 'Craft what? Type recipes to see what you can make.');
  assert.equal(w.payloads('crafting.started').length, 0);
});

test('repair at a station restores durability, never above the maximum', async (t) => {
  const w = await world();
  t.after(() => w.close());
  await w.command('Alice', 'east');
  await w.command('Alice', 'down');
  await w.command('Alice', 'get shortsword');
  assert.equal((await w.command('Alice', 'repair shortsword')).text, 'You need a forge or a workbench to repair things; there are both in Emberford Square.');
  await w.command('Alice', 'up');
  await w.command('Alice', 'west');
  const sword = [...w.state.contents(w.idOf('Alice'))].find((id) => w.get<{ key: string }>(id, 'inventory.item')?.key === 'rusty-shortsword')!;
  const durability = (): number => w.get<{ durability: number }>(sword, 'inventory.item')!.durability;
  assert.equal(durability(), 3);
  assert.equal((await w.command('Alice', 'repair shortsword')).text, 'At the forge you repair a rusty shortsword: condition 3 → 28.');
  await w.command('Alice', 'repair shortsword');
  await w.command('Alice', 'repair shortsword');
  assert.equal(durability(), 78);
  assert.equal((await w.command('Alice', 'repair shortsword')).text, 'At the forge you repair a rusty shortsword: condition 78 → 100 (as good as new).');
  assert.equal(durability(), 100);
  assert.equal((await w.command('Alice', 'repair shortsword')).text, 'A rusty shortsword is in perfect condition already.');
  assert.deepEqual(
    w.payloads<{ reason: string; new: number }>('inventory.durability_changed').map((p) => p.new),
    [28, 53, 78, 100],
  );
});
