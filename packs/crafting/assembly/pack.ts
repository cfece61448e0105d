/**
 * crafting: recipes with ingredients (and substitutes), tools, stations, skill
 * requirements, success rates and quality tiers; recipes, craft (taking time,
 * interruptible), stop, repair (gameplay-rules §9.2). Materials and products
 * move through the inventory pack (crafting.goods). See docs/packs/crafting.md.
 */
import { Command, GameEvent, JsonValue, Message, OK, reply, dispatchCommand, dispatchEvent, dispatchSeed } from '../../../sdk/assembly';
import { craft, listRecipes, onDone, onLeave, stop } from './craft';
import { repair } from './repair';
import { seedWorld } from './seed';

export function myriad_command(): i32 {
  return dispatchCommand(onCommand);
}

export function myriad_event(): i32 {
  return dispatchEvent(onEvent);
}

export function myriad_seed(): i32 {
  return dispatchSeed(onSeed);
}

function onSeed(world: JsonValue): i32 {
  return seedWorld(world);
}

function onCommand(cmd: Command): i32 {
  if (cmd.actor.location === null) {
    reply(Message.error('You are nowhere; there is no room to work.'));
    return OK;
  }
  const verb = cmd.verb;
  if (verb == 'recipes') return listRecipes(cmd);
  if (verb == 'craft') return craft(cmd);
  if (verb == 'stop') return stop(cmd);
  if (verb == 'repair') return repair(cmd);
  reply(Message.error('crafting does not know the command "' + verb + '".'));
  return OK;
}

function onEvent(event: GameEvent): i32 {
  if (event.type == 'crafting.done') return onDone(event.payload);
  if (event.type == 'rooms.leave') {
    const who = event.payload.getString('id');
    return who === null ? OK : onLeave(who);
  }
  return OK;
}
