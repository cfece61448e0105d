/**
 * Requests from other packs, by event (as skills does for checks, decision 0006):
 *   combat.wear     { item, actor, amount, reason }  a weapon swung (−1, heavy −2,
 *                   fumble −3) or armour struck (−1): §2.3/§7.2 durability
 *   creatures.loot  { into, items: [template] }      a creature's loot, spawned into
 *                   its corpse from the template (the same format as world.json's)
 * A malformed request is logged and ignored: a loot roll or a scratch must never
 * undo the blow or the kill that caused it.
 */
import { GameEvent, OK, Query, log } from '../../../sdk/assembly';
import { itemOf } from './items';
import { changeDurability } from './use';
import { checkTemplate, spawnItem } from './seed';

export function onWear(event: GameEvent): i32 {
  const p = event.payload;
  const id = p.getString('item');
  const who = p.getString('actor');
  if (id === null || who === null) return OK;
  const info = Query.entity(id!);
  const actor = Query.entity(who!);
  if (info === null || actor === null || actor.location === null) return OK;
  const item = itemOf(id!, info.name);
  if (item === null || item.durability == 0) return OK;
  const amount = <i32>p.getNumber('amount', 1);
  const reason = p.getString('reason');
  const why = reason !== null && reason! == 'fumble' ? 'fumble' : 'use';
  if (!changeDurability(item, -amount, why, who!, actor.name, actor.location!, true)) log('warn', 'could not wear ' + id!);
  return OK;
}

export function onLoot(event: GameEvent): i32 {
  const p = event.payload;
  const into = p.getString('into');
  const items = p.getArray('items');
  if (into === null || items === null || Query.entity(into!) === null) return OK;
  for (let i = 0; i < items.length; i++) {
    const t = items.at(i);
    if (t === null) continue;
    const problem = checkTemplate(t!);
    const key = t!.getString('key');
    if (problem.length > 0 || key === null) {
      log('warn', 'creatures.loot: item ' + i.toString() + ' ' + (problem.length > 0 ? problem : 'has no key'));
      continue;
    }
    const count = <i32>t!.getNumber('count', 1);
    if (spawnItem(key!, t!, count < 1 ? 1 : count, into!) === null) log('warn', 'could not spawn loot ' + key!);
  }
  return OK;
}
