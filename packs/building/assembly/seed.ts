/**
 * Seeding from a world file written by `myriad world export`: its `things`
 * (`[{ name, desc, room: <room key> }]`) are made again in the rooms the rooms
 * pack seeded from the same file (matched by `rooms.key`). The rooms pack seeds
 * first (building depends on it). A thing naming an unknown room fails the seed
 * whole, naming it.
 */
import { JsonObj, JsonValue, OK, Query, State, fail } from '../../../sdk/assembly';
import { refused } from './changes';
import { ITEM } from './world';

const KEY = 'rooms.key';

export function seedThings(world: JsonValue): i32 {
  const things = world.getArray('things');
  if (things === null) return OK;
  const keyed = Query.withComponent(KEY);
  const ids = new Map<string, string>();
  for (let i = 0; i < keyed.length; i++) {
    const key = State.getString(keyed[i], KEY);
    if (key !== null) ids.set(key, keyed[i]);
  }
  for (let i = 0; i < things.length; i++) {
    const t = things[i];
    const name = t.getString('name');
    const room = t.getString('room');
    if (name === null || room === null) return fail('BUILDING_BAD_WORLD', 'world file: thing ' + i.toString() + ' needs a "name" and a "room"');
    if (!ids.has(room)) return fail('BUILDING_BAD_WORLD', 'world file: thing "' + name + '" lies in unknown room "' + room + '"');
    const desc = t.getString('desc');
    const thing = State.spawn(
      new JsonObj()
        .set('name', name)
        .set('kind', 'item')
        .set(
          ITEM,
          new JsonObj()
            .set('weight', 1)
            .set('count', 1)
            .set('desc', desc === null ? '' : desc),
        ),
    );
    if (thing === null) return refused('make "' + name + '"');
    if (!State.move(thing, ids.get(room))) return refused('put "' + name + '" in its room');
  }
  return OK;
}
