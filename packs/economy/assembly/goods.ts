/**
 * Goods: the item templates merchants deal in (economy.catalogue on the bank,
 * from world.json, in the inventory pack's template format), what a character
 * carries (read from inventory.item / inventory.equipment), and asking the
 * inventory pack to hand units over or take them (economy.goods, same transaction).
 */
import { Events, JsonArr, JsonObj, JsonValue, Query, State } from '../../../sdk/assembly';
import { bank } from './rules';

export const CATALOGUE = 'economy.catalogue';
const ITEM = 'inventory.item';
const EQUIPMENT = 'inventory.equipment';

// The catalogue is written once, by the seed, and never changes: it is read
// (and parsed) once per instance rather than once per name shown.
let catalogue: JsonValue | null = null;

export function template(key: string): JsonValue | null {
  if (catalogue === null) {
    const b = bank();
    if (b === null) return null;
    catalogue = State.get(b!, CATALOGUE);
    if (catalogue === null) return null;
  }
  return catalogue!.getObject(key);
}

export function nameOf(key: string): string {
  const t = template(key);
  if (t === null) return key;
  const n = t.getString('name');
  return n === null ? key : n;
}

/** "a stone axe", 3 → "3 × a stone axe"; 1 → "a stone axe". */
export function label(key: string, n: i32): string {
  return n == 1 ? nameOf(key) : n.toString() + ' × ' + nameOf(key);
}

function words(s: string): string[] {
  const out = new Array<string>();
  const parts = s.toLowerCase().split(' ');
  for (let i = 0; i < parts.length; i++) if (parts[i].length > 0) out.push(parts[i]);
  return out;
}

const ARTICLES = ['a', 'an', 'the', 'some', 'my'];

/** Every typed word starts a word of the name or a keyword (a plural s forgiven). */
export function matches(query: string, name: string, keywords: JsonValue | null): bool {
  const q = words(query);
  const have = words(name.split('-').join(' '));
  if (keywords !== null && keywords.isArray()) {
    const kw = keywords;
    for (let i = 0; i < kw.length; i++) {
      const k = kw.at(i);
      if (k === null) continue;
      const s = k.asString();
      if (s !== null) have.push(s.toLowerCase());
    }
  }
  let used = 0;
  for (let i = 0; i < q.length; i++) {
    const w = q[i];
    if (ARTICLES.includes(w)) continue;
    used++;
    let found = false;
    for (let j = 0; j < have.length && !found; j++) {
      if (have[j].startsWith(w)) found = true;
      else if (w.length > 3 && w.endsWith('s') && have[j].startsWith(w.substring(0, w.length - 1))) found = true;
    }
    if (!found) return false;
  }
  return used > 0;
}

export function templateMatches(query: string, key: string): bool {
  const t = template(key);
  if (t === null) return matches(query, key, null);
  return matches(query, t!.getString('name')!, t!.get('keywords')) || matches(query, key, null);
}

export class Carried {
  constructor(
    public key: string,
    public name: string,
    public count: i32,
  ) {}
}

/** What a character carries and does not use, one entry per template key (stacks added up). */
export function carried(who: string): Carried[] {
  const out = new Array<Carried>();
  const eq = State.get(who, EQUIPMENT);
  const contents = Query.contents(who, 'item');
  for (let i = 0; i < contents.length; i++) {
    const e = contents[i];
    const data = State.get(e.id, ITEM);
    if (data === null || !data.isObject()) continue;
    if (eq !== null && inUse(eq!, e.id)) continue;
    const k = data.getString('key');
    const key = k === null ? e.name : k!;
    const n = <i32>data.getNumber('count', 1);
    let found = false;
    for (let j = 0; j < out.length && !found; j++)
      if (out[j].key == key) {
        out[j].count += n;
        found = true;
      }
    if (!found) out.push(new Carried(key, e.name, n));
  }
  return out;
}

function inUse(eq: JsonValue, id: string): bool {
  const slots = eq.keys();
  for (let i = 0; i < slots.length; i++) if (eq.getString(slots[i]) == id) return true;
  return false;
}

/** The first carried thing the words name (by its item name, keywords or key). */
export function findCarried(who: string, query: string): Carried | null {
  const all = carried(who);
  for (let i = 0; i < all.length; i++) {
    const t = template(all[i].key);
    if (matches(query, all[i].name, t === null ? null : t!.get('keywords')) || matches(query, all[i].key, null)) return all[i];
  }
  return null;
}

/** Ask the inventory pack to hand `n` units of `key` to `who`. */
export function deliver(who: string, key: string, n: i32): bool {
  const t = template(key);
  if (t === null) return false;
  return deliverTemplate(who, key, t, n);
}

/** The template of a stack `who` carries (its name and item data), for handing the same thing to someone else. */
export function templateOfCarried(who: string, key: string): JsonValue | null {
  const contents = Query.contents(who, 'item');
  for (let i = 0; i < contents.length; i++) {
    const data = State.get(contents[i].id, ITEM);
    if (data === null || data.getString('key') != key) continue;
    const t = JsonValue.newObject();
    const fields = data.keys();
    for (let j = 0; j < fields.length; j++) if (fields[j] != 'count') t.set(fields[j], data.get(fields[j])!);
    t.set('name', JsonValue.fromString(contents[i].name));
    return t;
  }
  return null;
}

export function deliverTemplate(who: string, key: string, t: JsonValue, n: i32): bool {
  const item = JsonValue.newObject();
  const fields = t!.keys();
  for (let i = 0; i < fields.length; i++) item.set(fields[i], t!.get(fields[i])!);
  item.set('key', JsonValue.fromString(key));
  item.set('count', JsonValue.fromNumber(<f64>n));
  const give = JsonValue.newArray();
  give.push(item);
  return Events.emit('economy.goods', 'char:' + who, new JsonObj().set('actor', who).set('give', give));
}

/** Ask the inventory pack to take `n` units of `key` from `who`. */
export function collect(who: string, key: string, n: i32): bool {
  return Events.emit('economy.goods', 'char:' + who, new JsonObj().set('actor', who).set('take', new JsonArr().push(new JsonObj().set('key', key).set('count', n))));
}
