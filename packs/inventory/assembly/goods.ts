/**
 * Goods requests from the trade packs (resources, crafting, economy), by event as
 * for loot (decision 0006's pattern):
 *
 *   <pack>.goods { actor, take?: [{ key, count }], give?: [template + key, count],
 *                  mend?: [{ item, durability }] }
 *
 * `take` removes units of the character's carried, unequipped stacks of that
 * template key (a sale, a recipe's ingredients); `give` spawns units into the
 * character (a purchase, a harvest, a craft's output). All of it or none: a take
 * that cannot be met fails the call, which rolls the whole command back (the
 * requester checks first, so this is a guard against a race, not the normal
 * path). What the character cannot carry is set down at their feet with a line,
 * never lost: a bought axe on the floor beats a purchase refused after the coins
 * were counted. `mend` raises a carried item's durability (a repair at a
 * station), never above the maximum (100) and never down.
 */
import { GameEvent, JsonValue, Message, OK, Query, State, fail, send } from '../../../sdk/assembly';
import { EQUIPMENT, Item, itemOf, itemsIn } from './items';
import { consume, mergeAt } from './stacks';
import { checkTemplate, spawnItem } from './seed';
import { carriedWeight, kg, maxCarry } from './carry';
import { changeDurability } from './use';

export function onGoods(event: GameEvent): i32 {
  const p = event.payload;
  const who = p.getString('actor');
  if (who === null) return fail('INVENTORY_BAD_GOODS', event.type + ': no actor');
  const actor = Query.entity(who!);
  if (actor === null) return fail('INVENTORY_BAD_GOODS', event.type + ': no such character ' + who!);
  const take = p.getArray('take');
  if (take !== null) {
    for (let i = 0; i < take.length; i++) {
      const t = take.at(i);
      if (t === null) return fail('INVENTORY_BAD_GOODS', event.type + ': take[' + i.toString() + '] is null');
      const key = t.getString('key');
      const n = <i32>t.getNumber('count', 0);
      if (key === null || n < 1) return fail('INVENTORY_BAD_GOODS', event.type + ': take[' + i.toString() + '] needs key and count ≥ 1');
      if (!takeUnits(who!, key!, n)) return fail('INVENTORY_SHORT', 'You no longer have ' + n.toString() + ' of that.');
    }
  }
  const give = p.getArray('give');
  if (give !== null) {
    for (let i = 0; i < give.length; i++) {
      const t = give.at(i);
      if (t === null) continue;
      const key = t!.getString('key');
      const problem = checkTemplate(t!);
      if (key === null || problem.length > 0) return fail('INVENTORY_BAD_GOODS', event.type + ': give[' + i.toString() + '] ' + (key === null ? 'has no key' : problem));
      const n = <i32>t!.getNumber('count', 1);
      if (!giveUnits(who!, actor.location, key!, t!, n < 1 ? 1 : n)) return fail('INVENTORY_FAILED', 'Something stops you (could not hand over ' + key! + ').');
    }
  }
  const mend = p.getArray('mend');
  if (mend !== null) {
    for (let i = 0; i < mend.length; i++) {
      const m = mend.at(i);
      if (m === null) return fail('INVENTORY_BAD_GOODS', event.type + ': mend[' + i.toString() + '] is null');
      const id = m.getString('item');
      if (id === null) return fail('INVENTORY_BAD_GOODS', event.type + ': mend[' + i.toString() + '] needs item');
      const info = Query.entity(id);
      if (info === null || info.location === null || info.location! != who) return fail('INVENTORY_SHORT', 'You no longer have that.');
      const item = itemOf(id, info.name);
      if (item === null) return fail('INVENTORY_BAD_GOODS', event.type + ': ' + id + ' is not an item');
      const to = <i32>m.getNumber('durability', 0);
      const delta = to - item.durability;
      if (delta > 0 && !changeDurability(item, delta, 'repair', who, actor.name, actor.location === null ? who : actor.location!)) return fail('INVENTORY_FAILED', 'Something stops you (could not mend it).');
    }
  }
  return OK;
}

/** Units of `key` the character carries and does not use. */
export function carriedUnits(who: string, key: string): i32 {
  const stacks = freeStacks(who, key);
  let n = 0;
  for (let i = 0; i < stacks.length; i++) n += stacks[i].count;
  return n;
}

function freeStacks(who: string, key: string): Item[] {
  const equipped = State.get(who, EQUIPMENT);
  const all = itemsIn(who);
  const out = new Array<Item>();
  for (let i = 0; i < all.length; i++) {
    const it = all[i];
    if (it.key != key) continue;
    if (equipped !== null && usedIn(equipped, it.id)) continue;
    out.push(it);
  }
  return out;
}

function usedIn(equipment: JsonValue, id: string): bool {
  const slots = equipment.keys();
  for (let i = 0; i < slots.length; i++) if (equipment.getString(slots[i]) == id) return true;
  return false;
}

function takeUnits(who: string, key: string, n: i32): bool {
  if (carriedUnits(who, key) < n) return false;
  const stacks = freeStacks(who, key);
  let left = n;
  for (let i = 0; i < stacks.length && left > 0; i++) {
    const s = stacks[i];
    if (s.count <= left) {
      left -= s.count;
      if (!consume(s)) return false;
    } else {
      s.count = s.count - left;
      left = 0;
      if (!s.save()) return false;
    }
  }
  return left == 0;
}

function giveUnits(who: string, room: string | null, key: string, t: JsonValue, n: i32): bool {
  const stack = <i32>t.getNumber('stackSize', 1);
  const unit = t.getNumber('weight', 0);
  let left = n;
  let dropped = 0;
  while (left > 0) {
    const k = left < stack ? left : stack;
    // Whatever does not fit in the pack goes to the floor (when there is one).
    const fits = room === null || carriedWeight(who) + unit * <f64>k <= maxCarry(who);
    const dest = fits ? who : room!;
    const id = spawnItem(key, t, k, dest);
    if (id === null) return false;
    const data = State.get(id!, 'inventory.item');
    if (data === null) return false;
    if (mergeAt(new Item(id!, t.getString('name')!, data!), dest) === null) return false;
    if (!fits) dropped += k;
    left -= k;
  }
  if (dropped > 0) {
    const name = t.getString('name')!;
    const label = dropped > 1 ? name + ' (x' + dropped.toString() + ')' : name;
    send(
      who,
      Message.kind('info')
        .text('You cannot carry more (' + kg(maxCarry(who)) + '): you set ')
        .styled(label, 'item')
        .text(' down at your feet.'),
    );
  }
  return true;
}
