/**
 * The inhabit path (part B's `lives` pack, contract-20): when a player takes
 * over an NPC, the character gets the NPC's memories, so `@mind` and recall
 * follow the person, not the body.
 */
import { GameEvent, State } from '../../../sdk/assembly';
import { STREAM } from './store';

export function inherit(e: GameEvent): void {
  const npc = e.payload.getString('npcId');
  const character = e.payload.getString('characterId');
  if (npc === null || character === null) return;
  const s = State.get(npc!, STREAM);
  if (s !== null) State.set(character!, STREAM, s);
}
