/**
 * Private and area talk: tell/page (anywhere; an absent character reads it on
 * return, because the tell is an event on their own stream, which the host
 * replays once when they come back), reply, whisper (the room sees that it
 * happened, not what), shout (everyone in the area).
 */
import { CharacterInfo, Command, Events, JsonObj, Message, Query, State, OK, fail, lastError, reply, send } from '../../../sdk/assembly';
import { clip, recipient } from './people';
import { floodOk, lengthOk } from './limits';

const REPLY = 'comms.reply';
const AREA = 'rooms.area';
/** The social pack's away-from-keyboard mark (read only). */
const AFK = 'social.afk';

export function tell(cmd: Command): i32 {
  const args = cmd.args;
  const space = args.indexOf(' ');
  // "page Bob = hi" (MUSH) and "tell Bob hi" (MUD) both work.
  const eq = args.indexOf('=');
  let name: string;
  let text: string;
  if (eq > 0 && (space < 0 || eq <= space + 1)) {
    name = args.substring(0, eq).trim();
    text = args.substring(eq + 1).trim();
  } else if (space > 0) {
    name = args.substring(0, space);
    text = args.substring(space + 1).trim();
  } else {
    name = args;
    text = '';
  }
  if (name.length == 0) {
    reply(Message.error('Tell whom? Type: tell <name> <text>'));
    return OK;
  }
  const target = recipient(cmd, name, 'send a tell to');
  if (target === null) return OK;
  return deliverTell(cmd, target, text);
}

export function replyTo(cmd: Command): i32 {
  const last = State.getString(cmd.actor.id, REPLY);
  if (last === null) {
    reply(Message.error('Nobody has sent you a tell to reply to.'));
    return OK;
  }
  const info = Query.entity(last);
  if (info === null) {
    reply(Message.error('The one who last told you something is gone.'));
    return OK;
  }
  const target = recipient(cmd, info.name, 'reply to');
  if (target === null) return OK;
  return deliverTell(cmd, target, cmd.args);
}

function deliverTell(cmd: Command, target: CharacterInfo, text: string): i32 {
  if (text.length == 0) {
    reply(Message.error('Tell ' + target.name + ' what?'));
    return OK;
  }
  if (!lengthOk(text) || !floodOk(cmd.actor.id)) return OK;
  const actor = cmd.actor;
  // "tell Bob :waves" poses at a distance, as MUSH pages do.
  const posing = text.charAt(0) == ':' || text.charAt(0) == ';';
  let mine: Message;
  let theirs: Message;
  if (posing) {
    const act = text.substring(1).trim();
    const joined = text.charAt(0) == ';' || act.startsWith("'") ? act : ' ' + act;
    mine = Message.kind('say')
      .text('Long distance to ')
      .name(target.name, target.id)
      .text(': ' + actor.name)
      .styled(joined, 'emote');
    theirs = Message.kind('say').text('From afar, ').name(actor.name, actor.id).styled(joined, 'emote');
  } else {
    mine = Message.kind('say').text('You tell ').name(target.name, target.id).text(', "').styled(text, 'speech').text('"');
    theirs = Message.kind('say').name(actor.name, actor.id).text(' tells you, "').styled(text, 'speech').text('"');
  }
  mine.data('Comm.Channel.Text', channelData('tell', actor.name, mine));
  theirs.data('Comm.Channel.Text', channelData('tell', actor.name, theirs));
  const payload = new JsonObj().set('from', actor.id).set('to', target.id).set('text', text).set('pose', posing);
  if (!Events.emit('comms.tell', 'char:' + target.id, payload, mine, theirs)) return refused();
  if (!State.set(target.id, REPLY, actor.id)) return refused();
  if (!target.online) reply(Message.info(target.name + ' is away; they will read it when they return.'));
  else {
    const afk = State.get(target.id, AFK);
    if (afk !== null) {
      const why = afk.getString('msg');
      reply(Message.info(target.name + ' is away from the keyboard' + (why === null || why.length == 0 ? '.' : ': ' + why)));
    }
  }
  return OK;
}

/** whisper Bob = text (or "whisper Bob text"): same room only. */
export function whisper(cmd: Command): i32 {
  const args = cmd.args;
  const eq = args.indexOf('=');
  const space = args.indexOf(' ');
  let name: string;
  let text: string;
  if (eq > 0) {
    name = args.substring(0, eq).trim();
    text = args.substring(eq + 1).trim();
  } else if (space > 0) {
    name = args.substring(0, space);
    text = args.substring(space + 1).trim();
  } else {
    reply(Message.error('Whisper what to whom? Type: whisper <name> = <text>'));
    return OK;
  }
  const here = cmd.actor.location;
  const target = recipient(cmd, name, 'whisper to');
  if (target === null) return OK;
  if (here === null || target.location != here || !target.online) {
    reply(Message.error(target.name + ' is not here to whisper to.'));
    return OK;
  }
  if (text.length == 0) {
    reply(Message.error('Whisper what to ' + target.name + '?'));
    return OK;
  }
  if (!lengthOk(text)) return OK;
  const actor = cmd.actor;
  const mine = Message.kind('say').text('You whisper to ').name(target.name, target.id).text(', "').styled(text, 'speech').text('"');
  const theirs = Message.kind('say').name(actor.name, actor.id).text(' whispers to you, "').styled(text, 'speech').text('"');
  const payload = new JsonObj().set('from', actor.id).set('to', target.id).set('text', text);
  if (!Events.emit('comms.whisper', 'char:' + target.id, payload, mine, theirs)) return refused();
  const notice = Message.kind('pose').name(actor.name, actor.id).text(' whispers something to ').name(target.name, target.id).text('.');
  if (!send('room:' + here!, notice, [actor.id, target.id])) return refused();
  return OK;
}

/** shout: every character online in the same area (rooms.area) hears it. */
export function shout(cmd: Command): i32 {
  const text = cmd.args;
  if (text.length == 0) {
    reply(Message.error('Shout what?'));
    return OK;
  }
  const here = cmd.actor.location;
  if (here === null) {
    reply(Message.error('There is no one to hear you.'));
    return OK;
  }
  if (!lengthOk(text) || !floodOk(cmd.actor.id)) return OK;
  const area = State.getString(here, AREA);
  const actor = cmd.actor;
  const mine = Message.kind('say').text('You shout, "').styled(text, 'speech').text('"');
  const theirs = Message.kind('say').name(actor.name, actor.id).text(' shouts, "').styled(text, 'speech').text('"');
  const online = Query.online();
  for (let i = 0; i < online.length; i++) {
    const o = online[i];
    if (o.id == actor.id || o.location === null) continue;
    const loc = o.location!;
    const theirArea = loc == here ? area : State.getString(loc, AREA);
    const sameArea = area === null ? loc == here : theirArea !== null && theirArea == area;
    if (sameArea && !send(o.id, theirs)) return refused();
  }
  const payload = new JsonObj()
    .set('from', actor.id)
    .set('area', area === null ? here : area!)
    .set('text', text);
  if (!Events.emit('comms.shout', 'room:' + here, payload, mine, null)) return refused();
  return OK;
}

/** Comm.Channel.Text: how MUD clients route talk into a chat window. */
export function channelData(channel: string, talker: string, msg: Message): JsonObj {
  return new JsonObj().set('channel', channel).set('talker', talker).set('text', msg.plain());
}

export function refused(): i32 {
  const err = lastError();
  return fail('COMMS_REFUSED', 'Your words are lost' + (err === null ? '.' : ' (' + clip(err.message, 200) + ').'));
}
