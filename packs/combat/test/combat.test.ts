/**
 * combat, through the pack harness with the default neighbours (rooms, creatures,
 * inventory, skills, character, time, stamina, spatial): §7.1's reaction times and
 * ordering example, §7.2's balance checks (1,000 blows per weapon type through the
 * pack's own formula and seeded randomness), §7.3's stacking rules and sweep, a rat
 * killed and looted, defeat and respawn, walking out of a fight refused, the bad
 * input messages, and a kill rolled back whole when a pack faults on it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { packWorld, type PackWorld } from '../../../sdk/tooling/harness.ts';

const pack = fileURLToPath(new URL('..', import.meta.url));
const OTHERS = ['rooms', 'creatures', 'inventory', 'skills', 'character', 'time', 'stamina', 'spatial'];

async function world(opts: Parameters<typeof packWorld>[0] = {}): Promise<PackWorld> {
  return packWorld({ pack, packs: OTHERS, ...opts });
}

async function hero(w: PackWorld, name: string): Promise<string> {
  const id = await w.character(name);
  await w.command(name, 'confirm');
  await w.command(name, 'confirm');
  return id;
}

async function run(w: PackWorld, who: string, line: string): Promise<string> {
  return (await w.command(who, line, { admin: true })).text;
}

function npcsIn(w: PackWorld, room: string, name: string): string[] {
  return [...w.state.contents(room)].filter((id) => w.state.get(id, 'kind') === 'npc' && w.state.get(id, 'name') === name);
}

function location(w: PackWorld, id: string): string {
  return w.state.get(id, 'location') as string;
}

interface Sim {
  n: number;
  min: number;
  avg: number;
  max: number;
  sd: number;
  critRate: number;
  fumbleRate: number;
}
async function sim(w: PackWorld, args: string): Promise<Sim> {
  const text = await run(w, 'Alice', `@combat sim ${args}`);
  return JSON.parse(text.replace(/^sim /, '')) as Sim;
}

/** Tick the world `ms` forward in `step` ms ticks (the combat queue resolves on ticks). */
async function fight(w: PackWorld, ms: number, step = 100): Promise<void> {
  await w.tick(Math.ceil(ms / step), step);
}

test('§7.1 reaction times scale with Agility; the ordering example runs B, A, C', async (t) => {
  const w = await world();
  t.after(() => w.close());
  const names = ['Ana', 'Bea', 'Cyd'];
  for (const n of names) await hero(w, n);
  const agility: Record<string, number> = { Ana: 60, Bea: 40, Cyd: 70 };
  for (const n of names) {
    await run(w, n, `@attr agility ${agility[n]}`);
    for (const step of ['east', 'down']) await run(w, n, step);
  }
  // Every action is refused in the tavern (safe): the cellar is not safe.
  const start = w.now;
  assert.match(await run(w, 'Ana', 'attack rat'), /\(820 ms\)/); // 1000 × (1 − 0.6 × 0.3)
  await w.advance(50);
  assert.match(await run(w, 'Cyd', 'heavy 2.rat'), /\(1185 ms\)/); // 1500 × (1 − 0.7 × 0.3)
  await w.advance(50);
  assert.match(await run(w, 'Bea', 'quick 3.rat'), /\(704 ms\)/); // 800 × (1 − 0.4 × 0.3)
  const exec = (n: string): number => w.get<{ executeAt: number }>(w.idOf(n), 'combat.state')!.executeAt - start;
  // §G9: no "early queue advantage": B at 100 + 704 = 804 (the reference's 754 needs an unstated −50 ms).
  assert.deepEqual([exec('Bea'), exec('Ana'), exec('Cyd')], [804, 820, 1235]);
  await fight(w, 1300, 5);
  const order = w.payloads<{ attacker: string }>('combat.hit').concat(w.payloads<{ attacker: string }>('combat.missed'));
  const firsts = w.events.filter((e) => e.type === 'combat.hit' || e.type === 'combat.missed').map((e) => (e.payload as { attacker: string }).attacker);
  const players = firsts.filter((id) => names.some((n) => w.idOf(n) === id));
  assert.deepEqual(players.slice(0, 3), [w.idOf('Bea'), w.idOf('Ana'), w.idOf('Cyd')]);
  assert.ok(order.length >= 3);
});

