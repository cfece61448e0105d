/**
 * The economy's numbers, from world.json's "rules" (kept on the bank entity as
 * economy.rules so a running world keeps the numbers it was seeded with).
 * Defaults and why:
 *   starterCoins 20  — a new player can buy a loaf and a tool before earning
 *   buyback 0.6      — §9.3: slow movers go to wholesale "at 60% value"
 *   tax 0.05         — §9.3: "taxes 5% of transactions" (a currency sink)
 *   restockDays 1    — §9.3 restocks daily: stock relaxes toward its target with
 *                      a one-game-day time constant (63% of the gap a day)
 *   demandDays 3     — a demand belief forgets a rush over a few days, so a price
 *                      answers a shock and recovers within the 7-day window §9.3 analyses
 */
import { JsonValue, Query, State } from '../../../sdk/assembly';

export const RULES = 'economy.rules';

export class Rules {
  constructor(
    public starterCoins: i32,
    public buyback: f64,
    public tax: f64,
    public restockDays: f64,
    public demandDays: f64,
    public traderCoins: i32 = 60,
    public travelCost: i32 = 1,
    public cargoKg: f64 = 40,
    public minMargin: f64 = 0.2,
  ) {}

  static from(v: JsonValue | null): Rules {
    if (v === null || !v.isObject()) return new Rules(20, 0.6, 0.05, 1, 3);
    return new Rules(<i32>v.getNumber('starterCoins', 20), v.getNumber('buyback', 0.6), v.getNumber('tax', 0.05), v.getNumber('restockDays', 1), v.getNumber('demandDays', 3), <i32>v.getNumber('traderCoins', 60), <i32>v.getNumber('travelCost', 1), v.getNumber('cargoKg', 40), v.getNumber('minMargin', 0.2));
  }
}

let bankId: string | null = null;

/** The bank entity (ledger, rules, catalogue), made by the seed. */
export function bank(): string | null {
  if (bankId !== null && State.get(bankId!, RULES) !== null) return bankId;
  const holders = Query.withComponent(RULES);
  bankId = holders.length > 0 ? holders[0] : null;
  return bankId;
}

export function rules(): Rules {
  const b = bank();
  return Rules.from(b === null ? null : State.get(b!, RULES));
}
