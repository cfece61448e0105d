/**
 * `@attr [<character>] <attribute> <value> [reason]`: an admin sets an
 * attribute of a finished character; the pack rewrites the derived values and
 * emits `character.attribute_changed` (the reference's AttributeModified).
 * Other packs (training, injuries) will change attributes through the same path.
 */
import { Command, Events, JsonObj, Message, OK, Query, State, fail, lastError, reply } from '../../../sdk/assembly';
import { ATTRIBUTES, MAX_VALUE, MIN_VALUE, attributesJson, derivedJson, indexOf, label, resolveAttribute, valuesOf } from './attributes';
import { ATTRS, DERIVED_C, readProfile } from './profile';
import { parseCount } from './creation';

const USAGE = 'Usage: @attr [<character>] <attribute> <value> [reason], e.g. @attr Bob might 60 trained at the forge.';

export function attrCommand(cmd: Command): i32 {
  const words = cmd.words();
  if (words.length < 2) {
    reply(Message.error(USAGE));
    return OK;
  }
  let target = cmd.actor.id;
  let targetName = cmd.actor.name;
  let at = 0;
  const first = resolveAttribute(words[0]);
  if (first.length == 0 || first.startsWith('?') || words.length < 2 || parseValue(words[1]) < 0) {
    const who = findOnline(words[0]);
    if (who === null) {
      reply(Message.error('No one called "' + words[0] + '" is online. ' + USAGE));
      return OK;
    }
    target = who;
    targetName = Query.entity(who)!.name;
    at = 1;
  }
  if (words.length < at + 2) {
    reply(Message.error(USAGE));
    return OK;
  }
  const attr = resolveAttribute(words[at]);
  const value = parseValue(words[at + 1]);
  if (attr.length == 0 || attr.startsWith('?')) {
    reply(Message.error('Which attribute? ' + ATTRIBUTES.join(', ') + '.'));
    return OK;
  }
  if (value < MIN_VALUE || value > MAX_VALUE) {
    reply(Message.error('Attributes run from ' + MIN_VALUE.toString() + ' to ' + MAX_VALUE.toString() + '.'));
    return OK;
  }
  const profile = readProfile(target);
  if (profile === null || !profile.complete) {
    reply(Message.error(targetName + ' has not finished creating their character yet.'));
    return OK;
  }
  let reason = words.slice(at + 2).join(' ');
  if (reason.length == 0) reason = 'set by an admin';
  const values = valuesOf(State.get(target, ATTRS));
  const i = indexOf(attr);
  const old = values[i];
  if (old == value) {
    reply(Message.info(targetName + "'s " + label(attr) + ' is already ' + value.toString() + '.'));
    return OK;
  }
  values[i] = value;
  if (!State.set(target, ATTRS, attributesJson(values)) || !State.set(target, DERIVED_C, derivedJson(values))) return refused();
  const payload = new JsonObj().set('id', target).set('attribute', attr).set('old', old).set('new', value).set('reason', reason);
  const mine = Message.kind('system').text(targetName + "'s " + label(attr) + ': ' + old.toString() + ' → ' + value.toString() + ' (' + reason + ').');
  const theirs = Message.kind('system').text('Your ' + label(attr) + ' is now ' + value.toString() + ' (it was ' + old.toString() + ').');
  if (!Events.emit('character.attribute_changed', 'char:' + target, payload, mine, target == cmd.actor.id ? null : theirs)) return refused();
  return OK;
}

function parseValue(w: string): i32 {
  const n = parseCount(w);
  return n == 0 && w != '0' ? -1 : n;
}

function findOnline(name: string): string | null {
  const want = name.toLowerCase();
  const online = Query.online();
  for (let i = 0; i < online.length; i++) if (online[i].name.toLowerCase() == want) return online[i].id;
  return null;
}

function refused(): i32 {
  const e = lastError();
  return fail('CHARACTER_REFUSED', 'The attribute could not be changed (' + (e === null ? 'the host refused' : e.message) + ').');
}
