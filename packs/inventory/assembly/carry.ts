/**
 * Carry weight (gameplay-rules 2.3): MaxCarryWeight = Might × 5 kg.
 *
 * The reference writes "Strength 5 kg": the multiplication sign was lost, and
 * Strength is not one of the 2.1 attributes — Might is. Might comes from the
 * character pack's `character.attributes` when it is enabled; otherwise from
 * the config variable `defaultMight` (50, the middle of the 1–100 scale), so a
 * world without the character pack carries 250 kg. `carryKgPerMight` tunes the 5.
 */
import { State, config } from '../../../sdk/assembly';
import { itemsIn } from './items';

export const ATTRIBUTES = 'character.attributes';

let kgPerMight: f64 = -1;
let defaultMight: f64 = -1;

function settingsLoaded(): void {
  if (kgPerMight >= 0) return;
  const k = config('carryKgPerMight');
  kgPerMight = k === null ? 5 : k.asNumber(5);
  const m = config('defaultMight');
  defaultMight = m === null ? 50 : m.asNumber(50);
}

export function mightOf(who: string): f64 {
  settingsLoaded();
  const attrs = State.get(who, ATTRIBUTES);
  if (attrs === null || !attrs.isObject()) return defaultMight;
  const v = attrs.getNumber('might', -1);
  return v < 0 ? defaultMight : v;
}

export function maxCarry(who: string): f64 {
  settingsLoaded();
  return mightOf(who) * kgPerMight;
}

export function carriedWeight(who: string): f64 {
  const items = itemsIn(who);
  let sum: f64 = 0;
  for (let i = 0; i < items.length; i++) sum += items[i].totalWeight;
  return sum;
}

/** "2.5 kg", "250 kg", "0.25 kg" → "0.3 kg" (one decimal, trailing .0 dropped). */
export function kg(x: f64): string {
  const tenths = <i64>Math.round(x * 10);
  const whole = tenths / 10;
  const frac = tenths % 10;
  return whole.toString() + (frac == 0 ? '' : '.' + frac.toString()) + ' kg';
}
