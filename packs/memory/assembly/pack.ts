/**
 * memory: NPCs remember what they witness (§3.1), forget it slowly (§3.2),
 * feel it (§3.4), tell each other (§5.3) and answer players from it (`talk`,
 * `ask`); admins look inside with `@mind`. docs/packs/memory.md.
 */
import { Command, GameEvent, JsonObj, JsonValue, OK, dispatchCommand, dispatchEvent, dispatchSeed, schedule } from '../../../sdk/assembly';
import { CHAT, chatEveryMs, chatRound } from './chat';
import { mind } from './mind';
import { consolidate, onArrive, onBlow, onDefeated, onDrifted, onGiven, onSay } from './observe';
import { ask, talk } from './speak';
import { inherit } from './inherit';

export function myriad_command(): i32 {
  return dispatchCommand(onCommand);
}

export function myriad_event(): i32 {
  return dispatchEvent(onEvent);
}

export function myriad_seed(): i32 {
  return dispatchSeed(onSeed);
}

function onCommand(cmd: Command): i32 {
  if (cmd.verb == 'talk') return talk(cmd);
  if (cmd.verb == 'ask') return ask(cmd);
  if (cmd.verb == '@mind') return mind(cmd);
  return OK;
}

function onEvent(e: GameEvent): i32 {
  const t = e.type;
  if (t == 'inventory.given') onGiven(e);
  else if (t == 'combat.hit') onBlow(e, true);
  else if (t == 'combat.missed') onBlow(e, false);
  else if (t == 'combat.defeated') onDefeated(e);
  else if (t == 'social.say') onSay(e);
  else if (t == 'rooms.arrive') onArrive(e);
  else if (t == 'time.band' && e.payload.getString('timeOfDay') == 'night') consolidate();
  else if (t == CHAT) chatRound();
  else if (t == 'relationships.drifted') onDrifted(e);
  else if (t == 'lives.inhabited') inherit(e);
  return OK;
}

/** The seed starts the conversation round; it reschedules itself (timers survive restarts). */
function onSeed(world: JsonValue): i32 {
  if (world.getBool('chat', true)) schedule(chatEveryMs(), CHAT, new JsonObj());
  return OK;
}
