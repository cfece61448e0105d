/**
 * The 365-day economy of gameplay-rules §9.3, simulated inside the pack with its
 * own price rule (supplyDemand, the ask and the buyback bid), its tax and its
 * restock/demand/drawer relaxation (the same time constants as the live market),
 * on an in-memory world of NPCs: nothing is written to the world. It answers
 * `@economy simulate [days] [seed]` (admins) and is what the harness checks the
 * §9.3 balance targets against.
 *
 * 100 NPCs as §9.3's stability test: farmer 30, miner 15, woodcutter 10,
 * merchant 20, craftsman 25, in 4 towns (5 merchants each). Each merchant keeps
 * a stall of grain (base 2), ore (4), wood (3) and tools (24); its drawer relaxes
 * toward its wealth (2,000 coins: §9.3's "poor" merchant tier). Every day:
 *   - stalls catch up a day (stock and demand toward target, drawer toward wealth);
 *   - producers make their goods (farmer 10 grain, miner 8 ore, woodcutter 8 wood,
 *     × a productivity of 0.8–1.2 drawn once) and sell them a unit at a time to
 *     a merchant in their town at its bid;
 *   - craftsmen buy 4 ore and 4 wood and sell a tool for each pair;
 *   - every worker eats: 3 grain a day bought at the ask (§9.3's food sink; 5 % tax burned).
 * Starting coins: workers 100, merchants their wealth.
 *
 * Measures (§9.3 economic health metrics):
 *   inflation  % change of the mean ask/base over all stalls and goods, from the
 *              end of a 30-day warm-up to the last day (the world starts with
 *              every shelf at target: the first month is the market finding its
 *              level, not inflation)
 *   gini       2·Σ(i·w_i)/(n·Σw) − (n+1)/n on sorted coins
 *   trades     trades an NPC took part in per day, averaged over NPCs (each
 *              sale or purchase counts for both sides)
 *   topShare   the richest NPC's share of all coins
 */
import { Command, Message, OK, reply } from '../../../sdk/assembly';
import { supplyDemand } from './market';
import { Rules, rules } from './rules';

const BASE: f64[] = [2, 4, 3, 24];
const TARGET: i32[] = [40, 20, 20, 8];
const GRAIN = 0;
const ORE = 1;
const WOOD = 2;
const TOOLS = 3;
const TOWNS = 4;
const WARM_UP_DAYS = 30;
const MERCHANT_WEALTH = 2000;
const WORKER_COINS = 100;

/** Jobs by index: 0 farmer, 1 miner, 2 woodcutter, 3 merchant, 4 craftsman. */
const MERCHANT = 3;
const CRAFTSMAN = 4;
/** §9.3's 100: farmer 30, miner 15, woodcutter 10, merchant 20, craftsman 25. */
const MIX: i32[] = [30, 15, 10, 20, 25];
/** What a farmer, a miner and a woodcutter make, and how many a day. */
const PRODUCES: i32[] = [GRAIN, ORE, WOOD];
const OUTPUT: f64[] = [10, 8, 8];

class SimStall {
  stock: i32[] = [0, 0, 0, 0];
  demand: f64[] = [0, 0, 0, 0];
  constructor(
    public town: i32,
    public owner: i32,
  ) {
    for (let g = 0; g < 4; g++) {
      this.stock[g] = TARGET[g];
      this.demand[g] = <f64>TARGET[g];
    }
  }
  ask(g: i32, stock: i32): i32 {
    const p = Math.round(BASE[g] * supplyDemand(this.demand[g], <f64>stock));
    return p < 1 ? 1 : <i32>p;
  }
}

class Agent {
  stall: i32 = -1;
  constructor(
    public job: i32,
    public town: i32,
    public coins: i32,
    public productivity: f64,
  ) {}
}

/** A small seeded generator (xorshift32), so a simulation is the same for the same seed whatever the world does. */
class Rng {
  constructor(public s: u32) {
    if (this.s == 0) this.s = 0x9e3779b9;
  }
  next(): f64 {
    let x = this.s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    this.s = x;
    return <f64>x / 4294967296.0;
  }
  int(n: i32): i32 {
    return <i32>Math.floor(this.next() * <f64>n);
  }
}

export class SimResult {
  trades: f64 = 0;
  inflation: f64 = 0;
  gini: f64 = 0;
  topShare: f64 = 0;
  coins: i64 = 0;
}

export class Simulation {
  stalls: SimStall[] = [];
  agents: Agent[] = [];
  towns: SimStall[][] = [];
  transactions: i64 = 0;
  rng: Rng;

  constructor(
    public rules: Rules,
    seed: u32,
  ) {
    this.rng = new Rng(seed);
    for (let t = 0; t < TOWNS; t++) this.towns.push(new Array<SimStall>());
    let i = 0;
    for (let job = 0; job < MIX.length; job++) {
      for (let k = 0; k < MIX[job]; k++) {
        const town = i % TOWNS;
        const a = new Agent(job, town, job == MERCHANT ? MERCHANT_WEALTH : WORKER_COINS, 0.8 + 0.4 * this.rng.next());
        if (job == MERCHANT) {
          const s = new SimStall(town, i);
          a.stall = this.stalls.length;
          this.stalls.push(s);
          this.towns[town].push(s);
        }
        this.agents.push(a);
        i++;
      }
    }
  }

  /** Mean ask / base over every stall and good. */
  priceIndex(): f64 {
    let sum: f64 = 0;
    for (let i = 0; i < this.stalls.length; i++) for (let g = 0; g < 4; g++) sum += <f64>this.stalls[i].ask(g, this.stalls[i].stock[g]) / BASE[g];
    return sum / <f64>(this.stalls.length * 4);
  }

