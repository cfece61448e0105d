/**
 * Barter with a merchant (gameplay-rules §9.3): goods for goods, answered at once.
 *
 *   offer <merchant> <n> <item> for <n> <item>
 *
 * value  = what the merchant would ask for each unit (offered units priced as
 *          they join its shelf, requested units as they leave it)
 * ratio  = offered value ÷ requested value
 * range  = by affection: > 60 → 0.7–1.3, > 20 → 0.8–1.2, else 1.1–1.5. No pack
 *          keeps a merchant's affection for a player yet, so everyone is a
 *          stranger (affection 0): 1.1–1.5.
 * want   = 1.5 if the offered good's demand > 2 × stock, 1.0 if > stock, else 0.5
 * adjusted range = range ÷ want
 * ratio ≥ adjusted min → accepted: the goods change hands now.
 * 0.6 < ratio < adjusted min → a counter-offer: the same requested goods for
 *          enough more of the offered good to reach requested × adjusted min;
 *          it waits on the player for 5 minutes (accept / decline).
 * else   → refused.
 * Choice: above the adjusted max the merchant accepts too (§9.3 says "accept if
 * within"; a merchant turning down a better bargain would only puzzle a player).
 * Merchants "prefer currency": coins on either side are sent to buy / sell.
 */
import { Actor, Command, Events, JsonObj, JsonValue, Message, OK, Query, State, fail, lastError, now, reply } from '../../../sdk/assembly';
import { Good, Stall, askAt, costOf, stallOf } from './market';
import { collect, deliver, label, nameOf, templateMatches } from './goods';
import { OFFER, OFFER_MS, Side, accept, has, offer, parseSide } from './trade';
import { stallNamed, stallsIn } from './stalls';

/** §9.3 acceptable ratio for affection ≤ 20 (a stranger). */
export const STRANGER_MIN: f64 = 1.1;
/** §9.3: anything at or below 0.6 of the value asked is not worth a counter-offer. */
export const COUNTER_FLOOR: f64 = 0.6;
/** The most units a counter-offer asks for. */
const MAX_UNITS = 100;

function refused(why: string): i32 {
  reply(Message.error(why));
  return OK;
}

function hostRefused(what: string): i32 {
  const err = lastError();
  return fail('ECONOMY_FAILED', 'Something stops you (could not ' + what + (err === null ? '' : ': ' + err.message) + ').');
}

/** §9.3 wantFactor of one offered good. */
export function wantFactor(g: Good): f64 {
  const stock = <f64>g.stock;
  if (g.demand > 2 * stock) return 1.5;
  if (g.demand > stock) return 1.0;
  return 0.5;
}

/** What `n` offered units are worth to the merchant: each at its ask once shelved. */
export function offeredValue(s: Stall, g: Good, n: i32): i32 {
  let sum = 0;
  for (let i = 1; i <= n; i++) sum += askAt(s, g, g.stock + i);
  return sum;
}

/** The fewest offered units whose value reaches `needed`, or -1 past MAX_UNITS. */
function unitsFor(s: Stall, g: Good, needed: f64): i32 {
  let sum = 0;
  for (let n = 1; n <= MAX_UNITS; n++) {
    sum += askAt(s, g, g.stock + n);
    if (<f64>sum >= needed) return n;
  }
  return -1;
}

/** The merchant's answer to `offer <merchant> …`; `giveText`/`wantText` are the two halves. */
export function barter(cmd: Command, s: Stall, giveText: string, wantText: string): i32 {
  const me = cmd.actor.id;
  const give = parseSide(me, giveText, true);
  if (give === null) return OK;
  const want = parseSide(s.id, wantText, false);
  if (want === null) return OK;
  if (give!.coins) return refused(s.name + ' would rather you simply paid: type buy <item>.');
  if (want!.coins) return refused('To sell for coins, type sell <item>; barter is goods for goods.');
  const gg = s.good(give!.key);
  if (gg === null) return refused(s.name + ' does not deal in ' + give!.name + '.');
  const wg = wanted(s, want!.name);
  if (wg === null) return refused(s.name + ' has no "' + want!.name + '" to trade. Type list to see the stalls.');
  if (wg.key == gg!.key) return refused('That is the same thing.');
  if (wg.stock < want!.count) return refused(s.name + (wg.stock == 0 ? ' has sold out of ' : ' has only ' + wg.stock.toString() + ' of ') + nameOf(wg.key) + '.');
  if (!has(me, give!)) return refused("You don't have " + give!.label + '.');
  const asked = <f64>costOf(s, wg, want!.count);
  const ratio = <f64>offeredValue(s, gg!, give!.count) / asked;
  const min = STRANGER_MIN / wantFactor(gg!);
  if (ratio >= min) return exchange(cmd.actor, s, gg!, give!.count, wg, want!.count);
  if (ratio > COUNTER_FLOOR) {
    const n = unitsFor(s, gg!, asked * min);
    if (n > 0) return counter(cmd.actor, s, gg!, n, wg, want!.count);
  }
  return refused(s.name + ' shakes their head: ' + give!.label + ' is not worth nearly ' + label(wg.key, want!.count) + ' to them.');
}

