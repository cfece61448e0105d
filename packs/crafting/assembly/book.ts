/**
 * The recipe book and the workshop's fixtures, kept on the pack's config entity:
 *   crafting.recipes   { "<key>": { name, category, ingredients: [{ item, count, substitutes? }],
 *                        tool?: { kind }, station?, skill, minSkill, minutes, successRate,
 *                        output: { item, count }, byproducts? } }
 *   crafting.catalogue { "<item key>": template }   (the inventory pack's format)
 *   crafting.tools     { "<item key>": { kind, tier } }
 * Stations are entities of kind "station" in rooms with crafting.station { type, tier }.
 */
import { JsonValue, Query, State } from '../../../sdk/assembly';

export const RECIPES = 'crafting.recipes';
export const CATALOGUE = 'crafting.catalogue';
export const TOOLS = 'crafting.tools';
export const STATION = 'crafting.station';

let configId: string | null = null;

export function configEntity(): string | null {
  if (configId !== null) return configId;
  const holders = Query.withComponent(RECIPES);
  configId = holders.length > 0 ? holders[0] : null;
  return configId;
}

// The book is written once, by the seed, and never changes: each part is read
// (and parsed: ~6 KB of JSON) once per instance, not once per name shown. A
// `recipes` list named items ~40 times and took 32 ms before this cache.
const cache = new Map<string, JsonValue>();

function part(key: string): JsonValue | null {
  if (cache.has(key)) return cache.get(key);
  const c = configEntity();
  if (c === null) return null;
  const v = State.get(c, key);
  if (v !== null) cache.set(key, v);
  return v;
}

export class Recipe {
  constructor(
    public key: string,
    public data: JsonValue,
  ) {}
  get name(): string {
    const n = this.data.getString('name');
    return n === null ? this.key : n;
  }
  get skill(): string {
    const s = this.data.getString('skill');
    return s === null ? 'survival' : s;
  }
  get minSkill(): f64 {
    return this.data.getNumber('minSkill', 0);
  }
  get minutes(): f64 {
    return this.data.getNumber('minutes', 5);
  }
  get station(): string {
    const s = this.data.getString('station');
    return s === null ? '' : s;
  }
  get toolKind(): string {
    const t = this.data.getObject('tool');
    if (t === null) return '';
    const k = t.getString('kind');
    return k === null ? '' : k;
  }
  get successRate(): f64 {
    return this.data.getNumber('successRate', 0.9);
  }
  get outputItem(): string {
    const o = this.data.getObject('output');
    if (o === null) return '';
    const i = o.getString('item');
    return i === null ? '' : i;
  }
  get outputCount(): i32 {
    const o = this.data.getObject('output');
    return o === null ? 1 : <i32>o.getNumber('count', 1);
  }
  ingredients(): JsonValue[] {
    const out = new Array<JsonValue>();
    const list = this.data.getArray('ingredients');
    if (list === null) return out;
    for (let i = 0; i < list.length; i++) out.push(list[i]);
    return out;
  }
}

export function recipes(): Recipe[] {
  const out = new Array<Recipe>();
  const all = part(RECIPES);
  if (all === null) return out;
  const keys = all.keys();
  for (let i = 0; i < keys.length; i++) {
    const r = all.getObject(keys[i]);
    if (r !== null) out.push(new Recipe(keys[i], r));
  }
  return out;
}

export function recipe(key: string): Recipe | null {
  const all = part(RECIPES);
  if (all === null) return null;
  const r = all.getObject(key);
  return r === null ? null : new Recipe(key, r);
}

export function template(key: string): JsonValue | null {
  const c = part(CATALOGUE);
  return c === null ? null : c.getObject(key);
}

export function itemName(key: string): string {
  const t = template(key);
  if (t === null) return key;
  const n = t.getString('name');
  return n === null ? key : n;
}

/** The tier ("basic", "good", "excellent") of item `key` as a tool of `kind`, or "". */
export function toolTier(key: string, kind: string): string {
  const tools = part(TOOLS);
  if (tools === null) return '';
  const t = tools.getObject(key);
  if (t === null || t.getString('kind') != kind) return '';
  const tier = t.getString('tier');
  return tier === null ? 'basic' : tier;
}

/** The tier of a station of `type` in `room`, 0 when there is none. */
export function stationTier(room: string, type: string): i32 {
  const here = Query.contents(room, 'station');
  let best = 0;
  for (let i = 0; i < here.length; i++) {
    const s = State.get(here[i].id, STATION);
    if (s === null || s.getString('type') != type) continue;
    const t = <i32>s.getNumber('tier', 1);
    if (t > best) best = t;
  }
  return best;
}

/** The first station in `room` (any type): what a repair needs. */
export function anyStation(room: string): string {
  const here = Query.contents(room, 'station');
  for (let i = 0; i < here.length; i++) {
    const s = State.get(here[i].id, STATION);
    if (s === null) continue;
    const t = s.getString('type');
    if (t !== null) return t;
  }
  return '';
}
