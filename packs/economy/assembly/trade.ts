/**
 * Two-sided trades between characters, both confirming:
 *   offer <name> <n> <item|coins> for <n> <item|coins>   (the first confirmation)
 *   accept | decline                                      (the second, by the other)
 * An offer waits on the recipient (economy.offer) for OFFER_MS — §9.3's barter
 * offers expire after 5 minutes. On accept everything is checked again (both
 * still here and online, both still have their side) and both sides move in one
 * transaction: coins between purses, goods through the inventory pack's goods
 * requests (taken from one, the same template given to the other). Any refusal
 * changes nothing; a fault anywhere rolls the whole exchange back.
 */
import { Command, Events, JsonObj, JsonValue, Message, OK, Query, State, fail, lastError, now, reply, send } from '../../../sdk/assembly';
import { coinsOf, openPurse, setCoins } from './ledger';
import { carried, collect, deliverTemplate, findCarried, templateOfCarried } from './goods';

export const OFFER = 'economy.offer';
/** §9.3: barter offers expire after 5 minutes. */
export const OFFER_MS: u64 = 5 * 60 * 1000;

function refused(why: string): i32 {
  reply(Message.error(why));
  return OK;
}

function hostRefused(what: string): i32 {
  const err = lastError();
  return fail('ECONOMY_FAILED', 'Something stops you (could not ' + what + (err === null ? '' : ': ' + err.message) + ').');
}

/** One side of a trade: coins, or units of a carried item (by template key). */
export class Side {
  constructor(
    public coins: bool,
    public key: string,
    public count: i32,
    public name: string,
  ) {}
  toJson(): string {
    return new JsonObj().set('coins', this.coins).set('key', this.key).set('count', this.count).set('name', this.name).toString();
  }
  get label(): string {
    if (this.coins) return this.count == 1 ? '1 coin' : this.count.toString() + ' coins';
    return this.count == 1 ? this.name : this.count.toString() + ' × ' + this.name;
  }
  static from(v: JsonValue): Side {
    const k = v.getString('key');
    const n = v.getString('name');
    return new Side(v.getBool('coins', false), k === null ? '' : k, <i32>v.getNumber('count', 1), n === null ? '' : n);
  }
}

function count(word: string): i32 {
  if (word.length == 0 || word.length > 6) return -1;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
  }
  return I32.parseInt(word);
}

/** "3 log" / "10 coins" / "axe" → a side, read against what `who` carries; null with a reply sent when it makes no sense. */
export function parseSide(who: string, text: string, mine: bool): Side | null {
  const t = text.trim();
  const sp = t.indexOf(' ');
  let n = sp > 0 ? count(t.substring(0, sp)) : count(t);
  const what = n >= 0 ? (sp > 0 ? t.substring(sp + 1).trim() : '') : t;
  if (n < 0) n = 1;
  if (n < 1) {
    refused('A trade needs at least one of something.');
    return null;
  }
  const w = what.toLowerCase();
  if (w == 'coin' || w == 'coins' || (what.length == 0 && sp < 0)) return new Side(true, '', n, '');
  if (!mine) return new Side(false, '', n, what);
  const have = findCarried(who, what);
  if (have === null) {
    refused('You aren\'t carrying anything called "' + what + '" (things you wield or wear must be unequipped first).');
    return null;
  }
  return new Side(false, have.key, n, have.name);
}

function personHere(room: string, me: string, name: string): string | null {
  const people = Query.contents(room, 'character', 1);
  const w = name.toLowerCase();
  for (let i = 0; i < people.length; i++) {
    const n = people[i].name.toLowerCase();
    if (people[i].id != me && (n == w || (w.length >= 2 && n.startsWith(w)))) return people[i].id;
  }
  return null;
}

export function has(who: string, s: Side): bool {
  if (s.coins) return coinsOf(who) >= s.count;
  const all = carried(who);
  for (let i = 0; i < all.length; i++) if (all[i].key == s.key) return all[i].count >= s.count;
  return false;
}

