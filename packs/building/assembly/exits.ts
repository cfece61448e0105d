/**
 * @dig, @open, @link, @unlink: rooms and the exits between them. Exits live in
 * the rooms pack's `rooms.exits` (exit name → room id), written through the build
 * grant and checked against the rooms pack's schema.
 */
import { Command, JsonObj, JsonValue, Message, State } from '../../../sdk/assembly';
import { done, refused, usage } from './changes';
import { UndoRecord } from './undo';
import { DESC, EXITS, canonicalExit, exitsOf, findRoom, label } from './world';

/** 80 characters, as the host's rename limit: a room title, not a paragraph (the village's longest is 30). */
export const MAX_NAME = 80;
/** 32 characters: an exit is a word or two the player types ("northwest", "old mill gate"). */
const MAX_EXIT = 32;

/** "Room names are at most 80 characters (that one is 10000)." or null when fine. */
export function badName(name: string, what: string): string | null {
  if (name.length == 0) return 'A ' + what.toLowerCase() + ' needs a name.';
  if (name.length > MAX_NAME) return what + ' names are at most ' + MAX_NAME.toString() + ' characters (that one is ' + name.length.toString() + ').';
  return null;
}

/** "north;n;gate" → ["north", "gate"] ("n" is north again); an empty list when any name is bad. */
function exitNames(spec: string): string[] {
  const out: string[] = [];
  const parts = spec.split(';');
  for (let i = 0; i < parts.length; i++) {
    const n = canonicalExit(parts[i]);
    if (n.length == 0 || n.length > MAX_EXIT || n.includes('=') || n.includes(',')) return [];
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

const EXIT_RULE = 'Exit names are 1-' + MAX_EXIT.toString() + " characters, without '=' or ','.";

/** @dig <room name> [= <exit>[;<aliases>][, <back exit>]] */
export function dig(cmd: Command): i32 {
  const eq = cmd.args.indexOf('=');
  const name = (eq < 0 ? cmd.args : cmd.args.substring(0, eq)).trim();
  const problem = badName(name, 'Room');
  if (problem !== null) return usage(problem + ' Type: @dig <room name> [= <exit>[;<alias>], <back exit>]');
  let forward: string[] = [];
  let back: string[] = [];
  const here = cmd.actor.location;
  if (eq >= 0) {
    const spec = cmd.args.substring(eq + 1);
    const comma = spec.indexOf(',');
    forward = exitNames(comma < 0 ? spec : spec.substring(0, comma));
    if (comma >= 0) back = exitNames(spec.substring(comma + 1));
    if (forward.length == 0 || (comma >= 0 && back.length == 0)) return usage(EXIT_RULE);
    if (here === null) return usage('You are nowhere; there is no room here to lead an exit from.');
    const taken = firstTaken(here, forward);
    if (taken !== null) return usage('There is already an exit "' + taken + '" here; @link it elsewhere or @unlink it first.');
  }
  const exits = JsonValue.newObject();
  if (here !== null) for (let i = 0; i < back.length; i++) exits.set(back[i], JsonValue.fromString(here));
  const room = State.spawn(new JsonObj().set('name', name).set('kind', 'room').set(DESC, '').set(EXITS, exits));
  if (room === null) return refused('dig the room');
  const undo = new UndoRecord('@dig ' + name).despawn(room);
  const answer = Message.info('You dig ' + label(room) + '.');
  if (forward.length > 0) {
    undo.set(here!, EXITS);
    const mine = exitsOf(here!);
    for (let i = 0; i < forward.length; i++) mine.set(forward[i], JsonValue.fromString(room));
    if (!State.set(here!, EXITS, mine)) return refused('add the exit');
    answer.newline().text('Exit ' + forward.join(', ') + ' leads there from here' + (back.length > 0 ? '; ' + back.join(', ') + ' leads back.' : '.'));
  } else {
    answer.newline().text('It has no exits yet: @open one to it, or @teleport #' + room + '.');
  }
  return done(cmd.actor.id, '@dig', room, undo, answer);
}

/** @open <exit>[;<aliases>] = <room>: a new exit from here. */
export function open(cmd: Command): i32 {
  const here = cmd.actor.location;
  const eq = cmd.args.indexOf('=');
  if (eq <= 0) return usage('Type: @open <exit>[;<alias>] = <room name, #id or here>');
  const names = exitNames(cmd.args.substring(0, eq));
  if (names.length == 0) return usage(EXIT_RULE);
  if (here === null) return usage('You are nowhere; there is no room here to open an exit from.');
  const taken = firstTaken(here, names);
  if (taken !== null) return usage('There is already an exit "' + taken + '" here; @link it elsewhere or @unlink it first.');
  const to = findRoom(cmd.args.substring(eq + 1), here);
  if (to === null) return usage(noRoom(cmd.args.substring(eq + 1)));
  if (to == here) return usage(SELF_LOOP);
  const undo = new UndoRecord('@open ' + names.join(';')).set(here, EXITS);
  const mine = exitsOf(here);
  for (let i = 0; i < names.length; i++) mine.set(names[i], JsonValue.fromString(to!));
  if (!State.set(here, EXITS, mine)) return refused('open the exit');
  return done(cmd.actor.id, '@open', here, undo, Message.info('Exit ' + names.join(', ') + ' now leads to ' + label(to!) + '.'));
}

/** @link <exit> = <room>: an exit here leads somewhere else. */
export function link(cmd: Command): i32 {
  const here = cmd.actor.location;
  const eq = cmd.args.indexOf('=');
  if (eq <= 0 || here === null) return usage('Type: @link <exit> = <room name, #id or here> (in the room the exit leaves)');
  const exit = canonicalExit(cmd.args.substring(0, eq));
  const mine = exitsOf(here);
  if (!mine.has(exit)) return usage('There is no exit "' + exit + '" here; @open makes a new one.');
  const to = findRoom(cmd.args.substring(eq + 1), here);
  if (to === null) return usage(noRoom(cmd.args.substring(eq + 1)));
  if (to == here) return usage(SELF_LOOP);
  const undo = new UndoRecord('@link ' + exit).set(here, EXITS);
  mine.set(exit, JsonValue.fromString(to!));
  if (!State.set(here, EXITS, mine)) return refused('relink the exit');
  return done(cmd.actor.id, '@link', here, undo, Message.info('Exit ' + exit + ' now leads to ' + label(to!) + '.'));
}

/** @unlink <exit>: remove an exit from here. */
export function unlink(cmd: Command): i32 {
  const here = cmd.actor.location;
  if (cmd.args.length == 0 || here === null) return usage('Type: @unlink <exit> (in the room the exit leaves)');
  const exit = canonicalExit(cmd.args);
  const mine = exitsOf(here);
  if (!mine.has(exit)) return usage('There is no exit "' + exit + '" here.');
  const undo = new UndoRecord('@unlink ' + exit).set(here, EXITS);
  mine.remove(exit);
  if (!State.set(here, EXITS, mine)) return refused('remove the exit');
  return done(cmd.actor.id, '@unlink', here, undo, Message.info('Exit ' + exit + ' is gone.'));
}

/** An exit from a room into itself: walking it goes nowhere, and following it loops a follower forever. */
const SELF_LOOP = 'That exit would lead back into this same room; pick another room.';

export function noRoom(word: string): string {
  return 'There is no room called "' + word.trim() + '" (give a room name, #id or here; @find lists rooms).';
}

function firstTaken(room: string, names: string[]): string | null {
  const mine = exitsOf(room);
  for (let i = 0; i < names.length; i++) if (mine.has(names[i])) return names[i];
  return null;
}
