/**
 * Seeding from world.json: { "items": {key: template}, "tools": {key: {kind, tier}},
 * "recipes": {key: recipe}, "stations": [{ "room", "type", "name", "tier"? }] }.
 * Every recipe's ingredients, substitutes and output must name a known item:
 * a mistake fails the seed, naming it.
 */
import { JsonObj, JsonValue, OK, Query, State, fail } from '../../../sdk/assembly';
import { CATALOGUE, RECIPES, STATION, TOOLS, configEntity } from './book';

export function seedWorld(world: JsonValue): i32 {
  if (configEntity() !== null) return OK;
  const items = world.getObject('items');
  const tools = world.getObject('tools');
  const recipes = world.getObject('recipes');
  const stations = world.getArray('stations');
  if (items === null || tools === null || recipes === null || stations === null) return fail('CRAFTING_BAD_WORLD', 'world.json: needs items, tools, recipes (objects) and stations (array)');
  const keys = recipes.keys();
  for (let i = 0; i < keys.length; i++) {
    const r = recipes.getObject(keys[i]);
    const where = 'world.json: recipes.' + keys[i];
    if (r === null) return fail('CRAFTING_BAD_WORLD', where + ' is not an object');
    const out = r.getObject('output');
    if (out === null) return fail('CRAFTING_BAD_WORLD', where + ': needs an output');
    const outItem = out.getString('item');
    if (outItem === null || items.getObject(outItem) === null) return fail('CRAFTING_BAD_WORLD', where + ': output names no known item');
    const ings = r.getArray('ingredients');
    if (ings === null || ings.length == 0) return fail('CRAFTING_BAD_WORLD', where + ': needs ingredients');
    for (let j = 0; j < ings.length; j++) {
      const k = ings[j].getString('item');
      if (k === null || items.getObject(k) === null) return fail('CRAFTING_BAD_WORLD', where + '.ingredients[' + j.toString() + ']: unknown item');
      const subs = ings[j].getArray('substitutes');
      if (subs !== null)
        for (let s = 0; s < subs.length; s++) {
          const sk = subs[s].asString();
          if (sk === null || items.getObject(sk) === null) return fail('CRAFTING_BAD_WORLD', where + '.ingredients[' + j.toString() + ']: unknown substitute');
        }
    }
  }
  const c = State.spawn(new JsonObj().set('name', 'crafting: recipe book').set('kind', 'config').set(CATALOGUE, items).set(TOOLS, tools).set(RECIPES, recipes));
  if (c === null) return fail('CRAFTING_SEED_FAILED', 'could not create the recipe book');
  const rooms = new Map<string, string>();
  const ids = Query.withComponent('rooms.key');
  for (let i = 0; i < ids.length; i++) {
    const key = State.getString(ids[i], 'rooms.key');
    if (key !== null) rooms.set(key, ids[i]);
  }
  for (let i = 0; i < stations.length; i++) {
    const s = stations[i];
    const room = s.getString('room');
    const type = s.getString('type');
    const name = s.getString('name');
    if (room === null || type === null || name === null || !rooms.has(room)) return fail('CRAFTING_BAD_WORLD', 'world.json: stations[' + i.toString() + '] needs a known room, a type and a name');
    const st = new JsonObj().set('type', type).set('tier', <i32>s.getNumber('tier', 1));
    if (State.spawn(new JsonObj().set('name', name).set('kind', 'station').set('location', rooms.get(room)).set(STATION, st)) === null) return fail('CRAFTING_SEED_FAILED', 'could not place ' + name);
  }
  return OK;
}
