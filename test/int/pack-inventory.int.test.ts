/**
 * The inventory pack through the real pack runtime (rooms + inventory + skills,
 * in-process, seeded): starter items, stacks that split and merge but never
 * overflow, the carry limit from Might, slot rules, wear, breaking, sharpening,
 * eating, and the events each of those records.
 */
import { silentLog } from '../../engine/logger.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PackWorld } from '../support/pack-world.ts';
import { testConfig } from '../support/server.ts';
import { loadPacks } from '../../engine/packs/loader.ts';
import { PackInstance } from '../../engine/world/pack-runtime/runtime.ts';
import { WorldState } from '../../engine/world/state.ts';
import { World } from '../../engine/world/world.ts';

interface ItemData {
  readonly key: string;
  readonly weight: number;
  readonly count: number;
  readonly stackSize?: number;
  readonly durability?: number;
}

const PACKS = ['rooms', 'inventory', 'skills'];

async function world(packs = PACKS, settings?: Record<string, unknown>): Promise<{ w: PackWorld; alice: string }> {
  const w = await PackWorld.start({ packs, ...(settings ? { settings: settings as never } : {}) });
  const alice = await w.createCharacter('Alice');
  return { w, alice };
}

function roomByKey(w: PackWorld, key: string): string {
  for (const id of w.state.withComponent('rooms.key')) if (w.state.get(id, 'rooms.key') === key) return id;
  throw new Error(`no room ${key}`);
}

/** Items (id, data) in a location, in containment order. */
function itemsIn(w: PackWorld, where: string): Array<{ id: string; name: string; data: ItemData }> {
  return [...w.state.contents(where)].filter((id) => w.state.get(id, 'inventory.item') !== undefined).map((id) => ({ id, name: w.state.get(id, 'name') as string, data: w.state.get(id, 'inventory.item') as ItemData }));
}

function countOf(w: PackWorld, where: string, key: string): number {
  return itemsIn(w, where)
    .filter((i) => i.data.key === key)
    .reduce((n, i) => n + i.data.count, 0);
}

async function walk(w: PackWorld, who: string, ...dirs: string[]): Promise<void> {
  for (const d of dirs) await w.command(who, d);
}

test('the seed places the starter items in their rooms, once', async (t) => {
  const { w, alice } = await world();
  t.after(() => w.close());
  assert.deepEqual(
    itemsIn(w, roomByKey(w, 'square')).map((i) => i.name),
    ['a wooden practice sword', 'a grey whetstone'],
  );
  assert.equal(countOf(w, roomByKey(w, 'tavern'), 'bread'), 3);
  assert.equal(itemsIn(w, roomByKey(w, 'tavern')).filter((i) => i.data.key === 'bread').length, 1, 'three loaves are one stack');
  assert.equal(itemsIn(w, roomByKey(w, 'riverbank')).find((i) => i.data.key === 'millstone')?.data.weight, 600);
  assert.equal(w.state.withComponent('inventory.void').size, 1);
  assert.match(await w.command(alice, 'look'), /You see a wooden practice sword and a grey whetstone here\./);
  assert.deepEqual(w.failures, []);
});

