/**
 * The player's side of the market: list, buy, sell, value, coins, pay.
 * Every refusal says why and changes nothing.
 */
import { Command, Events, JsonObj, Message, OK, Query, fail, lastError, reply, send } from '../../../sdk/assembly';
import { coins, purchase, sale } from './deal';
import { Good, Stall, askAt, bidAt, costOf, proceedsOf } from './market';
import { stallNamed, stallsIn } from './stalls';
import { coinsOf, openPurse, setCoins } from './ledger';
import { Carried, findCarried, label, nameOf, templateMatches } from './goods';
import { rules } from './rules';

/** "a copper bar" → "copper bar". */
function bare(name: string): string {
  const l = name.toLowerCase();
  if (l.startsWith('a ')) return name.substring(2);
  if (l.startsWith('an ')) return name.substring(3);
  if (l.startsWith('some ')) return name.substring(5);
  return name;
}

function refused(why: string): i32 {
  reply(Message.error(why));
  return OK;
}

function hostRefused(what: string): i32 {
  const err = lastError();
  return fail('ECONOMY_FAILED', 'Something stops you (could not ' + what + (err === null ? '' : ': ' + err.message) + ').');
}

/** "2 rope from Hild" → count 2, what "rope", who "Hild". */
class Order {
  constructor(
    public count: i32,
    public what: string,
    public who: string,
  ) {}
}

function parseOrder(args: string, joiner: string): Order {
  let rest = args.trim();
  let who = '';
  const at = rest.toLowerCase().lastIndexOf(' ' + joiner + ' ');
  if (at > 0) {
    who = rest.substring(at + joiner.length + 2).trim();
    rest = rest.substring(0, at).trim();
  }
  let count = 1;
  const sp = rest.indexOf(' ');
  const first = sp > 0 ? rest.substring(0, sp) : rest;
  if (first.length > 0 && first.length <= 4 && isDigits(first)) {
    count = I32.parseInt(first);
    rest = sp > 0 ? rest.substring(sp + 1).trim() : '';
  } else if (first.toLowerCase() == 'all' && sp > 0) {
    count = -1;
    rest = rest.substring(sp + 1).trim();
  }
  return new Order(count, rest, who);
}

function isDigits(s: string): bool {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return s.length > 0;
}

function marketHere(cmd: Command): Stall[] | null {
  const stalls = stallsIn(cmd.actor.location!);
  if (stalls.length == 0) {
    reply(Message.error('There is no one here to trade with. The market is in Emberford Square.'));
    return null;
  }
  return stalls;
}

export function list(cmd: Command): i32 {
  const stalls = marketHere(cmd);
  if (stalls === null) return OK;
  const msg = Message.kind('info');
  for (let i = 0; i < stalls.length; i++) {
    const s = stalls[i];
    if (i > 0) msg.newline();
    msg.styled(s.name + (s.shop.length > 0 ? ', ' + s.shop : ''), 'emphasis').text(':');
    const goods = s.goods();
    for (let j = 0; j < goods.length; j++) {
      const g = goods[j];
      msg
        .newline()
        .text('  ')
        .styled(nameOf(g.key), 'item')
        .text(' — ' + coins(askAt(s, g, g.stock)));
      msg.text(g.stock > 0 ? ' (' + g.stock.toString() + ' in stock)' : ' (sold out)');
    }
  }
  openPurse(cmd.actor.id);
  msg.newline().text('You have ' + coins(coinsOf(cmd.actor.id)) + '. Type: buy <item>, sell <item>, value <item>.');
  reply(msg);
  return OK;
}

export class Offer {
  constructor(
    public stall: Stall,
    public good: Good,
  ) {}
}

/** The first stall (or the one named) that deals in goods the words name. */
export function findOffer(stalls: Stall[], what: string, who: string): Offer | null {
  for (let i = 0; i < stalls.length; i++) {
    if (who.length > 0 && stalls[i] !== stallNamed(stalls, who)) continue;
    const goods = stalls[i].goods();
    for (let j = 0; j < goods.length; j++) if (templateMatches(what, goods[j].key)) return new Offer(stalls[i], goods[j]);
  }
  return null;
}

export function buy(cmd: Command): i32 {
  const o = parseOrder(cmd.args, 'from');
  if (o.what.length == 0) return refused('Buy what? Type: buy <item> (list shows what is for sale).');
  if (o.count == 0 || o.count > 100) return refused('You can buy 1 to 100 at a time.');
  const stalls = marketHere(cmd);
  if (stalls === null) return OK;
  if (o.who.length > 0 && stallNamed(stalls, o.who) === null) return refused('There is no merchant called "' + o.who + '" here.');
  const offer = findOffer(stalls, o.what, o.who);
  if (offer === null) return refused('No one here sells "' + o.what + '". Type list to see what is for sale.');
  const s = offer.stall;
  const g = offer.good;
  const me = cmd.actor.id;
  if (!openPurse(me)) return hostRefused('open your purse');
  const n = o.count < 0 ? g.stock : o.count;
  // Every attempt is demand (§9.3 LocalDemand counts failed attempts too): a
  // sold-out shelf raises the price the next shipment fetches. This attempt is
  // priced at the belief before it.
  const cost = n > 0 && n <= g.stock ? costOf(s, g, n) : 0;
  g.demand = g.demand + <f64>(n > 0 ? n : 1);
  if (g.stock == 0 || n > g.stock) {
    if (!s.save()) return hostRefused('remember the request');
    const what = bare(nameOf(g.key));
    return refused(s.name + (g.stock == 0 ? ' has sold out of ' + what : ' has only ' + g.stock.toString() + ' of ' + what) + '. Come back tomorrow.');
  }
  const purse = coinsOf(me);
  if (purse < cost) {
    if (!s.save()) return hostRefused('remember the request');
    return refused(label(g.key, n) + ' costs ' + coins(cost) + '; you have ' + coins(purse) + '.');
  }
  if (!purchase(cmd.actor, s, g, n, cost)) return hostRefused('buy it');
  return OK;
}

