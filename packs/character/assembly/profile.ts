/**
 * A character's creation record (`character.profile`): species, the genetic
 * variance rolled once at creation, the points bought per attribute, and
 * whether creation is complete. The attributes themselves live in
 * `character.attributes`, which other packs read.
 *
 *   value = min(100, baseline(species, variance) + bought)
 *   baseline = clamp(50 + species modifier + variance, 1, 100)
 */
import { JsonObj, JsonValue, State, randInt } from '../../../sdk/assembly';
import { ATTRIBUTES, MAX_VALUE, attributesJson, clamp, derivedJson } from './attributes';
import { Species, baseline, costOf, defaultSpecies, findSpecies, maxAbove, totalPoints, varianceRange } from './rules';

export const PROFILE = 'character.profile';
export const ATTRS = 'character.attributes';
export const DERIVED_C = 'character.derived';

export class Profile {
  species: string = 'human';
  complete: bool = false;
  /** "generation" (point-buy) or "inhabitance" (an NPC's life); "" while unfinished. */
  via: string = '';
  variance: i32[] = new Array<i32>(ATTRIBUTES.length);
  bought: i32[] = new Array<i32>(ATTRIBUTES.length);
  /** The player typed confirm with points left, and was asked to confirm again. */
  confirming: bool = false;

  static parse(v: JsonValue | null): Profile | null {
    if (v === null || !v.isObject()) return null;
    const p = new Profile();
    const s = v.getString('species');
    p.species = s === null ? 'human' : s!;
    p.complete = v.getBool('complete', false);
    const via = v.getString('via');
    p.via = via === null ? '' : via!;
    p.confirming = v.getBool('confirming', false);
    const variance = v.getObject('variance');
    const bought = v.getObject('bought');
    for (let i = 0; i < ATTRIBUTES.length; i++) {
      p.variance[i] = variance === null ? 0 : <i32>variance.getNumber(ATTRIBUTES[i], 0);
      p.bought[i] = bought === null ? 0 : <i32>bought.getNumber(ATTRIBUTES[i], 0);
    }
    return p;
  }

  /** A new character: Human until they choose, variance rolled now (seeded host randomness). */
  static roll(): Profile {
    const p = new Profile();
    p.species = defaultSpecies().key;
    const r = varianceRange();
    for (let i = 0; i < ATTRIBUTES.length; i++) {
      p.variance[i] = randInt(2 * r + 1) - r;
      p.bought[i] = 0;
    }
    return p;
  }

  toJson(): string {
    return new JsonObj().set('species', this.species).set('complete', this.complete).set('via', this.via).set('variance', attributesJson(this.variance)).set('bought', attributesJson(this.bought)).set('confirming', this.confirming).toJson();
  }

  speciesInfo(): Species {
    const s = findSpecies(this.species);
    return s === null ? defaultSpecies() : s!;
  }

  /** The value before any point is bought. */
  base(i: i32): i32 {
    return clamp(baseline() + this.speciesInfo().modifiers[i] + this.variance[i]);
  }

  /** How many points may be bought in attribute i (≤ +30, never past 100). */
  maxBuy(i: i32): i32 {
    const room = MAX_VALUE - this.base(i);
    const cap = maxAbove();
    return room < cap ? (room < 0 ? 0 : room) : cap;
  }

  values(): i32[] {
    const out = new Array<i32>(ATTRIBUTES.length);
    for (let i = 0; i < ATTRIBUTES.length; i++) out[i] = this.base(i) + this.bought[i];
    return out;
  }

  spent(): i32 {
    let total = 0;
    for (let i = 0; i < ATTRIBUTES.length; i++) total += costOf(this.bought[i]);
    return total;
  }

  pointsLeft(): i32 {
    return totalPoints() - this.spent();
  }

  /** After a species change: give back what no longer fits under the caps. */
  fitToCaps(): void {
    for (let i = 0; i < ATTRIBUTES.length; i++) {
      const m = this.maxBuy(i);
      if (this.bought[i] > m) this.bought[i] = m;
    }
  }
}

export function readProfile(id: string): Profile | null {
  return Profile.parse(State.get(id, PROFILE));
}

/** Write the profile and, while creating, the attributes and derived values it implies. */
export function saveDraft(id: string, p: Profile): bool {
  if (!State.set(id, PROFILE, p)) return false;
  const values = p.values();
  if (!State.set(id, ATTRS, attributesJson(values))) return false;
  return State.set(id, DERIVED_C, derivedJson(values));
}
