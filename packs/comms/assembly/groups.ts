/**
 * Groups: a leader and members, for talking together now and for combat and
 * the economy to use later (they read `comms.group {leader}`).
 *
 *   group invite <name> | group accept | group decline | group leave |
 *   group list | group <text> (also: gt <text>) talks to the group
 */
import { Command, JsonObj, Message, OK, Query, State, reply, send } from '../../../sdk/assembly';
import { findPerson } from './people';
import { floodOk, lengthOk } from './limits';
import { channelData, refused } from './talk';

export const GROUP = 'comms.group';
const INVITE = 'comms.invite';
const MAX_MEMBERS = 12;

export function leaderOf(id: string): string | null {
  const v = State.get(id, GROUP);
  if (v === null) return null;
  return v.getString('leader');
}

function members(leader: string): string[] {
  return Query.find(GROUP, 'leader', leader);
}

function nameOf(id: string): string {
  const e = Query.entity(id);
  return e === null ? 'someone' : e.name;
}

export function group(cmd: Command): i32 {
  const words = cmd.words();
  const sub = words.length == 0 ? 'list' : words[0].toLowerCase();
  if (sub == 'list') return list(cmd);
  if (sub == 'invite') return invite(cmd, words.length > 1 ? cmd.args.substring(cmd.args.indexOf(' ') + 1) : '');
  if (sub == 'accept') return accept(cmd);
  if (sub == 'decline') return decline(cmd);
  if (sub == 'leave') return leave(cmd);
  return talk(cmd, sub == 'say' ? cmd.args.substring(3).trim() : cmd.args);
}

function list(cmd: Command): i32 {
  const leader = leaderOf(cmd.actor.id);
  if (leader === null) {
    reply(Message.info('You are not in a group. Start one with: group invite <name>'));
    return OK;
  }
  const all = members(leader!);
  const msg = Message.kind('info')
    .text('Your group (' + all.length.toString() + '), led by ')
    .name(nameOf(leader!), leader!)
    .text(': ');
  for (let i = 0; i < all.length; i++) {
    if (i > 0) msg.text(', ');
    msg.name(nameOf(all[i]), all[i]);
  }
  reply(msg.text('.'));
  return OK;
}

function invite(cmd: Command, name: string): i32 {
  const me = cmd.actor.id;
  const target = findPerson(cmd, name);
  if (target === null) return OK;
  if (target.id == me) {
    reply(Message.error('You are always in your own company.'));
    return OK;
  }
  const leader = leaderOf(me);
  if (leader !== null && leader != me) {
    reply(Message.error('Only the leader, ' + nameOf(leader!) + ', can invite people to the group.'));
    return OK;
  }
  if (leaderOf(target.id) !== null) {
    reply(Message.error(target.name + ' is already in a group.'));
    return OK;
  }
  if (!target.online) {
    reply(Message.error(target.name + ' is not in the game.'));
    return OK;
  }
  if (leader !== null && members(leader!).length >= MAX_MEMBERS) {
    reply(Message.error('Your group is full (' + MAX_MEMBERS.toString() + ').'));
    return OK;
  }
  if (!State.set(target.id, INVITE, new JsonObj().set('from', me))) return refused();
  reply(Message.info('You invite ' + target.name + ' to your group.'));
  send(target.id, Message.kind('info').name(cmd.actor.name, me).text(' invites you to their group. Type group accept or group decline.'));
  return OK;
}

function accept(cmd: Command): i32 {
  const me = cmd.actor.id;
  const v = State.get(me, INVITE);
  let from: string | null = null;
  if (v !== null) from = v.getString('from');
  if (from === null) {
    reply(Message.error('Nobody has invited you to a group.'));
    return OK;
  }
  if (leaderOf(me) !== null) {
    reply(Message.error('Leave your group first (group leave).'));
    return OK;
  }
  const leader = leaderOf(from!);
  if (leader !== null && leader != from) {
    reply(Message.error(nameOf(from!) + ' is no longer leading a group.'));
    State.del(me, INVITE);
    return OK;
  }
  // The inviter starts the group when the first invitation is accepted.
  if (leader === null && !State.set(from!, GROUP, new JsonObj().set('leader', from!))) return refused();
  if (!State.set(me, GROUP, new JsonObj().set('leader', from!)) || !State.del(me, INVITE)) return refused();
  const all = members(from!);
  for (let i = 0; i < all.length; i++) {
    if (all[i] != me) send(all[i], Message.kind('info').name(cmd.actor.name, me).text(' joins the group.'));
  }
  reply(Message.info('You join ' + nameOf(from!) + "'s group. Talk to it with: gt <text>"));
  return OK;
}

function decline(cmd: Command): i32 {
  const v = State.get(cmd.actor.id, INVITE);
  let from: string | null = null;
  if (v !== null) from = v.getString('from');
  if (from === null) {
    reply(Message.error('Nobody has invited you to a group.'));
    return OK;
  }
  if (!State.del(cmd.actor.id, INVITE)) return refused();
  reply(Message.info('You decline ' + nameOf(from!) + "'s invitation."));
  send(from!, Message.kind('info').name(cmd.actor.name, cmd.actor.id).text(' declines your invitation.'));
  return OK;
}

/** Leaving; when the leader leaves, the group disbands. */
function leave(cmd: Command): i32 {
  const me = cmd.actor.id;
  const leader = leaderOf(me);
  if (leader === null) {
    reply(Message.error('You are not in a group.'));
    return OK;
  }
  const all = members(leader!);
  if (leader == me || all.length <= 2) {
    for (let i = 0; i < all.length; i++) {
      if (!State.del(all[i], GROUP)) return refused();
      if (all[i] != me) send(all[i], Message.kind('info').text('The group disbands.'));
    }
    reply(Message.info('You leave the group; it disbands.'));
    return OK;
  }
  if (!State.del(me, GROUP)) return refused();
  for (let i = 0; i < all.length; i++) {
    if (all[i] != me) send(all[i], Message.kind('info').name(cmd.actor.name, me).text(' leaves the group.'));
  }
  reply(Message.info('You leave the group.'));
  return OK;
}

/** gt <text>: everyone in the group who is online. */
export function talk(cmd: Command, text: string): i32 {
  const leader = leaderOf(cmd.actor.id);
  if (leader === null) {
    reply(Message.error('You are not in a group. Start one with: group invite <name>'));
    return OK;
  }
  if (text.length == 0) {
    reply(Message.error('Say what to your group?'));
    return OK;
  }
  if (!lengthOk(text) || !floodOk(cmd.actor.id)) return OK;
  const line = Message.kind('say').text('[group] ').name(cmd.actor.name, cmd.actor.id).text(': ').styled(text, 'speech');
  line.data('Comm.Channel.Text', channelData('group', cmd.actor.name, line));
  const all = members(leader!);
  for (let i = 0; i < all.length; i++) {
    if (all[i] == cmd.actor.id) reply(line);
    else if (!send(all[i], line)) return refused();
  }
  return OK;
}
