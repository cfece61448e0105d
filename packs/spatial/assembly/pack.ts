/**
 * spatial: positions with 0.1 m precision inside mapped rooms, the ten
 * directions on a 1 m step grid with collision, bounds and terrain checks, and
 * radius/nearest queries through the engine's point index.
 */
import { Command, GameEvent, Message, OK, Query, dispatchCommand, dispatchEvent, dispatchSeed, reply } from '../../../sdk/assembly';
import { nearCommand, stepCommand, whereCommand } from './commands';
import { arrive, ensurePlaced } from './placement';
import { seedSpatial } from './seed';

export function myriad_command(): i32 {
  return dispatchCommand(onCommand);
}

export function myriad_event(): i32 {
  return dispatchEvent(onEvent);
}

export function myriad_seed(): i32 {
  return dispatchSeed(seedSpatial);
}

function onCommand(cmd: Command): i32 {
  if (cmd.verb == 'where') return whereCommand(cmd);
  if (cmd.verb == 'step') return stepCommand(cmd);
  if (cmd.verb == 'near') return nearCommand(cmd);
  reply(Message.error('spatial does not know the command "' + cmd.verb + '".'));
  return OK;
}

/**
 * Arrivals are placed, never refused: a failure here would undo the move (or a
 * character's creation) for a reason the mover cannot act on. Host refusals are
 * logged by the engine.
 */
function onEvent(event: GameEvent): i32 {
  const p = event.payload;
  if (event.type == 'engine.entity_moved') {
    const entity = p.getString('entity');
    const to = p.getString('to');
    if (entity !== null && to !== null) arrive(entity!, p.getString('from'), to!);
  } else if (event.type == 'engine.session_started') {
    const id = p.getString('id');
    if (id !== null) {
      const info = Query.entity(id!);
      if (info !== null) ensurePlaced(id!, info.location);
    }
  }
  return OK;
}
