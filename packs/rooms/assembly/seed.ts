/**
 * Seeding the world from world.json:
 *
 *   { "area": "…", "start": "<key>", "rooms": { "<key>": { "name", "desc", "area"?, "environment"?, "coords"?: {"x","y","z"}, "details"?: { "<feature>": "<text>" }, "exits": { "<exit>": "<key>" } } } }
 *
 * Entity ids are assigned by the host, so every room is spawned first and the
 * exits (which name rooms by key) are written once all ids are known. Any
 * mistake in the file fails the seed as a whole, naming the room and exit.
 */
import { State, Query, JsonValue, JsonObj, OK, fail, lastError } from '../../../sdk/assembly';
import { AREA, COORDS, DESC, DETAILS, ENVIRONMENT, EXITS, KEY, START } from './world';
import { canonicalExit } from './directions';

export function seedWorld(world: JsonValue): i32 {
  // The engine seeds once per world; this guards against a second run
  // duplicating every room if that ever goes wrong.
  if (Query.withComponent(START).length > 0) return OK;

  const rooms = world.getObject('rooms');
  if (rooms === null || rooms.length == 0) return fail('ROOMS_BAD_WORLD', 'world.json: "rooms" must be an object with at least one room');
  const defaultArea = world.getString('area');
  const keys = rooms.keys();
  const ids = new Map<string, string>();

  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const room = rooms.getObject(key);
    if (room === null) return fail('ROOMS_BAD_WORLD', 'world.json: room "' + key + '" must be an object');
    const name = room.getString('name');
    if (name === null) return fail('ROOMS_BAD_WORLD', 'world.json: room "' + key + '" has no name');
    const desc = room.getString('desc');
    let area = room.getString('area');
    if (area === null) area = defaultArea;
    const components = new JsonObj()
      .set('name', name)
      .set('kind', 'room')
      .set(DESC, desc === null ? '' : desc)
      .set(KEY, key)
      .setIfPresent(AREA, area)
      .setIfPresent(ENVIRONMENT, room.getString('environment'));
    const coords = room.getObject('coords');
    if (coords !== null) {
      components.set(COORDS, new JsonObj().set('x', coords.getNumber('x', 0)).set('y', coords.getNumber('y', 0)).set('z', coords.getNumber('z', 0)));
    }
    const details = room.getObject('details');
    if (details !== null) components.set(DETAILS, details);
    const id = State.spawn(components);
    if (id === null) return hostFailure('spawn room "' + key + '"');
    ids.set(key, id);
  }

  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const exits = rooms.getObject(key)!.getObject('exits');
    const resolved = new JsonObj();
    if (exits !== null) {
      const names = exits.keys();
      for (let j = 0; j < names.length; j++) {
        const target = exits.getString(names[j]);
        if (target === null || !ids.has(target)) {
          return fail('ROOMS_BAD_WORLD', 'world.json: exit "' + names[j] + '" of room "' + key + '" leads to unknown room "' + (target === null ? '?' : target) + '"');
        }
        resolved.set(canonicalExit(names[j]), ids.get(target));
      }
    }
    if (!State.set(ids.get(key), EXITS, resolved)) return hostFailure('set the exits of "' + key + '"');
  }

  let start = world.getString('start');
  if (start === null) start = keys[0];
  if (!ids.has(start)) return fail('ROOMS_BAD_WORLD', 'world.json: start room "' + start + '" is not defined');
  const marker = new JsonObj().set('name', 'rooms: world settings').set('kind', 'config').set(START, ids.get(start));
  if (State.spawn(marker) === null) return hostFailure('record the start room');
  return OK;
}

function hostFailure(what: string): i32 {
  const err = lastError();
  return fail('ROOMS_SEED_FAILED', 'could not ' + what + (err === null ? '' : ': ' + err.toString()));
}
