/**
 * rooms: the places of the world and moving between them.
 * Commands: look, the ten directions, go <exit>. Seeds the world from world.json.
 */
import { Command, GameEvent, Message, Query, State, OK, send, reply, log, fail, dispatchCommand, dispatchEvent, dispatchSeed } from '../../../sdk/assembly';
import { describeRoom } from './look';
import { walk, walkAs, refusedEffect, resolveExit } from './move';
import { lookAt, describePerson } from './lookat';
import { FOLLOW_TIMER, follow, followerToMove, unfollow } from './follow';
import { Actor, EntityInfo, JsonObj } from '../../../sdk/assembly';
import { seedWorld } from './seed';
import { entityCreated, entityMoved, presenceChanged, sendRoomContents } from './contents';
import { isDirection } from './directions';
import { BRIEF, DESC, DETAILS, exitsOf, isRoom, startRoom } from './world';
import { sortExits } from './directions';

export function myriad_command(): i32 {
  return dispatchCommand(onCommand);
}

export function myriad_event(): i32 {
  return dispatchEvent(onEvent);
}

export function myriad_seed(): i32 {
  return dispatchSeed(seedWorld);
}

function onCommand(cmd: Command): i32 {
  if (cmd.verb == 'look') return look(cmd);
  if (cmd.verb == 'go' && !cmd.line.trimStart().toLowerCase().startsWith('go')) return namedExit(cmd);
  if (cmd.verb == 'go') {
    if (cmd.args.length == 0) {
      reply(Message.error('Go where?'));
      return OK;
    }
    return walk(cmd, cmd.args);
  }
  if (isDirection(cmd.verb)) return walk(cmd, cmd.verb);
  if (cmd.verb == 'follow') return follow(cmd);
  if (cmd.verb == 'unfollow') return unfollow(cmd);
  if (cmd.verb == 'exits') return exits(cmd);
  if (cmd.verb == 'brief') return brief(cmd);
  if (cmd.verb == '@desc') return setDesc(cmd);
  if (cmd.verb == '@detail') return setDetail(cmd);
  reply(Message.error('rooms does not know the command "' + cmd.verb + '".'));
  return OK;
}

/**
 * `go` is the fallback command (pack.json): a line whose first word is no
 * command arrives here whole. A named exit of this room ("hollow", "out")
 * walks; anything else goes back to the engine's "Unknown command".
 */
function namedExit(cmd: Command): i32 {
  const word = cmd.args.trim().toLowerCase();
  const here = cmd.actor.location;
  if (here === null || word.length == 0 || word.indexOf(' ') >= 0) return fail('PACK_UNHANDLED', 'not an exit');
  const exit = resolveExit(here, word);
  if (exit === null || (exit != word && word.length < 3)) return fail('PACK_UNHANDLED', 'not an exit');
  return walk(cmd, exit);
}

function look(cmd: Command): i32 {
  const here = cmd.actor.location;
  if (cmd.args.length > 0) return lookAt(cmd, cmd.args);
  if (here === null) {
    reply(Message.info('You are nowhere at all.'));
    return OK;
  }
  reply(describeRoom(here, cmd.actor.id));
  sendRoomContents(here, cmd.actor.id);
  return OK;
}

function onEvent(event: GameEvent): i32 {
  if (event.type == FOLLOW_TIMER) return followTimer(event);
  if (event.type == 'engine.entity_moved') {
    entityMoved(event.payload);
    return OK;
  }
  if (event.type == 'engine.entity_created') {
    entityCreated(event.payload);
    return OK;
  }
  const who = event.payload.getString('id');
  if (who === null) return OK;
  if (event.type == 'engine.character_created') {
    placeAtStart(who);
  } else if (event.type == 'engine.session_started') {
    showArrival(who);
    announce(who, ' has entered the game.');
    presenceChanged(who, true);
  } else if (event.type == 'engine.session_ended') {
    announce(who, ' has left the game.');
    presenceChanged(who, false);
  }
  return OK;
}

/** Login and logout, told to the room the character is in. */
function announce(who: string, what: string): void {
  const info = Query.entity(who);
  if (info === null || info.location === null) return;
  send('room:' + info.location!, Message.kind('move').name(info.name, who).text(what), [who]);
}

/** A follower's walk after their leader (follow.ts), run on the follower's behalf. */
function followTimer(event: GameEvent): i32 {
  const who = followerToMove(event.payload);
  if (who === null) return OK;
  const info = Query.entity(who);
  const leader = Query.entity(event.payload.getString('leader')!);
  const exit = event.payload.getString('exit');
  if (info === null || exit === null) return OK;
  return walkAs(new Actor(who, info.name, info.location), exit!, leader === null ? 'your leader' : leader.name);
}

