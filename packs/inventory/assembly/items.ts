/**
 * Items and where they are (gameplay-rules 2.3).
 *
 * An item is an entity of kind "item" with the component
 *   inventory.item = { key, desc, keywords[], weight (kg per unit), stackSize,
 *                      count, durability? (0 broken … 100 pristine; absent: never wears),
 *                      properties: { type, slots[], twoHanded, skill, damageType,
 *                                    damage, armorValue, requires, use, effects } }
 * Carrying is containment: a carried item's engine `location` is the character.
 */
import { JsonValue, Query, State } from '../../../sdk/assembly';

export const ITEM = 'inventory.item';
export const EQUIPMENT = 'inventory.equipment';
export const VOID = 'inventory.void';
export const MAX_DURABILITY = 100;

export class Item {
  constructor(
    public id: string,
    public name: string,
    public data: JsonValue,
  ) {}

  /** Kilograms per unit; a negative weight (only possible by hand-edited data) counts as 0. */
  get weight(): f64 {
    const w = this.data.getNumber('weight', 0);
    return w > 0 ? w : 0;
  }

  get count(): i32 {
    const n = <i32>this.data.getNumber('count', 1);
    return n < 1 ? 1 : n;
  }

  set count(n: i32) {
    this.data.set('count', JsonValue.fromNumber(<f64>n));
  }

  get stackSize(): i32 {
    const n = <i32>this.data.getNumber('stackSize', 1);
    return n < 1 ? 1 : n;
  }

  /** What makes two stacks the same thing (the template key; the name when absent). */
  get key(): string {
    const k = this.data.getString('key');
    return k === null ? this.name : k;
  }

  get desc(): string {
    const d = this.data.getString('desc');
    return d === null ? '' : d;
  }

  get wears(): bool {
    return this.data.has('durability');
  }

  get durability(): i32 {
    const d = <i32>this.data.getNumber('durability', <f64>MAX_DURABILITY);
    return d < 0 ? 0 : d > MAX_DURABILITY ? MAX_DURABILITY : d;
  }

  set durability(d: i32) {
    this.data.set('durability', JsonValue.fromNumber(<f64>(d < 0 ? 0 : d > MAX_DURABILITY ? MAX_DURABILITY : d)));
  }

  get broken(): bool {
    return this.wears && this.durability <= 0;
  }

  get totalWeight(): f64 {
    return this.weight * <f64>this.count;
  }

  props(): JsonValue {
    const p = this.data.getObject('properties');
    return p === null ? JsonValue.newObject() : p;
  }

  /** "weapon", "armor", "tool", "food", "potion", "misc". */
  get type(): string {
    const t = this.props().getString('type');
    return t === null ? 'misc' : t;
  }

  /** Slots it may be equipped in ("ring" stands for ring1 and ring2). */
  slots(): string[] {
    const out = new Array<string>();
    const list = this.props().getArray('slots');
    if (list === null) return out;
    for (let i = 0; i < list.length; i++) {
      const s = list[i].asString();
      if (s === null) continue;
      if (s == 'ring') {
        out.push('ring1');
        out.push('ring2');
      } else out.push(s);
    }
    return out;
  }

  get twoHanded(): bool {
    return this.props().getBool('twoHanded', false);
  }

  get keywords(): string[] {
    const out = new Array<string>();
    const list = this.data.getArray('keywords');
    if (list === null) return out;
    for (let i = 0; i < list.length; i++) {
      const s = list[i].asString();
      if (s !== null) out.push(s.toLowerCase());
    }
    return out;
  }

  /** "a loaf of bread (x3)". */
  get label(): string {
    const n = this.count;
    return n > 1 ? this.name + ' (x' + n.toString() + ')' : this.name;
  }

  /** "rusty shortsword": the name without its article, for "your …" and "the …". */
  get bare(): string {
    return bareName(this.name);
  }

  save(): bool {
    return State.set(this.id, ITEM, this.data);
  }
}

export function bareName(name: string): string {
  const lower = name.toLowerCase();
  if (lower.startsWith('a ')) return name.substring(2);
  if (lower.startsWith('an ')) return name.substring(3);
  if (lower.startsWith('the ')) return name.substring(4);
  if (lower.startsWith('some ')) return name.substring(5);
  return name;
}

/** The item `id` (named `name`), or null when it is not one of this pack's items. */
export function itemOf(id: string, name: string): Item | null {
  const v = State.get(id, ITEM);
  if (v === null || !v.isObject()) return null;
  return new Item(id, name, v);
}

/** The items in a location (a room's floor, or what a character carries), in containment order. */
export function itemsIn(location: string): Item[] {
  const out = new Array<Item>();
  const contents = Query.contents(location);
  for (let i = 0; i < contents.length; i++) {
    const e = contents[i];
    if (e.kind != 'item') continue;
    const item = itemOf(e.id, e.name);
    if (item !== null) out.push(item);
  }
  return out;
}

/** Reload an item's current data (after another write in this call). */
export function reload(item: Item): Item {
  const fresh = itemOf(item.id, item.name);
  return fresh === null ? item : fresh;
}
