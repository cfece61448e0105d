/**
 * time: the world clock. Dilation (0.1–100), pause/resume with catch-up,
 * day/night in eight bands, seasons; `time` for everyone, `@time` for admins.
 * Other packs read `time.clock` (and `time.now`) instead of counting ticks:
 * docs/packs/time.md has the formula.
 */
import { Command, GameEvent, Message, OK, dispatchCommand, dispatchEvent, dispatchSeed, fail, reply } from '../../../sdk/assembly';
import { adminCommand, timeCommand } from './commands';
import { seedClock } from './seed';
import { WAKE, hostError, onWake } from './world';

export function myriad_command(): i32 {
  return dispatchCommand(onCommand);
}

export function myriad_event(): i32 {
  return dispatchEvent(onEvent);
}

export function myriad_seed(): i32 {
  return dispatchSeed(seedClock);
}

function onCommand(cmd: Command): i32 {
  if (cmd.verb == 'time') return timeCommand(cmd);
  if (cmd.verb == '@time') return adminCommand(cmd);
  reply(Message.error('time does not know the command "' + cmd.verb + '".'));
  return OK;
}

function onEvent(event: GameEvent): i32 {
  if (event.type == WAKE) {
    if (!onWake(event.payload)) return fail('TIME_WAKE_FAILED', 'the clock could not move on: ' + hostError());
  }
  return OK;
}