test('§7.2 balance: 1,000 blows per weapon type', async (t) => {
  const w = await world({ seed: 7 });
  t.after(() => w.close());
  await hero(w, 'Alice');
  // type base skill might agility cunning action armour n
  const short = await sim(w, 'slashing 15 50 50 50 50 attack none 1000');
  const long = await sim(w, 'slashing 22 50 50 50 50 attack none 1000');
  const great = await sim(w, 'slashing 35 50 50 50 50 attack none 1000');
  assert.ok(great.avg > long.avg && long.avg > short.avg, `greatsword ${great.avg} > longsword ${long.avg} > short sword ${short.avg}`);
  // Heavy weapons vary more.
  const dagger = await sim(w, 'piercing 10 50 50 50 50 attack none 1000');
  const hammer = await sim(w, 'bludgeoning 30 50 50 50 50 attack none 1000');
  assert.ok(hammer.sd > dagger.sd * 2, `warhammer SD ${hammer.sd} vs dagger ${dagger.sd}`);
  // Crit rate 5–10 % (95–100 natural = 6 %, + Cunning/50 %).
  for (const s of [short, long, great, dagger, hammer]) {
    assert.ok(s.critRate >= 0.05 && s.critRate <= 0.1, `crit rate ${s.critRate}`);
    assert.ok(s.fumbleRate > 0.02 && s.fumbleRate < 0.09, `fumble rate ${s.fumbleRate}`); // natural 1–5
    assert.equal(s.n, 1000);
  }
  const bow = await sim(w, 'ranged 28 50 50 50 50 attack none 1000');
  assert.ok(bow.avg > 0 && bow.critRate <= 0.1);
  // Skill 100 ≈ +50 % over skill 0 (same seed for both runs: same rolls).
  const w2 = await world({ seed: 11 });
  t.after(() => w2.close());
  await hero(w2, 'Alice');
  const s0 = await sim(w2, 'slashing 22 0 50 50 0 attack none 1000');
  const w3 = await world({ seed: 11 });
  t.after(() => w3.close());
  await hero(w3, 'Alice');
  const s100 = await sim(w3, 'slashing 22 100 50 50 0 attack none 1000');
  assert.ok(Math.abs(s100.avg / s0.avg - 1.5) < 0.03, `skill 100 / skill 0 = ${s100.avg / s0.avg}`);
  // Bludgeoning bypasses plate better than slashing (share of unarmoured damage kept).
  const slashPlate = await sim(w, 'slashing 22 50 50 50 0 attack plate 1000');
  const slashBare = await sim(w, 'slashing 22 50 50 50 0 attack none 1000');
  const bluntPlate = await sim(w, 'bludgeoning 22 50 50 50 0 attack plate 1000');
  const bluntBare = await sim(w, 'bludgeoning 22 50 50 50 0 attack none 1000');
  assert.ok(bluntPlate.avg / bluntBare.avg > slashPlate.avg / slashBare.avg + 0.15);
  // Heavy: 150 % share, more crits (+5 %), more fumbles (1–10).
  const heavy = await sim(w, 'slashing 22 50 50 50 50 heavy none 1000');
  assert.ok(heavy.avg > long.avg * 1.4 && heavy.critRate > long.critRate && heavy.fumbleRate > 0.07);
  // Min (roll low, no crit) and max (a crit on a high roll) bracket the average.
  assert.ok(great.min < great.avg && great.avg < great.max && great.max >= 2 * 35 * 1.25 * 1.25 * 0.95 - 1);
});

