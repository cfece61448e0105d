/**
 * Seeding the market from world.json:
 *   { "rules": {…},                       see rules.ts
 *     "items": { "<key>": template },     the inventory pack's template format
 *     "merchants": [ { "name", "shop", "room": "<rooms.key>", "wealth",
 *                      "priceModifier"?, "reputation"?,
 *                      "goods": [ { "item": "<key>", "base", "target", "stock"? } ] } ] }
 * Each merchant is an entity of kind "merchant" in its room with economy.stall
 * and a purse of `wealth` coins; the coins and the opening stock are the first
 * lines of the ledger (minted "seed", made). Any mistake fails the seed, naming it.
 */
import { JsonArr, JsonObj, JsonValue, OK, Query, State, fail } from '../../../sdk/assembly';
import { RULES, bank } from './rules';
import { CATALOGUE } from './goods';
import { LEDGER, PURSE, book } from './ledger';
import { STALL } from './market';

export function seedWorld(world: JsonValue): i32 {
  if (bank() !== null) return OK;
  const items = world.getObject('items');
  const merchants = world.getArray('merchants');
  if (items === null || merchants === null) return fail('ECONOMY_BAD_WORLD', 'world.json: needs "items" (object) and "merchants" (array)');
  const r = world.getObject('rules');
  const b = State.spawn(
    new JsonObj()
      .set('name', 'economy: bank')
      .set('kind', 'config')
      .set(RULES, r === null ? JsonValue.newObject() : r!)
      .set(CATALOGUE, items!)
      .set(LEDGER, JsonValue.newObject()),
  );
  if (b === null) return fail('ECONOMY_SEED_FAILED', 'could not create the bank');
  const rooms = new Map<string, string>();
  const ids = Query.withComponent('rooms.key');
  for (let i = 0; i < ids.length; i++) {
    const key = State.getString(ids[i], 'rooms.key');
    if (key !== null) rooms.set(key, ids[i]);
  }
  for (let i = 0; i < merchants!.length; i++) {
    const m = merchants![i];
    const where = 'world.json: merchants[' + i.toString() + ']';
    const name = m.getString('name');
    const room = m.getString('room');
    const goods = m.getArray('goods');
    if (name === null || room === null || goods === null) return fail('ECONOMY_BAD_WORLD', where + ' needs name, room and goods');
    if (!rooms.has(room!)) return fail('ECONOMY_BAD_WORLD', where + ': no room with key "' + room! + '"');
    const wealth = <i32>m.getNumber('wealth', 500);
    const list = new JsonArr();
    for (let j = 0; j < goods!.length; j++) {
      const g = goods![j];
      const key = g.getString('item');
      if (key === null || items!.getObject(key!) === null) return fail('ECONOMY_BAD_WORLD', where + '.goods[' + j.toString() + ']: unknown item "' + (key === null ? '' : key!) + '"');
      const base = g.getNumber('base', 0);
      const target = <i32>g.getNumber('target', 5);
      if (base < 1 || target < 1) return fail('ECONOMY_BAD_WORLD', where + '.goods[' + j.toString() + ']: base and target must be at least 1');
      const stock = <i32>g.getNumber('stock', <f64>target);
      list.push(
        new JsonObj()
          .set('key', key!)
          .set('base', base)
          .set('stock', stock)
          .set('target', target)
          .set('demand', <f64>target)
          .set('at', 0),
      );
      if (!book('made', key!, stock)) return fail('ECONOMY_SEED_FAILED', 'could not book the opening stock');
    }
    const stall = new JsonObj()
      .set('name', name!)
      .set('shop', m.getString('shop') === null ? '' : m.getString('shop')!)
      .set('wealth', wealth)
      .set('priceModifier', m.getNumber('priceModifier', 1))
      .set('reputation', m.getNumber('reputation', 50))
      .set('at', 0)
      .set('goods', list);
    const id = State.spawn(new JsonObj().set('name', name!).set('kind', 'merchant').set('location', rooms.get(room!)).set(STALL, stall).set(PURSE, wealth));
    if (id === null) return fail('ECONOMY_SEED_FAILED', 'could not place ' + name!);
    if (!book('minted', 'seed', wealth)) return fail('ECONOMY_SEED_FAILED', "could not book the merchants' coins");
  }
  return OK;
}
