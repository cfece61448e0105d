/**
 * inventory: items with weight, stacks and durability; carrying within a weight
 * limit; equipment slots; using things (gameplay-rules 2.3).
 * Commands: get, drop, give, use, examine, equip, unequip, inventory, equipment.
 * Seeds starter items from world.json. See docs/packs/inventory.md.
 */
import { onLoot, onWear } from './requests';
import { Command, GameEvent, JsonValue, Message, OK, reply, dispatchCommand, dispatchEvent, dispatchSeed } from '../../../sdk/assembly';
import { get, drop } from './take';
import { equip, unequip, showEquipment } from './equip';
import { use, onCheckResult } from './use';
import { examine, showInventory } from './show';
import { seedWorld } from './seed';
import { give } from './give';

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
  const verb = cmd.verb;
  if (verb == 'inventory') return showInventory(cmd);
  if (verb == 'equipment') {
    reply(showEquipment(cmd.actor.id));
    return OK;
  }
  if (verb == 'examine') return examine(cmd);
  if (cmd.actor.location === null) {
    reply(Message.error('You are nowhere; there is nothing to handle.'));
    return OK;
  }
  if (verb == 'get') return get(cmd);
  if (verb == 'drop') return drop(cmd);
  if (verb == 'give') return give(cmd);
  if (verb == 'use') return use(cmd);
  if (verb == 'equip') return equip(cmd);
  if (verb == 'unequip') return unequip(cmd);
  reply(Message.error('inventory does not know the command "' + verb + '".'));
  return OK;
}

function onEvent(event: GameEvent): i32 {
  if (event.type == 'skills.check_result') return onCheckResult(event);
  if (event.type == 'combat.wear') return onWear(event);
  if (event.type == 'creatures.loot') return onLoot(event);
  return OK;
}
