/**
 * get / drop: moving items between the floor and a character, within the carry
 * limit (a pickup is refused when carried + its weight would exceed the maximum).
 */
import { Command, Events, JsonObj, Message, OK, reply } from '../../../sdk/assembly';
import { Item, itemsIn } from './items';
import { Target, parseTarget, pick, pickAll } from './match';
import { moveUnits } from './stacks';
import { carriedWeight, kg, maxCarry } from './carry';
import { equipmentOf, slotOf, verbFor } from './equip';
import { hostRefused } from './common';
import { itemChanged } from './gmcp';

/**
 * Items one "get all" / "drop all" moves: a pack call may make 256 effects
 * (maxEffects), and moving one stack costs up to 5 (move, top up another stack,
 * retire the emptied one, the event); 32 × 5 = 160 leaves room to spare.
 */
const MAX_ALL = 32;

function labelFor(item: Item, n: i32): string {
  return n > 1 ? item.name + ' (x' + n.toString() + ')' : item.name;
}

/** Units a target asks for out of a stack; -1 after replying with a refusal. */
function unitsWanted(item: Item, t: Target, mine: bool): i32 {
  if (t.count == -1) return item.count;
  if (t.count <= 0) {
    reply(Message.error('How many?'));
    return -1;
  }
  if (t.count > item.count) {
    const only = item.count == 1 ? 'only one' : 'only ' + item.count.toString();
    reply(Message.error((mine ? 'You have ' + only : 'There ' + (item.count == 1 ? 'is ' : 'are ') + only) + ': ' + item.label + '.'));
    return -1;
  }
  return t.count;
}

export function get(cmd: Command): i32 {
  const here = cmd.actor.location;
  if (here === null) {
    reply(Message.error('There is nothing here.'));
    return OK;
  }
  if (cmd.args.length == 0) {
    reply(Message.error('Get what?'));
    return OK;
  }
  const t = parseTarget(cmd.args);
  const floor = itemsIn(here);
  if (t.all) {
    const list = pickAll(floor, t);
    if (list.length == 0) {
      reply(Message.error(t.empty ? 'There is nothing here to take.' : 'You see nothing like "' + t.words.join(' ') + '" here.'));
      return OK;
    }
    // Weigh what is carried once, not once per item: a room of 100 things
    // would otherwise cost 100 × carried reads and run into maxHostCalls.
    const load = new Load(carriedWeight(cmd.actor.id), maxCarry(cmd.actor.id));
    const n = list.length < MAX_ALL ? list.length : MAX_ALL;
    for (let i = 0; i < n; i++) {
      const rc = take(cmd, here, list[i], list[i].count, load);
      if (rc != OK) return rc;
    }
    if (list.length > MAX_ALL) reply(Message.info('There is more here; type "get all" again for the rest.'));
    return OK;
  }
  const item = pick(floor, t);
  if (item === null) {
    const mine = pick(itemsIn(cmd.actor.id), t);
    if (mine !== null) reply(Message.error('You already have ' + mine.name + '.'));
    else reply(Message.error('You see no "' + t.text + '" here.'));
    return OK;
  }
  const n = unitsWanted(item, t, false);
  if (n < 0) return OK;
  return take(cmd, here, item, n, new Load(carriedWeight(cmd.actor.id), maxCarry(cmd.actor.id)));
}

/** What a character carries and may carry, kept up to date across a `get all`. */
class Load {
  constructor(
    public carried: f64,
    public max: f64,
  ) {}
}

