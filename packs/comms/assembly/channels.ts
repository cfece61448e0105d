/**
 * Channels: named conversations anyone on them hears, wherever they are. The
 * operator defines them in config (`channels`: public and ooc by default);
 * `default` channels are joined until a character leaves them. Membership is
 * `comms.member` on the character; each channel's recent lines are
 * `comms.channel` on a channel entity, so `channel history` survives restarts.
 * Lines carry GMCP Comm.Channel.Text, `channels` carries Comm.Channel.List.
 */
import { Command, Events, JsonObj, JsonArr, JsonValue, Message, Query, State, OK, config, now, reply, send } from '../../../sdk/assembly';
import { clip, duration, ignores, stringArray } from './people';
import { floodOk, lengthOk, numberSetting } from './limits';
import { channelData, refused } from './talk';

const MEMBER = 'comms.member';
const CHANNEL = 'comms.channel';

class ChannelDef {
  constructor(
    public name: string,
    public description: string,
    public isDefault: bool,
  ) {}
}

function definitions(): ChannelDef[] {
  const out = new Array<ChannelDef>();
  const v = config('channels');
  if (v === null) return out;
  const items = v.asArray();
  if (items === null) return out;
  for (let i = 0; i < items.length; i++) {
    const name = items[i].getString('name');
    if (name === null) continue;
    const d = items[i].getString('description');
    out.push(new ChannelDef(name!, d === null ? '' : d!, items[i].getBool('default', false)));
  }
  return out;
}

function definition(name: string): ChannelDef | null {
  const defs = definitions();
  for (let i = 0; i < defs.length; i++) if (defs[i].name == name) return defs[i];
  return null;
}

class Membership {
  joined: string[] = [];
  muted: string[] = [];
}

function membershipOf(id: string): Membership {
  const m = new Membership();
  const v = State.get(id, MEMBER);
  if (v === null) {
    const defs = definitions();
    for (let i = 0; i < defs.length; i++) if (defs[i].isDefault) m.joined.push(defs[i].name);
    return m;
  }
  m.joined = strings(v.get('joined'));
  m.muted = strings(v.get('muted'));
  return m;
}

function strings(v: JsonValue | null): string[] {
  const out = new Array<string>();
  if (v === null) return out;
  const items = v.asArray();
  if (items === null) return out;
  for (let i = 0; i < items.length; i++) {
    const s = items[i].asString();
    if (s !== null) out.push(s!);
  }
  return out;
}

function saveMembership(id: string, m: Membership): bool {
  return State.set(id, MEMBER, new JsonObj().set('joined', stringArray(m.joined)).set('muted', stringArray(m.muted)));
}

function without(list: string[], item: string): string[] {
  const out = new Array<string>();
  for (let i = 0; i < list.length; i++) if (list[i] != item) out.push(list[i]);
  return out;
}

/**
 * A channel name as typed, checked: letters, digits and dashes only (so a name
 * with escape sequences or spaces is refused in words, not echoed back), and
 * one the operator defined. Null after refusing.
 */
function known(typed: string): ChannelDef | null {
  const name = typed.trim().toLowerCase();
  if (name.length == 0) {
    reply(Message.error('Which channel? Type "channels" for the list.'));
    return null;
  }
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const ok = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c == 0x2d;
    if (!ok || i >= 20) {
      reply(Message.error('Channel names are at most 20 letters, digits and dashes. Type "channels" for the list.'));
      return null;
    }
  }
  const def = definition(name);
  if (def === null) reply(Message.error('There is no channel called "' + name + '". Type "channels" for the list.'));
  return def;
}

/** The channel's entity (made on its first line), or null. */
function channelEntity(name: string, create: bool): string | null {
  const found = Query.find(CHANNEL, 'name', name);
  if (found.length > 0) return found[0];
  if (!create) return null;
  return State.spawn(
    new JsonObj()
      .set('name', 'channel ' + name)
      .set('kind', 'channel')
      .set(CHANNEL, new JsonObj().set('name', name).set('history', new JsonArr())),
  );
}

