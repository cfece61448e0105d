/**
 * @describe, @name, @set: changing what is already there. Every value is checked
 * against its owning pack's schema before it is written (Query.invalid), so a bad
 * value is answered with the rule it breaks and nothing is written.
 */
import { Command, JsonValue, Message, Query, State, parseJson } from '../../../sdk/assembly';
import { done, refused, usage } from './changes';
import { badName, noRoom } from './exits';
import { UndoRecord } from './undo';
import { DESC, ITEM, findTarget, isRoom, label, notBuilt } from './world';

/** 4,000 characters: the rooms pack's schema for rooms.desc and the inventory pack's for an item's desc. */
const MAX_DESC = 4000;

/** The components @set may change: the ones other packs declare buildable and this pack is granted (pack.json). */
const SETTABLE: string[] = ['rooms.desc', 'rooms.exits', 'rooms.details', 'rooms.area', 'rooms.environment', 'inventory.item', 'creatures.body', 'economy.stall', 'resources.node'];

/** @describe <target> = <text>: a room's description, a thing's, or your own. */
export function describe(cmd: Command): i32 {
  const eq = cmd.args.indexOf('=');
  if (eq <= 0) return usage('Type: @describe <here, me, a thing, a room or #id> = <text>');
  const word = cmd.args.substring(0, eq).trim();
  const target = findTarget(word, cmd.actor.id, cmd.actor.location);
  if (target === null) return usage(noRoom(word));
  const info = Query.entity(target);
  if (info !== null && info.kind == 'character' && target != cmd.actor.id) return usage('Players describe themselves (@desc me = ...); you may describe only yourself among them.');
  const text = cmd.args.substring(eq + 1).trim();
  if (text.length > MAX_DESC) return usage('Descriptions are at most ' + MAX_DESC.toString() + ' characters (that one is ' + text.length.toString() + ').');
  const item = State.get(target, ITEM);
  const undo = new UndoRecord('@describe ' + word);
  if (item !== null && item.isObject()) {
    undo.set(target, ITEM);
    item.set('desc', JsonValue.fromString(text));
    if (!State.set(target, ITEM, item)) return refused('describe it');
  } else {
    undo.set(target, DESC);
    if (!State.set(target, DESC, text)) return refused('describe it');
  }
  // Read back: the host removed control characters and escape sequences on the way in.
  const stored = item !== null ? State.get(target, ITEM)!.getString('desc') : State.getString(target, DESC);
  const answer = Message.info('Description of ' + label(target) + ' set:')
    .newline()
    .text(stored === null ? '' : stored!);
  return done(cmd.actor.id, '@describe', target, undo, answer);
}

/** @name <target> = <new name>: rename a room or thing built in the game. */
export function rename(cmd: Command): i32 {
  const eq = cmd.args.indexOf('=');
  if (eq <= 0) return usage('Type: @name <here, a thing, a room or #id> = <new name>');
  const word = cmd.args.substring(0, eq).trim();
  const target = findTarget(word, cmd.actor.id, cmd.actor.location);
  if (target === null) return usage(noRoom(word));
  const name = cmd.args.substring(eq + 1).trim();
  const problem = badName(name, isRoom(target) ? 'Room' : 'Thing');
  if (problem !== null) return usage(problem);
  const maker = notBuilt(target);
  if (maker !== null) return usage(label(target) + ' was not built in the game (it comes from ' + maker + '); only what builders made can be renamed.');
  const before = label(target);
  const undo = new UndoRecord('@name ' + word).set(target, 'name');
  if (!State.set(target, 'name', name)) return refused('rename it');
  return done(cmd.actor.id, '@name', target, undo, Message.info(before + ' is now called ' + name + '.'));
}

/** @set <target>/<component>[.<field>] = <value>: a buildable property; the value is JSON, or else text. */
export function setProperty(cmd: Command): i32 {
  const eq = cmd.args.indexOf('=');
  const slash = cmd.args.indexOf('/');
  if (eq <= 0 || slash <= 0 || slash > eq) return usage('Type: @set <target>/<property> = <value>, e.g. @set here/rooms.environment = forest. Properties: ' + SETTABLE.join(', '));
  const word = cmd.args.substring(0, slash).trim();
  const target = findTarget(word, cmd.actor.id, cmd.actor.location);
  if (target === null) return usage(noRoom(word));
  const path = cmd.args.substring(slash + 1, eq).trim();
  const component = settableOf(path);
  if (component === null) return usage('"' + path + '" is not a property builders may set. Properties: ' + SETTABLE.join(', ') + ' (or one field of them: creatures.body.respawnMs).');
  const field = path.length > component!.length ? path.substring(component!.length + 1) : '';
  const raw = cmd.args.substring(eq + 1).trim();
  let value = parseJson(raw);
  if (value === null) value = JsonValue.fromString(raw);
  let whole: JsonValue = value!;
  if (field.length > 0) {
    const old = State.get(target, component!);
    whole = old !== null && old.isObject() ? old : JsonValue.newObject();
    whole.set(field, value!);
  }
  const problem = Query.invalid(component!, whole.toJson());
  if (problem !== null) return usage('That value does not fit ' + component! + ' (' + problem! + '); nothing changed.');
  const undo = new UndoRecord('@set ' + word + '/' + path).set(target, component!);
  if (!State.set(target, component!, whole)) return refused('set ' + path);
  return done(cmd.actor.id, '@set', target, undo, Message.info(label(target) + ': ' + path + ' = ' + value!.toJson()));
}

function settableOf(path: string): string | null {
  for (let i = 0; i < SETTABLE.length; i++) {
    const c = SETTABLE[i];
    if (path == c || path.startsWith(c + '.')) return c;
  }
  return null;
}
