/**
 * @mail: letters kept in the reader's `comms.mail` (so they survive restarts),
 * announced with an event on the reader's stream (seen live, or in the replay
 * when they come back).
 *
 *   @mail                              list
 *   @mail <name> = <subject> / <text>  send (no "/": the subject is the text's start)
 *   @mail read <n> / @mail delete <n>
 */
import { Command, Events, JsonObj, JsonValue, Message, Query, State, OK, now, reply } from '../../../sdk/assembly';
import { clip, duration, recipient } from './people';
import { floodOk, lengthOk, numberSetting } from './limits';
import { refused } from './talk';

const MAIL = 'comms.mail';

function box(id: string): JsonValue[] {
  const v = State.get(id, MAIL);
  if (v === null) return new Array<JsonValue>();
  const items = v.asArray();
  return items === null ? new Array<JsonValue>() : items;
}

function save(id: string, letters: JsonValue[]): bool {
  const arr = JsonValue.newArray();
  for (let i = 0; i < letters.length; i++) arr.push(letters[i]);
  return State.set(id, MAIL, arr);
}

export function mail(cmd: Command): i32 {
  const args = cmd.args;
  if (args.length == 0) return list(cmd);
  const words = cmd.words();
  const sub = words[0].toLowerCase();
  if (args.indexOf('=') < 0 && (sub == 'read' || sub == 'delete' || sub == 'del' || sub == 'list')) {
    if (sub == 'list') return list(cmd);
    if (words.length < 2) {
      reply(Message.error('Which letter? Type: @mail ' + sub + ' <number>'));
      return OK;
    }
    const n = I32.parseInt(words[1]);
    const letters = box(cmd.actor.id);
    if (isNaN(<f64>n) || n < 1 || n > letters.length) {
      reply(Message.error(letters.length == 0 ? 'Your mailbox is empty.' : 'There is no letter ' + clip(words[1], 10) + '; you have ' + letters.length.toString() + '.'));
      return OK;
    }
    return sub == 'read' ? read(cmd, letters, n - 1) : remove(cmd, letters, n - 1);
  }
  return sendMail(cmd);
}

function list(cmd: Command): i32 {
  const letters = box(cmd.actor.id);
  if (letters.length == 0) {
    reply(Message.info('Your mailbox is empty. Send a letter with: @mail <name> = <subject> / <text>'));
    return OK;
  }
  const t = <f64>now();
  const msg = Message.kind('info').styled('Your mail', 'emphasis').text(' (@mail read <n>, @mail delete <n>):');
  for (let i = 0; i < letters.length; i++) {
    const l = letters[i];
    const from = l.getString('from');
    const unread = !l.getBool('read', false);
    msg
      .newline()
      .text((unread ? ' *' : '  ') + (i + 1).toString() + '. ')
      .styled(from === null ? '?' : from!, 'name');
    const subject = l.getString('subject');
    msg.text(': ' + (subject === null ? '' : subject!) + ' (' + duration(t - l.getNumber('at', t)) + ' ago)');
  }
  reply(msg);
  return OK;
}

function read(cmd: Command, letters: JsonValue[], i: i32): i32 {
  const l = letters[i];
  const from = l.getString('from');
  const subject = l.getString('subject');
  const text = l.getString('text');
  const msg = Message.kind('info')
    .text('Letter ' + (i + 1).toString() + ' from ')
    .styled(from === null ? '?' : from!, 'name');
  msg
    .text(': ')
    .styled(subject === null ? '' : subject!, 'emphasis')
    .newline()
    .text(text === null ? '' : text!);
  reply(msg);
  if (!l.getBool('read', false)) {
    l.set('read', JsonValue.fromBool(true));
    if (!save(cmd.actor.id, letters)) return refused();
  }
  return OK;
}

function remove(cmd: Command, letters: JsonValue[], i: i32): i32 {
  const kept = new Array<JsonValue>();
  for (let j = 0; j < letters.length; j++) if (j != i) kept.push(letters[j]);
  if (!save(cmd.actor.id, kept)) return refused();
  reply(Message.info('Letter ' + (i + 1).toString() + ' deleted.'));
  return OK;
}

function sendMail(cmd: Command): i32 {
  const args = cmd.args;
  const eq = args.indexOf('=');
  if (eq <= 0) {
    reply(Message.error('Type: @mail <name> = <subject> / <text>'));
    return OK;
  }
  const target = recipient(cmd, args.substring(0, eq), 'send mail to');
  if (target === null) return OK;
  const body = args.substring(eq + 1).trim();
  const slash = body.indexOf('/');
  let subject = slash > 0 ? body.substring(0, slash).trim() : clip(body, 40);
  const text = slash > 0 ? body.substring(slash + 1).trim() : body;
  if (text.length == 0) {
    reply(Message.error('Write something: @mail ' + target.name + ' = <subject> / <text>'));
    return OK;
  }
  if (subject.length == 0) subject = '(no subject)';
  if (!lengthOk(text) || !floodOk(cmd.actor.id)) return OK;
  const letters = box(target.id);
  const max = <i32>numberSetting('mailboxSize', 50);
  if (letters.length >= max) {
    reply(Message.error(target.name + "'s mailbox is full."));
    return OK;
  }
  const letter = JsonValue.newObject()
    .set('from', JsonValue.fromString(cmd.actor.name))
    .set('at', JsonValue.fromNumber(<f64>now()))
    .set('subject', JsonValue.fromString(clip(subject, 80)))
    .set('text', JsonValue.fromString(text))
    .set('read', JsonValue.fromBool(false));
  letters.push(letter);
  if (!save(target.id, letters)) return refused();
  const mine = Message.kind('info')
    .text('You send a letter to ')
    .name(target.name, target.id)
    .text(': ' + clip(subject, 80));
  const theirs = Message.kind('info')
    .text('You have new mail from ')
    .name(cmd.actor.name, cmd.actor.id)
    .text(': ' + clip(subject, 80) + ' (type "@mail").');
  const payload = new JsonObj().set('from', cmd.actor.id).set('to', target.id).set('subject', clip(subject, 80));
  if (!Events.emit('comms.mail', 'char:' + target.id, payload, mine, theirs)) return refused();
  return OK;
}

/** The name of the entity, for messages about someone no longer findable by name. */
export function nameOf(id: string): string {
  const e = Query.entity(id);
  return e === null ? 'someone' : e.name;
}
