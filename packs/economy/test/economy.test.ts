/**
 * economy, through the pack harness with rooms and inventory: list, buy, sell,
 * value, coins, pay, offer/accept; the refusals (too little money, selling what
 * you do not have, sold out); prices answering a shortage and a glut and recovering on game
 * time (decision 0028); a purchase rolled back whole by a fault; and a property
 * test — random buys, sells, payments, trades and days passing — that the books
 * balance to the coin and to the unit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { packWorld, type PackWorld } from '../../../sdk/tooling/harness.ts';

const pack = fileURLToPath(new URL('..', import.meta.url));
const DAY = 86_400_000;

interface Stall {
  name: string;
  goods: { key: string; stock: number; demand: number; target: number }[];
}
interface Ledger {
  minted?: Record<string, number>;
  burned?: Record<string, number>;
  made?: Record<string, number>;
  unmade?: Record<string, number>;
}

function merchants(w: PackWorld): string[] {
  return [...w.state.withComponent('economy.stall')].sort();
}

function merchant(w: PackWorld, name: string): string {
  const id = merchants(w).find((m) => w.get<Stall>(m, 'economy.stall')!.name.startsWith(name));
  assert.ok(id, `merchant ${name}`);
  return id;
}

function stock(w: PackWorld, who: string, key: string): number {
  return w.get<Stall>(merchant(w, who), 'economy.stall')!.goods.find((g) => g.key === key)!.stock;
}

function carried(w: PackWorld, who: string, key: string): number {
  let n = 0;
  for (const id of w.state.contents(w.idOf(who))) {
    const it = w.get<{ key?: string; count: number }>(id, 'inventory.item');
    if (it?.key === key) n += it.count;
  }
  return n;
}

function askOf(text: string, name: string): number {
  const m = new RegExp(`${name} — (\\d+) coins?`).exec(text);
  assert.ok(m, `${name} in ${text}`);
  return Number(m[1]);
}

function ledger(w: PackWorld): Ledger {
  const bank = [...w.state.withComponent('economy.ledger')][0]!;
  return w.get<Ledger>(bank, 'economy.ledger')!;
}

function sum(r: Record<string, number> | undefined): number {
  return Object.values(r ?? {}).reduce((a, b) => a + b, 0);
}

/** Σ purses − (minted − burned): 0 when every coin is accounted for. */
function coinDrift(w: PackWorld): number {
  let purses = 0;
  for (const id of w.state.withComponent('economy.purse')) purses += w.get<number>(id, 'economy.purse')!;
  const l = ledger(w);
  return purses - (sum(l.minted) - sum(l.burned));
}

/** Units of each key anywhere (items not used up, plus merchants' stock) − (made − unmade). */
function goodsOffset(w: PackWorld): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of w.state.withComponent('inventory.item')) {
    const it = w.get<{ key?: string; count: number }>(id, 'inventory.item')!;
    if (it.key) out[it.key] = (out[it.key] ?? 0) + it.count;
  }
  for (const m of merchants(w)) for (const g of w.get<Stall>(m, 'economy.stall')!.goods) out[g.key] = (out[g.key] ?? 0) + g.stock;
  const l = ledger(w);
  for (const [k, n] of Object.entries(l.made ?? {})) out[k] = (out[k] ?? 0) - n;
  for (const [k, n] of Object.entries(l.unmade ?? {})) out[k] = (out[k] ?? 0) + n;
  return out;
}