test('a rat killed with a shortsword, looted, and back after its respawn time', async (t) => {
  const w = await world({ seed: 3 });
  t.after(() => w.close());
  const alice = await hero(w, 'Alice');
  for (const l of ['east', 'down', 'get shortsword', 'wield shortsword']) await run(w, 'Alice', l);
  const cellar = location(w, alice);
  const rats = npcsIn(w, cellar, 'a brown rat');
  assert.equal(rats.length, 3);
  assert.match(await run(w, 'Alice', 'look'), /Three brown rats are here\./);
  assert.match(await run(w, 'Alice', 'look rat'), /A fat brown rat with a torn ear/);
  assert.match(await run(w, 'Alice', 'consider rat'), /^The brown rat looks like an easy fight: you would need about \d+ blows?; it would need about \d+\.$/);
  assert.match(await run(w, 'Alice', 'attack rat'), /You get ready an attack on the brown rat \(\d+ ms\)\./);
  const rat = rats[0]!;
  for (let i = 0; i < 60 && location(w, rat) === cellar; i++) await fight(w, 500);
  assert.notEqual(location(w, rat), cellar, 'the rat died');
  const seen = w.seen('Alice').join('\n');
  assert.match(seen, /You land a (critical )?slash on the brown rat with a rusty shortsword \(\d+\)\./);
  assert.match(seen, /The brown rat dies\./);
  const [defeated] = w.payloads<{ id: string; corpse: string; kind: string }>('combat.defeated');
  assert.equal(defeated!.id, rat);
  assert.equal(w.state.get(defeated!.corpse, 'kind'), 'corpse');
  // The shortsword wore (durability 3: −1 per blow) and Alice's skill was checked.
  assert.ok(w.payloads('inventory.durability_changed').length > 0);
  assert.ok(w.payloads<{ context: string }>('skills.check_result').some((p) => p.context === 'combat.attack'));
  // §7.1 stamina through the stamina pack: 15 an attack, 25 heavy, ×1.5 on a fumble.
  const spent = w.payloads<{ id: string; old: number; new: number; reason: string }>('stamina.changed').filter((p) => p.reason === 'combat' && p.id === alice);
  assert.ok(spent.length > 0 && spent.every((p) => [15, 22.5].includes(Math.round((p.old - p.new) * 10) / 10) || p.new === 0), JSON.stringify(spent.slice(0, 3)));
  // The fight is over: no combat.state left on either.
  assert.equal(w.get(alice, 'combat.state'), undefined);
  assert.match(await run(w, 'Alice', 'look'), /The corpse of a brown rat lies here\./);
  const loot = await run(w, 'Alice', 'loot corpse');
  assert.match(loot, /^You search the corpse of a brown rat(: .+ falls? to the ground\.| and find nothing\.)$/);
  // The rat comes back at its spawn point after 60 s, whole.
  await w.advance(60_000);
  assert.equal(location(w, rat), cellar);
  assert.equal(w.get(rat, 'combat.health'), undefined);
  assert.match(w.seen('Alice').join('\n'), /A brown rat appears\./);
  // The corpse crumbles after 5 minutes and is despawned, not kept in a void; what it held goes to the void.
  const corpse = defeated!.corpse;
  const left = [...w.state.contents(corpse)];
  await w.advance(240_000);
  assert.match(w.seen('Alice').join('\n'), /The corpse of a brown rat crumbles to dust\./);
  assert.equal(w.state.has(corpse), false, 'the corpse entity is gone');
  assert.ok(w.payloads<{ entity: string }>('engine.entity_deleted').some((p) => p.entity === corpse));
  for (const id of left) assert.equal(w.state.get(w.state.get(id, 'location') as string, 'kind'), 'void');
});