  /** One game day of the live market's relaxation (market.ts catchUp / catchUpWealth with days = 1). */
  catchUp(): void {
    const restock = 1 - Math.exp(-1 / this.rules.restockDays);
    const forget = Math.exp(-1 / this.rules.demandDays);
    for (let i = 0; i < this.stalls.length; i++) {
      const s = this.stalls[i];
      for (let g = 0; g < 4; g++) {
        s.stock[g] += <i32>Math.round(<f64>(TARGET[g] - s.stock[g]) * restock);
        s.demand[g] = <f64>TARGET[g] + (s.demand[g] - <f64>TARGET[g]) * forget;
      }
      const m = this.agents[s.owner];
      m.coins += <i32>Math.round(<f64>(MERCHANT_WEALTH - m.coins) * restock);
    }
  }

  stallFor(a: Agent): SimStall {
    const here = this.towns[a.town];
    return here[this.rng.int(here.length)];
  }

  /** A unit of `g` sold by `a` at a merchant's bid (buyback × the ask with it shelved). */
  sell(a: Agent, g: i32): bool {
    const s = this.stallFor(a);
    const m = this.agents[s.owner];
    const bid = <i32>Math.round(<f64>s.ask(g, s.stock[g] + 1) * this.rules.buyback);
    if (bid < 1 || m.coins < bid) return false;
    m.coins -= bid;
    a.coins += bid;
    s.stock[g]++;
    this.transactions++;
    return true;
  }

  /** A unit of `g` bought by `a` at the ask; the attempt is demand (§9.3), the tax burned. */
  buy(a: Agent, g: i32): bool {
    const s = this.stallFor(a);
    s.demand[g] += 1;
    if (s.stock[g] <= 0) return false;
    const p = s.ask(g, s.stock[g]);
    if (a.coins < p) return false;
    const tax = <i32>Math.floor(<f64>p * this.rules.tax);
    a.coins -= p;
    this.agents[s.owner].coins += p - tax;
    s.stock[g]--;
    this.transactions++;
    return true;
  }

  day(): void {
    this.catchUp();
    const n = this.agents.length;
    const start = this.rng.int(n);
    for (let k = 0; k < n; k++) {
      const a = this.agents[(start + k) % n];
      if (a.job == MERCHANT) continue;
      if (a.job == CRAFTSMAN) {
        let ore = 0;
        let wood = 0;
        for (let i = 0; i < 4; i++) if (this.buy(a, ORE)) ore++;
        for (let i = 0; i < 4; i++) if (this.buy(a, WOOD)) wood++;
        const made = ore < wood ? ore : wood;
        for (let i = 0; i < made; i++) this.sell(a, TOOLS);
      } else {
        const g = PRODUCES[a.job];
        const out = <i32>Math.round(OUTPUT[a.job] * a.productivity);
        for (let i = 0; i < out; i++) this.sell(a, g);
      }
      for (let i = 0; i < 3; i++) this.buy(a, GRAIN);
    }
  }

  run(days: i32): SimResult {
    let start: f64 = this.priceIndex();
    for (let d = 0; d < days; d++) {
      if (d == WARM_UP_DAYS) start = this.priceIndex();
      this.day();
    }
    const r = new SimResult();
    r.inflation = (this.priceIndex() / start - 1) * 100;
    r.trades = (2.0 * <f64>this.transactions) / <f64>this.agents.length / <f64>days;
    const w = new Array<f64>();
    let total: f64 = 0;
    let top: f64 = 0;
    for (let i = 0; i < this.agents.length; i++) {
      const c = <f64>this.agents[i].coins;
      w.push(c);
      total += c;
      if (c > top) top = c;
    }
    w.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let weighted: f64 = 0;
    for (let i = 0; i < w.length; i++) weighted += <f64>(i + 1) * w[i];
    const n = <f64>w.length;
    r.gini = total > 0 ? (2 * weighted) / (n * total) - (n + 1) / n : 0;
    r.topShare = total > 0 ? top / total : 0;
    r.coins = <i64>total;
    return r;
  }
}

/** `@economy simulate [days] [seed]`: run it and report the §9.3 metrics (admins; nothing in the world changes). */
export function simulateCommand(cmd: Command): i32 {
  const w = cmd.words();
  if (w.length == 0 || w[0] != 'simulate') {
    reply(Message.error('Usage: @economy simulate [days] [seed]'));
    return OK;
  }
  const days = w.length > 1 ? I32.parseInt(w[1]) : 365;
  const seed = w.length > 2 ? U32.parseInt(w[2]) : 1;
  if (!(days >= 1 && days <= 3650)) {
    reply(Message.error('Days must be 1–3650.'));
    return OK;
  }
  const r = new Simulation(rules(), seed).run(days);
  const line = 'Simulated ' + days.toString() + ' days, 100 NPCs (seed ' + seed.toString() + '): ' + 'inflation ' + fixed(r.inflation) + ' %, Gini ' + fixed3(r.gini) + ', ' + fixed(r.trades) + ' trades per NPC per day, richest NPC ' + fixed(r.topShare * 100) + ' % of ' + r.coins.toString() + ' coins.';
  reply(Message.info(line));
  return OK;
}

function fixed(x: f64): string {
  return (Math.round(x * 10) / 10).toString();
}

function fixed3(x: f64): string {
  return (Math.round(x * 1000) / 1000).toString();
}