/** Pick up `n` units of `item`, or refuse when too heavy. */
function take(cmd: Command, here: string, item: Item, n: i32, load: Load): i32 {
  const who = cmd.actor.id;
  const weight = item.weight * <f64>n;
  const carried = load.carried;
  const max = load.max;
  if (carried + weight > max) {
    let why = labelFor(item, n) + ' is too heavy for you: it weighs ' + kg(weight);
    why += carried > 0 ? ', and you already carry ' + kg(carried) + ' of your ' + kg(max) + '.' : ', and you can carry ' + kg(max) + '.';
    reply(Message.error(capitalised(why)));
    return OK;
  }
  const label = labelFor(item, n);
  const before = item.count;
  const held = moveUnits(item, n, who);
  if (held === null) return hostRefused('pick up ' + item.name);
  load.carried += weight;
  const mine = Message.kind('info').text('You pick up ').styled(label, 'item').text('.');
  const theirs = Message.kind('info').name(cmd.actor.name, who).text(' picks up ').styled(label, 'item').text('.');
  const payload = new JsonObj().set('actor', who).set('item', held.id).set('weight', weight).set('count', n);
  if (!Events.emit('inventory.picked_up', 'room:' + here, payload, mine, theirs)) return hostRefused('announce it');
  moved(who, item, before, n, held, 'room', 'inv');
  return OK;
}

export function drop(cmd: Command): i32 {
  const here = cmd.actor.location;
  if (here === null) {
    reply(Message.error('There is nowhere to put anything down.'));
    return OK;
  }
  if (cmd.args.length == 0) {
    reply(Message.error('Drop what?'));
    return OK;
  }
  const who = cmd.actor.id;
  const t = parseTarget(cmd.args);
  const carried = itemsIn(who);
  const eq = equipmentOf(who);
  if (t.all) {
    const list = pickAll(carried, t);
    let dropped = 0;
    for (let i = 0; i < list.length; i++) {
      if (slotOf(eq, list[i].id) !== null) continue; // "drop all" keeps what you are using
      if (dropped == MAX_ALL) {
        reply(Message.info('You have more; type "drop all" again for the rest.'));
        break;
      }
      const rc = put(cmd, here, list[i], list[i].count);
      if (rc != OK) return rc;
      dropped++;
    }
    if (dropped == 0) reply(Message.error(list.length == 0 ? 'You have nothing like that to drop.' : 'You are using everything like that; unequip it first.'));
    return OK;
  }
  const item = pick(carried, t);
  if (item === null) {
    reply(Message.error('You aren\'t carrying anything called "' + t.text + '".'));
    return OK;
  }
  const slot = slotOf(eq, item.id);
  if (slot !== null) {
    reply(Message.error('You ' + verbFor(item, slot) + ' ' + item.name + '; unequip it first.'));
    return OK;
  }
  const n = unitsWanted(item, t, true);
  if (n < 0) return OK;
  return put(cmd, here, item, n);
}

function put(cmd: Command, here: string, item: Item, n: i32): i32 {
  const label = labelFor(item, n);
  const before = item.count;
  const placed = moveUnits(item, n, here);
  if (placed === null) return hostRefused('drop ' + item.name);
  const mine = Message.kind('info').text('You drop ').styled(label, 'item').text('.');
  const theirs = Message.kind('info').name(cmd.actor.name, cmd.actor.id).text(' drops ').styled(label, 'item').text('.');
  const payload = new JsonObj().set('actor', cmd.actor.id).set('item', placed.id).set('room', here).set('count', n);
  if (!Events.emit('inventory.dropped', 'room:' + here, payload, mine, theirs)) return hostRefused('announce it');
  moved(cmd.actor.id, item, before, n, placed, 'inv', 'room');
  return OK;
}

/** GMCP for the actor: `n` of the `before` units of `item` went from `from` to `to`, where they are now (part of) `now`. */
function moved(who: string, item: Item, before: i32, n: i32, now: Item, from: string, to: string): void {
  if (n >= before) itemChanged(who, 'Remove', from, item, before);
  else itemChanged(who, 'Update', from, item, before - n);
  // A new stack (or the whole one moved) is an Add; units topping up a stack already there, an Update.
  itemChanged(who, now.id == item.id || now.count <= n ? 'Add' : 'Update', to, now, now.count);
}

function capitalised(s: string): string {
  return s.length == 0 ? s : s.charAt(0).toUpperCase() + s.substring(1);
}
