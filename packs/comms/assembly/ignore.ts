/** ignore <name>: toggles; with no name, lists. Ignored people's tells, whispers, channel lines and mail stop. */
import { Command, Message, OK, State, reply } from '../../../sdk/assembly';
import { IGNORE, findPerson, ignoreList, stringArray } from './people';
import { nameOf } from './mail';
import { refused } from './talk';

export function ignore(cmd: Command): i32 {
  const me = cmd.actor.id;
  const list = ignoreList(me);
  if (cmd.args.length == 0) {
    if (list.length == 0) {
      reply(Message.info('You are not ignoring anyone.'));
      return OK;
    }
    const msg = Message.kind('info').text('You are ignoring: ');
    for (let i = 0; i < list.length; i++) {
      if (i > 0) msg.text(', ');
      msg.name(nameOf(list[i]), list[i]);
    }
    reply(msg.text('.'));
    return OK;
  }
  const target = findPerson(cmd, cmd.args);
  if (target === null) return OK;
  if (target.id == me) {
    reply(Message.error("You can't ignore yourself."));
    return OK;
  }
  const kept = new Array<string>();
  for (let i = 0; i < list.length; i++) if (list[i] != target.id) kept.push(list[i]);
  const was = kept.length < list.length;
  if (!was) kept.push(target.id);
  if (kept.length > 100) {
    reply(Message.error('You ignore too many people already; stop ignoring someone first.'));
    return OK;
  }
  if (!State.set(me, IGNORE, stringArray(kept))) return refused();
  reply(Message.info(was ? 'You stop ignoring ' + target.name + '.' : 'You ignore ' + target.name + ': no more tells, whispers, channel lines or mail from them.'));
  return OK;
}