test('list, buy, sell, value, coins and pay; each refusal says why and changes nothing', async (t) => {
  const w = await packWorld({ pack, packs: ['rooms', 'inventory'] });
  t.after(() => w.close());
  const list = (await w.command('Alice', 'list')).text;
  assert.match(list, /Hild the smith, the Ember Forge stall:/);
  assert.match(list, /Osric the storekeeper, the general store:/);
  assert.match(list, /Mother Wren the herbalist, the herb barrow:/);
  assert.match(list, /You have 20 coins\./);
  const bread = askOf(list, 'a loaf of bread');
  assert.equal(bread, 2); // base 2 × sqrt(10/10) × (1.0 × (0.9 + 50/1000)) = 1.9 → 2

  const bought = await w.command('Alice', 'buy bread');
  assert.equal(bought.text, `You buy a loaf of bread from Osric the storekeeper for 2 coins. You have 18 coins left.`);
  assert.equal(carried(w, 'Alice', 'bread'), 1);
  assert.equal(stock(w, 'Osric', 'bread'), 9);
  assert.deepEqual(w.payloads('economy.bought').at(-1), { actor: w.idOf('Alice'), merchant: merchant(w, 'Osric'), item: 'bread', count: 1, price: 2, tax: 0 });

  const poor = await w.command('Alice', 'buy copper axe');
  assert.match(poor.text, /^a copper axe costs \d+ coins; you have 18 coins\.$/);
  assert.equal(carried(w, 'Alice', 'copper-axe'), 0);
  assert.equal((await w.command('Alice', 'coins')).text, 'You have 18 coins.');

  assert.equal((await w.command('Alice', 'sell hammer')).text, 'You aren\'t carrying anything called "hammer" (things you wield or wear must be unequipped first).');
  assert.equal((await w.command('Alice', 'sell 3 bread')).text, 'You have only 1 of a loaf of bread.');
  assert.equal((await w.command('Alice', 'buy moonstone')).text, 'No one here sells "moonstone". Type list to see what is for sale.');
  assert.equal((await w.command('Alice', 'buy 2 bread from Bob')).text, 'There is no merchant called "Bob" here.');

  const value = (await w.command('Alice', 'value bread')).text;
  assert.match(value, /^Osric the storekeeper: sells a loaf of bread for \d+ coins?, pays \d+ coins? for one\.$/);
  const sold = await w.command('Alice', 'sell bread');
  assert.match(sold.text, /^You sell a loaf of bread to Osric the storekeeper for 1 coin\. You have 19 coins\.$/);
  assert.equal(carried(w, 'Alice', 'bread'), 0);
  assert.equal(stock(w, 'Osric', 'bread'), 10);

  await w.character('Bob');
  assert.equal((await w.command('Alice', 'pay 5 to Bob')).text, 'You pay 5 coins to Bob.');
  assert.equal(w.seen('Bob').at(-1), 'Alice pays you 5 coins.');
  assert.equal((await w.command('Bob', 'coins')).text, 'You have 25 coins.');
  assert.equal((await w.command('Alice', 'pay 500 to Bob')).text, 'You have only 14 coins.');
  assert.equal((await w.command('Alice', 'pay 5 to Zed')).text, 'There is no one called "Zed" here to pay.');
  assert.equal(coinDrift(w), 0);

  await w.command('Alice', 'north');
  assert.equal((await w.command('Alice', 'list')).text, 'There is no one here to trade with. The market is in Emberford Square.');
});

test('a shortage raises a price, a glut lowers it, and both recover on game time', async (t) => {
  const w = await packWorld({ pack, packs: ['rooms', 'inventory'] });
  t.after(() => w.close());
  const base = askOf((await w.command('Alice', 'list')).text, 'a split log');
  assert.equal(base, 5); // 5 × sqrt(10/10) × 0.95 = 4.75 → 5
  // Shortage: buying 3 of 10 logs leaves 7 on the shelf and raises the demand belief by 3.
  const out = await w.command('Alice', 'buy 3 log');
  assert.match(out.text, /^You buy 3 × a split log from Osric the storekeeper for \d+ coins\./);
  const short = askOf((await w.command('Alice', 'list')).text, 'a split log');
  assert.ok(short > base, `after buying 3: ${short} > ${base}`);
  await w.advance(5 * DAY); // restock (1-day time constant) and demand forgetting (3 days)
  const recovered = askOf((await w.command('Alice', 'list')).text, 'a split log');
  assert.equal(recovered, base);
  assert.equal(stock(w, 'Osric', 'log'), 10);
  // Glut: dumping the 3 logs on the restocked shelf lowers the price.
  await w.command('Alice', 'sell 3 log');
  assert.equal(stock(w, 'Osric', 'log'), 13);
  const glut = askOf((await w.command('Alice', 'list')).text, 'a split log');
  assert.ok(glut < base, `after a dump: ${glut} < ${base}`);
  await w.advance(5 * DAY);
  assert.equal(askOf((await w.command('Alice', 'list')).text, 'a split log'), base);
  assert.equal(stock(w, 'Osric', 'log'), 10);
  const l = ledger(w);
  assert.equal(l.made!.log, 10 + 3); // opening stock, then the restock after the shortage
  assert.equal(l.unmade!.log, 3); // the glut consumed
  assert.equal(coinDrift(w), 0);
});

