/**
 * creatures, through the pack harness with rooms, combat, inventory, skills,
 * character, time, stamina and spatial: seeding from data (and refusing bad
 * data), behaviours acting through the command path (`act`, decision 0018) —
 * an aggressive wolf that attacks on sight within its level gap and a wanderer
 * that stays in its area, a cowardly creature fleeing, a dog that follows, a
 * guard breaking up a fight — loot into corpses, and respawn timers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packWorld, type PackWorld } from '../../../sdk/tooling/harness.ts';

const pack = fileURLToPath(new URL('..', import.meta.url));
const OTHERS = ['rooms', 'combat', 'inventory', 'skills', 'character', 'time', 'stamina', 'spatial'];

async function hero(w: PackWorld, name: string): Promise<string> {
  const id = await w.character(name);
  await w.command(name, 'confirm');
  await w.command(name, 'confirm');
  return id;
}
const run = async (w: PackWorld, who: string, line: string): Promise<string> => (await w.command(who, line, { admin: true })).text;
const loc = (w: PackWorld, id: string): string => w.state.get(id, 'location') as string;
const named = (w: PackWorld, name: string): string[] => [...w.state.withComponent('creatures.body')].filter((id) => w.state.get(id, 'name') === name);
const roomKey = (w: PackWorld, id: string): string => w.state.get(loc(w, id), 'rooms.key') as string;

test('the starter creatures are seeded at their spawn points with their data', async (t) => {
  const w = await packWorld({ pack, packs: OTHERS });
  t.after(() => w.close());
  const count = (name: string, key: string): number => named(w, name).filter((id) => roomKey(w, id) === key).length;
  assert.equal(count('a brown rat', 'cellar'), 3);
  assert.equal(count('a grey wolf', 'forest'), 1);
  assert.equal(count('a tower ghoul', 'towertop'), 1);
  assert.equal(count('a bloated spider', 'oak'), 1);
  const wolf = named(w, 'a grey wolf')[0]!;
  assert.equal(w.state.get(wolf, 'kind'), 'npc');
  assert.deepEqual(w.get(wolf, 'creatures.stats'), { level: 3, hp: 120, might: 45, agility: 70, cunning: 40, vitality: 12, skill: 20, weapon: { name: 'fangs', type: 'piercing', damage: 14, verb: 'bite' }, armor: '' });
  assert.equal(w.get<{ species: string }>(wolf, 'creatures.look')!.species, 'wolf');
});

test('an aggressive wolf attacks a new character on sight, as a command through the router', async (t) => {
  const w = await packWorld({ pack, packs: OTHERS, seed: 2 });
  t.after(() => w.close());
  const alice = await hero(w, 'Alice');
  const wolf = named(w, 'a grey wolf')[0]!;
  // Wait until the wolf is at home in the forest (it wanders between forest and oak).
  for (let i = 0; i < 60 && roomKey(w, wolf) !== 'forest'; i++) await w.tick(10, 100);
  await run(w, 'Alice', 'north');
  await run(w, 'Alice', 'north');
  assert.equal(roomKey(w, alice), 'forest');
  for (let i = 0; i < 80 && w.get(wolf, 'combat.state') === undefined; i++) await w.tick(1, 100);
  const state = w.get<{ target: string }>(wolf, 'combat.state');
  assert.equal(state?.target, alice, 'the wolf attacked Alice');
  assert.match(w.seen('Alice').join('\n'), /The grey wolf attacks Alice!|grey wolf/);
  // A seasoned fighter (level 1 + 60/10 = 7 > 3 + 2) is left alone.
  const w2 = await packWorld({ pack, packs: OTHERS, seed: 2 });
  t.after(() => w2.close());
  const bob = await hero(w2, 'Bob');
  await run(w2, 'Bob', '@skill me slashing 60');
  const wolf2 = named(w2, 'a grey wolf')[0]!;
  for (let i = 0; i < 60 && roomKey(w2, wolf2) !== 'forest'; i++) await w2.tick(10, 100);
  await run(w2, 'Bob', 'north');
  await run(w2, 'Bob', 'north');
  await w2.tick(80, 100);
  assert.equal(w2.get(wolf2, 'combat.state'), undefined);
  assert.equal(roomKey(w2, bob), 'forest');
});

test('a wanderer walks through rooms exits (rooms.leave/arrive with an npc actor) and stays in its area', async (t) => {
  const w = await packWorld({ pack, packs: OTHERS, seed: 4 });
  t.after(() => w.close());
  const wolf = named(w, 'a grey wolf')[0]!;
  const visited = new Set<string>();
  for (let i = 0; i < 120; i++) {
    await w.tick(10, 100);
    visited.add(roomKey(w, wolf));
  }
  assert.deepEqual([...visited].sort(), ['forest', 'oak']);
  const moves = w.events.filter((e) => e.type === 'rooms.leave' && e.actor?.id === wolf);
  assert.ok(moves.length > 0);
  assert.equal(moves[0]!.actor!.kind, 'npc');
});

test('a follower walks after the first character it meets; a guard breaks up a fight; a coward flees', async (t) => {
  const w = await packWorld({ pack, packs: OTHERS, seed: 6, settings: { combat: { config: { pvp: true } } } });
  t.after(() => w.close());
  const alice = await hero(w, 'Alice');
  const dog = named(w, 'a stray dog')[0]!;
  await w.tick(60, 100); // the dog notices Alice in the square
  await run(w, 'Alice', 'north');
  for (let i = 0; i < 60 && loc(w, dog) !== loc(w, alice); i++) await w.tick(5, 100);
  assert.equal(roomKey(w, dog), 'road', 'the dog followed Alice north');
  // The watchman on the road attacks whoever fights there.
  const bob = await hero(w, 'Bob');
  await run(w, 'Bob', 'north');
  await run(w, 'Alice', 'pvp on');
  await run(w, 'Bob', 'pvp on');
  await run(w, 'Alice', 'attack bob');
  const guard = named(w, 'a village watchman')[0]!;
  for (let i = 0; i < 60 && w.get(guard, 'combat.state') === undefined; i++) await w.tick(1, 100);
  assert.ok([alice, bob].includes(w.get<{ target: string }>(guard, 'combat.state')!.target));
  // The dog (cowardly below 50 % HP) flees when hurt.
  const w2 = await packWorld({ pack, packs: OTHERS, seed: 8 });
  t.after(() => w2.close());
  await hero(w2, 'Cy');
  const dog2 = named(w2, 'a stray dog')[0]!;
  await run(w2, 'Cy', 'get sword');
  await run(w2, 'Cy', 'wield sword');
  await run(w2, 'Cy', 'attack dog');
  for (let i = 0; i < 200 && w2.payloads<{ id: string }>('combat.fled').every((p) => p.id !== dog2) && w2.payloads<{ id: string }>('combat.defeated').every((p) => p.id !== dog2); i++) await w2.tick(1, 100);
  const fleeing = w2.events.filter((e) => e.type === 'engine.component_set' && (e.payload as { entity: string; key: string; value: { action?: string } }).entity === dog2 && (e.payload as { key: string }).key === 'combat.state' && (e.payload as { value: { action?: string } }).value?.action === 'flee');
  assert.ok(fleeing.length > 0, 'the dog tried to flee');
  assert.equal(fleeing[0]!.actor?.kind, 'npc');
});

test('bad creature data refuses the seed, naming the template', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'myriad-creatures-'));
  const file = path.join(dir, 'bad.json');
  writeFileSync(file, JSON.stringify({ templates: { slime: { name: 'a slime', weapon: { name: 'goo', type: 'acid', damage: 3 } } }, spawns: [{ template: 'slime', room: 'cellar' }] }));
  const w = await packWorld({ pack, packs: OTHERS, settings: { creatures: { world: file } } });
  t.after(() => w.close());
  assert.ok(
    w.logs.some((l) => /creatures: seeding failed: world.json: template "slime": weapon.type must be slashing, piercing, bludgeoning or ranged/.test(l)),
    w.logs.join('\n'),
  );
  assert.equal(w.state.withComponent('creatures.body').size, 0);
});

test('without the act grant the creatures pack does not load, and the refusal names the grant', async () => {
  const grants = {
    read: ['rooms.key', 'rooms.exits', 'combat.state', 'combat.health', 'skills.levels'],
    write: ['creatures.stats', 'creatures.look', 'creatures.body', 'creatures.mind', 'creatures.limbo'],
    spawn: true,
    move: true,
    query: true,
    emit: ['creatures.loot', 'creatures.respawn'],
    subscribe: ['world.tick', 'combat.defeated'],
    send: ['room' as const],
    random: true,
    timers: true,
  };
  await assert.rejects(packWorld({ pack, packs: OTHERS, settings: { creatures: { grants } } }), /act/);
});