function wanted(s: Stall, what: string): Good | null {
  const goods = s.goods();
  for (let i = 0; i < goods.length; i++) if (templateMatches(what, goods[i].key)) return goods[i];
  return null;
}

/** Goods for goods, in one write set: the stall, the inventory pack's two goods requests, the event. */
function exchange(actor: Actor, s: Stall, gg: Good, n: i32, wg: Good, m: i32): i32 {
  gg.stock = gg.stock + n;
  wg.stock = wg.stock - m;
  // A barter is a purchase attempt for what the merchant gives (§9.3 LocalDemand).
  wg.demand = wg.demand + <f64>m;
  if (!s.save()) return hostRefused('update the stall');
  if (!collect(actor.id, gg.key, n) || !deliver(actor.id, wg.key, m)) return hostRefused('exchange');
  const gave = new Side(false, gg.key, n, nameOf(gg.key));
  const got = new Side(false, wg.key, m, nameOf(wg.key));
  const payload = new JsonObj().set('actor', actor.id).set('from', s.id).set('gave', gave).set('got', got);
  const mine = Message.kind('info').text(s.name + ' accepts: you give ' + gave.label + ' and get ' + got.label + '.');
  const seen = Message.kind('info')
    .name(actor.name, actor.id)
    .text(' trades ' + gave.label + ' to ' + s.name + ' for ' + got.label + '.');
  if (!Events.emit('economy.traded', 'room:' + actor.location!, payload, mine, seen)) return hostRefused('announce it');
  return OK;
}

/** The merchant's counter-offer waits on the player as any offer does (economy.offer, 5 minutes). */
function counter(actor: Actor, s: Stall, gg: Good, n: i32, wg: Good, m: i32): i32 {
  const give = new Side(false, wg.key, m, nameOf(wg.key));
  const want = new Side(false, gg.key, n, nameOf(gg.key));
  const o = new JsonObj()
    .set('from', s.id)
    .set('fromName', s.name)
    .set('room', actor.location!)
    .set('give', give)
    .set('want', want)
    .set('expires', <f64>(now() + OFFER_MS));
  if (!State.set(actor.id, OFFER, o)) return hostRefused('hear the counter-offer');
  reply(Message.kind('info').text(s.name + ' counters: ' + give.label + ' for ' + want.label + '. Type accept or decline (5 minutes).'));
  return OK;
}

/** `accept` of a merchant's counter-offer `o`: checked again, then exchanged. */
export function acceptCounter(actor: Actor, o: JsonValue): i32 {
  const from = o.getString('from')!;
  const s = stallOf(from);
  const info = Query.entity(from);
  if (s === null || info === null) return refused('That merchant is gone; the offer lapses.');
  if (<u64>o.getNumber('expires', 0) < now()) return refused(s.name + "'s offer has expired (offers stand for 5 minutes).");
  if (info.location === null || info.location! != actor.location!) return refused(s.name + ' is not here; the offer lapses and nothing changes hands.');
  const give = Side.from(o.getObject('give')!);
  const want = Side.from(o.getObject('want')!);
  // Bring the stall up to game time before counting its shelf.
  const here = stallsIn(actor.location!);
  let stall: Stall | null = null;
  for (let i = 0; i < here.length; i++) if (here[i].id == from) stall = here[i];
  if (stall === null) return refused(s.name + ' is not here; the offer lapses and nothing changes hands.');
  const wg = stall.good(give.key);
  const gg = stall.good(want.key);
  if (wg === null || gg === null || wg.stock < give.count) return refused(stall.name + ' no longer has ' + give.label + '; the offer lapses.');
  if (!has(actor.id, want)) return refused("You don't have " + want.label + '; the offer lapses.');
  return exchange(actor, stall, gg!, want.count, wg!, give.count);
}

/** `offer <name> … for …`: to a merchant here, barter; to anyone else, the two-sided trade. */
export function offerTo(cmd: Command): i32 {
  const args = cmd.args.trim();
  const sp = args.indexOf(' ');
  const at = args.toLowerCase().lastIndexOf(' for ');
  if (sp > 0 && at > sp) {
    const name = args.substring(0, sp);
    const person = Query.contents(cmd.actor.location!, 'character', 1);
    let isPerson = false;
    for (let i = 0; i < person.length; i++) if (person[i].name.toLowerCase().startsWith(name.toLowerCase())) isPerson = true;
    if (!isPerson) {
      const s = stallNamed(stallsIn(cmd.actor.location!), name);
      if (s !== null) return barter(cmd, s, args.substring(sp + 1, at), args.substring(at + 5));
    }
  }
  return offer(cmd);
}

/** `accept`: a merchant's counter-offer, or a character's offer. */
export function acceptOffer(cmd: Command): i32 {
  const o = State.get(cmd.actor.id, OFFER);
  if (o !== null && stallOf(o.getString('from')!) !== null) {
    if (!State.del(cmd.actor.id, OFFER)) return hostRefused('answer');
    return acceptCounter(cmd.actor, o);
  }
  return accept(cmd);
}
