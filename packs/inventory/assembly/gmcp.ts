/**
 * GMCP Char.Items.* (the IRE shape Mudlet and TinTin++ scripts read): `location`
 * is "inv" (carried, told to the carrier) or "room"; each item is {id, name}.
 *   Char.Items.List   {location, items: [item…]}   on `inventory`
 *   Char.Items.Add    {location, item}              something arrived there
 *   Char.Items.Remove {location, item}              something left
 *   Char.Items.Update {location, item}              a stack's count changed
 * The room's List, Add and Remove are the rooms pack's (packs/rooms/assembly/contents.ts,
 * with IRE's `attrib`); this pack adds the room's Update, which only it sees happen.
 */
import { JsonArr, JsonObj, Query, gmcp } from '../../../sdk/assembly';
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

/** A stack on the floor of `room` changed its count in place: Update for everyone there ("t": takeable, as the rooms pack lists it). */
export function roomItemChanged(room: string, item: Item, count: i32): void {
  const json = new JsonObj().set('location', 'room').set('item', itemJson(item, count).set('attrib', 't')).toJson();
  const here = Query.contents(room, 'character', 1, '', -1);
  for (let i = 0; i < here.length; i++) gmcp(here[i].id, 'Char.Items.Update', json);
}