/** chat / ooc / =<channel> <text>. */
export function speak(cmd: Command, channelName: string, text: string): i32 {
  const def = known(channelName);
  if (def === null) return OK;
  const name = def.name;
  const actor = cmd.actor;
  const m = membershipOf(actor.id);
  if (!m.joined.includes(name)) {
    reply(Message.error('You are not on ' + name + '; type "channel join ' + name + '" first.'));
    return OK;
  }
  if (m.muted.includes(name)) {
    reply(Message.error('You have muted ' + name + '; type "channel unmute ' + name + '" to talk there.'));
    return OK;
  }
  if (text.length == 0) {
    reply(Message.error('Say what on ' + name + '?'));
    return OK;
  }
  if (!lengthOk(text) || !floodOk(actor.id)) return OK;
  const posing = text.charAt(0) == ':' || text.charAt(0) == ';';
  const line = lineFor(name, actor.name, actor.id, text, posing);
  line.data('Comm.Channel.Text', channelData(name, actor.name, line));

  const online = Query.online();
  for (let i = 0; i < online.length; i++) {
    const o = online[i];
    if (o.id == actor.id) continue;
    const om = membershipOf(o.id);
    if (!om.joined.includes(name) || om.muted.includes(name) || ignores(o.id, actor.id)) continue;
    if (!send(o.id, line)) return refused();
  }
  if (!remember(name, actor.name, posing ? ':' + text.substring(1) : text)) return refused();
  const payload = new JsonObj().set('from', actor.id).set('channel', name).set('text', text);
  if (!Events.emit('comms.channel', 'pack:comms', payload, line, null)) return refused();
  return OK;
}

/** "[ooc] Alice: hello" or, posing, "[ooc] Alice waves." */
function lineFor(channel: string, talker: string, id: string, text: string, posing: bool): Message {
  const msg = Message.kind('say')
    .text('[' + channel + '] ')
    .name(talker, id);
  if (!posing) return msg.text(': ').styled(text, 'speech');
  const act = text.substring(1).trim();
  return msg.styled(text.charAt(0) == ';' || act.startsWith("'") ? act : ' ' + act, 'emote');
}

function remember(channel: string, talker: string, text: string): bool {
  const keep = <i32>numberSetting('historySize', 50);
  if (keep <= 0) return true;
  const e = channelEntity(channel, true);
  if (e === null) return false;
  const old = State.get(e, CHANNEL);
  let history: JsonValue[] | null = null;
  if (old !== null) history = old.getArray('history');
  const kept = JsonValue.newArray();
  const start = history === null ? 0 : history.length + 1 - keep;
  if (history !== null) for (let i = start < 0 ? 0 : start; i < history.length; i++) kept.push(history[i]);
  kept.push(
    JsonValue.newObject()
      .set('at', JsonValue.fromNumber(<f64>now()))
      .set('from', JsonValue.fromString(talker))
      .set('text', JsonValue.fromString(text)),
  );
  return State.set(e, CHANNEL, new JsonObj().set('name', channel).set('history', kept));
}

export function listChannels(cmd: Command): i32 {
  const defs = definitions();
  if (defs.length == 0) {
    reply(Message.info('This world has no channels.'));
    return OK;
  }
  const m = membershipOf(cmd.actor.id);
  const msg = Message.kind('info').styled('Channels', 'emphasis').text(' (talk with =<channel> <text>):');
  const list = new JsonArr();
  for (let i = 0; i < defs.length; i++) {
    const d = defs[i];
    const on = m.joined.includes(d.name);
    const state = !on ? 'off' : m.muted.includes(d.name) ? 'muted' : 'on';
    msg.newline().text('  ').styled(pad(d.name, 12), 'emphasis').text(pad(state, 7)).text(d.description);
    list.push(
      new JsonObj()
        .set('name', d.name)
        .set('caption', d.description)
        .set('command', '=' + d.name)
        .set('state', state),
    );
  }
  msg.data('Comm.Channel.List', list);
  reply(msg);
  return OK;
}

function pad(s: string, n: i32): string {
  let out = s;
  while (out.length < n) out += ' ';
  return out;
}

