/**
 * Seeding starter items from world.json:
 *
 *   { "templates": { "<key>": { "name", "desc", "keywords"?, "weight", "stackSize"?,
 *                               "durability"?, "properties"? } },
 *     "place": [ { "template": "<key>", "room": "<rooms.key>", "count"? } ] }
 *
 * Rooms are found by the rooms pack's `rooms.key` (capability read), so this
 * pack depends on rooms (seeded first). Any mistake fails the seed as a whole,
 * naming the template or placement.
 */
import { JsonObj, JsonValue, OK, Query, State, fail, lastError } from '../../../sdk/assembly';
import { ITEM, VOID } from './items';
import { voidEntity } from './stacks';

const ROOM_KEY = 'rooms.key';

export function seedWorld(world: JsonValue): i32 {
  // Seeded once per world by the engine; the void entity marks a done seed too.
  if (Query.withComponent(VOID).length > 0) return OK;
  if (voidEntity() === null) return hostFailure('create the void');

  const templates = world.getObject('templates');
  const place = world.getArray('place');
  if (templates === null || place === null) return fail('INVENTORY_BAD_WORLD', 'world.json: needs "templates" (object) and "place" (array)');

  const rooms = new Map<string, string>();
  const ids = Query.withComponent(ROOM_KEY);
  for (let i = 0; i < ids.length; i++) {
    const key = State.getString(ids[i], ROOM_KEY);
    if (key !== null) rooms.set(key, ids[i]);
  }

  for (let i = 0; i < place.length; i++) {
    const p = place[i];
    const tkey = p.getString('template');
    const rkey = p.getString('room');
    const where = 'world.json: place[' + i.toString() + ']';
    if (tkey === null || rkey === null) return fail('INVENTORY_BAD_WORLD', where + ' needs "template" and "room"');
    const t = templates.getObject(tkey);
    if (t === null) return fail('INVENTORY_BAD_WORLD', where + ': unknown template "' + tkey + '"');
    if (!rooms.has(rkey)) return fail('INVENTORY_BAD_WORLD', where + ': no room with key "' + rkey + '" (is the rooms pack enabled and seeded?)');
    const problem = checkTemplate(t);
    if (problem.length > 0) return fail('INVENTORY_BAD_WORLD', 'world.json: template "' + tkey + '": ' + problem);
    let left = <i32>p.getNumber('count', 1);
    if (left < 1) return fail('INVENTORY_BAD_WORLD', where + ': count must be at least 1');
    const stack = <i32>t.getNumber('stackSize', 1);
    while (left > 0) {
      const n = left < stack ? left : stack;
      if (spawnItem(tkey, t, n, rooms.get(rkey)) === null) return hostFailure('place "' + tkey + '"');
      left -= n;
    }
  }
  return OK;
}

/** Empty when the template is sound; otherwise what is wrong (negative weight, bad stack size…). */
export function checkTemplate(t: JsonValue): string {
  if (t.getString('name') === null) return 'has no name';
  const w = t.get('weight');
  if (w === null || !w.isNumber() || w.asNumber() < 0) return 'weight must be a number of kg, at least 0';
  const s = t.getNumber('stackSize', 1);
  if (s < 1 || s != Math.floor(s)) return 'stackSize must be a whole number, at least 1';
  if (t.has('durability')) {
    const d = t.getNumber('durability', -1);
    if (d < 0 || d > 100) return 'durability must be 0–100';
  }
  return '';
}

export function spawnItem(key: string, t: JsonValue, count: i32, room: string): string | null {
  const data = JsonValue.newObject();
  data.set('key', JsonValue.fromString(key));
  const fields = ['desc', 'keywords', 'weight', 'stackSize', 'durability', 'properties'];
  for (let i = 0; i < fields.length; i++) {
    const v = t.get(fields[i]);
    if (v !== null) data.set(fields[i], v);
  }
  data.set('count', JsonValue.fromNumber(<f64>count));
  return State.spawn(new JsonObj().set('name', t.getString('name')!).set('kind', 'item').set('location', room).set(ITEM, data));
}

function hostFailure(what: string): i32 {
  const err = lastError();
  return fail('INVENTORY_SEED_FAILED', 'could not ' + what + (err === null ? '' : ': ' + err.toString()));
}
