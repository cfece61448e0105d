/**
 * Seeding: keep the world file (room geometry by `rooms.key`, bounds) on a
 * settings entity, and attach geometry to the rooms that exist already. Rooms
 * seeded later (another pack order) get theirs on first use (world.ts).
 */
import { JsonObj, JsonValue, OK, Query, State, fail, lastError } from '../../../sdk/assembly';
import { Room } from './geometry';
import { ROOM, ROOM_KEY, WORLD } from './world';
import { placeThings } from './placement';

export function seedSpatial(world: JsonValue): i32 {
  if (Query.withComponent(WORLD).length > 0) return OK;
  const rooms = world.getObject('rooms');
  if (rooms === null) return fail('SPATIAL_BAD_WORLD', 'world.json: "rooms" must be an object of room key → {at, size, terrain?, solids?}');
  const keys = rooms.keys();
  for (let i = 0; i < keys.length; i++) {
    if (Room.fromWorld(rooms.getObject(keys[i])!) === null) {
      return fail('SPATIAL_BAD_WORLD', 'world.json: room "' + keys[i] + '" needs "at" [x, y, z] and a positive "size" [x, y, z], and every solid an "at" and a "size"');
    }
  }
  const id = State.spawn(new JsonObj().set('name', 'spatial: world geometry').set('kind', 'config').set(WORLD, world));
  if (id === null) return hostFailure('record the world geometry');
  const existing = Query.withComponent(ROOM_KEY);
  for (let i = 0; i < existing.length; i++) {
    const key = State.getString(existing[i], ROOM_KEY);
    if (key === null || !rooms.has(key!)) continue;
    if (!State.set(existing[i], ROOM, Room.fromWorld(rooms.getObject(key!)!)!)) return hostFailure('attach geometry to room "' + key! + '"');
    // Things already lying there (another pack's seed) get a place too; characters get theirs when they enter the game.
    if (!placeThings(existing[i])) return hostFailure('place the things in room "' + key! + '"');
  }
  return OK;
}

function hostFailure(what: string): i32 {
  const e = lastError();
  return fail('SPATIAL_SEED_FAILED', 'could not ' + what + (e === null ? '' : ': ' + e.message));
}