test('bad input: nothing, yourself, a safe room, another room, spam — each a clear message', async (t) => {
  const w = await world();
  t.after(() => w.close());
  await hero(w, 'Alice');
  await hero(w, 'Bob');
  assert.equal(await run(w, 'Alice', 'attack'), 'Attack whom? Type attack <name>, e.g. attack rat.');
  assert.equal(await run(w, 'Alice', 'attack dragon'), 'There is no "dragon" here to attack.');
  assert.equal(await run(w, 'Alice', 'kill alice'), "You can't attack yourself.");
  assert.equal(await run(w, 'Alice', 'attack bob'), "You can't attack other players in this world.");
  await run(w, 'Alice', 'east');
  await run(w, 'Bob', 'east');
  assert.equal(await run(w, 'Alice', 'attack rat'), 'There is no "rat" here to attack.'); // the rats are in the cellar below
  assert.equal(await run(w, 'Bob', 'attack alice'), 'The Crooked Lantern is a safe place: no fighting here.');
  assert.equal(await run(w, 'Alice', 'flee'), 'You are not fighting anyone: just walk away.');
  assert.equal(await run(w, 'Alice', 'defend'), 'You are not fighting anyone.');
  await run(w, 'Alice', 'down');
  assert.match(await run(w, 'Alice', 'heavy rat'), /^You get ready a heavy attack on the brown rat \(\d+ ms\)\.$/);
  assert.match(await run(w, 'Alice', 'quick rat'), /^You are already getting ready a heavy attack \(\d+ ms to go\): wait for it\.$/);
  assert.equal(await run(w, 'Alice', 'up'), 'You are fighting the brown rat! Type flee to try to get away.');
  assert.equal(await run(w, 'Alice', 'consider'), 'Consider whom? Type consider <name>, e.g. consider rat.');
  assert.equal(await run(w, 'Bob', 'loot'), 'There is no corpse here to loot.');
});

test('safe rooms and consenting PvP where the operator enables it', async (t) => {
  const w = await world({ settings: { combat: { config: { pvp: true } } } });
  t.after(() => w.close());
  await hero(w, 'Alice');
  await hero(w, 'Bob');
  assert.equal(await run(w, 'Alice', 'attack bob'), 'You have not agreed to fight players: type pvp on first.');
  await run(w, 'Alice', 'pvp on');
  assert.equal(await run(w, 'Alice', 'attack bob'), 'Bob has not agreed to fight players (they can type pvp on).');
  await run(w, 'Bob', 'pvp on');
  assert.match(await run(w, 'Alice', 'attack bob'), /^You get ready an attack on Bob/);
  await run(w, 'Bob', 'flee'); // Bob is engaged: his flee is queued
  await run(w, 'Alice', 'east'); // refused: in combat
  await w.tick(30, 100);
  assert.ok(w.payloads('combat.hit').length + w.payloads('combat.missed').length + w.payloads('combat.fled').length > 0);
  const w2 = await world({ settings: { combat: { config: { pvp: true } } } });
  t.after(() => w2.close());
  await hero(w2, 'Alice');
  await hero(w2, 'Bob');
  await run(w2, 'Alice', 'pvp on');
  await run(w2, 'Bob', 'pvp on');
  await run(w2, 'Alice', 'east');
  await run(w2, 'Bob', 'east');
  assert.equal(await run(w2, 'Alice', 'attack bob'), 'The Crooked Lantern is a safe place: no fighting here.');
});

