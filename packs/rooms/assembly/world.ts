/**
 * Where rooms keep their state, and finding the start room.
 *
 * Components (all owned by this pack):
 *   rooms.desc   string   the room description
 *   rooms.exits  object   exit name → room entity id
 *   rooms.key    string   the room's key in world.json (stable across worlds)
 *   rooms.area   string   the area's name (GMCP Room.Info)
 *   rooms.environment string  what kind of place (GMCP Room.Info), optional
 *   rooms.coords {x,y,z}     map position (GMCP Room.Info), optional
 *   rooms.start  string   on one config entity: the start room's id
 *   rooms.details object  on a room: feature name(s) → what `look <feature>` shows
 *                         ("fountain, basin": several names for one feature)
 *   rooms.desc   string   on a character too: what others see with `look <name>` (`@desc me`)
 *   rooms.following object on a character: { leader } while following someone
 *   rooms.brief  bool     on a character: walking shows the room's title and exits only
 */
import { State, Query, JsonValue } from '../../../sdk/assembly';

export const DESC = 'rooms.desc';
export const EXITS = 'rooms.exits';
export const KEY = 'rooms.key';
export const AREA = 'rooms.area';
/** What kind of place (GMCP Room.Info `environment`): "urban", "indoors", "road", "river", … */
export const ENVIRONMENT = 'rooms.environment';
/** Map position {x, y, z} in room steps (GMCP Room.Info `coords`), where the world file gives one. */
export const COORDS = 'rooms.coords';
export const START = 'rooms.start';
export const DETAILS = 'rooms.details';
export const FOLLOWING = 'rooms.following';
export const BRIEF = 'rooms.brief';

/** The start room's id, or null before the world is seeded. */
export function startRoom(): string | null {
  const holders = Query.withComponent(START);
  if (holders.length == 0) return null;
  return State.getString(holders[0], START);
}

/** A room's exits (an object, possibly empty). */
export function exitsOf(room: string): JsonValue {
  const v = State.get(room, EXITS);
  return v !== null && v.isObject() ? v : JsonValue.newObject();
}

/** Whether `id` is a room this pack made (a place a character can stand). */
export function isRoom(id: string): bool {
  return State.get(id, EXITS) !== null;
}
