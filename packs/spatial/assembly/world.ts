/**
 * Where spatial keeps its state and the rules of standing somewhere:
 *
 *   spatial.position  {"x","y","z"}  on entities that have a position (indexed by the engine)
 *   spatial.room      geometry       on rooms (attached from the world file by rooms.key)
 *   spatial.world     world file     on one settings entity: room geometry by key, bounds
 *
 * A point is valid to stand on when it is inside the world's bounds, inside the
 * room's box, outside every solid, and — for characters — no other character
 * stands within `bodySpacing` (0.8 m: two bodies of 0.4 m radius).
 */
import { JsonValue, Query, State, config } from '../../../sdk/assembly';
import { Box, Room, Vec, WORLD_LIMIT } from './geometry';

export const POSITION = 'spatial.position';
export const ROOM = 'spatial.room';
export const WORLD = 'spatial.world';
export const ROOM_KEY = 'rooms.key';

let settingsId: string | null = null;

export function settings(): string | null {
  if (settingsId !== null && State.get(settingsId!, WORLD) !== null) return settingsId;
  const holders = Query.withComponent(WORLD);
  settingsId = holders.length > 0 ? holders[0] : null;
  return settingsId;
}

export function numberConfig(key: string, fallback: f64): f64 {
  const v = config(key);
  return v === null ? fallback : v.asNumber(fallback);
}

export function stepMetres(): f64 {
  return numberConfig('stepMetres', 1);
}

export function bodySpacing(): f64 {
  return numberConfig('bodySpacing', 0.8);
}

/** The world's bounds: the world file's, else the reference's ±99,999,999.9 m. */
export function worldBounds(): Box {
  const id = settings();
  let w: JsonValue | null = null;
  if (id !== null) w = State.get(id!, WORLD);
  let b: JsonValue | null = null;
  if (w !== null) b = w.getObject('bounds');
  if (b !== null) {
    const min = Vec.parse(b.get('min'));
    const max = Vec.parse(b.get('max'));
    if (min !== null && max !== null) return new Box('the edge of the world', min!, max!);
  }
  return new Box('the edge of the world', new Vec(-WORLD_LIMIT, -WORLD_LIMIT, -WORLD_LIMIT), new Vec(WORLD_LIMIT, WORLD_LIMIT, WORLD_LIMIT));
}

/**
 * A room's geometry, or null when the room has none (not in the world file, or
 * not a room). Rooms seeded after this pack get theirs on first use, looked up
 * by their `rooms.key`.
 */
export function roomGeometry(room: string): Room | null {
  const own = Room.parse(State.get(room, ROOM));
  if (own !== null) return own;
  const key = State.getString(room, ROOM_KEY);
  if (key === null) return null;
  const id = settings();
  if (id === null) return null;
  const world = State.get(id!, WORLD);
  if (world === null) return null;
  const rooms = world.getObject('rooms');
  if (rooms === null) return null;
  const spec = rooms.getObject(key!);
  if (spec === null) return null;
  const geometry = Room.fromWorld(spec!);
  if (geometry === null) return null;
  State.set(room, ROOM, geometry);
  return geometry;
}

export function positionOf(id: string): Vec | null {
  return Vec.parse(State.get(id, POSITION));
}

/** Why `p` is no place for `who` to stand in `room` ("" when it is fine). */
export function blockedBy(who: string, room: Room, roomName: string, p: Vec, solidBody: bool): string {
  const world = worldBounds();
  if (!world.contains(p)) return 'the edge of the world';
  if (!room.box.contains(p)) return 'the edge of ' + roomName;
  const solid = room.solidAt(p);
  if (solid !== null) return solid.name;
  if (solidBody) {
    const other = bodyNear(who, p);
    if (other !== null) return other!;
  }
  return '';
}

/** The name of a character other than `who` within bodySpacing of `p`, or null. */
export function bodyNear(who: string, p: Vec): string | null {
  const hits = Query.near(p.x, p.y, p.z, bodySpacing() - 0.05, 2, 'character');
  for (let i = 0; i < hits.length; i++) {
    if (hits[i].id != who) return nameOf(hits[i].id);
  }
  return null;
}

export function isCharacter(id: string): bool {
  const info = Query.entity(id);
  return info !== null && info.kind == 'character';
}

export function nameOf(id: string): string {
  const info = Query.entity(id);
  return info === null ? 'somewhere' : info.name;
}
