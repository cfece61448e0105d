/**
 * bench: the smallest pack that exercises the host ABI, for bench/packcall.ts.
 *
 *   h0     parse the command input, no host call
 *   h2     two host calls (myriad_get of the actor's name)
 *   h10    ten host calls (same)
 *   ping   emit `bench.ping` (no display) on the actor's room: one host call,
 *          then the engine delivers the event to every subscribed pack
 *
 * myriad_event parses its input and returns: a subscriber doing nothing else.
 */
import { Command, GameEvent, Events, JsonObj, OK, State, dispatchCommand, dispatchEvent, fail } from '../../../../sdk/assembly';

export function myriad_command(): i32 {
  return dispatchCommand(onCommand);
}

export function myriad_event(): i32 {
  return dispatchEvent(onEvent);
}

function reads(id: string, n: i32): i32 {
  for (let i = 0; i < n; i++) {
    if (State.get(id, 'name') === null) return fail('BENCH', 'no name');
  }
  return OK;
}

function onCommand(cmd: Command): i32 {
  const v = cmd.verb;
  if (v == 'h0') return OK;
  if (v == 'h2') return reads(cmd.actor.id, 2);
  if (v == 'h10') return reads(cmd.actor.id, 10);
  if (v == 'ping') {
    const here = cmd.actor.location;
    if (here === null) return fail('BENCH', 'nowhere');
    if (!Events.emit('bench.ping', 'room:' + here, new JsonObj().set('n', 1))) return fail('BENCH', 'emit refused');
    return OK;
  }
  return fail('BENCH', 'unknown verb');
}

function onEvent(event: GameEvent): i32 {
  return event.type.length > 0 ? OK : 1;
}
