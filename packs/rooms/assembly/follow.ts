/**
 * follow / unfollow. A follower walks after their leader through the same
 * exit, each paying their own way: every follower's walk is its own timer call
 * (due at once, run on the follower's behalf), so a follower too tired to go
 * stays behind with the stamina pack's reason, and never stops the leader.
 * Followers of followers follow in turn; a circle (A follows B follows A) is
 * refused when it would form.
 */
import { Command, EntityInfo, JsonObj, JsonValue, Message, Query, State, OK, reply, schedule, send } from '../../../sdk/assembly';
import { FOLLOWING } from './world';
import { refusedEffect } from './move';

export const FOLLOW_TIMER = 'rooms.follow';

export function leaderOf(id: string): string | null {
  const v = State.get(id, FOLLOWING);
  return v === null ? null : v.getString('leader');
}

export function follow(cmd: Command): i32 {
  const me = cmd.actor.id;
  const here = cmd.actor.location;
  const typed = cmd.args.trim().toLowerCase();
  if (typed.length == 0) {
    const now = leaderOf(me);
    let name: EntityInfo | null = null;
    if (now !== null) name = Query.entity(now);
    reply(name === null ? Message.error('Follow whom?') : Message.info('You are following ' + name.name + '. Type "unfollow" to stop.'));
    return OK;
  }
  if (typed == 'me' || typed == 'self') return unfollow(cmd);
  if (here === null) {
    reply(Message.error('There is no one here to follow.'));
    return OK;
  }
  const people = Query.contents(here, 'character', 1, me, 50);
  let leader: string | null = null;
  let leaderName = '';
  for (let i = 0; i < people.length && leader === null; i++) {
    const n = people[i].name.toLowerCase();
    if (n == typed || (typed.length >= 2 && n.startsWith(typed))) {
      leader = people[i].id;
      leaderName = people[i].name;
    }
  }
  if (leader === null) {
    reply(Message.error(typed == cmd.actor.name.toLowerCase() ? "You can't follow yourself." : 'There is no one called "' + clip(cmd.args.trim(), 40) + '" here to follow.'));
    return OK;
  }
  // Walk up the leader's own chain: reaching me would close a circle.
  let step: string | null = leader;
  for (let hops = 0; step !== null && hops < 50; hops++) {
    if (step == me) {
      reply(Message.error("You can't follow " + leaderName + ': ' + leaderName + ' is already following you' + (hops > 1 ? ' (through others).' : '.')));
      return OK;
    }
    step = leaderOf(step!);
  }
  if (leaderOf(me) == leader) {
    reply(Message.info('You are already following ' + leaderName + '.'));
    return OK;
  }
  if (!State.set(me, FOLLOWING, new JsonObj().set('leader', leader!))) return refusedEffect('start following');
  reply(Message.info('You follow ' + leaderName + '.'));
  send(leader!, Message.kind('info').name(cmd.actor.name, me).text(' is following you.'));
  return OK;
}

export function unfollow(cmd: Command): i32 {
  const me = cmd.actor.id;
  const leader = leaderOf(me);
  if (leader === null) {
    reply(Message.info('You are not following anyone.'));
    return OK;
  }
  if (!State.del(me, FOLLOWING)) return refusedEffect('stop following');
  const info = Query.entity(leader);
  const name = info === null ? 'them' : info.name;
  reply(Message.info('You stop following ' + name + '.'));
  send(leader, Message.kind('info').name(cmd.actor.name, me).text(' stops following you.'));
  return OK;
}

/** After `leader` walked out of `from` by `exit`: one timer per follower still standing there. */
export function scheduleFollowers(leader: string, from: string, exit: string): bool {
  const here = Query.contents(from, 'character', 1, leader, 100);
  for (let i = 0; i < here.length; i++) {
    if (leaderOf(here[i].id) != leader) continue;
    const payload = new JsonObj().set('actor', here[i].id).set('leader', leader).set('from', from).set('exit', exit);
    if (!schedule(0, FOLLOW_TIMER, payload)) return false;
  }
  return true;
}

/** The follower to move for a due follow timer, or null when they no longer should (moved, stopped following). */
export function followerToMove(payload: JsonValue): string | null {
  const who = payload.getString('actor');
  const leader = payload.getString('leader');
  const from = payload.getString('from');
  if (who === null || leader === null || from === null) return null;
  if (leaderOf(who) != leader) return null;
  const info = Query.entity(who);
  if (info === null || info.location != from) return null;
  return who;
}

function clip(s: string, n: i32): string {
  return s.length <= n ? s : s.substring(0, n) + '…';
}
