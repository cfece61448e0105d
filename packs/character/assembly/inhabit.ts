/**
 * The other end of the inhabit path (gameplay-rules §2.1, path 1): an NPC pack
 * (lives) hands over the life a player chose as `lives.inhabited {characterId,
 * npcId, name, species, attributes, baseline}`. The character takes the NPC's
 * attributes as they are (no variance, no points: a life already lived),
 * creation finishes with `via: "inhabitance"`, and `character.created` carries
 * the NPC and the behavioural baseline (the reference's
 * CharacterCreatedViaInhabitance).
 */
import { Events, GameEvent, JsonObj, OK, State } from '../../../sdk/assembly';
import { ATTRIBUTES, attributesJson, derivedJson, valuesOf } from './attributes';
import { ATTRS, DERIVED_C, PROFILE, readProfile } from './profile';
import { findSpecies, totalPoints } from './rules';

export function onInhabited(e: GameEvent): i32 {
  const id = e.payload.getString('characterId');
  const npc = e.payload.getString('npcId');
  const attrs = e.payload.getObject('attributes');
  const baseline = e.payload.getObject('baseline');
  if (id === null || npc === null || attrs === null || baseline === null) return OK;
  const p = readProfile(id!);
  if (p === null || p.complete) return OK; // only an unfinished character asks; a second answer changes nothing
  const species = e.payload.getString('species');
  if (species !== null && findSpecies(species!) !== null) p.species = species!;
  p.complete = true;
  p.confirming = false;
  p.via = 'inhabitance';
  for (let i = 0; i < ATTRIBUTES.length; i++) {
    p.variance[i] = 0;
    p.bought[i] = 0;
  }
  const values = valuesOf(attrs);
  if (!State.set(id!, PROFILE, p) || !State.set(id!, ATTRS, attributesJson(values)) || !State.set(id!, DERIVED_C, derivedJson(values))) return OK;
  const payload = new JsonObj()
    .set('id', id!)
    .set('via', 'inhabitance')
    .set('species', p.species)
    .set('attributes', attributesJson(values))
    .set('variance', attributesJson(p.variance))
    .set('pointBuy', attributesJson(p.bought))
    .set('pointsSpent', 0)
    .set('pointsTotal', totalPoints())
    .set('npcId', npc!)
    .set('baseline', baseline);
  Events.emit('character.created', 'char:' + id!, payload);
  return OK;
}
