/**
 * Every building change ends here: its undo record is kept on the builder and a
 * `building.changed` event records who changed what (so `myriad tail` and the
 * event log show builders' work beside the engine's component events).
 */
import { Events, JsonObj, Message, OK, fail, lastError, reply } from '../../../sdk/assembly';
import { UndoRecord } from './undo';

export function done(builder: string, verb: string, target: string, undo: UndoRecord, answer: Message): i32 {
  // A change with no steps (@destroy, @undo itself) leaves the list as it is.
  if (undo.steps.length > 0 && !undo.save(builder)) return refused('remember how to undo this');
  const payload = new JsonObj().set('by', builder).set('verb', verb).set('target', target).set('what', undo.what);
  if (!Events.emit('building.changed', 'pack:building', payload)) return refused('record the change');
  reply(answer);
  return OK;
}

/** A host refusal in the middle of a change: fail the call, so nothing of it is kept. */
export function refused(what: string): i32 {
  const err = lastError();
  return fail('BUILDING_REFUSED', 'Could not ' + what + (err === null ? '.' : ': ' + err.message + '.'));
}

export function usage(text: string): i32 {
  reply(Message.error(text));
  return OK;
}
