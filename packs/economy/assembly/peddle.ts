/**
 * A travelling trader's business at a market (gameplay-rules §9.3 trade routes).
 * The creatures pack walks the trader along its route and, at each market on
 * it, acts `peddle <next market's room key>` (decision 0018): so the trader pays
 * the prices, the tax and the goods requests a player pays.
 *
 *   1. Sell here whatever a merchant here buys (each unit at the merchant's bid).
 *   2. Plan the next leg: for every good sold here that a merchant at the next
 *      market buys, the margin of one more unit is
 *        (their bid − our ask) ÷ our ask        (§9.3: foreign price vs home price)
 *      Take units greedily, best margin first, while that margin is > minMargin
 *      (0.2), the cart holds it (cargoKg) and the purse pays for it. Each unit
 *      bought raises the ask here and lowers the bid there, so the plan stops
 *      where the price gap is closed: that is how traders even out markets.
 *   3. Travel only if NetProfit = estimated profit − travelCost > travelCost × 1.5
 *      (§9.3); then buy the cargo and pay the travel cost (burned: a sink).
 *      Otherwise it goes on with an empty cart and pays nothing.
 * A trader's purse opens with `traderCoins`, minted once (ledger source "trader").
 */
import { Command, Message, OK, Query, State, fail, lastError, reply } from '../../../sdk/assembly';
import { Good, Stall, askAt, bidAt, costOf, proceedsOf } from './market';
import { book, coinsOf, hasPurse, setCoins } from './ledger';
import { carried, template } from './goods';
import { buyerFor } from './commands';
import { purchase, sale } from './deal';
import { rules } from './rules';
import { stallsIn } from './stalls';

function hostRefused(what: string): i32 {
  const err = lastError();
  return fail('ECONOMY_FAILED', 'The trader could not ' + what + (err === null ? '' : ': ' + err.message) + '.');
}

/** One good that can go from a stall here to a buyer at the next market. */
export class Lane {
  bought: i32 = 0;
  constructor(
    public from: Stall,
    public good: Good,
    public to: Stall,
    public there: Good,
    public kg: f64,
  ) {}
  /** Margin of the next unit: its bid there over its ask here. */
  nextMargin(): f64 {
    if (this.good.stock - this.bought <= 0) return -1;
    const ask = askAt(this.from, this.good, this.good.stock - this.bought);
    return <f64>(this.nextBid() - ask) / <f64>ask;
  }
  nextAsk(): i32 {
    return askAt(this.from, this.good, this.good.stock - this.bought);
  }
  nextBid(): i32 {
    return bidAt(this.to, this.there, this.there.stock + this.bought, rules());
  }
}

function roomByKey(key: string): string | null {
  const ids = Query.withComponent('rooms.key');
  for (let i = 0; i < ids.length; i++) if (State.getString(ids[i], 'rooms.key') == key) return ids[i];
  return null;
}

export function peddle(cmd: Command): i32 {
  if (cmd.actor.kind != 'npc') {
    reply(Message.error('Peddling is for travelling traders. You can buy here and sell at another market yourself.'));
    return OK;
  }
  const me = cmd.actor.id;
  const r = rules();
  const here = stallsIn(cmd.actor.location!);
  if (here.length == 0) {
    reply(Message.error('There is no market here.'));
    return OK;
  }
  if (!hasPurse(me) && (!setCoins(me, r.traderCoins) || !book('minted', 'trader', r.traderCoins))) return hostRefused('open a purse');
  if (!sellCargo(cmd, here)) return hostRefused('sell');
  const destKey = cmd.args.trim();
  const dest = destKey.length > 0 ? roomByKey(destKey) : null;
  if (dest === null) {
    reply(Message.info('Nowhere to take goods next.'));
    return OK;
  }
  const lanes = lanesTo(here, stallsIn(dest!));
  const profit = plan(lanes, coinsOf(me), r.cargoKg);
  const net = profit - r.travelCost;
  if (<f64>net <= <f64>r.travelCost * 1.5) {
    reply(Message.info('Nothing pays on the road to ' + destKey + ' (' + profit.toString() + ' coins to be made).'));
    return OK;
  }
  for (let i = 0; i < lanes.length; i++) {
    const l = lanes[i];
    if (l.bought == 0) continue;
    const cost = costOf(l.from, l.good, l.bought);
    l.good.demand = l.good.demand + <f64>l.bought;
    if (!purchase(cmd.actor, l.from, l.good, l.bought, cost)) return hostRefused('buy');
  }
  if (!setCoins(me, coinsOf(me) - r.travelCost) || !book('burned', 'travel', r.travelCost)) return hostRefused('pay for the road');
  reply(Message.info('Loaded for ' + destKey + ': about ' + profit.toString() + ' coins to be made.'));
  return OK;
}

/** Everything carried that a merchant here buys, as much as the drawer pays for. */
function sellCargo(cmd: Command, here: Stall[]): bool {
  const cargo = carried(cmd.actor.id);
  const r = rules();
  for (let i = 0; i < cargo.length; i++) {
    const o = buyerFor(here, cargo[i], '');
    if (o === null) continue;
    let n = cargo[i].count;
    let price = proceedsOf(o.stall, o.good, n, r);
    const drawer = coinsOf(o.stall.id);
    while (n > 0 && price > drawer) {
      n--;
      price = proceedsOf(o.stall, o.good, n, r);
    }
    if (n > 0 && price > 0 && !sale(cmd.actor, o.stall, o.good, n, price)) return false;
  }
  return true;
}

/** Goods on sale here that a merchant at the destination buys. */
export function lanesTo(here: Stall[], there: Stall[]): Lane[] {
  const out = new Array<Lane>();
  for (let i = 0; i < here.length; i++) {
    const goods = here[i].goods();
    for (let j = 0; j < goods.length; j++) {
      for (let k = 0; k < there.length; k++) {
        const g = there[k].good(goods[j].key);
        if (g === null) continue;
        const t = template(goods[j].key);
        out.push(new Lane(here[i], goods[j], there[k], g!, t === null ? 1 : t!.getNumber('weight', 1)));
        break;
      }
    }
  }
  return out;
}

/** Greedy cargo by margin within weight and purse (§9.3); fills `bought` and returns the estimated profit. */
export function plan(lanes: Lane[], purse: i32, cargoKg: f64): i32 {
  const min = rules().minMargin;
  let kg: f64 = 0;
  let spent = 0;
  let profit = 0;
  let more = true;
  while (more) {
    let best: Lane | null = null;
    let bestMargin = min;
    for (let i = 0; i < lanes.length; i++) {
      const m = lanes[i].nextMargin();
      if (m > bestMargin && kg + lanes[i].kg <= cargoKg && spent + lanes[i].nextAsk() <= purse) {
        best = lanes[i];
        bestMargin = m;
      }
    }
    if (best === null) {
      more = false;
    } else {
      const ask = best.nextAsk();
      profit += best.nextBid() - ask;
      spent += ask;
      kg += best.kg;
      best.bought++;
    }
  }
  return profit;
}