test('sold out: a clear refusal, and the attempt still counts as demand', async (t) => {
  const w = await packWorld({ pack, packs: ['rooms', 'inventory'] });
  t.after(() => w.close());
  assert.match((await w.command('Alice', 'buy 2 flint knife')).text, /^You buy 2 × a flint knife from Osric the storekeeper for 19 coins\./); // 7.6 → 8, then × sqrt(2/1) → 11
  const demand = (): number => w.get<Stall>(merchant(w, 'Osric'), 'economy.stall')!.goods.find((g) => g.key === 'flint-knife')!.demand;
  const before = demand();
  const out = await w.command('Alice', 'buy flint knife');
  assert.equal(out.text, 'Osric the storekeeper has sold out of flint knife. Come back tomorrow.');
  assert.equal(carried(w, 'Alice', 'flint-knife'), 2);
  const after = demand();
  assert.equal(after, before + 1);
});

test('property: random buys, sells, payments, trades between players and days keep the books balanced to the coin and the unit', async (t) => {
  const w = await packWorld({ pack, packs: ['rooms', 'inventory'], seed: 7 });
  t.after(() => w.close());
  await w.character('Alice');
  await w.character('Bob');
  await w.command('Alice', 'coins');
  await w.command('Bob', 'coins');
  const start = goodsOffset(w);
  const items = ['bread', 'log', 'stick', 'herb', 'stone', 'flint', 'salve', 'stone axe', 'whetstone', 'cord'];
  const who = fc.constantFrom('Alice', 'Bob');
  const step = fc.oneof(
    fc.record({ kind: fc.constant('buy'), who, n: fc.integer({ min: 1, max: 6 }), item: fc.constantFrom(...items) }),
    fc.record({ kind: fc.constant('sell'), who, n: fc.integer({ min: 1, max: 6 }), item: fc.constantFrom(...items) }),
    fc.record({ kind: fc.constant('pay'), who, n: fc.integer({ min: 1, max: 30 }), item: fc.constant('') }),
    fc.record({ kind: fc.constant('wait'), who, n: fc.integer({ min: 1, max: 48 }), item: fc.constant('') }),
    fc.record({ kind: fc.constant('offer'), who, n: fc.integer({ min: 1, max: 4 }), item: fc.constantFrom(...items) }),
    fc.record({ kind: fc.constant('accept'), who, n: fc.constant(0), item: fc.constant('') }),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
      for (const s of steps) {
        if (s.kind === 'wait') await w.advance(s.n * 3_600_000);
        else if (s.kind === 'pay') await w.command(s.who, `pay ${s.n} to ${s.who === 'Alice' ? 'Bob' : 'Alice'}`);
        else if (s.kind === 'offer') {
          const other = s.who === 'Alice' ? 'Bob' : 'Alice';
          await w.command(s.who, `offer ${other} ${s.n} ${s.item} for ${s.n * 2} coins`);
          if (s.n % 2 === 0) await w.command(other, 'accept'); // half are answered at once; the rest wait for a later accept, or expire
        } else if (s.kind === 'accept') await w.command(s.who, 'accept');
        else await w.command(s.who, `${s.kind} ${s.n} ${s.item}`);
        assert.equal(coinDrift(w), 0, `coins after ${JSON.stringify(s)}`);
        assert.deepEqual(goodsOffset(w), start, `goods after ${JSON.stringify(s)}`);
        for (const id of w.state.withComponent('economy.purse')) assert.ok(w.get<number>(id, 'economy.purse')! >= 0);
      }
    }),
    { numRuns: 60, seed: 19 },
  );
  // The sequences did trade (a property over refusals only would prove little).
  for (const type of ['economy.bought', 'economy.sold', 'economy.paid', 'economy.traded']) assert.ok(w.payloads(type).length > 0, type);
});

