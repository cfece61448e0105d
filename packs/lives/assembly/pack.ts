/**
 * lives: the townsfolk's genes, appearance, personality and needs, and what
 * they do about them in the world (gameplay-rules §4.1–4.2, §5.1–5.2, and the
 * inhabit path of §2.1). docs/packs/lives.md.
 */
import { Command, GameEvent, Message, OK, State, dispatchCommand, dispatchEvent, dispatchSeed, now, reply } from '../../../sdk/assembly';
import { gameNow } from './clock';
import { onInhabitRequested } from './inhabit';
import { NEEDS_KEY } from './keys';
import { foodValue } from './town';
import { Life } from './life';
import { seedWorld } from './seed';
import { simCommand } from './sim';
import { think } from './think';

export function myriad_event(): i32 {
  return dispatchEvent(onEvent);
}

export function myriad_seed(): i32 {
  return dispatchSeed(seedWorld);
}

export function myriad_command(): i32 {
  return dispatchCommand(onCommand);
}

function onEvent(e: GameEvent): i32 {
  if (e.type == 'world.tick') {
    const t = e.payload.getNumber('now', <f64>now());
    const dt = e.payload.getNumber('dtMs', 100);
    // Townsfolk think on world-second boundaries; each has its own next time.
    if (Math.floor(t / 1000) != Math.floor((t - dt) / 1000)) think(t);
    return OK;
  }
  if (e.type == 'inventory.used') return onUsed(e);
  if (e.type == 'character.inhabit_requested') return onInhabitRequested(e);
  return OK;
}

/** One of ours ate or drank (the inventory pack's effects "nourish" and "refresh"): §5.1 bread 30, ale 40. */
function onUsed(e: GameEvent): i32 {
  const who = e.payload.getString('actor');
  const effect = e.payload.getString('effect');
  if (who === null || effect === null || State.get(who!, NEEDS_KEY) === null) return OK;
  if (effect! != 'nourish' && effect! != 'refresh') return OK;
  const l = Life.load(who!);
  if (l === null) return OK;
  if (effect! == 'nourish') l.needs.add('hunger', -foodValue());
  else l.needs.add('thirst', -DRINK_VALUE);
  l.save(gameNow());
  return OK;
}

const DRINK_VALUE: f64 = 40;

function onCommand(cmd: Command): i32 {
  const words = cmd.words();
  if (words.length > 0 && words[0] == 'sim') return simCommand(cmd, words);
  reply(Message.error('Usage: @lives sim … (type @lives sim for the list)'));
  return OK;
}
