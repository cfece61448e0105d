/**
 * Barter with merchants (gameplay-rules §9.3 acceptable ratios, wantFactor and
 * counter-offers) and a travelling trader (§9.3 trade routes) who walks between
 * the two markets as a creature and peddles through the command path
 * (decision 0018): through the pack harness with rooms, inventory and creatures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { packWorld, type PackWorld } from '../../../sdk/tooling/harness.ts';

const pack = fileURLToPath(new URL('..', import.meta.url));

interface Good {
  key: string;
  stock: number;
  demand: number;
  target: number;
}
interface Stall {
  name: string;
  goods: Good[];
}
interface Ledger {
  minted?: Record<string, number>;
  burned?: Record<string, number>;
  made?: Record<string, number>;
  unmade?: Record<string, number>;
}

function merchant(w: PackWorld, name: string): string {
  const id = [...w.state.withComponent('economy.stall')].find((m) => w.get<Stall>(m, 'economy.stall')!.name.startsWith(name));
  assert.ok(id, `merchant ${name}`);
  return id;
}

function good(w: PackWorld, who: string, key: string): Good {
  return w.get<Stall>(merchant(w, who), 'economy.stall')!.goods.find((g) => g.key === key)!;
}

function carried(w: PackWorld, id: string, key: string): number {
  let n = 0;
  for (const e of w.state.contents(id)) {
    const it = w.get<{ key?: string; count: number }>(e, 'inventory.item');
    if (it?.key === key) n += it.count;
  }
  return n;
}

function ledger(w: PackWorld): Ledger {
  const bank = [...w.state.withComponent('economy.ledger')][0]!;
  return w.get<Ledger>(bank, 'economy.ledger')!;
}

const total = (r: Record<string, number> | undefined): number => Object.values(r ?? {}).reduce((a, b) => a + b, 0);

/** Σ purses − (minted − burned): 0 when every coin is accounted for. */
function coinDrift(w: PackWorld): number {
  let purses = 0;
  for (const id of w.state.withComponent('economy.purse')) purses += w.get<number>(id, 'economy.purse')!;
  const l = ledger(w);
  return purses - (total(l.minted) - total(l.burned));
}

/** Units of each key in items and on shelves − (made − unmade): constant when goods only move. */
function goodsOffset(w: PackWorld): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of w.state.withComponent('inventory.item')) {
    const it = w.get<{ key?: string; count: number }>(id, 'inventory.item')!;
    if (it.key) out[it.key] = (out[it.key] ?? 0) + it.count;
  }
  for (const m of w.state.withComponent('economy.stall')) for (const g of w.get<Stall>(m, 'economy.stall')!.goods) out[g.key] = (out[g.key] ?? 0) + g.stock;
  const l = ledger(w);
  for (const [k, n] of Object.entries(l.made ?? {})) out[k] = (out[k] ?? 0) - n;
  for (const [k, n] of Object.entries(l.unmade ?? {})) out[k] = (out[k] ?? 0) + n;
  return out;
}