test('§7.3: stun extends to 3 s; poison stacks, ticks every 5 s and an antidote cures it', async (t) => {
  const w = await world();
  t.after(() => w.close());
  const alice = await hero(w, 'Alice');
  await run(w, 'Alice', '@combat effect stun 2000');
  await w.advance(1000);
  await run(w, 'Alice', '@combat effect stun 2000');
  assert.match(await run(w, 'Alice', 'hp'), /You are stunned \(3 s left\)\./);
  await run(w, 'Alice', '@combat effect poison');
  await run(w, 'Alice', '@combat effect poison');
  const fx = w.get<{ list: Array<{ k: string; stacks: number; until: number }> }>(alice, 'combat.effects')!;
  const poison = fx.list.find((e) => e.k === 'poison')!;
  assert.equal(poison.stacks, 2);
  assert.equal(poison.until - w.now, 60_000); // 30 s a stack
  const before = w.get<{ hp: number }>(alice, 'combat.health')?.hp;
  await w.tick(51, 100); // 5.1 s: one poison tick of 3 × 2
  const hp = w.get<{ hp: number; max: number }>(alice, 'combat.health')!;
  assert.equal((before ?? hp.max) - hp.hp, 6);
  assert.match(w.seen('Alice').join('\n'), /You lose 6 HP to your wounds and poison\./);
  // Slow: newest replaces.
  await run(w, 'Alice', '@combat effect slow 15000');
  await run(w, 'Alice', '@combat effect slow 15000');
  const slows = w.get<{ list: Array<{ k: string }> }>(alice, 'combat.effects')!.list.filter((e) => e.k === 'slow');
  assert.equal(slows.length, 1);
  // An antidote from the tavern cures the poison.
  await run(w, 'Alice', 'east');
  await run(w, 'Alice', 'get antidote');
  assert.match(await run(w, 'Alice', 'use antidote'), /You drink the antidote/);
  assert.match(w.seen('Alice').join('\n'), /the poison is gone/);
  assert.equal(
    w.get<{ list: Array<{ k: string }> }>(alice, 'combat.effects')!.list.some((e) => e.k === 'poison'),
    false,
  );
  // Expiry: stun gone after its 3 s.
  assert.doesNotMatch(await run(w, 'Alice', 'hp'), /stunned/);
});

test('defeat: a corpse with what you carried, waking in the tavern at half HP, weakened', async (t) => {
  const w = await world({ seed: 5 });
  t.after(() => w.close());
  const alice = await hero(w, 'Alice');
  for (const l of ['get sword', 'north', 'north']) await run(w, 'Alice', l);
  const forest = location(w, alice);
  await run(w, 'Alice', '@combat hp 3');
  await run(w, 'Alice', 'attack wolf');
  for (let i = 0; i < 40 && location(w, alice) === forest; i++) await fight(w, 500);
  const seen = w.seen('Alice').join('\n');
  assert.match(seen, /You have been defeated by the grey wolf\./);
  assert.match(seen, /You wake by the hearth of the Crooked Lantern/);
  const tavern = location(w, alice);
  assert.equal(w.state.get(tavern, 'name'), 'The Crooked Lantern');
  const hp = w.get<{ hp: number; max: number }>(alice, 'combat.health')!;
  assert.equal(hp.hp, hp.max / 2);
  assert.ok(w.get<{ list: Array<{ k: string }> }>(alice, 'combat.effects')!.list.some((e) => e.k === 'weakness'));
  const corpse = w.payloads<{ id: string; corpse: string }>('combat.defeated').find((p) => p.id === alice)!.corpse;
  assert.equal(location(w, corpse), forest);
  const inCorpse = [...w.state.contents(corpse)].map((id) => w.state.get(id, 'name'));
  assert.deepEqual(inCorpse, ['a wooden practice sword']);
  // The wolf went back to its business: not fighting anyone.
  assert.equal(w.get(npcsIn(w, forest, 'a grey wolf')[0] ?? '', 'combat.state'), undefined);
  // By the hearth (a safe room: 3× regeneration) the prompt's HP is the hp command's, not the base rate's.
  await w.advance(10_000);
  const out = await w.command('Alice', 'hp');
  const shown = /Health \S+ (\d+)\/(\d+)/.exec(out.text)!;
  assert.ok(shown, out.text);
  assert.match(out.prompt ?? '', new RegExp(`^\\[${shown[1]}/${shown[2]} hp `), `prompt ${out.prompt} vs ${shown[0]}`);
  // And after a walk out of the safe room the rate is the base one again, for both.
  await run(w, 'Alice', 'west');
  await w.advance(10_000);
  const outside = await w.command('Alice', 'hp');
  const again = /Health \S+ (\d+)\/(\d+)/.exec(outside.text)!;
  assert.match(outside.prompt ?? '', new RegExp(`^\\[${again[1]}/${again[2]} hp `), `prompt ${outside.prompt} vs ${again[0]}`);
});

