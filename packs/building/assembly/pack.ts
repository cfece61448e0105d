/**
 * building: shaping the world from inside the game (PennMUSH/TinyMUX style).
 * Commands for builders (and admins): @dig, @open, @link, @unlink, @describe,
 * @name, @create, @destroy, @set, @teleport, @examine, @find, @undo. It writes the
 * rooms, inventory, creatures, economy and resources packs' buildable components
 * through its build grant; their schemas check every value (docs/packs/building.md).
 */
import { Command, Message, OK, dispatchCommand, dispatchSeed, fail, reply } from '../../../sdk/assembly';
import { done, usage } from './changes';
import { describe, rename, setProperty } from './edit';
import { dig, link, open, unlink } from './exits';
import { examine, find } from './inspect';
import { create, destroy, teleport } from './things';
import { seedThings } from './seed';
import { UndoRecord, undoLast } from './undo';
import { lastError } from '../../../sdk/assembly';

export function myriad_command(): i32 {
  return dispatchCommand(onCommand);
}

/** Only with an operator's world file (packs.settings.building.world): the things of `myriad world export`. */
export function myriad_seed(): i32 {
  return dispatchSeed(seedThings);
}

function onCommand(cmd: Command): i32 {
  const v = cmd.verb;
  if (v == '@dig') return dig(cmd);
  if (v == '@open') return open(cmd);
  if (v == '@link') return link(cmd);
  if (v == '@unlink') return unlink(cmd);
  if (v == '@describe') return describe(cmd);
  if (v == '@name') return rename(cmd);
  if (v == '@set') return setProperty(cmd);
  if (v == '@create') return create(cmd);
  if (v == '@destroy') return destroy(cmd);
  if (v == '@teleport') return teleport(cmd);
  if (v == '@examine') return examine(cmd);
  if (v == '@find') return find(cmd);
  if (v == '@undo') return undo(cmd);
  return usage('building does not know the command "' + v + '".');
}

/** @undo: reverse your last building change (the last 20 are kept). */
function undo(cmd: Command): i32 {
  const what = undoLast(cmd.actor.id);
  if (what === null) {
    reply(Message.info('You have no building change to undo.'));
    return OK;
  }
  if (what.length == 0) {
    const err = lastError();
    return fail('BUILDING_UNDO', 'Your last change cannot be undone now' + (err === null ? '.' : ': ' + err.message + '.'));
  }
  return done(cmd.actor.id, '@undo', cmd.actor.id, new UndoRecord(''), Message.info('Undone: ' + what + '.'));
}
