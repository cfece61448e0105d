/**
 * One purchase or one sale at a stall, for whoever makes it: a player typing
 * buy/sell, or a travelling trader peddling (decision 0018: NPCs act through the
 * command path, so a trader pays the same prices, tax and goods requests). The
 * stall, both purses, the ledger and the inventory pack's goods request are one
 * write set: any refusal from the host fails the whole call.
 */
import { Actor, Events, JsonObj, Message } from '../../../sdk/assembly';
import { Good, Stall } from './market';
import { book, coinsOf, setCoins } from './ledger';
import { collect, deliver, label } from './goods';
import { rules } from './rules';

export function coins(n: i32): string {
  return n == 1 ? '1 coin' : n.toString() + ' coins';
}

/** `actor` pays `cost` for `n` units of `g` (priced by the caller); 5 % of it is burned as tax. */
export function purchase(actor: Actor, s: Stall, g: Good, n: i32, cost: i32): bool {
  const me = actor.id;
  const purse = coinsOf(me);
  const tax = <i32>Math.floor(<f64>cost * rules().tax);
  g.stock = g.stock - n;
  if (!s.save()) return false;
  if (!setCoins(me, purse - cost) || !setCoins(s.id, coinsOf(s.id) + cost - tax) || !book('burned', 'tax', tax)) return false;
  if (!deliver(me, g.key, n)) return false;
  const mine = Message.kind('info')
    .text('You buy ')
    .styled(label(g.key, n), 'item')
    .text(' from ' + s.name + ' for ' + coins(cost) + '. You have ' + coins(purse - cost) + ' left.');
  const seen = Message.kind('info')
    .name(actor.name, me)
    .text(' buys ')
    .styled(label(g.key, n), 'item')
    .text(' from ' + s.name + '.');
  const payload = new JsonObj().set('actor', me).set('merchant', s.id).set('item', g.key).set('count', n).set('price', cost).set('tax', tax);
  return Events.emit('economy.bought', 'room:' + actor.location!, payload, mine, seen);
}

/** `actor` hands `n` units of `g` to the stall for `price` from its drawer. */
export function sale(actor: Actor, s: Stall, g: Good, n: i32, price: i32): bool {
  const me = actor.id;
  g.stock = g.stock + n;
  if (!s.save()) return false;
  if (!collect(me, g.key, n)) return false;
  if (!setCoins(s.id, coinsOf(s.id) - price) || !setCoins(me, coinsOf(me) + price)) return false;
  const mine = Message.kind('info')
    .text('You sell ')
    .styled(label(g.key, n), 'item')
    .text(' to ' + s.name + ' for ' + coins(price) + '. You have ' + coins(coinsOf(me)) + '.');
  const seen = Message.kind('info')
    .name(actor.name, me)
    .text(' sells ')
    .styled(label(g.key, n), 'item')
    .text(' to ' + s.name + '.');
  const payload = new JsonObj().set('actor', me).set('merchant', s.id).set('item', g.key).set('count', n).set('price', price);
  return Events.emit('economy.sold', 'room:' + actor.location!, payload, mine, seen);
}