test('barter with a merchant: accepted, countered, refused by the §9.3 ratio; nothing lost on a lapse', async (t) => {
  const w = await packWorld({ pack, packs: ['rooms', 'inventory'] });
  t.after(() => w.close());
  await w.character('Bob');
  await w.command('Alice', 'coins');
  await w.command('Bob', 'pay 10 to Alice');
  // Copper ore is cheap at the miners' camp (Bryn: base 2, 30 on the shelf).
  await w.command('Alice', 'north');
  await w.command('Alice', 'east');
  assert.match((await w.command('Alice', 'buy 7 copper ore')).text, /^You buy 7 × a lump of copper ore from Bryn the quartermaster for \d+ coins\./);
  await w.command('Alice', 'west');
  await w.command('Alice', 'south');
  const start = goodsOffset(w);
  const ore = carried(w, w.idOf('Alice'), 'copper-ore');
  assert.equal(ore, 7);

  // Hild has 4 of a 10-ore target and believes in a demand of 10: demand > 2 × stock,
  // wantFactor 1.5, so a stranger's 1.1 minimum becomes 1.1 / 1.5 = 0.73. One ore is
  // worth 6 coins to her (4 × sqrt(10/5) × 1.1 × 0.96), a grey whetstone 6: ratio 1.0.
  assert.equal((await w.command('Alice', 'offer Hild 1 copper ore for whetstone')).text, 'Hild the smith accepts: you give a lump of copper ore and get a grey whetstone.');
  assert.equal(carried(w, w.idOf('Alice'), 'whetstone'), 1);
  assert.equal(good(w, 'Hild', 'copper-ore').stock, 5);
  assert.deepEqual(w.payloads('economy.traded').at(-1), {
    actor: w.idOf('Alice'),
    from: merchant(w, 'Hild'),
    gave: { coins: false, key: 'copper-ore', count: 1, name: 'a lump of copper ore' },
    got: { coins: false, key: 'whetstone', count: 1, name: 'a grey whetstone' },
  });

  // Now 5 on her shelf: demand 10 is no longer above 2 × 5, wantFactor 1.0, minimum 1.1.
  // Six ore (asks 5+5+5+4+4+4 = 27) for a copper axe (42): ratio 0.64, between 0.6 and 1.1,
  // so she counters with the axe for as much ore as reaches 42 × 1.1.
  const counter = (await w.command('Alice', 'offer Hild 6 copper ore for copper axe')).text;
  const m = /^Hild the smith counters: a copper axe for (\d+) × a lump of copper ore\. Type accept or decline \(5 minutes\)\.$/.exec(counter);
  assert.ok(m, counter);
  const asked = Number(m[1]);
  assert.ok(asked > 6, `asks for more than offered: ${asked}`);
  assert.equal((await w.command('Alice', 'accept')).text, `You don't have ${asked} × a lump of copper ore; the offer lapses.`);
  assert.equal(carried(w, w.idOf('Alice'), 'copper-ore'), 6);
  assert.equal(carried(w, w.idOf('Alice'), 'copper-axe'), 0);
  assert.equal((await w.command('Alice', 'accept')).text, 'No one has offered you anything.');

  // Far too little is refused outright (ratio ≤ 0.6).
  assert.equal((await w.command('Alice', 'offer Hild 1 copper ore for copper axe')).text, 'Hild the smith shakes their head: a lump of copper ore is not worth nearly a copper axe to them.');
  // Coins are for buy and sell; goods the merchant does not deal in; things she lacks.
  assert.equal((await w.command('Alice', 'offer Hild 5 coins for whetstone')).text, 'Hild the smith would rather you simply paid: type buy <item>.');
  assert.equal((await w.command('Alice', 'offer Hild 1 copper ore for 9 coins')).text, 'To sell for coins, type sell <item>; barter is goods for goods.');
  assert.equal((await w.command('Alice', 'offer Hild 1 whetstone for moonstone')).text, 'Hild the smith has no "moonstone" to trade. Type list to see the stalls.');
  assert.equal((await w.command('Alice', 'offer Osric 1 copper ore for bread')).text, 'Osric the storekeeper does not deal in a lump of copper ore.');
  assert.equal((await w.command('Alice', 'offer Hild 9 copper ore for whetstone')).text, "You don't have 9 × a lump of copper ore.");
  assert.equal(coinDrift(w), 0);
  assert.deepEqual(goodsOffset(w), start);
});

test('a merchant counter-offer, accepted, moves both sides at once; declined or expired, nothing moves', async (t) => {
  const w = await packWorld({ pack, packs: ['rooms', 'inventory'] });
  t.after(() => w.close());
  await w.command('Alice', 'north');
  await w.command('Alice', 'east');
  await w.command('Alice', 'buy 6 copper ore');
  await w.command('Alice', 'west');
  await w.command('Alice', 'south');
  const start = goodsOffset(w);
  // Hild: 4 ore, demand 10 → wantFactor 1.5, minimum 1.1 / 1.5 = 0.73. One ore (6) for
  // two whetstones (6 + 7 = 13): 0.46, refused. Three ore (6 + 5 + 5 = 16) for three
  // whetstones (6 + 7 + 9 = 22): 0.727, just short: countered with four ore (21 ≥ 22 × 0.73).
  const counter = (await w.command('Alice', 'offer Hild 1 copper ore for 2 whetstone')).text;
  assert.equal(counter, 'Hild the smith shakes their head: a lump of copper ore is not worth nearly 2 × a grey whetstone to them.');
  const c2 = (await w.command('Alice', 'offer Hild 3 copper ore for 3 whetstone')).text;
  assert.equal(c2, 'Hild the smith counters: 3 × a grey whetstone for 4 × a lump of copper ore. Type accept or decline (5 minutes).');
  assert.equal((await w.command('Alice', 'decline')).text, "You decline Hild the smith's offer.");
  assert.equal(carried(w, w.idOf('Alice'), 'copper-ore'), 6);
  await w.command('Alice', 'offer Hild 3 copper ore for 3 whetstone');
  await w.advance(5 * 60_000 + 1);
  assert.equal((await w.command('Alice', 'accept')).text, "Hild the smith's offer has expired (offers stand for 5 minutes).");
  assert.equal(carried(w, w.idOf('Alice'), 'copper-ore'), 6);
  const c3 = (await w.command('Alice', 'offer Hild 3 copper ore for 3 whetstone')).text;
  const n = Number(/for (\d+) ×/.exec(c3)![1]);
  const shelf = good(w, 'Hild', 'copper-ore').stock;
  assert.equal((await w.command('Alice', 'accept')).text, `Hild the smith accepts: you give ${n} × a lump of copper ore and get 3 × a grey whetstone.`);
  assert.equal(carried(w, w.idOf('Alice'), 'copper-ore'), 6 - n);
  assert.equal(carried(w, w.idOf('Alice'), 'whetstone'), 3);
  assert.equal(good(w, 'Hild', 'copper-ore').stock, shelf + n);
  assert.equal(coinDrift(w), 0);
  assert.deepEqual(goodsOffset(w), start);
});