test('stacks split, merge and never overflow; counts are checked', async (t) => {
  const { w, alice } = await world();
  t.after(() => w.close());
  const tavern = roomByKey(w, 'tavern');
  await walk(w, alice, 'east');
  assert.match(await w.command(alice, 'get 5 bread'), /There are only 3: a loaf of bread \(x3\)\./);
  assert.match(await w.command(alice, 'get 0 bread'), /How many\?/);
  assert.match(await w.command(alice, 'get 2 bread'), /You pick up a loaf of bread \(x2\)\./);
  assert.equal(countOf(w, alice, 'bread'), 2);
  assert.equal(countOf(w, tavern, 'bread'), 1);
  assert.match(await w.command(alice, 'get bread'), /You pick up a loaf of bread\./);
  const carried = itemsIn(w, alice).filter((i) => i.data.key === 'bread');
  assert.equal(carried.length, 1, 'the third loaf merged into the carried stack');
  assert.equal(carried[0]!.data.count, 3);
  assert.match(await w.command(alice, 'i'), /a loaf of bread \(x3\)/);
  assert.match(await w.command(alice, 'drop 1 bread'), /You drop a loaf of bread\./);
  assert.match(await w.command(alice, 'drop 5 bread'), /You have only 2: a loaf of bread \(x2\)\./);
  assert.match(await w.command(alice, 'drop all bread'), /You drop a loaf of bread \(x2\)\./);
  const floor = itemsIn(w, tavern).filter((i) => i.data.key === 'bread');
  assert.equal(floor.length, 1, 'dropped loaves merged into one stack on the floor');
  assert.equal(floor[0]!.data.count, 3);
  for (const i of itemsIn(w, tavern)) assert.ok(i.data.count <= (i.data.stackSize ?? 1), `${i.name} within its stack size`);
  const picked = w.payloads<{ count: number; weight: number }>('inventory.picked_up');
  assert.deepEqual(
    picked.map((p) => [p.count, p.weight]),
    [
      [2, 1],
      [1, 0.5],
    ],
  );
  assert.deepEqual(w.failures, []);
});

