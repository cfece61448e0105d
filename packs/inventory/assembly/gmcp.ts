/**
 * GMCP Char.Items.* (the IRE shape Mudlet and TinTin++ scripts read) for the
 * actor's own view: `location` is "inv" (carried) or "room" (on the floor where
 * the actor stands); each item is {id, name}.
 *   Char.Items.List   {location, items: [item…]}   on `inventory`
 *   Char.Items.Add    {location, item}              something arrived there
 *   Char.Items.Remove {location, item}              something left
 *   Char.Items.Update {location, item}              a stack's count changed
 */
import { JsonArr, JsonObj, gmcp } from '../../../sdk/assembly';
import { Item } from './items';

function itemJson(item: Item, count: i32): JsonObj {
  return new JsonObj().set('id', item.id).set('name', count > 1 ? item.name + ' (x' + count.toString() + ')' : item.name);
}

export function itemsList(to: string, location: string, items: Item[]): void {
  const arr = new JsonArr();
  for (let i = 0; i < items.length; i++) arr.push(itemJson(items[i], items[i].count));
  gmcp(to, 'Char.Items.List', new JsonObj().set('location', location).set('items', arr).toJson());
}

/** `what`: "Add", "Remove" or "Update". */
export function itemChanged(to: string, what: string, location: string, item: Item, count: i32): void {
  gmcp(to, 'Char.Items.' + what, new JsonObj().set('location', location).set('item', itemJson(item, count)).toJson());
}