test('an NPC killed while a pack faults is rolled back whole, not half-dead', async (t) => {
  // The creatures pack gets 16 output bytes a call: its answer to the rat's defeat
  // (the loot event's payload) goes over budget, which fails the combat tick that
  // killed it. (Seeding and thinking send nothing, so they still work.)
  const w = await world({ seed: 3, settings: { creatures: { limits: { maxOutputBytes: 16 } } } });
  t.after(() => w.close());
  const alice = await hero(w, 'Alice');
  for (const l of ['east', 'down', 'get shortsword', 'wield shortsword']) await run(w, 'Alice', l);
  const cellar = location(w, alice);
  const rat = npcsIn(w, cellar, 'a brown rat')[0]!;
  await run(w, 'Alice', 'attack rat');
  const faulted = (): boolean => w.logs.some((l) => /^error creatures: .*maxOutputBytes/.test(l));
  let before: { hp: number } | undefined;
  for (let i = 0; i < 600 && !faulted(); i++) {
    before = w.get<{ hp: number }>(rat, 'combat.health');
    await w.tick(1, 100);
  }
  assert.ok(faulted(), 'the killing blow met the fault');
  // The tick that killed the rat is undone whole: same HP as before it, still here, no corpse, no event.
  assert.equal(location(w, rat), cellar);
  assert.deepEqual(w.get(rat, 'combat.health'), before);
  assert.ok(before!.hp > 0);
  assert.equal(w.payloads('combat.defeated').length, 0);
  assert.equal([...w.state.contents(cellar)].filter((id) => w.state.get(id, 'kind') === 'corpse').length, 0);
  assert.ok(w.get(rat, 'combat.state') !== undefined, 'still fighting');
});

test('§7.1 check stamina: an exhausted character cannot ready a heavy attack or flee, but still fights', async (t) => {
  const w = await world();
  t.after(() => w.close());
  const alice = await hero(w, 'Alice');
  for (const l of ['east', 'down']) await run(w, 'Alice', l);
  // Run dry (the stamina pack's own pool; 0 at this instant, regenerating from now).
  const pool = w.get<Record<string, unknown>>(alice, 'stamina.pool')!;
  w.state.set(alice, 'stamina.pool', { ...pool, current: 0, at: w.now, busyUntil: w.now });
  const heavy = await w.command('Alice', 'heavy rat');
  assert.match(heavy.text, /^You are too tired for a heavy attack: it takes 25 stamina and you have 0 of \d+\. Attack, defend, or catch your breath\.$/);
  assert.equal(heavy.failure?.code, 'STAMINA_INSUFFICIENT');
  assert.equal(w.get(alice, 'combat.state'), undefined, 'refused whole: nothing queued, no fight started');
  assert.match(await run(w, 'Alice', 'attack rat'), /^You get ready an attack on the brown rat \(\d+ ms\)\.$/);
  await fight(w, 1500);
  assert.match(await run(w, 'Alice', 'flee'), /^You are too tired to flee: it takes 20 stamina and you have \d+ of \d+\./);
  // With 20 in the pool (Endurance 50 recovers 5 a second) she may try.
  w.state.set(alice, 'stamina.pool', { ...w.get<Record<string, unknown>>(alice, 'stamina.pool')!, current: 20, at: w.now, busyUntil: w.now });
  let answer = await run(w, 'Alice', 'flee');
  // §7.1's 200 ms between actions may apply if her auto-attack just landed.
  for (let i = 0; i < 3 && answer.startsWith('Too soon'); i++) {
    await w.advance(100);
    answer = await run(w, 'Alice', 'flee');
  }
  assert.match(answer, /^You look for a way out \(\d+ ms\)…$/);
});

