/**
 * Moving units of items between places: whole stacks move, part of a stack is
 * split off into a new entity, and arriving units top up a matching stack at
 * the destination (same key, same durability) up to its stackSize — never
 * beyond, so a stack cannot overflow.
 *
 * The host ABI has no way to delete an entity, so a stack that is used up
 * (eaten, merged away) is moved into one "void" entity and loses its
 * inventory.item component: it is then nowhere any command looks.
 */
import { JsonObj, JsonValue, Query, State } from '../../../sdk/assembly';
import { EQUIPMENT, ITEM, Item, VOID, itemsIn } from './items';

/** The void entity (made on first use when the seed did not make it). */
export function voidEntity(): string | null {
  const holders = Query.withComponent(VOID);
  if (holders.length > 0) return holders[0];
  return State.spawn(new JsonObj().set('name', 'inventory: used-up items').set('kind', 'void').set(VOID, true));
}

/** Take an item out of the world: into the void, without its item component. */
export function consume(item: Item): bool {
  const v = voidEntity();
  if (v === null) return false;
  if (!State.move(item.id, v)) return false;
  return State.del(item.id, ITEM);
}

function copyData(data: JsonValue): JsonValue {
  // JsonValues are shared by reference: copy the top level, which is all a
  // split changes (count); nested values are never mutated in place.
  const keys = data.keys();
  const out = JsonValue.newObject();
  for (let i = 0; i < keys.length; i++) out.set(keys[i], data.get(keys[i])!);
  return out;
}

/**
 * Move `n` units of `item` to `dest`. Returns the entity that now holds them at
 * `dest` (the item itself, a split-off stack, or the stack they merged into), or
 * null when the host refused an effect (the caller fails the command).
 */
export function moveUnits(item: Item, n: i32, dest: string): Item | null {
  let moved: Item;
  if (n >= item.count) {
    if (!State.move(item.id, dest)) return null;
    moved = item;
  } else {
    item.count = item.count - n;
    if (!item.save()) return null;
    const data = copyData(item.data);
    data.set('count', JsonValue.fromNumber(<f64>n));
    const id = State.spawn(new JsonObj().set('name', item.name).set('kind', 'item').set('location', dest).set(ITEM, data));
    if (id === null) return null;
    moved = new Item(id, item.name, data);
  }
  return mergeAt(moved, dest);
}

function sameThing(a: Item, b: Item): bool {
  return a.id != b.id && a.key == b.key && a.stackSize > 1 && b.stackSize == a.stackSize && a.wears == b.wears && a.durability == b.durability;
}

/** Top up stacks of the same thing at `dest` with `moved`'s units; returns where the units ended. */
function mergeAt(moved: Item, dest: string): Item | null {
  if (moved.stackSize <= 1) return moved;
  const equipped = State.get(dest, EQUIPMENT);
  const here = itemsIn(dest);
  for (let i = 0; i < here.length && moved.count > 0; i++) {
    const other = here[i];
    if (!sameThing(moved, other)) continue;
    if (equipped !== null && isEquipped(equipped, other.id)) continue;
    const room = other.stackSize - other.count;
    if (room <= 0) continue;
    const n = room < moved.count ? room : moved.count;
    other.count = other.count + n;
    if (!other.save()) return null;
    if (n == moved.count) {
      if (!consume(moved)) return null;
      return other;
    }
    moved.count = moved.count - n;
    if (!moved.save()) return null;
  }
  return moved;
}

function isEquipped(equipment: JsonValue, id: string): bool {
  const slots = equipment.keys();
  for (let i = 0; i < slots.length; i++) if (equipment.getString(slots[i]) == id) return true;
  return false;
}