function exits(cmd: Command): i32 {
  const here = cmd.actor.location;
  if (here === null) {
    reply(Message.info('You are nowhere; there are no exits.'));
    return OK;
  }
  const all = exitsOf(here);
  const names = sortExits(all.keys());
  if (names.length == 0) {
    reply(Message.info('There are no obvious exits.'));
    return OK;
  }
  const msg = Message.kind('info').styled('Obvious exits:', 'emphasis');
  for (let i = 0; i < names.length; i++) {
    const to = all.getString(names[i]);
    let dest: EntityInfo | null = null;
    if (to !== null) dest = Query.entity(to);
    msg
      .newline()
      .text('  ')
      .styled(pad(names[i], 10), 'exit')
      .text(' - ' + (dest === null ? 'somewhere' : dest.name));
  }
  reply(msg);
  return OK;
}

function pad(s: string, n: i32): string {
  let out = s;
  while (out.length < n) out += ' ';
  return out;
}

/** brief [on|off]: toggles; walking then shows only the title, exits and people. */
function brief(cmd: Command): i32 {
  const me = cmd.actor.id;
  const arg = cmd.args.toLowerCase();
  const on = arg == 'on' ? true : arg == 'off' ? false : State.get(me, BRIEF) === null;
  if (on && !State.set(me, BRIEF, true)) return refusedEffect('switch brief mode on');
  if (!on && !State.del(me, BRIEF)) return refusedEffect('switch brief mode off');
  reply(Message.info(on ? 'Brief mode on: walking shows room titles only (type look for the full description).' : 'Brief mode off: walking shows full room descriptions.'));
  return OK;
}

/** @desc me = <text>: what others see when they look at you (empty text clears it). */
function setDesc(cmd: Command): i32 {
  const eq = cmd.args.indexOf('=');
  const target = eq < 0 ? '' : cmd.args.substring(0, eq).trim().toLowerCase();
  if (eq < 0 || (target != 'me' && target != 'self' && target != cmd.actor.name.toLowerCase())) {
    if (cmd.args.length == 0) {
      reply(describePerson(cmd.actor.id, cmd.actor.name, true));
      return OK;
    }
    reply(Message.error('Type: @desc me = <what others see when they look at you>'));
    return OK;
  }
  const text = cmd.args.substring(eq + 1).trim();
  if (text.length > 2000) {
    reply(Message.error('That description is too long (' + text.length.toString() + ' characters; at most 2000).'));
    return OK;
  }
  if (text.length == 0) {
    if (!State.del(cmd.actor.id, DESC)) return refusedEffect('clear your description');
    reply(Message.info('Your description is cleared.'));
    return OK;
  }
  if (!State.set(cmd.actor.id, DESC, text)) return refusedEffect('set your description');
  reply(Message.info('Description set. Others now see:').newline().text(text));
  return OK;
}

/** @detail <name>[, <name>…] = <text> (builders): a feature of this room for look; empty text removes it. */
function setDetail(cmd: Command): i32 {
  const here = cmd.actor.location;
  const eq = cmd.args.indexOf('=');
  if (here === null || eq <= 0) {
    reply(Message.error('Type: @detail <name>[, <other name>] = <what looking at it shows>'));
    return OK;
  }
  const key = cmd.args.substring(0, eq).trim().toLowerCase();
  const text = cmd.args.substring(eq + 1).trim();
  const old = State.get(here, DETAILS);
  const details = new JsonObj();
  if (old !== null && old.isObject()) {
    const keys = old.keys();
    for (let i = 0; i < keys.length; i++) if (keys[i] != key) details.set(keys[i], old.get(keys[i])!);
  }
  if (text.length > 0) details.set(key, text);
  if (!State.set(here, DETAILS, details)) return refusedEffect('set the detail');
  reply(Message.info(text.length > 0 ? 'Detail "' + key + '" set: look ' + key.split(',')[0].trim() + ' shows it.' : 'Detail "' + key + '" removed.'));
  return OK;
}

/**
 * Put a character in the start room. A problem here is logged, not failed:
 * failing would roll back the character's creation along with the move, and
 * session start puts a homeless character in the start room anyway.
 */
function placeAtStart(who: string): bool {
  const start = startRoom();
  if (start === null) {
    log('warn', 'no start room (world not seeded?); ' + who + ' stays where they are');
    return false;
  }
  if (!State.move(who, start)) {
    log('warn', 'could not move ' + who + ' to the start room');
    return false;
  }
  return true;
}

/** A character entered the game: make sure they stand in a room, and show it to them. */
function showArrival(who: string): void {
  const info = Query.entity(who);
  let room: string | null = info === null ? null : info.location;
  if (room === null || !isRoom(room)) {
    if (!placeAtStart(who)) return;
    room = startRoom();
    if (room === null) return;
  }
  send(who, describeRoom(room, who));
  sendRoomContents(room, who);
}