/** channel join|leave|mute|unmute|who|history <name> [n] */
export function channelCommand(cmd: Command): i32 {
  const words = cmd.words();
  if (words.length == 0) return listChannels(cmd);
  const sub = words[0].toLowerCase();
  if (words.length < 2) {
    reply(Message.error('Which channel? Type: channel ' + clip(sub, 20) + ' <channel>'));
    return OK;
  }
  const def = known(words[1]);
  if (def === null) return OK;
  const name = def.name;
  const id = cmd.actor.id;
  const m = membershipOf(id);
  if (sub == 'join' || sub == 'on') {
    if (m.joined.includes(name)) {
      reply(Message.info('You are already on ' + name + '.'));
      return OK;
    }
    m.joined.push(name);
    m.muted = without(m.muted, name);
    if (!saveMembership(id, m)) return refused();
    reply(Message.info('You join ' + name + '. Talk there with =' + name + ' <text>.'));
    return OK;
  }
  if (sub == 'leave' || sub == 'off') {
    if (!m.joined.includes(name)) {
      reply(Message.info('You are not on ' + name + '.'));
      return OK;
    }
    m.joined = without(m.joined, name);
    m.muted = without(m.muted, name);
    if (!saveMembership(id, m)) return refused();
    reply(Message.info('You leave ' + name + '.'));
    return OK;
  }
  if (sub == 'mute' || sub == 'unmute') {
    if (!m.joined.includes(name)) {
      reply(Message.error('You are not on ' + name + '.'));
      return OK;
    }
    const muting = sub == 'mute';
    m.muted = without(m.muted, name);
    if (muting) m.muted.push(name);
    if (!saveMembership(id, m)) return refused();
    reply(Message.info(muting ? 'You mute ' + name + '; you stay on it and can unmute it.' : 'You unmute ' + name + '.'));
    return OK;
  }
  if (sub == 'who') return who(name);
  if (sub == 'history') return history(name, words.length > 2 ? words[2] : '');
  reply(Message.error('Channel commands: join, leave, mute, unmute, who, history.'));
  return OK;
}

function who(name: string): i32 {
  const online = Query.online();
  const msg = Message.kind('info').text('On ' + name + ' now: ');
  let n = 0;
  for (let i = 0; i < online.length; i++) {
    const m = membershipOf(online[i].id);
    if (!m.joined.includes(name)) continue;
    if (n > 0) msg.text(', ');
    msg.name(online[i].name, online[i].id);
    if (m.muted.includes(name)) msg.text(' (muted)');
    n++;
  }
  if (n == 0) msg.text('nobody');
  reply(msg.text('.'));
  return OK;
}

function history(name: string, count: string): i32 {
  let n = 10;
  if (count.length > 0) {
    const parsed = I32.parseInt(count);
    if (isNaN(<f64>parsed) || parsed <= 0) {
      reply(Message.error('How many lines? Type: channel history ' + name + ' <number>'));
      return OK;
    }
    n = parsed;
  }
  const e = channelEntity(name, false);
  let v: JsonValue | null = null;
  if (e !== null) v = State.get(e, CHANNEL);
  let lines: JsonValue[] | null = null;
  if (v !== null) lines = v.getArray('history');
  if (lines === null || lines.length == 0) {
    reply(Message.info('Nothing has been said on ' + name + ' yet.'));
    return OK;
  }
  const t = <f64>now();
  const start = lines.length > n ? lines.length - n : 0;
  const msg = Message.kind('info').styled('Recent on ' + name + ':', 'emphasis');
  for (let i = start; i < lines.length; i++) {
    const l = lines[i];
    const from = l.getString('from');
    const text = l.getString('text');
    const ago = duration(t - l.getNumber('at', t));
    msg
      .newline()
      .text('  (' + ago + ' ago) ')
      .styled(from === null ? '?' : from!, 'name');
    if (text !== null && text!.startsWith(':')) msg.styled(' ' + text!.substring(1).trim(), 'emote');
    else msg.text(': ').styled(text === null ? '' : text!, 'speech');
  }
  reply(msg);
  return OK;
}
