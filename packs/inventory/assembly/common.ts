/** Refusals and failures every inventory command shares. */
import { Command, Message, OK, fail, lastError, reply } from '../../../sdk/assembly';
import { itemsIn } from './items';
import { Target, pick } from './match';

/** "You aren't carrying …" — or, when it lies here, a hint to pick it up first. */
export function notCarried(cmd: Command, t: Target): i32 {
  const here = cmd.actor.location;
  if (here !== null) {
    const floor = pick(itemsIn(here), t);
    if (floor !== null) {
      reply(Message.error('You need to pick up ' + floor.name + ' first.'));
      return OK;
    }
  }
  reply(Message.error('You aren\'t carrying anything called "' + t.text + '".'));
  return OK;
}

/** The host refused an effect halfway through: fail, which rolls the command back. */
export function hostRefused(what: string): i32 {
  const err = lastError();
  return fail('INVENTORY_FAILED', 'Something stops you (could not ' + what + (err === null ? '' : ': ' + err.message) + ').');
}
