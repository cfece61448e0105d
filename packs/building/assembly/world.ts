/**
 * The components building reads and writes, and finding things by what a builder types.
 *
 *   rooms.desc, rooms.exits   the rooms pack's (declared "buildable"; written through the build grant)
 *   inventory.item            the inventory pack's: a created object's weight, count and description
 *   building.undo             on a builder: their last changes, newest last (undo.ts)
 *
 * A target is "here", "me", "#<entity id>", something in the room by name, or a
 * room anywhere by name (exact, ignoring case; then a unique beginning).
 */
import { JsonValue, Query, State } from '../../../sdk/assembly';

export const DESC = 'rooms.desc';
export const EXITS = 'rooms.exits';
export const START = 'rooms.start';
export const ITEM = 'inventory.item';

/** The standard directions and their abbreviations: "n" is stored as "north", as rooms' world.json does. */
const FULL: string[] = ['north', 'northeast', 'east', 'southeast', 'south', 'southwest', 'west', 'northwest', 'up', 'down'];
const SHORT: string[] = ['n', 'ne', 'e', 'se', 's', 'sw', 'w', 'nw', 'u', 'd'];

export function canonicalExit(name: string): string {
  const lower = name.trim().toLowerCase();
  for (let i = 0; i < FULL.length; i++) if (FULL[i] == lower || SHORT[i] == lower) return FULL[i];
  return lower;
}

export function isRoom(id: string): bool {
  return State.get(id, EXITS) !== null;
}

/** A room's exits (a copy to change and write back). */
export function exitsOf(room: string): JsonValue {
  const v = State.get(room, EXITS);
  return v !== null && v.isObject() ? v : JsonValue.newObject();
}

/** The start room's id, or null before the world is seeded. */
export function startRoom(): string | null {
  const holders = Query.withComponent(START);
  return holders.length == 0 ? null : State.getString(holders[0], START);
}

/** A room by "here", "#id" or name. */
export function findRoom(word: string, here: string | null): string | null {
  const w = word.trim();
  if (w.toLowerCase() == 'here') return here;
  if (w.startsWith('#')) {
    const id = w.substring(1);
    return isRoom(id) ? id : null;
  }
  return byName(Query.withComponent(EXITS), w);
}

/** Anything a builder may name: here, me, #id, something in the room, a room anywhere. */
export function findTarget(word: string, actor: string, here: string | null): string | null {
  const w = word.trim();
  const lower = w.toLowerCase();
  if (lower == 'me' || lower == 'self') return actor;
  if (lower == 'here') return here;
  if (w.startsWith('#')) {
    const id = w.substring(1);
    return Query.entity(id) === null ? null : id;
  }
  if (here !== null) {
    const inRoom = Query.contents(here);
    const ids: string[] = [];
    for (let i = 0; i < inRoom.length; i++) ids.push(inRoom[i].id);
    const found = byName(ids, w);
    if (found !== null) return found;
  }
  return byName(Query.withComponent(EXITS), w);
}

/** Of `ids`, the one whose name is `name` (ignoring case), else the one whose name or one of its words starts with it ("lantern" for "brass lantern"); null if none or several. */
function byName(ids: string[], name: string): string | null {
  const wanted = name.toLowerCase();
  if (wanted.length == 0) return null;
  let prefix: string | null = null;
  let prefixes = 0;
  for (let i = 0; i < ids.length; i++) {
    const info = Query.entity(ids[i]);
    if (info === null) continue;
    const n = info.name.toLowerCase();
    if (n == wanted) return ids[i];
    if (n.startsWith(wanted) || n.includes(' ' + wanted)) {
      prefix = ids[i];
      prefixes++;
    }
  }
  return prefixes == 1 ? prefix : null;
}

/** Null for an entity this pack made; else who did ("the rooms pack", "the engine"). */
export function notBuilt(id: string): string | null {
  const comps = Query.components(id);
  const spawner = comps !== null ? comps.getString('spawner') : null;
  if (spawner === null) return 'the engine';
  const by: string = spawner;
  return by == 'building' ? null : 'the ' + by + ' pack';
}

/** "Emberford Square (#01J…)": how building names what it changed. */
export function label(id: string): string {
  const info = Query.entity(id);
  return (info === null ? 'something' : info.name) + ' (#' + id + ')';
}
