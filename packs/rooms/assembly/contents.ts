/**
 * What is in a room, over GMCP, as IRE games send it (Mudlet's and TinTin++'s IRE
 * scripts read these):
 *
 *   Char.Items.List   {"location":"room","items":[{"id","name","attrib"?}…]}   on look and arriving
 *   Char.Items.Add    {"location":"room","item":{…}}                          to those in the room
 *   Char.Items.Remove {"location":"room","item":{…}}
 *   Room.Players      [{"name","fullname"}…]                                  on look and arriving
 *   Room.AddPlayer    {"name","fullname"}  /  Room.RemovePlayer "<name>"
 *
 * Things and creatures are items; the other characters are players (IRE keeps the
 * two apart). `attrib` flags, IRE's letters: "t" takeable (kind item), "m" monster
 * (kind npc), "d" dead (a corpse). Every arrival and departure is an engine event
 * (engine.entity_moved, engine.entity_created), so one subscriber here covers what
 * any pack moves or spawns: taken, dropped, given, wandering, killed, decayed.
 * Stack counts changing in place (a drop onto a stack already there) are the
 * inventory pack's Char.Items.Update. A room holding more than LISTED other
 * characters gets no Add/Remove updates: its lists are capped at LISTED, and a look
 * or an arrival sends them afresh.
 */
import { JsonArr, JsonObj, JsonValue, Query, State, gmcp, quote } from '../../../sdk/assembly';
import { isRoom } from './world';

const ITEM = 'inventory.item';
/** The lists stop here (things, creatures and people together): 100 entries are ~6 KiB of GMCP, past what a client's item window shows. */
const LISTED = 100;

/** `attrib` for an entity of `kind`, or null for kinds a client does not list (rooms, voids). */
function attribOf(kind: string): string | null {
  if (kind == 'item') return 't';
  if (kind == 'npc') return 'm';
  if (kind == 'corpse') return 'd';
  return null;
}

/** {id, name, attrib}: a stack's name carries its count as the inventory pack writes it ("… (x3)"). */
function itemJson(id: string, name: string, attrib: string): JsonObj {
  let label = name;
  const data = State.get(id, ITEM);
  if (data !== null) {
    const count = <i32>data.getNumber('count', 1);
    if (count > 1) label = name + ' (x' + count.toString() + ')';
  }
  return new JsonObj().set('id', id).set('name', label).set('attrib', attrib);
}

function playerJson(name: string): JsonObj {
  return new JsonObj().set('name', name).set('fullname', name);
}

/** Char.Items.List and Room.Players of `room` for `viewer` (not listing the viewer), from one contents query. */
export function sendRoomContents(room: string, viewer: string): void {
  const items = new JsonArr();
  const players = new JsonArr();
  const all = Query.contents(room, '', -1, viewer, LISTED);
  for (let i = 0; i < all.length; i++) {
    const e = all[i];
    if (e.kind == 'character') {
      if (e.online) players.push(playerJson(e.name));
      continue;
    }
    const attrib = attribOf(e.kind);
    if (attrib !== null) items.push(itemJson(e.id, e.name, attrib!));
  }
  gmcp(viewer, 'Char.Items.List', new JsonObj().set('location', 'room').set('items', items).toJson());
  gmcp(viewer, 'Room.Players', players.toJson());
}

/** `entity` arrived in (`arrived`) or left `room`: tell the others there. */
function tellRoom(room: string, entity: string, arrived: bool): void {
  const info = Query.entity(entity);
  if (info === null) return;
  let pkg: string;
  let json: string;
  if (info.kind == 'character') {
    pkg = arrived ? 'Room.AddPlayer' : 'Room.RemovePlayer';
    json = arrived ? playerJson(info.name).toJson() : quote(info.name);
  } else {
    const attrib = attribOf(info.kind);
    if (attrib === null) return;
    // An item without its inventory data was used up in this call: a part of a stack
    // dropped onto its kind, spawned and merged at once, never shown as arriving.
    if (!arrived && info.kind == 'item' && State.get(entity, ITEM) === null) return;
    pkg = arrived ? 'Char.Items.Add' : 'Char.Items.Remove';
    json = new JsonObj()
      .set('location', 'room')
      .set('item', itemJson(entity, info.name, attrib!))
      .toJson();
  }
  // A crowd past LISTED is not told of each coming and going: its lists stop at LISTED
  // anyway (look and arriving refresh them), and telling 500 people of each of their
  // 500 neighbours' steps made every move cost O(room) host calls and deliveries —
  // 12 ms a rooms call with 500 in a room, past the 100 ms watchdog under load.
  if (Query.count(room, 'character', 1, entity) > LISTED) return;
  const here = Query.contents(room, 'character', 1, entity, -1);
  for (let i = 0; i < here.length; i++) gmcp(here[i].id, pkg, json);
}

/** engine.entity_moved {entity, from, to}. */
export function entityMoved(payload: JsonValue): void {
  const entity = payload.getString('entity');
  if (entity === null) return;
  const from = payload.getString('from');
  const to = payload.getString('to');
  if (from !== null && isRoom(from!)) tellRoom(from!, entity!, false);
  if (to === null || !stillIn(entity!, to!)) return;
  tellRoom(to!, entity!, true);
  const info = Query.entity(entity!);
  if (info !== null && info.kind == 'character') sendRoomContents(to!, entity!);
}

/**
 * Subscribers see a call's events after it, so the state is already final: a stack
 * dropped onto one of its kind was merged and put away in the same call, and is not
 * announced as arriving (its units are the inventory pack's Update).
 */
function stillIn(entity: string, room: string): bool {
  if (!isRoom(room)) return false;
  const info = Query.entity(entity);
  return info !== null && info.location !== null && info.location! == room;
}

/** engine.entity_created {id, components}: spawned straight into a room (a corpse, a dropped part of a stack). */
export function entityCreated(payload: JsonValue): void {
  const id = payload.getString('id');
  const components = payload.get('components');
  if (id === null || components === null) return;
  const location = components!.getString('location');
  if (location !== null && stillIn(id!, location!)) tellRoom(location!, id!, true);
}

/** A character entered or left the game: the others in their room see a player come or go. */
export function presenceChanged(who: string, online: bool): void {
  const info = Query.entity(who);
  if (info === null || info.location === null || !isRoom(info.location!)) return;
  const here = Query.contents(info.location!, 'character', 1, who, -1);
  const pkg = online ? 'Room.AddPlayer' : 'Room.RemovePlayer';
  const json = online ? playerJson(info.name).toJson() : quote(info.name);
  for (let i = 0; i < here.length; i++) gmcp(here[i].id, pkg, json);
}
