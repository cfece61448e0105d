/**
 * `look <something>`: yourself, a person here (their description and what
 * they wear and wield), an exit, a thing here or carried, or a feature of the
 * room the description names (`rooms.details`, set by builders).
 */
import { Command, EntityInfo, Message, Query, State, OK, reply } from '../../../sdk/assembly';
import { DESC, DETAILS, exitsOf } from './world';
import { resolveExit } from './move';
import { lookAtCreature } from './creatures';

/** Another pack's components, read to describe people and things (capabilities.read). */
const EQUIPMENT = 'inventory.equipment';
const ITEM = 'inventory.item';

const SLOTS: string[] = ['mainHand', 'offHand', 'head', 'neck', 'chest', 'legs', 'feet', 'ring1', 'ring2'];

export function lookAt(cmd: Command, typed: string): i32 {
  let what = typed.trim().toLowerCase();
  if (what.startsWith('at ')) what = what.substring(3).trim();
  if (what.startsWith('the ')) what = what.substring(4).trim();
  const here = cmd.actor.location;
  if (what == 'me' || what == 'self' || what == 'myself') {
    reply(describePerson(cmd.actor.id, cmd.actor.name, true));
    return OK;
  }
  if (here === null) {
    reply(Message.error('You are nowhere; there is nothing to look at.'));
    return OK;
  }
  const person = personHere(here, what, cmd.actor.id);
  if (person !== null) {
    const info = Query.entity(person);
    reply(describePerson(person, info === null ? 'Someone' : info.name, false));
    return OK;
  }
  const creature = lookAtCreature(here, what);
  if (creature !== null) {
    reply(creature);
    return OK;
  }
  const thing = thingNamed(cmd.actor.id, what);
  const floor = thing !== null ? thing : thingNamed(here, what);
  if (floor !== null) {
    reply(describeThing(floor));
    return OK;
  }
  const detail = detailOf(here, what);
  if (detail !== null) {
    reply(Message.kind('info').styled(detail, 'room-desc'));
    return OK;
  }
  const exit = resolveExit(here, what);
  if (exit !== null) {
    const to = exitsOf(here).getString(exit);
    let dest: EntityInfo | null = null;
    if (to !== null) dest = Query.entity(to);
    reply(
      Message.kind('info')
        .text('The way ' + exit + ' leads to ')
        .styled(dest === null ? 'somewhere' : dest.name, 'room-title')
        .text('.'),
    );
    return OK;
  }
  reply(Message.error('You see no "' + clip(what, 40) + '" here.'));
  return OK;
}

/** An online character in the room whose name is `what` or starts with it. */
function personHere(room: string, what: string, viewer: string): string | null {
  const people = Query.contents(room, 'character', 1, '', 50);
  let prefix: string | null = null;
  for (let i = 0; i < people.length; i++) {
    const name = people[i].name.toLowerCase();
    if (name == what) return people[i].id;
    if (prefix === null && what.length >= 2 && name.startsWith(what)) prefix = people[i].id;
  }
  return prefix;
}

/** A thing in `where` one of whose name words starts with each typed word ("prac sword"). */
function thingNamed(where: string, what: string): string | null {
  const words = what.split(' ');
  const things = Query.contents(where, 'item', -1, '', 100);
  for (let i = 0; i < things.length; i++) {
    const names = things[i].name.toLowerCase().split(' ');
    let all = words.length > 0;
    for (let w = 0; w < words.length && all; w++) {
      if (words[w].length == 0) continue;
      let found = false;
      for (let n = 0; n < names.length && !found; n++) if (names[n].startsWith(words[w])) found = true;
      all = found;
    }
    if (all) return things[i].id;
  }
  return null;
}

/** A feature of the room: a detail whose key (or one of its comma-separated names) is what was typed. */
function detailOf(room: string, what: string): string | null {
  const details = State.get(room, DETAILS);
  if (details === null || !details.isObject()) return null;
  const keys = details.keys();
  for (let i = 0; i < keys.length; i++) {
    const names = keys[i].split(',');
    for (let n = 0; n < names.length; n++) {
      const name = names[n].trim().toLowerCase();
      if (name == what || (what.length >= 3 && name.startsWith(what)) || (name.length >= 3 && what.endsWith(' ' + name))) return details.getString(keys[i]);
    }
  }
  return null;
}

function describeThing(id: string): Message {
  const info = Query.entity(id);
  const name = info === null ? 'something' : info.name;
  const item = State.get(id, ITEM);
  let desc: string | null = null;
  if (item !== null) desc = item.getString('desc');
  const msg = Message.kind('info').styled(capitalise(name), 'item');
  msg.newline().text(desc !== null && desc.length > 0 ? desc : 'You see nothing special about it.');
  return msg;
}

/** "Bob" / their description / "Bob is wielding …, and wearing …." */
export function describePerson(id: string, name: string, self: bool): Message {
  const msg = Message.kind('info').name(name, id);
  const desc = State.getString(id, DESC);
  msg.newline();
  if (desc !== null && desc.length > 0) msg.text(desc);
  else msg.text(self ? 'You have no description yet; set one with: @desc me = <text>' : 'You see nothing special about ' + name + '.');
  const eq = State.get(id, EQUIPMENT);
  if (eq === null || !eq.isObject()) return msg;
  const wielded = new Array<string>();
  const worn = new Array<string>();
  for (let i = 0; i < SLOTS.length; i++) {
    const item = eq.getString(SLOTS[i]);
    if (item === null) continue;
    const info = Query.entity(item);
    if (info === null) continue;
    const list = i < 2 ? wielded : worn;
    if (!list.includes(info.name)) list.push(info.name);
  }
  if (wielded.length == 0 && worn.length == 0) return msg;
  msg.newline().text(self ? 'You are ' : name + ' is ');
  if (wielded.length > 0) msg.text('wielding ').styled(joined(wielded), 'item');
  if (wielded.length > 0 && worn.length > 0) msg.text(', and ');
  if (worn.length > 0) msg.text('wearing ').styled(joined(worn), 'item');
  return msg.text('.');
}

function joined(list: string[]): string {
  if (list.length == 1) return list[0];
  return list.slice(0, list.length - 1).join(', ') + ' and ' + list[list.length - 1];
}

function capitalise(s: string): string {
  return s.length == 0 ? s : s.charAt(0).toUpperCase() + s.substring(1);
}

export function clip(s: string, n: i32): string {
  return s.length <= n ? s : s.substring(0, n) + '…';
}
