/**
 * character: who a character is. Fifteen attributes and five derived ones,
 * species, genetic variance, point-buy; the creation flow after `create`
 * (species, points, confirm); `sheet`/`score`; admin `@attr`.
 * Other packs read `character.attributes` and `character.derived`.
 */
import { Command, GameEvent, Message, OK, dispatchCommand, dispatchEvent, fail, reply } from '../../../sdk/assembly';
import { attrCommand } from './admin';
import { buyCommand, confirmCommand, ensureProfile, inhabitCommand, showPrompt, speciesCommand } from './creation';
import { onInhabited } from './inhabit';
import { publishStatus, sheet } from './sheet';

export function myriad_command(): i32 {
  return dispatchCommand(onCommand);
}

export function myriad_event(): i32 {
  return dispatchEvent(onEvent);
}

function onCommand(cmd: Command): i32 {
  const v = cmd.verb;
  if (v == 'sheet') {
    const p = ensureProfile(cmd.actor.id);
    if (p === null) return fail('CHARACTER_REFUSED', 'Your character sheet could not be made.');
    reply(sheet(cmd.actor.id, cmd.actor.name, p));
    publishStatus(cmd.actor.id, cmd.actor.name, p);
    return OK;
  }
  if (v == 'species') return speciesCommand(cmd);
  if (v == 'raise') return buyCommand(cmd, true);
  if (v == 'lower') return buyCommand(cmd, false);
  if (v == 'confirm') return confirmCommand(cmd);
  if (v == 'inhabit') return inhabitCommand(cmd);
  if (v == '@attr') return attrCommand(cmd);
  reply(Message.error('character does not know the command "' + v + '".'));
  return OK;
}

/**
 * A new character gets its draft at once (engine.character_created); each time
 * a character enters the game unfinished, the steps are shown again. A problem
 * here is logged by the engine, never fatal to the session. An NPC's life
 * handed over (lives.inhabited) finishes creation the other way.
 */
function onEvent(event: GameEvent): i32 {
  if (event.type == 'lives.inhabited') return onInhabited(event);
  const id = event.payload.getString('id');
  if (id === null) return OK;
  if (event.type == 'engine.character_created') {
    ensureProfile(id!);
  } else if (event.type == 'engine.session_started') {
    const name = event.payload.getString('name');
    showPrompt(id!, name === null ? 'traveller' : name!);
    const p = ensureProfile(id!);
    if (p !== null) publishStatus(id!, name === null ? 'traveller' : name!, p);
  }
  return OK;
}