export function sell(cmd: Command): i32 {
  const o = parseOrder(cmd.args, 'to');
  if (o.what.length == 0) return refused('Sell what? Type: sell <item> (value <item> tells you what it fetches).');
  if (o.count == 0 || o.count > 100) return refused('You can sell 1 to 100 at a time.');
  const stalls = marketHere(cmd);
  if (stalls === null) return OK;
  const me = cmd.actor.id;
  const have = findCarried(me, o.what);
  if (have === null) return refused('You aren\'t carrying anything called "' + o.what + '" (things you wield or wear must be unequipped first).');
  const n = o.count < 0 ? have.count : o.count;
  if (n > have.count) return refused('You have only ' + have.count.toString() + ' of ' + have.name + '.');
  const offer = buyerFor(stalls, have, o.who);
  if (offer === null) return refused(o.who.length > 0 ? 'There is no merchant called "' + o.who + '" here who buys ' + have.name + '.' : 'No one here buys ' + have.name + '.');
  const s = offer.stall;
  const g = offer.good;
  if (!openPurse(me)) return hostRefused('open your purse');
  const price = proceedsOf(s, g, n, rules());
  if (price <= 0) return refused(s.name + ' would give you nothing for ' + label(g.key, n) + ' now: the shelves are full.');
  const drawer = coinsOf(s.id);
  if (drawer < price) return refused(s.name + ' cannot afford ' + label(g.key, n) + ' today (' + coins(price) + '; the drawer holds ' + coins(drawer) + ').');
  if (!sale(cmd.actor, s, g, n, price)) return hostRefused('sell it');
  return OK;
}

export function buyerFor(stalls: Stall[], have: Carried, who: string): Offer | null {
  const named = who.length > 0 ? stallNamed(stalls, who) : null;
  if (who.length > 0 && named === null) return null;
  for (let i = 0; i < stalls.length; i++) {
    if (named !== null && stalls[i] !== named) continue;
    const g = stalls[i].good(have.key);
    if (g !== null) return new Offer(stalls[i], g!);
  }
  return null;
}

export function value(cmd: Command): i32 {
  const what = cmd.args.trim();
  if (what.length == 0) return refused('Value what? Type: value <item>.');
  const stalls = marketHere(cmd);
  if (stalls === null) return OK;
  const have = findCarried(cmd.actor.id, what);
  const msg = Message.kind('info');
  let lines = 0;
  for (let i = 0; i < stalls.length; i++) {
    const s = stalls[i];
    const goods = s.goods();
    for (let j = 0; j < goods.length; j++) {
      const g = goods[j];
      const mine = have !== null && have!.key == g.key;
      if (!mine && !templateMatches(what, g.key)) continue;
      if (lines++ > 0) msg.newline();
      msg
        .text(s.name + ': sells ')
        .styled(nameOf(g.key), 'item')
        .text(' for ' + coins(askAt(s, g, g.stock)));
      msg.text(g.stock > 0 ? '' : ' (sold out)').text(', pays ' + coins(bidAt(s, g, g.stock, rules())) + ' for one.');
    }
  }
  if (lines == 0) return refused(have !== null ? 'No one here deals in ' + have!.name + '.' : 'No one here deals in "' + what + '".');
  reply(msg);
  return OK;
}

export function purse(cmd: Command): i32 {
  if (!openPurse(cmd.actor.id)) return hostRefused('open your purse');
  reply(Message.info('You have ' + coins(coinsOf(cmd.actor.id)) + '.'));
  return OK;
}

/** pay <n> to <name>: coins to a character in the room (player-to-player; items go with give). */
export function pay(cmd: Command): i32 {
  const o = parseOrder(cmd.args, 'to');
  if (o.who.length == 0 || o.count <= 0 || (o.what.length > 0 && o.what.toLowerCase() != 'coins' && o.what.toLowerCase() != 'coin')) {
    return refused('Pay whom how much? Type: pay <n> to <name>.');
  }
  const me = cmd.actor.id;
  const people = Query.contents(cmd.actor.location!, 'character', 1);
  let to: string | null = null;
  let toName = '';
  const w = o.who.toLowerCase();
  for (let i = 0; i < people.length && to === null; i++) {
    const n = people[i].name.toLowerCase();
    if (people[i].id != me && (n == w || (w.length >= 2 && n.startsWith(w)))) {
      to = people[i].id;
      toName = people[i].name;
    }
  }
  if (to === null) return refused('There is no one called "' + o.who + '" here to pay.');
  if (!openPurse(me) || !openPurse(to!)) return hostRefused('open a purse');
  const have = coinsOf(me);
  if (have < o.count) return refused('You have only ' + coins(have) + '.');
  if (!setCoins(me, have - o.count) || !setCoins(to!, coinsOf(to!) + o.count)) return hostRefused('pay');
  const mine = Message.kind('info')
    .text('You pay ' + coins(o.count) + ' to ')
    .name(toName, to!)
    .text('.');
  const payload = new JsonObj().set('actor', me).set('to', to!).set('amount', o.count);
  if (!Events.emit('economy.paid', 'room:' + cmd.actor.location!, payload, mine, null)) return hostRefused('announce it');
  if (
    !send(
      to!,
      Message.kind('info')
        .name(cmd.actor.name, me)
        .text(' pays you ' + coins(o.count) + '.'),
    )
  )
    return hostRefused('tell them');
  return OK;
}
