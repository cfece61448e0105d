/**
 * Presence: who (idle times, AFK, and the room for those who allow it),
 * finger, afk, whereabouts, and the notify list that tells you when a friend
 * enters or leaves the game.
 *
 *   social.afk        { msg }   on a character while away from the keyboard
 *   social.where      true      the character lets `who` show their room
 *   social.notify     [ids]     characters whose comings and goings to report
 */
import { Command, JsonValue, Message, Query, State, OK, reply, send, fail, lastError } from '../../../sdk/assembly';

export const AFK = 'social.afk';
const WHERE = 'social.where';
const NOTIFY = 'social.notify';
const DESC = 'rooms.desc';
/** Idle this long (ms) and `who` says so even without `afk`. */
const IDLE_MS: f64 = 10 * 60 * 1000;

export function who(): i32 {
  const online = Query.online();
  if (online.length == 0) {
    reply(Message.info('Nobody is online.'));
    return OK;
  }
  const msg = Message.kind('info').text('Online (' + online.length.toString() + '):');
  for (let i = 0; i < online.length; i++) {
    const o = online[i];
    msg
      .newline()
      .text('  ')
      .name(o.name, o.id)
      .text(pad('', 14 - o.name.length) + ' ');
    const afk = State.get(o.id, AFK);
    const status = afk !== null ? 'afk' : o.idleMs >= 60000 ? 'idle ' + duration(o.idleMs) : 'active';
    let room: string | null = null;
    if (State.get(o.id, WHERE) !== null && o.location !== null) {
      const r = Query.entity(o.location!);
      if (r !== null) room = r.name;
    }
    const quiet = afk !== null || o.idleMs >= IDLE_MS;
    if (room === null) {
      if (quiet) msg.styled(status, 'hint');
      else msg.text(status);
    } else {
      if (quiet) msg.styled(pad(status, 10), 'hint');
      else msg.text(pad(status, 10));
      msg.text(room!);
    }
  }
  reply(msg);
  return OK;
}

export function finger(cmd: Command): i32 {
  const name = cmd.args.trim();
  const found = name.length == 0 ? Query.character(cmd.actor.name) : Query.character(name);
  if (found === null) {
    reply(Message.error('There is no one called "' + clip(name, 40) + '".'));
    return OK;
  }
  const msg = Message.kind('info').name(found.name, found.id);
  if (!found.online) msg.text(' is not in the game.');
  else msg.text(found.idleMs >= 60000 ? ' is online, idle ' + duration(found.idleMs) + '.' : ' is online.');
  const afk = State.get(found.id, AFK);
  if (found.online && afk !== null) {
    const m = afk.getString('msg');
    msg.newline().text('Away from keyboard' + (m === null || m.length == 0 ? '.' : ': ' + m));
  }
  if (found.online && found.location !== null && State.get(found.id, WHERE) !== null) {
    const room = Query.entity(found.location!);
    if (room !== null) msg.newline().text('Whereabouts: ' + room.name + '.');
  }
  const desc = State.getString(found.id, DESC);
  if (desc !== null && desc.length > 0) msg.newline().text(desc);
  reply(msg);
  return OK;
}

/** afk [message]: toggles being away from the keyboard. */
export function afk(cmd: Command): i32 {
  const me = cmd.actor.id;
  if (State.get(me, AFK) !== null && cmd.args.length == 0) {
    if (!State.del(me, AFK)) return refused();
    reply(Message.info('You are back at the keyboard.'));
    return OK;
  }
  const text = clip(cmd.args, 200);
  if (!State.set(me, AFK, JsonValue.newObject().set('msg', JsonValue.fromString(text)))) return refused();
  reply(Message.info('You are marked away from the keyboard' + (text.length > 0 ? ': ' + text : '') + '. Type afk again when you are back.'));
  return OK;
}

/** whereabouts on|off: whether `who` and `finger` show your room. */
export function whereabouts(cmd: Command): i32 {
  const me = cmd.actor.id;
  const arg = cmd.args.toLowerCase();
  const on = arg == 'on' ? true : arg == 'off' ? false : State.get(me, WHERE) === null;
  if (on && !State.set(me, WHERE, true)) return refused();
  if (!on && !State.del(me, WHERE)) return refused();
  reply(Message.info(on ? 'Others can now see where you are in who and finger.' : 'Your whereabouts are hidden from who and finger.'));
  return OK;
}

/** notify [<name>]: toggles a friend on your notify list; with no name, lists it. */
export function notify(cmd: Command): i32 {
  const me = cmd.actor.id;
  const list = notifyList(me);
  if (cmd.args.length == 0) {
    if (list.length == 0) {
      reply(Message.info('Your notify list is empty. Type notify <name> to hear when a friend comes and goes.'));
      return OK;
    }
    const msg = Message.kind('info').text('You are told when these come and go: ');
    for (let i = 0; i < list.length; i++) {
      const e = Query.entity(list[i]);
      if (i > 0) msg.text(', ');
      msg.name(e === null ? 'someone' : e.name, list[i]);
    }
    reply(msg.text('.'));
    return OK;
  }
  const found = Query.character(cmd.args.trim());
  if (found === null) {
    reply(Message.error('There is no one called "' + clip(cmd.args.trim(), 40) + '".'));
    return OK;
  }
  if (found.id == me) {
    reply(Message.error('You always know when you come and go.'));
    return OK;
  }
  const kept = JsonValue.newArray();
  let removed = false;
  for (let i = 0; i < list.length; i++) {
    if (list[i] == found.id) removed = true;
    else kept.push(JsonValue.fromString(list[i]));
  }
  if (!removed) {
    if (list.length >= 100) {
      reply(Message.error('Your notify list is full (100).'));
      return OK;
    }
    kept.push(JsonValue.fromString(found.id));
  }
  if (!State.set(me, NOTIFY, kept)) return refused();
  reply(Message.info(removed ? 'You will no longer be told when ' + found.name + ' comes and goes.' : 'You will be told when ' + found.name + ' enters or leaves the game.'));
  return OK;
}

function notifyList(id: string): string[] {
  const out = new Array<string>();
  const v = State.get(id, NOTIFY);
  if (v === null) return out;
  const items = v.asArray();
  if (items === null) return out;
  for (let i = 0; i < items.length; i++) {
    const s = items[i].asString();
    if (s !== null) out.push(s);
  }
  return out;
}

/** A character entered or left the game: tell those online who have them on their notify list. */
export function announce(who: string, entered: bool): void {
  const info = Query.entity(who);
  if (info === null) return;
  const watchers = Query.withComponent(NOTIFY);
  for (let i = 0; i < watchers.length; i++) {
    const w = watchers[i];
    if (w == who || !notifyList(w).includes(who)) continue;
    send(
      w,
      Message.kind('system')
        .text('Your friend ')
        .name(info.name, who)
        .text(entered ? ' has entered the game.' : ' has left the game.'),
    );
  }
  if (!entered) State.del(who, AFK);
}

function duration(ms: f64): string {
  const s = <i64>(ms / 1000);
  if (s < 60) return s.toString() + 's';
  if (s < 3600) return (s / 60).toString() + 'm';
  if (s < 86400) return (s / 3600).toString() + 'h';
  return (s / 86400).toString() + 'd';
}

function pad(s: string, n: i32): string {
  let out = s;
  while (out.length < n) out += ' ';
  return out;
}

function clip(s: string, n: i32): string {
  return s.length <= n ? s : s.substring(0, n) + '…';
}

function refused(): i32 {
  const err = lastError();
  return fail('SOCIAL_REFUSED', 'That did not work' + (err === null ? '.' : ' (' + err.message + ').'));
}
