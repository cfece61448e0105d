/** @examine and @find: what an entity is made of (and which pack owns each part), and where things are. */
import { Command, Message, Query, reply, OK } from '../../../sdk/assembly';
import { usage } from './changes';
import { noRoom } from './exits';
import { EXITS, ITEM, findTarget, label } from './world';

/** 200 characters of a value: enough to read a description's start; @examine is a summary, not a dump. */
const VALUE_SHOWN = 200;
/** @find lists at most 50: a builder narrows the words rather than reading a thousand lines. */
const FOUND_LISTED = 50;

/** @examine <target>: every component, its value and the pack that owns it. */
export function examine(cmd: Command): i32 {
  const word = cmd.args.length == 0 ? 'here' : cmd.args;
  const target = findTarget(word, cmd.actor.id, cmd.actor.location);
  if (target === null) return usage(noRoom(word));
  const comps = Query.components(target);
  if (comps === null) return usage(noRoom(word));
  const msg = Message.kind('info').styled(label(target), 'emphasis');
  const keys = comps.keys().sort();
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const dot = key.indexOf('.');
    const owner = dot < 0 ? 'engine' : key.substring(0, dot);
    let shown = comps.get(key)!.toJson();
    if (shown.length > VALUE_SHOWN) shown = shown.substring(0, VALUE_SHOWN) + '...';
    msg
      .newline()
      .text('  ' + key + ' = ' + shown)
      .styled('  [' + owner + ']', 'hint');
  }
  reply(msg);
  return OK;
}

/** @find <words>: rooms and things whose name holds the words (ignoring case). */
export function find(cmd: Command): i32 {
  const wanted = cmd.args.trim().toLowerCase();
  if (wanted.length == 0) return usage('Type: @find <part of a name>');
  const msg = Message.kind('info');
  let found = 0;
  found = findIn(Query.withComponent(EXITS), wanted, 'room', msg, found);
  found = findIn(Query.withComponent(ITEM), wanted, 'thing', msg, found);
  if (found == 0) return usage('Nothing is called anything like "' + cmd.args.trim() + '".');
  reply(
    Message.kind('info')
      .text(found.toString() + (found == 1 ? ' match' : ' matches') + (found > FOUND_LISTED ? ' (the first ' + FOUND_LISTED.toString() + ' shown)' : '') + ':')
      .newline()
      .text(msg.plain()),
  );
  return OK;
}

function findIn(ids: string[], wanted: string, what: string, msg: Message, found: i32): i32 {
  for (let i = 0; i < ids.length; i++) {
    const info = Query.entity(ids[i]);
    if (info === null || !info.name.toLowerCase().includes(wanted)) continue;
    found++;
    if (found > FOUND_LISTED) continue;
    if (found > 1) msg.newline();
    msg.text('  ' + what + '  ' + label(ids[i]) + (info.location === null ? '' : '  in ' + label(info.location!)));
  }
  return found;
}
