/**
 * economy: coins, merchants with stock, prices from supply and demand on game
 * time (gameplay-rules §9.3, decision 0028). Commands: list, buy, sell, value,
 * coins, pay, offer, accept, decline. Goods move through the inventory pack (economy.goods). See
 * docs/packs/economy.md.
 */
import { Command, JsonValue, Message, OK, reply, dispatchCommand, dispatchSeed } from '../../../sdk/assembly';
import { buy, list, pay, purse, sell, value } from './commands';
import { seedWorld } from './seed';
import { decline } from './trade';
import { acceptOffer, offerTo } from './barter';
import { peddle } from './peddle';
import { simulateCommand } from './sim';

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
  const verb = cmd.verb;
  if (verb == 'coins') return purse(cmd);
  if (verb == '@economy') return simulateCommand(cmd);
  if (cmd.actor.location === null) {
    reply(Message.error('You are nowhere; there is no one to trade with.'));
    return OK;
  }
  if (verb == 'list') return list(cmd);
  if (verb == 'buy') return buy(cmd);
  if (verb == 'sell') return sell(cmd);
  if (verb == 'value') return value(cmd);
  if (verb == 'pay') return pay(cmd);
  if (verb == 'offer') return offerTo(cmd);
  if (verb == 'accept') return acceptOffer(cmd);
  if (verb == 'peddle') return peddle(cmd);
  if (verb == 'decline') return decline(cmd);
  reply(Message.error('economy does not know the command "' + verb + '".'));
  return OK;
}
