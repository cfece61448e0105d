/**
 * Species templates and the point-buy (gameplay-rules.md 2.1), with the
 * operator's overrides from the pack config:
 *
 * - species: Human balanced; Dwarf Might +10, Endurance +15, Agility −10,
 *   Hearing +15; Elf Agility +15, Intuition +10, Might −10, Sight +20.
 * - genetic variance: each attribute ±5, uniform over −5..+5 (the stated range;
 *   the reference's "1d10 − 5" would give −4..+5 — docs/packs/character.md).
 * - point-buy: 100 points; each +1 above the baseline (species + variance)
 *   costs 1 point for +1..+10, 2 for +11..+20, 3 for +21..+30; at most +30,
 *   never below the baseline, never above 100.
 */
import { JsonValue, config, json } from '../../../sdk/assembly';
import { ATTRIBUTES } from './attributes';

export class Species {
  constructor(
    public key: string,
    public name: string,
    public description: string,
    public modifiers: i32[],
  ) {}

  modifierText(): string {
    let out = '';
    for (let i = 0; i < ATTRIBUTES.length; i++) {
      const m = this.modifiers[i];
      if (m == 0) continue;
      const a = ATTRIBUTES[i];
      out += (out.length > 0 ? ', ' : '') + a.charAt(0).toUpperCase() + a.substring(1) + ' ' + (m > 0 ? '+' : '−') + abs(m).toString();
    }
    return out.length > 0 ? out : 'no modifiers';
  }
}

function abs(n: i32): i32 {
  return n < 0 ? -n : n;
}

const DEFAULT_SPECIES = `{
  "human": { "name": "Human", "description": "Balanced and adaptable; at home anywhere.", "modifiers": {} },
  "dwarf": { "name": "Dwarf", "description": "Stocky, tireless and sharp of ear; slow to move.", "modifiers": { "might": 10, "endurance": 15, "agility": -10, "hearing": 15 } },
  "elf": { "name": "Elf", "description": "Quick, far-sighted and attuned; slight of build.", "modifiers": { "agility": 15, "intuition": 10, "might": -10, "sight": 20 } }
}`;

let speciesList: Species[] | null = null;
let baselineValue: i32 = 50;
let pointsValue: i32 = 100;
let varianceValue: i32 = 5;
let tierSizeValue: i32 = 10;
let tierCostList: i32[] = [1, 2, 3];

/** Config is fixed for the life of the instance, so it is read once. */
function load(): void {
  if (speciesList !== null) return;
  let table = config('species');
  if (table === null || !table.isObject() || table.length == 0) table = json.parse(DEFAULT_SPECIES);
  const list = new Array<Species>();
  const keys = table!.keys();
  for (let i = 0; i < keys.length; i++) {
    const s = table!.getObject(keys[i]);
    if (s === null) continue;
    const mods = s.getObject('modifiers');
    const values = new Array<i32>(ATTRIBUTES.length);
    for (let j = 0; j < ATTRIBUTES.length; j++) values[j] = mods === null ? 0 : <i32>mods.getNumber(ATTRIBUTES[j], 0);
    const name = s.getString('name');
    const desc = s.getString('description');
    list.push(new Species(keys[i], name === null ? keys[i] : name!, desc === null ? '' : desc!, values));
  }
  speciesList = list;
  baselineValue = intConfig('baseline', 50);
  pointsValue = intConfig('points', 100);
  varianceValue = intConfig('variance', 5);
  tierSizeValue = intConfig('tierSize', 10);
  const tiers = config('tierCosts');
  let arr: JsonValue[] | null = null;
  if (tiers !== null) arr = tiers.asArray();
  if (arr !== null && arr!.length > 0) {
    const costs = new Array<i32>();
    for (let i = 0; i < arr!.length; i++) costs.push(<i32>arr![i].asNumber(1));
    tierCostList = costs;
  }
}

function intConfig(key: string, fallback: i32): i32 {
  const v = config(key);
  return v === null ? fallback : <i32>v.asNumber(<f64>fallback);
}

export function allSpecies(): Species[] {
  load();
  return speciesList!;
}

/** The species `word` names (key, name, or unique prefix of either), or null. */
export function findSpecies(word: string): Species | null {
  const w = word.trim().toLowerCase();
  const list = allSpecies();
  let found: Species | null = null;
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    if (s.key == w || s.name.toLowerCase() == w) return s;
    if (w.length > 0 && (s.key.startsWith(w) || s.name.toLowerCase().startsWith(w) || matchesAdjective(s, w))) {
      if (found !== null) return null;
      found = s;
    }
  }
  return found;
}

/** "dwarven" → dwarf, "elven" → elf: the reference names them so. */
function matchesAdjective(s: Species, w: string): bool {
  return w.endsWith('ven') && s.key.startsWith(w.substring(0, w.length - 3));
}

export function defaultSpecies(): Species {
  const list = allSpecies();
  const human = findSpecies('human');
  return human !== null ? human! : list[0];
}

export function baseline(): i32 {
  load();
  return baselineValue;
}

export function totalPoints(): i32 {
  load();
  return pointsValue;
}

export function varianceRange(): i32 {
  load();
  return varianceValue;
}

export function tierSize(): i32 {
  load();
  return tierSizeValue;
}

/** How far above the baseline point-buy may go: tiers × tier size (+30). */
export function maxAbove(): i32 {
  load();
  return tierCostList.length * tierSizeValue;
}

/** The cost of the (s+1)-th point above the baseline. */
export function costOfNext(spent: i32): i32 {
  load();
  const tier = spent / tierSizeValue;
  return tier < tierCostList.length ? tierCostList[tier] : 0;
}

/** Points that `spent` steps above the baseline cost in all. */
export function costOf(spent: i32): i32 {
  let total = 0;
  for (let s = 0; s < spent; s++) total += costOfNext(s);
  return total;
}

/** "1 point each up to +10, 2 up to +20, 3 up to +30" */
export function tierText(): string {
  load();
  let out = '';
  for (let i = 0; i < tierCostList.length; i++) {
    const c = tierCostList[i];
    out += (i > 0 ? ', ' : '') + c.toString() + (i == 0 ? (c == 1 ? ' point each' : ' points each') : '') + ' up to +' + ((i + 1) * tierSizeValue).toString();
  }
  return out;
}

export function jsonOr(v: JsonValue | null): JsonValue {
  return v === null ? JsonValue.newObject() : v;
}
