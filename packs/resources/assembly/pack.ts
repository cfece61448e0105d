/**
 * resources: resource nodes in rooms from data, with rarity, quantity,
 * regeneration and cooldowns; gather, harvest, mine and survey with §9.1's
 * yield formula, tool and skill modifiers and failure chances. Units go to the
 * character through the inventory pack (resources.goods); experience through
 * the skills pack (resources.skill_check). See docs/packs/resources.md.
 */
import { Command, JsonValue, Message, OK, reply, dispatchCommand, dispatchSeed } from '../../../sdk/assembly';
import { harvest, survey } from './harvest';
import { seedWorld } from './seed';

export function myriad_command(): i32 {
  return dispatchCommand(onCommand);
}

export function myriad_seed(): i32 {
  return dispatchSeed(onSeed);
}

function onSeed(world: JsonValue): i32 {
  return seedWorld(world);
}

function onCommand(cmd: Command): i32 {
  if (cmd.actor.location === null) {
    reply(Message.error('You are nowhere; there is nothing to gather.'));
    return OK;
  }
  if (cmd.verb == 'survey') return survey(cmd);
  return harvest(cmd);
}
