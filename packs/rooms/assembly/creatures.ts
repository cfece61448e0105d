/**
 * Creatures (kind "npc", the creatures pack's) and corpses (kind "corpse", the
 * combat pack's) in a room's description, and `look <creature>`: its name and
 * the creatures pack's `creatures.look` description (read grant), and for the
 * lives pack's townsfolk their generated appearance (`lives.appearance`: the
 * text from their genes and age, and how they look now, "She looks hungry.").
 */
import { Message, Query, State } from '../../../sdk/assembly';

const LOOK = 'creatures.look';
const APPEARANCE = 'lives.appearance';
/** A den of rats is named one by one up to this many, then counted. */
const LISTED = 10;

/** "A brown rat is here." / "A brown rat (x2) and a grey wolf are here." / "The corpse of a rat lies here." */
export function appendCreatures(msg: Message, room: string): void {
  listed(msg, room, 'npc', ' is here.', ' are here.');
  listed(msg, room, 'corpse', ' lies here.', ' lie here.');
}

function listed(msg: Message, room: string, kind: string, one: string, many: string): void {
  const found = Query.contents(room, kind, -1, '', LISTED);
  if (found.length == 0) return;
  const names = new Array<string>();
  const ids = new Array<string>();
  const counts = new Array<i32>();
  for (let i = 0; i < found.length; i++) {
    const at = names.indexOf(found[i].name);
    if (at >= 0) {
      counts[at]++;
      continue;
    }
    names.push(found[i].name);
    ids.push(found[i].id);
    counts.push(1);
  }
  msg.newline();
  for (let i = 0; i < names.length; i++) {
    if (i > 0) msg.text(i == names.length - 1 ? ' and ' : ', ');
    const n = counts[i] > 1 ? several(counts[i], names[i]) : names[i];
    msg.ref(i == 0 ? n.charAt(0).toUpperCase() + n.substring(1) : n, 'name', ids[i]);
  }
  msg.text(found.length == 1 ? one : many);
}

const NUMBERS = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** "a brown rat" × 3 → "three brown rats" (English plurals for creature names: rats, wolves, foxes, flies). */
function several(n: i32, name: string): string {
  let bare = name;
  if (bare.startsWith('a ')) bare = bare.substring(2);
  else if (bare.startsWith('an ')) bare = bare.substring(3);
  let plural = bare + 's';
  if (bare.endsWith('f')) plural = bare.substring(0, bare.length - 1) + 'ves';
  else if (bare.endsWith('s') || bare.endsWith('x') || bare.endsWith('ch') || bare.endsWith('sh')) plural = bare + 'es';
  else if (bare.endsWith('y') && bare.length > 1 && 'aeiou'.indexOf(bare.charAt(bare.length - 2)) < 0) plural = bare.substring(0, bare.length - 1) + 'ies';
  return (n < 10 ? NUMBERS[n] : n.toString()) + ' ' + plural;
}

/** `look <creature or corpse>`; null when nothing here matches `what`. */
export function lookAtCreature(room: string, what: string): Message | null {
  const want = what.toLowerCase();
  const found = Query.contents(room, '', -1, '', 200);
  for (let i = 0; i < found.length; i++) {
    const e = found[i];
    if (e.kind != 'npc' && e.kind != 'corpse') continue;
    if (!named(e.name, e.id, want)) continue;
    const msg = Message.kind('info').ref(e.name.charAt(0).toUpperCase() + e.name.substring(1), 'name', e.id);
    const look = State.get(e.id, LOOK);
    let desc: string | null = null;
    if (look !== null) desc = look.getString('desc');
    if (desc !== null && desc!.length > 0) msg.newline().text(desc!);
    else if (e.kind == 'corpse') msg.newline().text('It is quite dead. (loot it to search it.)');
    appendAppearance(msg, e.id);
    return msg;
  }
  return null;
}

function appendAppearance(msg: Message, id: string): void {
  const a = State.get(id, APPEARANCE);
  if (a === null) return;
  const text = a.getString('text');
  if (text !== null && text!.length > 0) msg.newline().text(text!);
  const looks = a.getString('looks');
  if (looks !== null && looks!.length > 0) msg.newline().text(looks!);
}

function named(name: string, id: string, want: string): bool {
  const words = name.toLowerCase().split(' ');
  for (let i = 0; i < words.length; i++) if (words[i].length > 0 && words[i].startsWith(want)) return true;
  const look = State.get(id, LOOK);
  if (look === null) return false;
  const kw = look.getArray('keywords');
  if (kw === null) return false;
  for (let i = 0; i < kw.length; i++) {
    const k = kw[i].asString();
    if (k !== null && k!.startsWith(want)) return true;
  }
  return false;
}
