/**
 * Seeding from world.json (or `packs.settings.lives.world`):
 *
 *   { "town": { market, tavern, water: <rooms.key>, area: [<rooms.key>], food: {item, value} },
 *     "townsfolk": [ { name, species, sex, age, home, work, occupation,
 *                      workPose, maker?, events[], genes?{gene: "Dr"}, needs?{need: n} } ] }
 *
 * Each townsperson is an NPC entity (kind "npc") in its home room with a genome
 * (random founders, or the genes given), personality formed from it and the life
 * events listed, needs, and its appearance text. Randomness is the host's, seeded
 * by world.seed: the same seed makes the same town.
 */
import { JsonObj, JsonValue, OK, Query, State, fail, lastError } from '../../../sdk/assembly';
import { reseed, roll } from './rng';
import { speciesOf } from './appearance';
import { YEAR_MS, gameNow } from './clock';
import { GENES, Genome } from './genes';
import { LIMBO, TOWN } from './keys';
import { Life, strings } from './life';
import { NEEDS } from './needs';
import { LIFE_EVENTS, formTraits } from './personality';
import { roomByKey } from './world';

export function limbo(): string | null {
  const ids = Query.withComponent(LIMBO);
  if (ids.length > 0) return ids[0];
  return State.spawn(new JsonObj().set('name', 'the lives beyond').set('kind', 'void').set(LIMBO, true));
}

export function seedWorld(world: JsonValue): i32 {
  reseed();
  if (Query.withComponent(TOWN).length > 0) return OK;
  const town = world.getObject('town');
  const folk = world.getArray('townsfolk');
  if (town === null || folk === null) return fail('LIVES_BAD_WORLD', 'world.json: needs "town" (object) and "townsfolk" (array)');
  const keys = ['market', 'tavern', 'water'];
  for (let i = 0; i < keys.length; i++) {
    const k = town.getString(keys[i]);
    if (k === null || roomByKey(k!) === null) return fail('LIVES_BAD_WORLD', 'world.json: town.' + keys[i] + ' must name a room key (is the rooms pack enabled and seeded?)');
  }
  if (State.spawn(new JsonObj().set('name', 'lives: the town').set('kind', 'config').set(TOWN, town)) === null) return failed('record the town');
  if (limbo() === null) return failed('make the place retired lives go');
  const t = gameNow();
  for (let i = 0; i < folk.length; i++) {
    const problem = seedOne(folk[i], t);
    if (problem.length > 0) return fail('LIVES_BAD_WORLD', 'world.json: townsfolk[' + i.toString() + ']: ' + problem);
  }
  return OK;
}

function seedOne(p: JsonValue, t: f64): string {
  const name = p.getString('name');
  if (name === null) return 'has no name';
  const home = p.getString('home');
  const work = p.getString('work');
  if (home === null || roomByKey(home!) === null) return 'home must be a room key';
  if (work === null || roomByKey(work!) === null) return 'work must be a room key';
  const l = new Life();
  const sp = p.getString('species');
  l.species = sp === null ? 'human' : sp!;
  if (speciesOf(l.species).key != l.species) return 'unknown species "' + l.species + '"';
  const sex = p.getString('sex');
  l.male = sex !== null && sex! == 'male';
  const age = p.getNumber('age', 30);
  if (age < 0 || age > speciesOf(l.species).lifespan) return 'age must be 0 to the species lifespan';
  l.born = t - age * YEAR_MS;
  l.genome = Genome.random(roll);
  const genes = p.getObject('genes');
  if (genes !== null) {
    const gk = genes.keys();
    for (let i = 0; i < gk.length; i++) {
      const v = genes.getString(gk[i]);
      let known = false;
      for (let k = 0; k < GENES.length; k++) if (GENES[k].name == gk[i]) known = true;
      if (!known || v === null || v!.length != 2) return 'genes.' + gk[i] + ' must be a known gene with two alleles (D, r, v, P)';
      l.genome.put(gk[i], v!);
    }
  }
  l.events = strings(p.getArray('events'));
  for (let i = 0; i < l.events.length; i++) if (!LIFE_EVENTS.includes(l.events[i])) return 'unknown life event "' + l.events[i] + '" (' + LIFE_EVENTS.join(', ') + ')';
  l.traits = formTraits(l.genome, l.events, roll);
  const needs = p.getObject('needs');
  if (needs !== null) for (let i = 0; i < NEEDS.length; i++) if (needs.has(NEEDS[i])) l.needs.set(NEEDS[i], needs.getNumber(NEEDS[i], 0));
  l.at = t;
  l.home = home!;
  l.work = work!;
  const occ = p.getString('occupation');
  l.occupation = occ === null ? '' : occ!;
  const pose = p.getString('workPose');
  l.workPose = pose === null ? 'busies themselves with work.' : pose!;
  l.maker = p.getBool('maker', false);
  const id = State.spawn(new JsonObj().set('name', name!).set('kind', 'npc').set('location', roomByKey(home!)));
  if (id === null) return 'could not spawn: ' + errText();
  l.id = id!;
  l.seed = name!;
  return l.save(t) ? '' : 'could not record: ' + errText();
}

function errText(): string {
  const e = lastError();
  return e === null ? '' : e.toString();
}

function failed(what: string): i32 {
  return fail('LIVES_SEED_FAILED', 'could not ' + what + ': ' + errText());
}
