/**
 * Seeding nodes from world.json:
 *   { "items": { "<key>": template }, "tools": { "<key>": { kind, tier } },
 *     "nodes": [ { "room": "<rooms.key>", "name", "type", "rarity", "item",
 *                  "perAction", "quantity", "max"?, "regen", "cooldown", "skill",
 *                  "minSkill"?, "tool"?, "depth"?, "grade"? } ] }
 * minSkill defaults to the rarity's lower bound (§9.1). Mistakes fail the seed, naming the node.
 */
import { JsonObj, JsonValue, OK, Query, State, fail } from '../../../sdk/assembly';
import { CATALOGUE, TOOLS, configEntity } from './rules';
import { NODE } from './node';
import { requiredFor } from './yield';

const TYPES = ['mineral', 'vegetation', 'animal', 'special'];
const RARITIES = ['common', 'uncommon', 'rare', 'very_rare', 'legendary'];

export function seedWorld(world: JsonValue): i32 {
  if (configEntity() !== null) return OK;
  const items = world.getObject('items');
  const tools = world.getObject('tools');
  const nodes = world.getArray('nodes');
  if (items === null || tools === null || nodes === null) return fail('RESOURCES_BAD_WORLD', 'world.json: needs "items", "tools" (objects) and "nodes" (array)');
  const c = State.spawn(new JsonObj().set('name', 'resources: catalogue').set('kind', 'config').set(CATALOGUE, items).set(TOOLS, tools));
  if (c === null) return fail('RESOURCES_SEED_FAILED', 'could not create the catalogue');
  const rooms = new Map<string, string>();
  const ids = Query.withComponent('rooms.key');
  for (let i = 0; i < ids.length; i++) {
    const key = State.getString(ids[i], 'rooms.key');
    if (key !== null) rooms.set(key, ids[i]);
  }
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    const where = 'world.json: nodes[' + i.toString() + ']';
    const room = n.getString('room');
    const name = n.getString('name');
    const item = n.getString('item');
    const type = n.getString('type');
    const rarity = n.getString('rarity');
    if (room === null || name === null || item === null || type === null || rarity === null) return fail('RESOURCES_BAD_WORLD', where + ' needs room, name, type, rarity and item');
    if (!rooms.has(room)) return fail('RESOURCES_BAD_WORLD', where + ': no room with key "' + room + '"');
    if (items.getObject(item) === null) return fail('RESOURCES_BAD_WORLD', where + ': unknown item "' + item + '"');
    if (!TYPES.includes(type)) return fail('RESOURCES_BAD_WORLD', where + ': type must be one of ' + TYPES.join(', '));
    if (!RARITIES.includes(rarity)) return fail('RESOURCES_BAD_WORLD', where + ': rarity must be one of ' + RARITIES.join(', '));
    const q = n.getNumber('quantity', 0);
    if (q < 1) return fail('RESOURCES_BAD_WORLD', where + ': quantity must be at least 1');
    const data = JsonValue.newObject();
    const keys = n.keys();
    for (let k = 0; k < keys.length; k++) if (keys[k] != 'room') data.set(keys[k], n.get(keys[k])!);
    if (!data.has('max')) data.set('max', JsonValue.fromNumber(q));
    if (!data.has('minSkill')) data.set('minSkill', JsonValue.fromNumber(<f64>requiredFor(rarity)));
    data.set('lastHarvested', JsonValue.fromNumber(0));
    data.set('at', JsonValue.fromNumber(0));
    if (State.spawn(new JsonObj().set('name', name).set('kind', 'node').set('location', rooms.get(room)).set(NODE, data)) === null) return fail('RESOURCES_SEED_FAILED', 'could not place ' + name);
  }
  return OK;
}
