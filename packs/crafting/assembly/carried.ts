/**
 * What a character has for a recipe, read from the inventory pack's components:
 * ingredients are carried, unused stacks (by template key); a tool may be carried
 * or wielded, and counts only while not broken.
 */
import { JsonValue, Query, State } from '../../../sdk/assembly';
import { Recipe, toolTier } from './book';

const ITEM = 'inventory.item';
const EQUIPMENT = 'inventory.equipment';

function inUse(eq: JsonValue | null, id: string): bool {
  if (eq === null) return false;
  const slots = eq.keys();
  for (let i = 0; i < slots.length; i++) if (eq.getString(slots[i]) == id) return true;
  return false;
}

/** Units of `key` carried and not wielded or worn. */
export function unitsOf(who: string, key: string): i32 {
  const eq = State.get(who, EQUIPMENT);
  const here = Query.contents(who, 'item');
  let n = 0;
  for (let i = 0; i < here.length; i++) {
    const data = State.get(here[i].id, ITEM);
    if (data === null || data.getString('key') != key || inUse(eq, here[i].id)) continue;
    n += <i32>data.getNumber('count', 1);
  }
  return n;
}

/** The best tier among the unbroken tools of `kind` carried ("" when none). */
export function bestTool(who: string, kind: string): string {
  const here = Query.contents(who, 'item');
  let best = '';
  for (let i = 0; i < here.length; i++) {
    const data = State.get(here[i].id, ITEM);
    if (data === null) continue;
    if (data.has('durability') && data.getNumber('durability', 100) <= 0) continue;
    const key = data.getString('key');
    if (key === null) continue;
    const tier = toolTier(key, kind);
    if (tier.length > 0 && rank(tier) > rank(best)) best = tier;
  }
  return best;
}

export function rank(tier: string): i32 {
  if (tier == 'basic') return 1;
  if (tier == 'good') return 2;
  if (tier == 'excellent') return 3;
  return 0;
}

export class Need {
  constructor(
    public key: string,
    public count: i32,
  ) {}
}

/**
 * Pick, for each ingredient, the first of the item and its substitutes the
 * character has enough of. Returns the picks, or null with `missing` set to the
 * first ingredient they lack.
 */
export class Picked {
  constructor(
    public take: Need[],
    public missing: Need | null,
  ) {}
}

export function pickIngredients(who: string, r: Recipe): Picked {
  const take = new Array<Need>();
  const list = r.ingredients();
  for (let i = 0; i < list.length; i++) {
    const ing = list[i];
    const key = ing.getString('item');
    const n = <i32>ing.getNumber('count', 1);
    if (key === null) continue;
    let chosen: string | null = unitsOf(who, key) >= n ? key : null;
    const subs = ing.getArray('substitutes');
    if (chosen === null && subs !== null) {
      for (let j = 0; j < subs.length && chosen === null; j++) {
        const s = subs[j].asString();
        if (s !== null && unitsOf(who, s) >= n) chosen = s;
      }
    }
    if (chosen === null) return new Picked(take, new Need(key, n));
    take.push(new Need(chosen!, n));
  }
  return new Picked(take, null);
}
