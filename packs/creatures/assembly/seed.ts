/**
 * Seeding from world.json (or the operator's `packs.settings.creatures.world`):
 *
 *   { "templates": { "<key>": { name, desc, keywords[], species, level, hp?, attributes{…},
 *                               skill, weapon{name,type,damage,verb,poison?}, armor?,
 *                               behaviour{mode, aggressive, flee, area[], route[{room, do?, wait?}]},
 *                               loot[{chance, item{…}}] } },
 *     "spawns": [ { "template", "room": "<rooms.key>", "count", "respawnMs" } ] }
 *
 * Each creature is its own entity, born at its spawn point's room; it keeps its
 * template with it, so a defeated creature comes back from its own data.
 */
import { JsonObj, JsonValue, OK, Query, State, fail, lastError } from '../../../sdk/assembly';
import { componentsOf } from './body';

const ROOM_KEY = 'rooms.key';
export const LIMBO = 'creatures.limbo';
const TYPES = ['slashing', 'piercing', 'bludgeoning', 'ranged'];
const MODES = ['stationary', 'wander', 'guard', 'follow', 'route'];

export function limboEntity(): string | null {
  const ids = Query.withComponent(LIMBO);
  if (ids.length > 0) return ids[0];
  return State.spawn(new JsonObj().set('name', 'the den').set('kind', 'void').set(LIMBO, true));
}

export function roomsByKey(): Map<string, string> {
  const rooms = new Map<string, string>();
  const ids = Query.withComponent(ROOM_KEY);
  for (let i = 0; i < ids.length; i++) {
    const key = State.getString(ids[i], ROOM_KEY);
    if (key !== null) rooms.set(key!, ids[i]);
  }
  return rooms;
}

export function seedWorld(world: JsonValue): i32 {
  if (Query.withComponent(LIMBO).length > 0) return OK;
  if (limboEntity() === null) return failed('create the den');
  const templates = world.getObject('templates');
  const spawns = world.getArray('spawns');
  if (templates === null || spawns === null) return fail('CREATURES_BAD_WORLD', 'world.json: needs "templates" (object) and "spawns" (array)');
  const rooms = roomsByKey();
  for (let i = 0; i < spawns.length; i++) {
    const s = spawns.at(i)!;
    const where = 'world.json: spawns[' + i.toString() + ']';
    const tkey = s.getString('template');
    const rkey = s.getString('room');
    if (tkey === null || rkey === null) return fail('CREATURES_BAD_WORLD', where + ' needs "template" and "room"');
    const t = templates.getObject(tkey!);
    if (t === null) return fail('CREATURES_BAD_WORLD', where + ': unknown template "' + tkey! + '"');
    if (!rooms.has(rkey!)) return fail('CREATURES_BAD_WORLD', where + ': no room with key "' + rkey! + '" (is the rooms pack enabled and seeded?)');
    const problem = checkTemplate(t!);
    if (problem.length > 0) return fail('CREATURES_BAD_WORLD', 'world.json: template "' + tkey! + '": ' + problem);
    const count = <i32>s.getNumber('count', 1);
    const respawn = s.getNumber('respawnMs', 60000);
    if (count < 1 || count > 50) return fail('CREATURES_BAD_WORLD', where + ': count must be 1–50');
    if (respawn < 1000) return fail('CREATURES_BAD_WORLD', where + ': respawnMs must be at least 1000');
    for (let n = 0; n < count; n++) {
      if (State.spawn(componentsOf(tkey!, t!, rooms.get(rkey!), rkey!, respawn)) === null) return failed('spawn "' + tkey! + '"');
    }
  }
  return OK;
}

/** Empty when sound; otherwise what is wrong. */
export function checkTemplate(t: JsonValue): string {
  if (t.getString('name') === null) return 'has no name';
  const lvl = t.getNumber('level', 1);
  if (lvl < 1 || lvl > 100) return 'level must be 1–100';
  const w = t.getObject('weapon');
  if (w === null) return 'needs a weapon (teeth and claws count: {name, type, damage, verb})';
  const type = w.getString('type');
  if (type === null || !TYPES.includes(type!)) return 'weapon.type must be slashing, piercing, bludgeoning or ranged';
  if (w.getNumber('damage', -1) <= 0) return 'weapon.damage must be above 0';
  const b = t.getObject('behaviour');
  if (b !== null) {
    const m = b.getString('mode');
    if (m !== null && !MODES.includes(m!)) return 'behaviour.mode must be stationary, wander, guard, follow or route';
    if (m !== null && m! == 'route') {
      const r = b.getArray('route');
      if (r === null || r.length < 2) return 'behaviour.route needs at least two stops';
      for (let i = 0; i < r.length; i++) if (r[i].getString('room') === null) return 'behaviour.route[' + i.toString() + '] needs a room (a rooms.key)';
    }
    const f = b.getNumber('flee', 0);
    if (f < 0 || f >= 1) return 'behaviour.flee must be a fraction of HP, 0 ≤ flee < 1';
  }
  return '';
}

function failed(what: string): i32 {
  const err = lastError();
  return fail('CREATURES_SEED_FAILED', 'could not ' + what + (err === null ? '' : ': ' + err.toString()));
}
