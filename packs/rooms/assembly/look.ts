/**
 * The room description a character sees: title, description, exits, and who
 * else is here. Also carries GMCP Room.Info for clients that map.
 */
import { Message, Query, State, JsonObj } from '../../../sdk/assembly';
import { AREA, COORDS, DESC, ENVIRONMENT, exitsOf } from './world';

/** The inventory pack's item data (read only): stack sizes and plural names. */
const ITEM = 'inventory.item';
import { sortExits, shortExit } from './directions';
import { appendCreatures } from './creatures';

/** The room as `viewer` sees it; `brief`: title, exits and who is here, no description. */
export function describeRoom(room: string, viewer: string, brief: bool = false): Message {
  const info = Query.entity(room);
  const title = info === null ? 'Somewhere' : info.name;
  const desc = State.getString(room, DESC);
  const area = State.getString(room, AREA);
  const exits = exitsOf(room);
  const names = sortExits(exits.keys());

  const msg = Message.kind('room').ref(title, 'room-title', room);
  if (!brief && desc !== null && desc.length > 0) msg.newline().styled(desc, 'room-desc');
  msg.newline();
  if (names.length == 0) {
    msg.text('There are no obvious exits.');
  } else {
    msg.text('Exits: ');
    for (let i = 0; i < names.length; i++) {
      if (i > 0) msg.text(', ');
      msg.styled(names[i], 'exit');
    }
    msg.text('.');
  }
  appendThings(msg, room);
  appendCreatures(msg, room);
  appendPresent(msg, room, viewer);

  const gmcpExits = new JsonObj();
  for (let i = 0; i < names.length; i++) {
    const to = exits.getString(names[i]);
    if (to !== null) gmcpExits.set(shortExit(names[i]), to);
  }
  const roomInfo = new JsonObj().set('num', room).set('name', title).setIfPresent('area', area).setIfPresent('environment', State.getString(room, ENVIRONMENT));
  const coords = State.get(room, COORDS);
  if (coords !== null && coords.isObject()) {
    roomInfo.set('coords', new JsonObj().set('x', coords.getNumber('x', 0)).set('y', coords.getNumber('y', 0)).set('z', coords.getNumber('z', 0)));
  }
  msg.data('Room.Info', roomInfo.set('exits', gmcpExits));
  return msg;
}

// A crowded square (a festival, a load test: hundreds of characters) is described
// with the first names and a count. Listing everyone would make `look` cost ~85
// bytes of host answer and a few µs per occupant (11 ms with 700 present), past the
// pack's 64 KiB input budget at ~790, and a screenful nobody reads.
const NAMES_LISTED = 20;
const ITEMS_LISTED = 100;

/**
 * "You see three loaves of bread and a wooden practice sword here." — entities
 * of kind "item" on the floor, whichever pack made them. Things of the same name
 * are counted together, stacks by their units (`inventory.item.count`), and
 * named in the plural: the item's `plural` when it has one, else an English guess.
 */
function appendThings(msg: Message, room: string): void {
  const items = Query.contents(room, 'item', -1, '', ITEMS_LISTED);
  if (items.length == 0) return;
  const total = items.length < ITEMS_LISTED ? items.length : Query.count(room, 'item');
  const ids = new Array<string>();
  const names = new Array<string>();
  const plurals = new Array<string>();
  const counts = new Array<i32>();
  for (let i = 0; i < items.length; i++) {
    const e = items[i];
    const data = State.get(e.id, ITEM);
    let units = 1;
    let plural: string | null = null;
    if (data !== null) {
      units = <i32>data.getNumber('count', 1);
      if (units < 1) units = 1;
      plural = data.getString('plural');
    }
    const at = names.indexOf(e.name);
    if (at >= 0) {
      counts[at] += units;
      continue;
    }
    ids.push(e.id);
    names.push(e.name);
    plurals.push(plural === null ? pluralOf(e.name) : plural);
    counts.push(units);
  }
  const more = total - items.length;
  msg.newline().text('You see ');
  for (let i = 0; i < names.length; i++) {
    if (i > 0) msg.text(i == names.length - 1 && more == 0 ? ' and ' : ', ');
    msg.ref(counts[i] > 1 ? numberWord(counts[i]) + ' ' + plurals[i] : names[i], 'item', ids[i]);
  }
  if (more > 0) msg.text(' and ' + more.toString() + (more == 1 ? ' other thing' : ' other things'));
  msg.text(' here.');
}

const NUMBERS: string[] = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

function numberWord(n: i32): string {
  return n < NUMBERS.length ? NUMBERS[n] : n.toString();
}

/** "a loaf of bread" → "loaves of bread", "a grey whetstone" → "grey whetstones", "an axe" → "axes". */
export function pluralOf(name: string): string {
  let s = name;
  const lower = s.toLowerCase();
  if (lower.startsWith('a ')) s = s.substring(2);
  else if (lower.startsWith('an ')) s = s.substring(3);
  else if (lower.startsWith('some ') || lower.startsWith('the ')) s = s.substring(s.indexOf(' ') + 1);
  const ofAt = s.indexOf(' of ');
  const head = ofAt > 0 ? s.substring(0, ofAt) : s;
  const tail = ofAt > 0 ? s.substring(ofAt) : '';
  const space = head.lastIndexOf(' ');
  const word = head.substring(space + 1);
  return head.substring(0, space + 1) + pluralWord(word) + tail;
}

function pluralWord(w: string): string {
  const l = w.toLowerCase();
  if (l.endsWith('s') || l.endsWith('x') || l.endsWith('ch') || l.endsWith('sh') || l.endsWith('z')) return w + 'es';
  if (l.endsWith('y') && l.length > 1 && 'aeiou'.indexOf(l.charAt(l.length - 2)) < 0) return w.substring(0, w.length - 1) + 'ies';
  if (l.endsWith('fe')) return w.substring(0, w.length - 2) + 'ves';
  if (l.endsWith('f') && !l.endsWith('ff')) return w.substring(0, w.length - 1) + 'ves';
  return w + 's';
}

/**
 * "Alice is here." / "Alice and Bob are here." / "Alice, Bob and Carol are here."
 * Past NAMES_LISTED: "Alice, Bob, … Tom and 183 others are here."
 */
function appendPresent(msg: Message, room: string, viewer: string): void {
  const people = Query.contents(room, 'character', 1, viewer, NAMES_LISTED);
  if (people.length == 0) return;
  const total = people.length < NAMES_LISTED ? people.length : Query.count(room, 'character', 1, viewer);
  const others = total - people.length;
  msg.newline();
  for (let i = 0; i < people.length; i++) {
    if (i > 0) msg.text(i == people.length - 1 && others == 0 ? ' and ' : ', ');
    msg.name(people[i].name, people[i].id);
  }
  if (others > 0) msg.text(' and ' + others.toString() + (others == 1 ? ' other' : ' others'));
  msg.text(total == 1 ? ' is here.' : ' are here.');
}
