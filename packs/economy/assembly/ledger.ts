/**
 * Purses and the books. Coins are a balance (economy.purse, an integer on each
 * character and merchant), not items: see docs/packs/economy.md for why.
 * Every coin and every unit of goods this pack makes or unmakes is written to
 * economy.ledger on the bank entity, by source:
 *   { minted: { starter, wholesale }, burned: { tax, wholesale },
 *     made: { "<key>": n }, unmade: { "<key>": n } }
 * so Σ purses = Σ minted − Σ burned at every commit (the property test checks it).
 */
import { JsonValue, State } from '../../../sdk/assembly';
import { bank, rules } from './rules';

export const PURSE = 'economy.purse';
export const LEDGER = 'economy.ledger';

export function hasPurse(who: string): bool {
  return State.get(who, PURSE) !== null;
}

export function coinsOf(who: string): i32 {
  const v = State.get(who, PURSE);
  return v === null ? 0 : <i32>v.asNumber(0);
}

export function setCoins(who: string, n: i32): bool {
  return State.set(who, PURSE, JsonValue.fromNumber(<f64>n));
}

/** A character's first coins: the starter purse, minted once (on their first economy command). */
export function openPurse(who: string): bool {
  if (hasPurse(who)) return true;
  const n = rules().starterCoins;
  return setCoins(who, n) && book('minted', 'starter', n);
}

/** Add `n` to ledger[section][key]. */
export function book(section: string, key: string, n: i32): bool {
  if (n == 0) return true;
  const b = bank();
  if (b === null) return false;
  let l = State.get(b!, LEDGER);
  if (l === null || !l.isObject()) l = JsonValue.newObject();
  let s = l!.getObject(section);
  if (s === null) {
    s = JsonValue.newObject();
    l!.set(section, s!);
  }
  s!.set(key, JsonValue.fromNumber(s!.getNumber(key, 0) + <f64>n));
  return State.set(b!, LEDGER, l!);
}
