/**
 * A creature's data, from its template (world.json `templates`):
 *
 *   creatures.stats  { level, hp, might, agility, cunning, vitality, skill, weapon{name,type,damage,verb,poison?}, armor? }
 *                    what the combat pack reads (granted)
 *   creatures.look   { desc, keywords[], species }  what `look <creature>` shows (rooms reads it)
 *   creatures.body   { template, home, respawnMs, behaviour{mode, aggressive, flee, area[], route[]}, loot[] }
 *   creatures.mind   { next, leader, leg?, wait? }  when it next thinks; whom it follows; where on its route
 */
import { JsonObj, JsonValue } from '../../../sdk/assembly';

export const STATS = 'creatures.stats';
export const LOOK = 'creatures.look';
export const BODY = 'creatures.body';
export const MIND = 'creatures.mind';
export const LIMBO = 'creatures.limbo';

export class Behaviour {
  mode: string = 'stationary';
  aggressive: bool = false;
  /** Cowardly: flees below this fraction of max HP (0: never). */
  flee: f64 = 0;
  area: Array<string> = new Array<string>();
  /** Stops of a `route` creature: {room: key, do?: command line, wait?: thinks}. */
  route: Array<JsonValue> = new Array<JsonValue>();
}

export function behaviourOf(body: JsonValue): Behaviour {
  const b = new Behaviour();
  const v = body.getObject('behaviour');
  if (v === null) return b;
  const m = v.getString('mode');
  if (m !== null) b.mode = m!;
  b.aggressive = v.getBool('aggressive', false);
  b.flee = v.getNumber('flee', 0);
  const a = v.getArray('area');
  if (a !== null) {
    for (let i = 0; i < a.length; i++) {
      const s = a.at(i);
      if (s !== null && s!.isString()) b.area.push(s!.asString()!);
    }
  }
  const r = v.getArray('route');
  if (r !== null) for (let i = 0; i < r.length; i++) if (r[i].isObject()) b.route.push(r[i]);
  return b;
}

/** Components of a new creature from template `key` at home room `home`. */
export function componentsOf(key: string, t: JsonValue, home: string, homeKey: string, respawnMs: f64): JsonObj {
  const attrs = t.getObject('attributes');
  const vitality = attrs === null ? 10 : attrs.getNumber('vitality', 10);
  const stats = new JsonObj()
    .set('level', t.getNumber('level', 1))
    .set('hp', t.getNumber('hp', vitality * 10))
    .set('might', attrs === null ? 50 : attrs.getNumber('might', 50))
    .set('agility', attrs === null ? 50 : attrs.getNumber('agility', 50))
    .set('cunning', attrs === null ? 50 : attrs.getNumber('cunning', 50))
    .set('vitality', vitality)
    .set('skill', t.getNumber('skill', 0));
  const w = t.getObject('weapon');
  if (w !== null) stats.set('weapon', w!);
  const armor = t.getString('armor');
  if (armor !== null) stats.set('armor', armor!);
  const kw = t.get('keywords');
  const desc = t.getString('desc');
  const species = t.getString('species');
  const look = new JsonObj()
    .set('desc', desc === null ? '' : desc!)
    .set('keywords', kw === null ? JsonValue.newArray() : kw!)
    .set('species', species === null ? 'creature' : species!);
  const beh = t.getObject('behaviour');
  const loot = t.get('loot');
  const body = new JsonObj()
    .set('template', key)
    .set('home', home)
    .set('homeKey', homeKey)
    .set('respawnMs', respawnMs)
    .set('behaviour', beh === null ? JsonValue.newObject() : beh!)
    .set('loot', loot === null ? JsonValue.newArray() : loot!);
  const name = t.getString('name');
  return new JsonObj()
    .set('name', name === null ? key : name!)
    .set('kind', 'npc')
    .set('location', home)
    .set(STATS, stats)
    .set(LOOK, look)
    .set(BODY, body)
    .set(MIND, new JsonObj().set('next', 0).set('leader', ''));
}
