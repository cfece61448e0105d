/**
 * stamina: a pool from Endurance and Might, spent by moving (walk, run, sneak,
 * sprint), recovered standing still and faster resting; "Insufficient
 * stamina" refuses a move. Subscribes to the rooms and spatial packs' movement
 * events; reads the character's attributes and the world clock. Shows the
 * prompt with the vitals after each command (`myriad_prompt`, prompt.ts).
 */
import { Command, GameEvent, JsonValue, Message, OK, dispatchCommand, dispatchEvent, dispatchPrompt, reply } from '../../../sdk/assembly';
import { onPrompt, promptCommand } from './prompt';
import { gaitCommand, restCommand, staminaCommand, standCommand } from './commands';
import { changed, onLeave, onStep } from './move';
import { readPool, save, settle, statsOf } from './pool';
import { gameNow } from './clock';

export function myriad_command(): i32 {
  return dispatchCommand(onCommand);
}

export function myriad_event(): i32 {
  return dispatchEvent(onEvent);
}

export function myriad_prompt(): i32 {
  return dispatchPrompt(onPrompt);
}

function onCommand(cmd: Command): i32 {
  const v = cmd.verb;
  if (v == 'stamina') return staminaCommand(cmd);
  if (v == 'walk' || v == 'run' || v == 'sneak' || v == 'sprint') return gaitCommand(cmd);
  if (v == 'rest') return restCommand(cmd);
  if (v == 'stand') return standCommand(cmd);
  if (v == 'prompt') return promptCommand(cmd);
  reply(Message.error('stamina does not know the command "' + v + '".'));
  return OK;
}

function onEvent(event: GameEvent): i32 {
  if (event.type == 'rooms.leave') return onLeave(event.payload);
  if (event.type == 'spatial.moved') return onStep(event.payload);
  if (event.type == 'combat.exerted') return onExerted(event.payload);
  if (event.type == 'character.created') {
    // "Starts at Max on creation": a finished character sets out fresh.
    const id = event.payload.getString('id');
    if (id === null) return OK;
    const p = readPool(id!);
    const s = statsOf(id!);
    const old = p.current;
    p.current = s.max;
    p.at = gameNow();
    p.busyUntil = p.at;
    if (save(id!, p)) changed(id!, old, s.max, 'created');
  }
  return OK;
}

/**
 * A combat action's cost (§7.1: attack 15, quick 10, heavy 25, defend 5, flee 20,
 * ×1.5 on a fumble), or a hit taken (cost 0): either way regeneration restarts
 * from now (§2.2 "stops when taking damage"). The pool never goes below 0; combat
 * does not wait for stamina (docs/packs/combat.md).
 */
function onExerted(p: JsonValue): i32 {
  const id = p.getString('id');
  if (id === null) return OK;
  const cost = p.getNumber('cost', 0);
  const pool = readPool(id!);
  const s = statsOf(id!);
  const t = gameNow();
  settle(pool, s, t);
  const old = pool.current;
  pool.current = old - cost > 0 ? old - cost : 0;
  pool.busyUntil = t;
  pool.resting = false;
  if (save(id!, pool) && cost > 0) changed(id!, old, pool.current, 'combat');
  return OK;
}