test('the carry limit is Might × 5 kg, from character.attributes or the default Might 50', async (t) => {
  const { w, alice } = await world();
  t.after(() => w.close());
  assert.match(await w.command(alice, 'i'), /You are carrying nothing \(you can carry 250 kg\)\./);
  await walk(w, alice, 'south');
  assert.match(await w.command(alice, 'get millstone'), /A mossy millstone is too heavy for you: it weighs 600 kg, and you can carry 250 kg\./);
  assert.match(await w.command(alice, 'get rod'), /You pick up a fishing rod\./);
  // A weak character (the character pack's component, written here as that pack would).
  w.state.set(alice, 'character.attributes', { might: 1 });
  assert.match(await w.command(alice, 'i'), /You are carrying \(0\.8 kg of 5 kg\):/);
  await walk(w, alice, 'north', 'north', 'north');
  assert.match(await w.command(alice, 'get axe'), /You pick up a woodcutter's axe\./);
  await walk(w, alice, 'south');
  assert.match(await w.command(alice, 'get buckler'), /A wooden buckler is too heavy for you: it weighs 2\.5 kg, and you already carry 3\.8 kg of your 5 kg\./);
  assert.equal(w.state.get(w.state.get(alice, 'location') as string, 'rooms.key'), 'road');
  assert.equal(itemsIn(w, alice).length, 2, 'the refused buckler stayed on the road');
  assert.deepEqual(w.failures, []);
});

test('carryKgPerMight is a config variable', async (t) => {
  const { w, alice } = await world(PACKS, { inventory: { config: { carryKgPerMight: 0.02 } } });
  t.after(() => w.close());
  assert.match(await w.command(alice, 'get sword'), /too heavy for you: it weighs 1\.5 kg, and you can carry 1 kg\./);
  assert.match(await w.command(alice, 'get whetstone'), /You pick up a grey whetstone\./);
});

test('slots: one item per slot, items only where they fit, two hands for the axe, rings on either finger', async (t) => {
  const { w, alice } = await world();
  t.after(() => w.close());
  await w.command(alice, 'get all');
  assert.match(await w.command(alice, 'equip whetstone'), /You can't equip a grey whetstone\./);
  assert.match(await w.command(alice, 'wield sword'), /You wield a wooden practice sword in your main hand\./);
  assert.match(await w.command(alice, 'wield sword'), /You are already using a wooden practice sword \(main hand\)\./);
  assert.equal(w.component<Record<string, string>>(alice, 'inventory.equipment')['mainHand'], itemsIn(w, alice)[0]!.id);
  assert.match(await w.command(alice, 'drop sword'), /You wield a wooden practice sword; unequip it first\./);
  assert.match(await w.command(alice, 'drop all'), /You drop a grey whetstone\./);
  assert.equal(itemsIn(w, alice).length, 1, 'drop all keeps what you are using');

  await walk(w, alice, 'north');
  await w.command(alice, 'get buckler');
  await w.command(alice, 'get boots');
  assert.match(await w.command(alice, 'equip boots on head'), /The pair of hobnailed boots doesn't go on your head; it fits: feet\./);
  assert.match(await w.command(alice, 'wear boots'), /You wear a pair of hobnailed boots\./);
  assert.match(await w.command(alice, 'equip buckler'), /You hold a wooden buckler in your off hand\./);
  await walk(w, alice, 'north');
  await w.command(alice, 'get axe');
  assert.match(await w.command(alice, 'wield axe'), /Your main hand is already taken \(a wooden practice sword\); unequip it first\./);
  assert.match(await w.command(alice, 'unequip main hand'), /You put away a wooden practice sword\./);
  assert.match(await w.command(alice, 'wield axe'), /needs both hands, and your off hand holds a wooden buckler\. Unequip it first\./);
  assert.match(await w.command(alice, 'remove buckler'), /You put away a wooden buckler\./);
  assert.match(await w.command(alice, 'wield axe'), /You wield a woodcutter's axe in both hands\./);
  const eq = await w.command(alice, 'eq');
  assert.match(eq, /main hand +a woodcutter's axe/);
  assert.match(eq, /off hand +a woodcutter's axe \(both hands\)/);
  assert.match(eq, /feet +a pair of hobnailed boots/);
  assert.match(eq, /Armour: 1\./);
  assert.match(await w.command(alice, 'i'), /a woodcutter's axe \(wielded, both hands\)/);
  assert.match(await w.command(alice, 'unequip axe'), /You put away a woodcutter's axe\./);
  assert.equal(w.component<Record<string, string>>(alice, 'inventory.equipment')['offHand'], undefined, 'both hands freed');

  await w.command(alice, 'go hollow');
  assert.match(await w.command(alice, 'get ring'), /You pick up a copper ring\./);
  assert.match(await w.command(alice, 'wear ring on ring2'), /You wear a copper ring\./);
  assert.equal(w.component<Record<string, string>>(alice, 'inventory.equipment')['ring2'] !== undefined, true);
  assert.match(await w.command(alice, 'unequip ring'), /You take off a copper ring\./);
  assert.match(await w.command(alice, 'wear ring'), /You wear a copper ring\./);
  assert.equal(w.component<Record<string, string>>(alice, 'inventory.equipment')['ring1'] !== undefined, true, 'the first free ring slot');

  const equipped = w.payloads<{ slot: string }>('inventory.equipped').map((p) => p.slot);
  assert.deepEqual(equipped, ['mainHand', 'feet', 'offHand', 'mainHand', 'ring2', 'ring1']);
  assert.deepEqual(w.failures, []);
});

test('training wears a weapon by 1 a use until it breaks; a broken weapon cannot be used or equipped', async (t) => {
  const { w, alice } = await world();
  t.after(() => w.close());
  await walk(w, alice, 'east', 'down');
  await w.command(alice, 'get shortsword');
  assert.match(await w.command(alice, 'use shortsword'), /You need to wield the rusty shortsword first \(equip shortsword\)\./);
  await w.command(alice, 'wield shortsword');
  const sword = itemsIn(w, alice)[0]!.id;
  let text = '';
  for (let i = 0; i < 5 && !/breaks!/.test(text); i++) text = await w.command(alice, 'use shortsword');
  assert.match(text, /Your rusty shortsword breaks!/);
  assert.equal(w.component<ItemData>(sword, 'inventory.item').durability, 0);
  const changes = w.payloads<{ item: string; old: number; new: number; reason: string }>('inventory.durability_changed');
  assert.ok(changes.length >= 1 && changes.every((c) => c.item === sword && c.new < c.old));
  assert.equal(changes.at(-1)!.new, 0);
  assert.match(await w.command(alice, 'use shortsword'), /The rusty shortsword is broken; it needs repairing/);
  assert.match(await w.command(alice, 'examine shortsword'), /Broken: it deals half damage until repaired\./);
  assert.match(await w.command(alice, 'eq'), /main hand +a rusty shortsword \(broken\)/);
  await w.command(alice, 'unequip shortsword');
  assert.match(await w.command(alice, 'wield shortsword'), /is broken; it would be no use until it is repaired\./);
  assert.deepEqual(w.failures, []);
});

test('a whetstone sharpens the wielded blade up to 100, wears itself, and cannot mend a broken one', async (t) => {
  const { w, alice } = await world();
  t.after(() => w.close());
  await w.command(alice, 'get all');
  const [sword, stone] = itemsIn(w, alice).map((i) => i.id);
  assert.match(await w.command(alice, 'use whetstone'), /You are not wielding anything to sharpen\./);
  await w.command(alice, 'wield sword');
  assert.match(await w.command(alice, 'use whetstone'), /already as keen as it will get/);
  for (let i = 0; i < 4; i++) await w.command(alice, 'use sword');
  const worn = w.component<ItemData>(sword!, 'inventory.item').durability!;
  assert.ok(worn <= 96 && worn >= 88, `four drills wore the sword to ${worn}`);
  assert.match(await w.command(alice, 'use whetstone'), /You draw the grey whetstone along the wooden practice sword/);
  const after = w.component<ItemData>(sword!, 'inventory.item').durability!;
  assert.ok(after > worn && after <= 100, `sharpened from ${worn} to ${after}`);
  assert.ok(w.component<ItemData>(stone!, 'inventory.item').durability! < 100, 'the stone wore');
  assert.ok(w.payloads<{ reason: string }>('inventory.durability_changed').some((c) => c.reason === 'sharpen'));

  await walk(w, alice, 'east', 'down');
  await w.command(alice, 'get shortsword');
  await w.command(alice, 'unequip sword');
  await w.command(alice, 'wield shortsword');
  for (let i = 0; i < 5; i++) await w.command(alice, 'use shortsword');
  assert.match(await w.command(alice, 'use whetstone'), /a whetstone cannot mend it\. It needs a smith\./);
  assert.deepEqual(w.failures, []);
});

test('eating uses up one loaf at a time; the last one leaves the world', async (t) => {
  const { w, alice } = await world();
  t.after(() => w.close());
  await walk(w, alice, 'east');
  await w.command(alice, 'get 2 bread');
  const loaf = itemsIn(w, alice)[0]!.id;
  assert.match(await w.command(alice, 'use bread'), /You tear into the bread\./);
  assert.equal(countOf(w, alice, 'bread'), 1);
  await w.command(alice, 'use bread');
  assert.equal(countOf(w, alice, 'bread'), 0);
  assert.equal(w.state.get(loaf, 'inventory.item'), undefined);
  assert.ok(w.state.get(w.state.get(loaf, 'location') as string, 'inventory.void'), 'moved into the void');
  assert.match(await w.command(alice, 'i'), /You are carrying nothing/);
  assert.deepEqual(
    w.payloads<{ effect: string }>('inventory.used').map((p) => p.effect),
    ['nourish', 'nourish'],
  );
  assert.deepEqual(w.failures, []);
});

test('examine, refusals for things not here, and inventory without the skills pack', async (t) => {
  const { w, alice } = await world(['rooms', 'inventory']);
  t.after(() => w.close());
  assert.match(await w.command(alice, 'examine sword'), /A wooden practice sword\nA blunt oak blade/);
  assert.match(await w.command(alice, 'x sword'), /It lies here\./);
  assert.match(await w.command(alice, 'get lantern'), /You see no "lantern" here\./);
  assert.match(await w.command(alice, 'use sword'), /You need to pick up a wooden practice sword first\./);
  assert.match(await w.command(alice, 'get'), /Get what\?/);
  await w.command(alice, 'get sword');
  assert.match(await w.command(alice, 'get sword'), /You already have a wooden practice sword\./);
  await w.command(alice, 'wield sword');
  const text = await w.command(alice, 'use sword');
  assert.match(text, /You run through the old drills/);
  assert.doesNotMatch(text, /check/, 'no skills pack, no check');
  assert.equal(w.payloads('inventory.skill_check').length, 1, 'the request is still recorded');
  await walk(w, alice, 'north', 'east', 'up');
  await w.command(alice, 'get emberblade');
  assert.match(await w.command(alice, 'wield emberblade'), /You lack the skill to use the Emberblade: it needs Slashing 80, and yours is 0\./);
  assert.deepEqual(w.failures, []);
});

test("with the character pack, the carry limit follows the character's own Might", async (t) => {
  const { w, alice } = await world(['rooms', 'character', 'inventory', 'skills']);
  t.after(() => w.close());
  const attrs = w.component<{ might: number } | undefined>(alice, 'character.attributes');
  assert.ok(attrs && attrs.might >= 1, 'the character pack gave Alice attributes at creation');
  const max = attrs.might * 5;
  assert.match(await w.command(alice, 'i'), new RegExp(`you can carry ${max} kg\\)`));
  assert.match(await w.command(alice, 'skills slashing'), new RegExp(`Might ${attrs.might}: \\+${Math.floor(attrs.might / 5)} to checks; soft cap ${Math.floor(attrs.might * 1.5)}\\.`));
});

test('get all and drop all in a room of 100 things stay within the call budgets, 32 at a time', async (t) => {
  const { w, alice } = await world();
  t.after(() => w.close());
  const square = w.state.get(alice, 'location') as string;
  for (let i = 0; i < 100; i++) {
    const id = `pebble${String(i).padStart(3, '0')}`;
    w.state.set(id, 'name', 'a pebble');
    w.state.set(id, 'kind', 'item');
    w.state.set(id, 'location', square);
    w.state.set(id, 'inventory.item', { key: `pebble-${i}`, weight: 0.1, count: 1 });
  }
  assert.match(await w.command(alice, 'get all'), /There is more here; type "get all" again for the rest\./);
  assert.equal(itemsIn(w, alice).length, 32);
  for (let i = 0; i < 3; i++) await w.command(alice, 'get all');
  assert.equal(itemsIn(w, alice).length, 102, 'all the pebbles, the sword and the whetstone');
  assert.match(await w.command(alice, 'i'), /You are carrying \(11\.8 kg of 250 kg\):/);
  assert.match(await w.command(alice, 'drop all pebbles'), /You have more; type "drop all" again for the rest\./);
  assert.equal(itemsIn(w, alice).length, 70);
  assert.match(await w.command(alice, 'look'), /You see 32 pebbles here\./);
  assert.deepEqual(w.failures, []);
});

test('a world file with a negative weight, a bad stack size or an unknown room fails the seed, naming it', async () => {
  const bad = async (mutate: (world: { templates: Record<string, Record<string, unknown>>; place: Array<Record<string, unknown>> }) => void): Promise<string> => {
    const specs = loadPacks(testConfig({ packs: ['rooms', 'inventory'] })).map((spec) => {
      if (spec.manifest.name !== 'inventory') return spec;
      const world = structuredClone(spec.world) as Parameters<typeof mutate>[0];
      mutate(world);
      return { ...spec, world };
    });
    const packs: PackInstance[] = [];
    for (const spec of specs) packs.push(await PackInstance.create(spec));
    try {
      const world = new World(new WorldState(), packs, null, { log: silentLog }, 1);
      const results = await world.seed();
      return results.map((r) => r.failure?.message ?? '').join('');
    } finally {
      for (const p of packs) await p.close();
    }
  };
  assert.match(
    await bad((w) => {
      w.templates['bread']!['weight'] = -1;
    }),
    /template "bread": weight must be a number of kg, at least 0/,
  );
  assert.match(
    await bad((w) => {
      w.templates['bread']!['stackSize'] = 0;
    }),
    /template "bread": stackSize must be a whole number, at least 1/,
  );
  let last = -1;
  assert.match(
    await bad((w) => {
      last = w.place.push({ template: 'bread', room: 'nowhere' }) - 1;
    }),
    new RegExp(`place\\[${last}\\]: no room with key "nowhere"`),
  );
  assert.match(
    await bad((w) => {
      w.place.push({ template: 'cake', room: 'square' });
    }),
    /unknown template "cake"/,
  );
});