/** The trader: the one NPC with a purse of the economy's. */
function trader(w: PackWorld): string {
  const id = [...w.state.withComponent('creatures.body')].find((e) => w.get<string>(e, 'name') === 'Tam the carter');
  assert.ok(id, 'Tam the carter');
  return id;
}

function roomKey(w: PackWorld, id: string): string | undefined {
  const at = w.get<string>(id, 'location');
  return at ? w.get<string>(at, 'rooms.key') : undefined;
}

/** World seconds until `done` holds (creatures think every 2–5 world seconds). */
async function until(w: PackWorld, done: () => boolean, what: string, seconds = 400): Promise<void> {
  for (let i = 0; i < seconds && !done(); i++) await w.tick(1, 1000);
  assert.ok(done(), what);
}

test('a travelling trader peddles both ways through the command path: buys where cheap, sells where dear, narrows the gap, keeps the books', async (t) => {
  const w = await packWorld({ pack, packs: ['rooms', 'inventory', 'creatures', 'combat'] });
  t.after(() => w.close());
  const tam = trader(w);
  assert.equal(roomKey(w, tam), 'square');
  await w.character('Alice');
  await w.command('Alice', 'coins');
  const start = goodsOffset(w);
  // Bread: Osric asks 2 in the square; Bryn at the camp has 1 of 4 and pays 0.6 of an ask
  // of 6 × sqrt(4/2) × 0.94 = 8 → 5: a margin of (5 − 2) / 2 = 1.5.
  const bidAt = (): number => Math.round(6 * Math.sqrt(good(w, 'Bryn', 'bread').demand / (good(w, 'Bryn', 'bread').stock + 1)) * 0.94 * 0.6);
  const gapBefore = bidAt();
  const bought = () => w.payloads('economy.bought').filter((p) => p.actor === tam);
  const sold = () => w.payloads('economy.sold').filter((p) => p.actor === tam);
  await until(w, () => bought().length > 0, 'Tam loads her cart in the square');
  const loaded = bought();
  assert.ok(
    loaded.some((p) => p.item === 'bread'),
    JSON.stringify(loaded),
  );
  for (const p of loaded) assert.equal(p.merchant === merchant(w, 'Osric') || p.merchant === merchant(w, 'Hild') || p.merchant === merchant(w, 'Mother Wren'), true);
  // The room saw it, as it sees a player buy.
  assert.ok(
    w.seen('Alice').some((l) => /^Tam the carter buys .+ from Osric the storekeeper\.$/.test(l)),
    w.seen('Alice').join('\n'),
  );
  assert.ok(ledger(w).burned!.travel! >= 1, 'the road is paid for');
  // She walks north, then east, to the camp and sells there.
  await until(w, () => sold().length > 0, 'Tam sells at the camp');
  assert.equal(roomKey(w, tam), 'towerfoot');
  assert.ok(sold().every((p) => p.merchant === merchant(w, 'Bryn')));
  assert.equal(carried(w, tam, 'bread'), 0);
  // Selling there lowered the camp's bid: the trade closed some of the gap.
  assert.ok(bidAt() < gapBefore, `camp bid for bread ${bidAt()} < ${gapBefore}`);
  // And back: what she loads at the camp she sells in the square.
  const campLoads = () => bought().filter((p) => p.merchant === merchant(w, 'Bryn'));
  // Copper ore: Bryn asks 2 (base 2, 30 on the shelf); Hild, short of it, pays 4.
  await until(w, () => campLoads().length > 0, 'Tam loads copper ore at the camp');
  assert.ok(
    campLoads().every((p) => p.item === 'copper-ore'),
    JSON.stringify(campLoads()),
  );
  await until(w, () => sold().some((p) => p.merchant === merchant(w, 'Hild')), 'Tam sells the ore to Hild in the square');
  assert.equal(roomKey(w, tam), 'square');
  // No coin or unit appeared or vanished: tax and the road are the only sinks, her opening purse the source.
  assert.equal(coinDrift(w), 0);
  assert.deepEqual(goodsOffset(w), start);
  assert.equal(ledger(w).minted!.trader, 60);
  assert.ok(w.get<number>(tam, 'economy.purse')! > 0);
});

test('a player cannot peddle', async (t) => {
  const w = await packWorld({ pack, packs: ['rooms', 'inventory'] });
  t.after(() => w.close());
  assert.equal((await w.command('Alice', 'peddle towerfoot')).text, 'Peddling is for travelling traders. You can buy here and sell at another market yourself.');
});