test('§7.3 a stun cancels the action, and the fight goes on when it wears off', async (t) => {
  const w = await world();
  t.after(() => w.close());
  const alice = await hero(w, 'Alice');
  for (const l of ['@attr vitality 100', 'east', 'down']) await run(w, 'Alice', l);
  // A rat's critical bite stuns (§7.3). Alice lands one bare-handed blow, then only
  // defends (no attack follows a defend), so the rat lives and bites until a stun.
  await run(w, 'Alice', 'attack rat');
  await fight(w, 1200);
  assert.match(await run(w, 'Alice', 'defend'), /^You get ready to defend/);
  let checked = false;
  for (let i = 0; i < 3000 && !checked; i++) {
    await fight(w, 100);
    const stun = w.get<{ list: Array<{ k: string; until: number }> }>(alice, 'combat.effects')?.list.find((e) => e.k === 'stun' && e.until > w.now);
    const c = w.get<{ action: string; auto: boolean; executeAt: number }>(alice, 'combat.state');
    if (!stun || !c) continue;
    assert.equal(c.action, 'attack', 'an attack is queued for when the stun ends');
    assert.equal(c.auto, true);
    assert.ok(c.executeAt > stun.until, `it executes after the stun (${c.executeAt} > ${stun.until})`);
    checked = true;
  }
  assert.ok(checked, 'Alice was stunned at some point in five minutes of rat bites');
  const lines = w.seen('Alice').join('\n');
  const after = lines.slice(lines.indexOf('You are stunned for'));
  await fight(w, 5000);
  assert.match(
    w
      .seen('Alice')
      .join('\n')
      .slice(lines.length - after.length),
    /You land a .* on the brown rat/,
    'she fights on after the stun',
  );
});

test('§7.3 a stun while a flee is being readied cuts the escape short, and says so', async (t) => {
  const w = await world();
  t.after(() => w.close());
  await hero(w, 'Alice');
  for (const l of ['@attr vitality 100', '@attr agility 1', 'east', 'down']) await run(w, 'Alice', l);
  await run(w, 'Alice', 'attack rat');
  await fight(w, 1200);
  // Flee over and over (agility 1: the rat usually cuts her off) until a critical
  // bite lands while she is looking for a way out.
  let cut = false;
  for (let i = 0; i < 3000 && !cut; i++) {
    const c = w.get<{ action: string }>(w.idOf('Alice'), 'combat.state');
    if (c && c.action !== 'flee') await run(w, 'Alice', 'flee');
    else if (!c) for (const l of ['down', 'attack rat']) await run(w, 'Alice', l); // she got away: back to the rat
    await fight(w, 100);
    cut = w.seen('Alice').some((l) => l === 'The blow stuns you: your escape is cut short.');
  }
  assert.ok(cut, 'a stun met a flee in five minutes of rat bites');
  const c = w.get<{ action: string; mode: string }>(w.idOf('Alice'), 'combat.state');
  assert.equal(c?.mode, 'fighting', 'no longer fleeing');
  assert.equal(c?.action, 'attack', 'the fight goes on when the stun wears off');
});

test('a finished character starts at full health, so the prompt shows hit points before the first fight', async (t) => {
  const w = await world();
  t.after(() => w.close());
  const id = await w.character('Nell');
  assert.equal(w.state.get(id, 'combat.health'), undefined, 'no health while the character is being made');
  await w.command('Nell', 'confirm');
  await w.command('Nell', 'confirm');
  const health = w.state.get(id, 'combat.health') as { hp: number; max: number };
  const derived = w.state.get(id, 'character.derived') as { hp: number };
  assert.equal(health.max, derived.hp, "the maximum is the character's derived HP");
  assert.equal(health.hp, health.max, 'full health');
  const looked = await w.command('Nell', 'look');
  assert.match(looked.prompt ?? '', new RegExp(`\\[${derived.hp}/${derived.hp} hp \\d+/\\d+ st\\]`), 'the default prompt shows hit points');
});
