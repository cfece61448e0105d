/**
 * @create, @destroy, @teleport: objects, removing what builders made, and moving
 * anything (yourself, a thing, a player) to a room.
 */
import { Command, JsonObj, Message, Query, State, fail } from '../../../sdk/assembly';
import { done, refused, usage } from './changes';
import { badName, noRoom } from './exits';
import { UndoRecord } from './undo';
import { EXITS, ITEM, exitsOf, findRoom, findTarget, isRoom, label, notBuilt, startRoom } from './world';

/** @create <name>: a thing on the floor here (an inventory item of weight 1 that anyone can pick up). */
export function create(cmd: Command): i32 {
  const name = cmd.args.trim();
  const problem = badName(name, 'Thing');
  if (problem !== null) return usage(problem + ' Type: @create <name>');
  const here = cmd.actor.location;
  if (here === null) return usage('You are nowhere; there is no floor to put it on.');
  const thing = State.spawn(new JsonObj().set('name', name).set('kind', 'item').set(ITEM, new JsonObj().set('weight', 1).set('count', 1).set('desc', '')));
  if (thing === null) return refused('create it');
  if (!State.move(thing, here)) return refused('put it here');
  const undo = new UndoRecord('@create ' + name).despawn(thing);
  return done(cmd.actor.id, '@create', thing, undo, Message.info('You create ' + label(thing) + '. It lies here; @describe it.'));
}

/**
 * @destroy <target> [= yes]: remove a room or thing built in the game. A room
 * that holds players or things asks first; with "= yes" what it holds goes to the
 * start room and every exit into it is removed. The start room, the seeded world
 * and players are never destroyed. Not undoable (the id is gone), and it says so.
 */
export function destroy(cmd: Command): i32 {
  const eq = cmd.args.indexOf('=');
  const word = (eq < 0 ? cmd.args : cmd.args.substring(0, eq)).trim();
  const confirmed =
    eq >= 0 &&
    cmd.args
      .substring(eq + 1)
      .trim()
      .toLowerCase() == 'yes';
  if (word.length == 0) return usage('Type: @destroy <thing, room or #id>');
  const target = findTarget(word, cmd.actor.id, cmd.actor.location);
  if (target === null) return usage(noRoom(word));
  const info = Query.entity(target);
  if (info !== null && info.kind == 'character') return usage('Players cannot be destroyed.');
  const start = startRoom();
  if (start !== null && target == start) return usage(label(target) + ' is the start room, where new characters arrive; it cannot be destroyed.');
  const maker = notBuilt(target);
  if (maker !== null) return usage(label(target) + ' was not built in the game (it comes from ' + maker + '); only what builders made can be destroyed.');
  const inside = Query.contents(target);
  const name = label(target);
  if (inside.length > 0) {
    if (!confirmed) return usage(name + ' holds ' + inside.length.toString() + (inside.length == 1 ? ' player or thing' : ' players and things') + '. Type @destroy ' + word + ' = yes to destroy it; they go to the start room.');
    if (start === null) return fail('BUILDING_NO_START', 'There is no start room to move what it holds to.');
    for (let i = 0; i < inside.length; i++) if (!State.move(inside[i].id, start!)) return refused('move ' + inside[i].name + ' out');
  }
  let exitsRemoved = 0;
  if (isRoom(target)) {
    const rooms = Query.withComponent(EXITS);
    for (let i = 0; i < rooms.length; i++) {
      if (rooms[i] == target) continue;
      const exits = exitsOf(rooms[i]);
      const names = exits.keys();
      let changed = false;
      for (let n = 0; n < names.length; n++) {
        const to = exits.getString(names[n]);
        if (to !== null && to == target) {
          exits.remove(names[n]);
          changed = true;
          exitsRemoved++;
        }
      }
      if (changed && !State.set(rooms[i], EXITS, exits)) return refused('remove an exit into it');
    }
  }
  if (!State.despawn(target)) return refused('destroy it');
  const answer = Message.info('You destroy ' + name + (exitsRemoved > 0 ? ' and the ' + exitsRemoved.toString() + (exitsRemoved == 1 ? ' exit' : ' exits') + ' into it' : '') + '. (This cannot be undone.)');
  return done(cmd.actor.id, '@destroy', target, new UndoRecord('@destroy ' + word), answer);
}

/** @teleport <room> | @teleport <who or what> = <room> */
export function teleport(cmd: Command): i32 {
  const eq = cmd.args.indexOf('=');
  if (cmd.args.length == 0) return usage('Type: @teleport <room> or @teleport <who or what> = <room>');
  const here = cmd.actor.location;
  let who: string | null = cmd.actor.id;
  if (eq >= 0) who = findTarget(cmd.args.substring(0, eq), cmd.actor.id, here);
  if (who === null) return usage('There is nobody and nothing called "' + cmd.args.substring(0, eq).trim() + '" here.');
  const roomWord = eq >= 0 ? cmd.args.substring(eq + 1) : cmd.args;
  const to = findRoom(roomWord, here);
  if (to === null) return usage(noRoom(roomWord));
  if (isRoom(who!)) return usage('Rooms stay where they are; teleport someone or something into one.');
  const from = Query.entity(who!);
  const undo = new UndoRecord('@teleport ' + (from === null ? '?' : from.name));
  if (from !== null && from.location !== null) undo.move(who!, from.location!);
  if (!State.move(who!, to!)) return refused('teleport');
  const answer = who == cmd.actor.id ? Message.info('You teleport to ' + label(to!) + '. (look to see it)') : Message.info(label(who!) + ' is now in ' + label(to!) + '.');
  return done(cmd.actor.id, '@teleport', who!, undo, answer);
}
