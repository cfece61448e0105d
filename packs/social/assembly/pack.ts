/**
 * social: talking to the people around you and knowing who is about.
 * Commands: say, pose, who, finger, afk, whereabouts, notify.
 * (The engine maps a leading `"` to say, `:` to pose and `;` to a pose
 * without the space: `;'s eyes narrow`.)
 */
import { Command, GameEvent, Message, Events, JsonObj, OK, reply, fail, lastError, dispatchCommand, dispatchEvent } from '../../../sdk/assembly';
import { afk, announce, finger, notify, who, whereabouts } from './presence';

export function myriad_command(): i32 {
  return dispatchCommand(onCommand);
}

export function myriad_event(): i32 {
  return dispatchEvent(onEvent);
}

function onEvent(event: GameEvent): i32 {
  const id = event.payload.getString('id');
  if (id === null) return OK;
  if (event.type == 'engine.session_started') announce(id!, true);
  else if (event.type == 'engine.session_ended') announce(id!, false);
  return OK;
}

function onCommand(cmd: Command): i32 {
  if (cmd.verb == 'say') return say(cmd);
  if (cmd.verb == 'pose') return pose(cmd);
  if (cmd.verb == 'who') return who();
  if (cmd.verb == 'finger') return finger(cmd);
  if (cmd.verb == 'afk') return afk(cmd);
  if (cmd.verb == 'whereabouts') return whereabouts(cmd);
  if (cmd.verb == 'notify') return notify(cmd);
  reply(Message.error('social does not know the command "' + cmd.verb + '".'));
  return OK;
}

/** Comm.Channel.Text is the GMCP package clients use for chat windows. */
function channelText(talker: string, msg: Message): JsonObj {
  return new JsonObj().set('channel', 'say').set('talker', talker).set('text', msg.plain());
}

function say(cmd: Command): i32 {
  const text = cmd.args;
  if (text.length == 0) {
    reply(Message.error('Say what?'));
    return OK;
  }
  const here = cmd.actor.location;
  if (here === null) {
    reply(Message.error('There is no one here to hear you.'));
    return OK;
  }
  const actor = cmd.actor;
  const mine = Message.kind('say').text('You say, "').styled(text, 'speech').text('"');
  mine.data('Comm.Channel.Text', channelText(actor.name, mine));
  const theirs = Message.kind('say').name(actor.name, actor.id).text(' says, "').styled(text, 'speech').text('"');
  theirs.data('Comm.Channel.Text', channelText(actor.name, theirs));
  if (!Events.emit('social.say', 'room:' + here, new JsonObj().set('text', text), mine, theirs)) return refused();
  return OK;
}

function pose(cmd: Command): i32 {
  const text = cmd.args;
  if (text.length == 0) {
    reply(Message.error('Pose what?'));
    return OK;
  }
  const here = cmd.actor.location;
  if (here === null) {
    reply(Message.error('There is no one here to see you.'));
    return OK;
  }
  const actor = cmd.actor;
  // "pose 's eyes narrow." reads "Alice's eyes narrow.": no space before ' or ,
  // and none after a `;` shortcut (";s eyes narrow" as MUSHes write it).
  const first = text.charAt(0);
  const glued = first == "'" || first == ',' || cmd.line.trimStart().startsWith(';');
  const joined = (glued ? text : ' ' + text) + (endsSentence(text) ? '' : '.');
  const msg = Message.kind('pose').name(actor.name, actor.id).styled(joined, 'emote');
  if (!Events.emit('social.pose', 'room:' + here, new JsonObj().set('text', text), msg, msg)) return refused();
  return OK;
}

/** `:waves` reads "Alice waves." — a pose gets a full stop unless it already ends a sentence. */
function endsSentence(text: string): bool {
  const last = text.charAt(text.length - 1);
  return last == '.' || last == '!' || last == '?' || last == '"' || last == "'" || last == ')' || last == '…';
}

function refused(): i32 {
  const err = lastError();
  return fail('SOCIAL_REFUSED', 'Your words are lost' + (err === null ? '.' : ' (' + err.message + ').'));
}