export function offer(cmd: Command): i32 {
  const args = cmd.args.trim();
  const sp = args.indexOf(' ');
  const at = args.toLowerCase().lastIndexOf(' for ');
  if (sp <= 0 || at <= sp) return refused('Offer what to whom? Type: offer <name> <n> <item|coins> for <n> <item|coins>, e.g. offer Bob 3 log for 10 coins.');
  const me = cmd.actor.id;
  const to = personHere(cmd.actor.location!, me, args.substring(0, sp));
  if (to === null) return refused('There is no one called "' + args.substring(0, sp) + '" here to trade with.');
  if (!openPurse(me) || !openPurse(to!)) return hostRefused('open a purse');
  const give = parseSide(me, args.substring(sp + 1, at), true);
  if (give === null) return OK;
  const want = parseSide(to!, args.substring(at + 5), false);
  if (want === null) return OK;
  if (!has(me, give!)) return refused("You don't have " + give!.label + '.');
  const pending = State.get(to!, OFFER);
  if (pending !== null && <u64>pending.getNumber('expires', 0) >= now() && pending.getString('from') != me) {
    return refused("Someone else's offer is waiting for an answer; try again in a moment.");
  }
  const toName = Query.entity(to!)!.name;
  const o = new JsonObj()
    .set('from', me)
    .set('fromName', cmd.actor.name)
    .set('room', cmd.actor.location!)
    .set('give', give!)
    .set('want', want!)
    .set('expires', <f64>(now() + OFFER_MS));
  if (!State.set(to!, OFFER, o)) return hostRefused('make the offer');
  const mine = Message.kind('info').text('You offer ' + toName + ' ' + give!.label + ' for ' + want!.label + '. The offer stands for 5 minutes.');
  const payload = new JsonObj().set('actor', me).set('to', to!).set('give', give!).set('want', want!);
  if (!Events.emit('economy.offered', 'room:' + cmd.actor.location!, payload, mine, null)) return hostRefused('announce it');
  if (!send(to!, Message.kind('info').text(cmd.actor.name + ' offers you ' + give!.label + ' for ' + want!.label + '. Type accept or decline (5 minutes).'))) return hostRefused('tell them');
  return OK;
}

export function decline(cmd: Command): i32 {
  const o = State.get(cmd.actor.id, OFFER);
  if (o === null) return refused('No one has offered you anything.');
  if (!State.del(cmd.actor.id, OFFER)) return hostRefused('decline');
  const from = o.getString('from')!;
  reply(Message.info('You decline ' + o.getString('fromName')! + "'s offer."));
  send(from, Message.info(cmd.actor.name + ' declines your offer.'));
  return OK;
}

export function accept(cmd: Command): i32 {
  const me = cmd.actor.id;
  const o = State.get(me, OFFER);
  if (o === null) return refused('No one has offered you anything.');
  if (!State.del(me, OFFER)) return hostRefused('answer');
  const from = o.getString('from')!;
  const fromName = o.getString('fromName')!;
  const lapse = (why: string): i32 => {
    reply(Message.error(why));
    return OK;
  };
  if (<u64>o.getNumber('expires', 0) < now()) return lapse(fromName + "'s offer has expired (offers stand for 5 minutes).");
  if (personHere(cmd.actor.location!, me, fromName) != from) return lapse(fromName + ' is no longer here; the offer lapses and nothing changes hands.');
  const give = Side.from(o.getObject('give')!);
  let want = Side.from(o.getObject('want')!);
  if (!want.coins) {
    const mine = findCarried(me, want.name);
    if (mine === null) return lapse('You aren\'t carrying anything called "' + want.name + '"; the offer lapses.');
    want = new Side(false, mine.key, want.count, mine.name);
  }
  if (!has(from, give)) return lapse(fromName + ' no longer has ' + give.label + '; the offer lapses.');
  if (!has(me, want)) return lapse("You don't have " + want.label + '; the offer lapses.');
  if (!moveSide(from, me, give) || !moveSide(me, from, want)) return hostRefused('exchange');
  const payload = new JsonObj().set('actor', me).set('from', from).set('gave', want).set('got', give);
  const mineMsg = Message.kind('info').text('You accept: you give ' + fromName + ' ' + want.label + ' and get ' + give.label + '.');
  if (!Events.emit('economy.traded', 'room:' + cmd.actor.location!, payload, mineMsg, null)) return hostRefused('announce it');
  if (!send(from, Message.kind('info').text(cmd.actor.name + ' accepts: you give ' + give.label + ' and get ' + want.label + '.'))) return hostRefused('tell them');
  return OK;
}

function moveSide(from: string, to: string, s: Side): bool {
  if (s.coins) return setCoins(from, coinsOf(from) - s.count) && setCoins(to, coinsOf(to) + s.count);
  const t = templateOfCarried(from, s.key);
  if (t === null) return false;
  return collect(from, s.key, s.count) && deliverTemplate(to, s.key, t, s.count);
}
