/**
 * A merchant's stall and the price rule (decision 0028, gameplay-rules §9.3).
 *
 *   economy.stall = { name, shop, priceModifier, reputation, wealth, at,
 *                     goods: [{ key, base, stock, target, demand, at }] }
 *
 * price of one unit = base × sqrt(demand / stock) (clamped 0.4–2.5; stock 0 → 2.5)
 *                          × priceModifier × (0.9 + reputation / 1000)
 * A merchant pays `buyback` (0.6, §9.3's wholesale share) of the price the unit
 * will fetch once it is on the shelf, so buying and selling back always loses
 * coin: no loop mints money. Demand is a belief, as in Doran & Parberry (2010):
 * every attempt to buy (successful or not) raises it by the units asked, and on
 * game time it relaxes back toward the merchant's target; stock relaxes toward
 * the target too (suppliers restock, customers elsewhere consume) — the declared
 * source and sink of goods, written to the ledger. A glut lowers the price, a
 * shortage raises it, and both recover over a few game days.
 */
import { JsonValue, State } from '../../../sdk/assembly';
import { DAY_MS } from './clock';
import { Rules } from './rules';

export const STALL = 'economy.stall';

export class Good {
  constructor(public data: JsonValue) {}
  get key(): string {
    const k = this.data.getString('key');
    return k === null ? '' : k!;
  }
  get base(): f64 {
    return this.data.getNumber('base', 1);
  }
  get stock(): i32 {
    return <i32>this.data.getNumber('stock', 0);
  }
  set stock(n: i32) {
    this.data.set('stock', JsonValue.fromNumber(<f64>n));
  }
  get target(): i32 {
    return <i32>this.data.getNumber('target', 5);
  }
  get demand(): f64 {
    return this.data.getNumber('demand', <f64>this.target);
  }
  set demand(d: f64) {
    this.data.set('demand', JsonValue.fromNumber(Math.round(d * 1000) / 1000));
  }
  get at(): f64 {
    return this.data.getNumber('at', 0);
  }
  set at(t: f64) {
    this.data.set('at', JsonValue.fromNumber(t));
  }
}

export class Stall {
  constructor(
    public id: string,
    public data: JsonValue,
  ) {}

  get name(): string {
    const n = this.data.getString('name');
    return n === null ? 'the merchant' : n!;
  }
  get shop(): string {
    const n = this.data.getString('shop');
    return n === null ? '' : n!;
  }
  /** merchantModifier = PriceModifier × (0.9 + reputation/1000) (§9.3). */
  get modifier(): f64 {
    return this.data.getNumber('priceModifier', 1) * (0.9 + this.data.getNumber('reputation', 50) / 1000);
  }
  get wealth(): i32 {
    return <i32>this.data.getNumber('wealth', 500);
  }
  get at(): f64 {
    return this.data.getNumber('at', 0);
  }
  set at(t: f64) {
    this.data.set('at', JsonValue.fromNumber(t));
  }

  goods(): Good[] {
    const out = new Array<Good>();
    const list = this.data.getArray('goods');
    if (list === null) return out;
    for (let i = 0; i < list.length; i++) out.push(new Good(list[i]));
    return out;
  }

  good(key: string): Good | null {
    const all = this.goods();
    for (let i = 0; i < all.length; i++) if (all[i].key == key) return all[i];
    return null;
  }

  save(): bool {
    return State.set(this.id, STALL, this.data);
  }
}

export function stallOf(id: string): Stall | null {
  const v = State.get(id, STALL);
  return v === null || !v.isObject() ? null : new Stall(id, v!);
}

/** §9.3 supplyDemandModifier: sqrt(demand/supply) clamped 0.4–2.5; no supply → 2.5. */
export function supplyDemand(demand: f64, stock: f64): f64 {
  if (stock <= 0) return 2.5;
  const m = Math.sqrt((demand > 0 ? demand : 0) / stock);
  return m < 0.4 ? 0.4 : m > 2.5 ? 2.5 : m;
}

/** What the merchant asks for one unit with `stock` on the shelf (never below 1 coin). */
export function askAt(stall: Stall, g: Good, stock: i32): i32 {
  const p = Math.round(g.base * supplyDemand(g.demand, <f64>stock) * stall.modifier);
  return p < 1 ? 1 : <i32>p;
}

/**
 * What the merchant pays for one more unit when it holds `stock`: buyback × its
 * ask with that unit shelved, rounded (a 1-coin stick still fetches 1; floor
 * would make every cheap good worthless). Never above that ask, so selling a
 * unit and buying it back never makes money.
 */
export function bidAt(stall: Stall, g: Good, stock: i32, rules: Rules): i32 {
  return <i32>Math.round(<f64>askAt(stall, g, stock + 1) * rules.buyback);
}

/** Cost of buying `n` units now (each unit priced at the stock it leaves). */
export function costOf(stall: Stall, g: Good, n: i32): i32 {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += askAt(stall, g, g.stock - i);
  return sum;
}

/** What selling `n` units brings now (each unit priced at the stock it joins). */
export function proceedsOf(stall: Stall, g: Good, n: i32, rules: Rules): i32 {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += bidAt(stall, g, g.stock + i, rules);
  return sum;
}

/**
 * Bring one good up to game time `t`: stock and demand relax toward the target
 * with time constants rules.restockDays / rules.demandDays. Stock moves in whole
 * units; when less than half a unit is due, `at` stays put so the time keeps
 * counting (otherwise frequent visits would round every step to nothing).
 * Returns the units made (> 0, restock) or unmade (< 0, consumption).
 */
/**
 * Less than a game minute since the last update is not worth a write: it moves
 * a gap by 1 − e^(−1/1440) ≈ 0.07 % (1-day constant). A busy stall is then
 * rewritten only when someone trades at it, not on every look.
 */
export const MIN_STEP_MS: f64 = 60000;

export function catchUp(g: Good, t: f64, rules: Rules): i32 {
  const last = g.at;
  if (last <= 0 || t - last < MIN_STEP_MS) {
    if (last <= 0) g.at = t;
    return 0;
  }
  const days = (t - last) / DAY_MS;
  const gap = <f64>(g.target - g.stock);
  const moved = <i32>Math.round(gap * (1 - Math.exp(-days / rules.restockDays)));
  if (moved == 0 && gap != 0) return 0;
  g.demand = <f64>g.target + (g.demand - <f64>g.target) * Math.exp(-days / rules.demandDays);
  g.stock = g.stock + moved;
  g.at = t;
  return moved;
}

/** The merchant's coin drawer relaxes toward `wealth` the same way; returns coins minted (> 0) or burned (< 0). */
export function catchUpWealth(stall: Stall, purse: i32, t: f64, rules: Rules): i32 {
  const last = stall.at;
  if (last <= 0 || t - last < MIN_STEP_MS) {
    if (last <= 0) stall.at = t;
    return 0;
  }
  const days = (t - last) / DAY_MS;
  const moved = <i32>Math.round(<f64>(stall.wealth - purse) * (1 - Math.exp(-days / rules.restockDays)));
  if (moved == 0 && stall.wealth != purse) return 0;
  stall.at = t;
  return moved;
}
