/**
 * Walking through an exit: announce the departure to the old room, move,
 * announce the arrival to the new one, and show the mover where they are.
 */
import { Actor, Command, Events, Message, JsonObj, State, reply, fail, lastError, OK } from '../../../sdk/assembly';
import { exitsOf } from './world';
import { arrivalFrom, canonicalExit } from './directions';
import { describeRoom } from './look';
import { scheduleFollowers } from './follow';
import { BRIEF } from './world';

/** The exit of `room` that `word` names: exact, abbreviation ("n"), or unique prefix ("gat"). */
export function resolveExit(room: string, word: string): string | null {
  const wanted = canonicalExit(word);
  if (wanted.length == 0) return null;
  const exits = exitsOf(room);
  if (exits.has(wanted)) return wanted;
  const names = exits.keys();
  let found: string | null = null;
  for (let i = 0; i < names.length; i++) {
    if (names[i].startsWith(wanted)) {
      if (found !== null) return null; // ambiguous
      found = names[i];
    }
  }
  return found;
}

export function walk(cmd: Command, word: string): i32 {
  return walkAs(cmd.actor, word, null);
}

/**
 * Walk `actor` through the exit `word` names. `leader` is the name of the one
 * they follow, when this walk is a follower's: the messages say so.
 */
export function walkAs(actor: Actor, word: string, leader: string | null): i32 {
  const here = actor.location;
  if (here === null) {
    reply(Message.error('You are nowhere; there is nowhere to go.'));
    return OK;
  }
  const exit = resolveExit(here, word);
  let dest: string | null = null;
  if (exit !== null) dest = exitsOf(here).getString(exit);
  if (exit === null || dest === null) {
    reply(Message.error("You can't go that way."));
    return OK;
  }
  const payload = new JsonObj().set('id', actor.id).set('from', here).set('to', dest).set('exit', exit);

  const leaves = Message.kind('move')
    .name(capital(actor.name), actor.id)
    .text(' leaves ' + exit + '.');
  if (!Events.emit('rooms.leave', 'room:' + here, payload, null, leaves)) return refused('announce your departure');
  if (!State.move(actor.id, dest)) return refused('move you');
  const from = arrivalFrom(exit);
  const arrives = Message.kind('move')
    .name(capital(actor.name), actor.id)
    .text(from.length > 0 ? ' arrives ' + from + '.' : ' arrives.');
  if (!Events.emit('rooms.arrive', 'room:' + dest, payload, null, arrives)) return refused('announce your arrival');

  if (!scheduleFollowers(actor.id, here, exit)) return refused('bring your followers');
  if (leader !== null) reply(Message.kind('move').text('You follow ' + leader + ' ' + exit + '.'));
  reply(describeRoom(dest, actor.id, State.get(actor.id, BRIEF) !== null));
  return OK;
}

/** A host refusal of an effect outside a walk (follow, @desc): fail, which undoes the command. */
export function refusedEffect(what: string): i32 {
  const err = lastError();
  return fail('ROOMS_REFUSED', 'Something stops you (could not ' + what + (err === null ? '' : ': ' + err.message) + ').');
}

/** The host refused an effect the move needs: fail, which rolls back the half-done move. */
function refused(what: string): i32 {
  const err = lastError();
  return fail('ROOMS_MOVE_FAILED', 'Something stops you (could not ' + what + (err === null ? '' : ': ' + err.message) + ').');
}

/** "a grey wolf arrives." starts a sentence: creatures' names begin in lower case. */
function capital(name: string): string {
  return name.length > 0 ? name.charAt(0).toUpperCase() + name.substring(1) : name;
}