test('a purchase the inventory pack cannot complete is rolled back whole: coins, stall, ledger and goods', async (t) => {
  // Two effects a call for the inventory pack: a first loaf is one spawn; a second
  // loaf spawns and merges into the first stack (four effects), so its call faults
  // after the economy pack has already taken the coins and the stock.
  const w = await packWorld({ pack, packs: ['rooms', 'inventory'], settings: { inventory: { limits: { maxEffects: 2 } } } });
  t.after(() => w.close());
  await w.command('Alice', 'buy bread');
  assert.equal(carried(w, 'Alice', 'bread'), 1);
  const purse = w.get<number>(w.idOf('Alice'), 'economy.purse');
  const stall = JSON.stringify(w.get(merchant(w, 'Osric'), 'economy.stall'));
  const books = JSON.stringify(ledger(w));
  const events = w.events.length;
  const out = await w.command('Alice', 'buy bread');
  assert.ok(out.failure, 'the command failed');
  assert.equal(w.get<number>(w.idOf('Alice'), 'economy.purse'), purse);
  assert.equal(JSON.stringify(w.get(merchant(w, 'Osric'), 'economy.stall')), stall);
  assert.equal(JSON.stringify(ledger(w)), books);
  assert.equal(carried(w, 'Alice', 'bread'), 1);
  assert.equal(w.events.length, events);
  assert.equal(coinDrift(w), 0);
});

test('offer and accept: a two-sided trade both confirm, atomic; declined, expired and walked-out offers change nothing', async (t) => {
  const w = await packWorld({ pack, packs: ['rooms', 'inventory'] });
  t.after(() => w.close());
  await w.character('Bob');
  await w.command('Alice', 'buy 2 bread');
  await w.command('Bob', 'coins');
  const start = goodsOffset(w);
  assert.equal((await w.command('Alice', 'offer Bob 2 bread for 5 coins')).text, 'You offer Bob 2 × a loaf of bread for 5 coins. The offer stands for 5 minutes.');
  assert.equal(w.seen('Bob').at(-1), 'Alice offers you 2 × a loaf of bread for 5 coins. Type accept or decline (5 minutes).');
  const alice = w.get<number>(w.idOf('Alice'), 'economy.purse')!;
  assert.equal((await w.command('Bob', 'accept')).text, 'You accept: you give Alice 5 coins and get 2 × a loaf of bread.');
  assert.equal(w.seen('Alice').at(-1), 'Bob accepts: you give 2 × a loaf of bread and get 5 coins.');
  assert.equal(carried(w, 'Bob', 'bread'), 2);
  assert.equal(carried(w, 'Alice', 'bread'), 0);
  assert.equal(w.get<number>(w.idOf('Alice'), 'economy.purse'), alice + 5);
  assert.equal(w.get<number>(w.idOf('Bob'), 'economy.purse'), 15);
  assert.equal((await w.command('Bob', 'accept')).text, 'No one has offered you anything.');

  // Declined.
  await w.command('Bob', 'offer Alice 1 bread for 3 coins');
  assert.equal((await w.command('Alice', 'decline')).text, "You decline Bob's offer.");
  assert.equal(w.seen('Bob').at(-1), 'Alice declines your offer.');
  // Expired: §9.3's 5 minutes.
  await w.command('Bob', 'offer Alice 1 bread for 3 coins');
  await w.advance(5 * 60_000 + 1);
  assert.equal((await w.command('Alice', 'accept')).text, "Bob's offer has expired (offers stand for 5 minutes).");
  // Walked out.
  await w.command('Bob', 'offer Alice 1 bread for 3 coins');
  await w.command('Bob', 'north');
  assert.equal((await w.command('Alice', 'accept')).text, 'Bob is no longer here; the offer lapses and nothing changes hands.');
  assert.equal(carried(w, 'Bob', 'bread'), 2);
  assert.equal(w.get<number>(w.idOf('Bob'), 'economy.purse'), 15);
  // Bad offers.
  assert.equal((await w.command('Alice', 'offer Bob 1 moonstone for 3 coins')).text, 'There is no one called "Bob" here to trade with.');
  await w.command('Bob', 'south');
  assert.equal((await w.command('Alice', 'offer Bob 1 moonstone for 3 coins')).text, 'You aren\'t carrying anything called "moonstone" (things you wield or wear must be unequipped first).');
  assert.equal((await w.command('Alice', 'offer Bob 900 coins for 1 bread')).text, `You don't have 900 coins.`);
  assert.equal(coinDrift(w), 0);
  assert.deepEqual(goodsOffset(w), start);
});
