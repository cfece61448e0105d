/**
 * The first creation path of gameplay-rules §2.1: a player takes up the life
 * of a townsperson. The character pack's `inhabit [name]` announces the wish
 * (`character.inhabit_requested {id, filter}`); this pack answers it:
 *
 *   inhabit            the lives one could take up (adults with a year lived), sorted by age
 *   inhabit <name>     take it: the character stands where the NPC stood, carries its
 *                      genome, personality, needs and appearance (copied onto the
 *                      character), and `lives.inhabited {characterId, npcId, name,
 *                      species, attributes, baseline}` tells the character pack
 *                      (attributes, finished creation) and the memory pack (the
 *                      NPC's memories and relationships move to the character);
 *                      the NPC leaves the world for the void.
 *
 * Baseline (§2.1, 0–1): sociability is the share of social goals among its last
 * 20; the other five come from its personality (our reading: the reference
 * computes them from the last 20 actions, and an NPC's actions follow from it).
 */
import { Events, GameEvent, JsonObj, Message, OK, Query, State, send } from '../../../sdk/assembly';
import { speciesOf } from './appearance';
import { YEAR_MS, gameNow } from './clock';
import { GENES, attributeBonus } from './genes';
import { GENOME, LIMBO } from './keys';
import { Life } from './life';
import { limbo } from './seed';

const ATTRIBUTES: string[] = ['might', 'agility', 'endurance', 'reflexes', 'vitality', 'intellect', 'cunning', 'willpower', 'presence', 'intuition', 'sight', 'hearing', 'smell', 'taste', 'touch'];
/** 41 + genes: an average genome (one dominant allele per gene, +9 an attribute) lands near the character pack's baseline of 50; attributes no gene feeds (Willpower, Presence…) stay at 50. */
const BASE_ATTRIBUTE: f64 = 41;
const BASELINE: f64 = 50;
const SOCIAL_GOALS: string[] = ['company', 'converse', 'bond', 'revel'];

class Candidate {
  constructor(
    public id: string,
    public name: string,
    public room: string,
    public life: Life,
  ) {}
}

function candidates(t: f64): Candidate[] {
  const out: Candidate[] = [];
  const ids = Query.withComponent(GENOME);
  for (let i = 0; i < ids.length; i++) {
    const e = Query.entity(ids[i]);
    // Not one already taken up (its body waits in the void).
    if (e === null || e.kind != 'npc' || e.location === null || State.get(e.location!, LIMBO) !== null) continue;
    const l = Life.load(ids[i]);
    if (l === null || l.category(t) == 'child' || t - l.born < YEAR_MS) continue;
    out.push(new Candidate(ids[i], e.name, e.location!, l));
  }
  out.sort((a: Candidate, b: Candidate): i32 => (a.life.born < b.life.born ? -1 : a.life.born > b.life.born ? 1 : 0));
  return out;
}

function matches(name: string, want: string): bool {
  const words = name.toLowerCase().split(' ');
  for (let i = 0; i < words.length; i++) if (words[i].length > 0 && words[i].startsWith(want)) return true;
  return name.toLowerCase() == want;
}

export function onInhabitRequested(e: GameEvent): i32 {
  const who = e.payload.getString('id');
  const filter = e.payload.getString('filter');
  if (who === null) return OK;
  const want = filter === null ? '' : filter!.trim().toLowerCase();
  const t = gameNow();
  const all = candidates(t);
  if (want.length == 0) return list(who!, all, t);
  for (let i = 0; i < all.length; i++) if (matches(all[i].name, want)) return take(who!, all[i], t);
  send(who!, Message.error('No one called "' + filter! + '" has a life you could take up. Type inhabit to see who has.'));
  return OK;
}

/** One message a line: text for a player other than the command's actor must be one line (PACK_TEXT_LINE_BREAK). */
function list(who: string, all: Candidate[], t: f64): i32 {
  const to = who;
  if (all.length == 0) {
    send(to, Message.kind('info').text('No one in this world has a life you could take up. Shape a new character instead: type species.'));
    return OK;
  }
  send(to, Message.kind('info').text('Lives you could take up:'));
  for (let i = 0; i < all.length; i++) {
    const c = all[i];
    const room = Query.entity(c.room);
    const age = (<i32>Math.floor(c.life.ageYears(t))).toString();
    send(to, Message.kind('info').text('  ' + c.name + ' — ' + speciesOf(c.life.species).noun + ', ' + age + ' years, ' + c.life.occupation + ', in ' + (room === null ? 'somewhere' : room.name)));
  }
  send(to, Message.kind('info').text('Type inhabit <name> to become one of them. Their memories and ties become yours.'));
  return OK;
}

function take(who: string, c: Candidate, t: f64): i32 {
  const into = limbo();
  if (into === null || !State.move(who, c.room) || !State.move(c.id, into!)) return OK;
  c.life.save(t, who);
  const attrs = new JsonObj();
  for (let i = 0; i < ATTRIBUTES.length; i++) {
    const v = hasGenes(ATTRIBUTES[i]) ? BASE_ATTRIBUTE + attributeBonus(c.life.genome, ATTRIBUTES[i]) : BASELINE;
    attrs.set(ATTRIBUTES[i], <i32>Math.max(1, Math.min(100, Math.round(v))));
  }
  const payload = new JsonObj().set('characterId', who).set('npcId', c.id).set('name', c.name).set('species', c.life.species).set('attributes', attrs).set('baseline', baseline(c.life));
  const mine = Message.kind('system').text('You close your eyes and open them as ' + c.name + '. ' + c.life.describe(t));
  Events.emit('lives.inhabited', 'char:' + who, payload);
  send(who, mine);
  return OK;
}

function hasGenes(attribute: string): bool {
  for (let i = 0; i < GENES.length; i++) if (GENES[i].attribute == attribute) return true;
  return false;
}

export function baseline(l: Life): JsonObj {
  let social = 0;
  for (let i = 0; i < l.recent.length; i++) if (SOCIAL_GOALS.includes(l.recent[i])) social++;
  const t = l.traits;
  const sociability = l.recent.length > 0 ? <f64>social / <f64>l.recent.length : t.e / 100;
  const r = (x: f64): f64 => Math.round(Math.max(0, Math.min(1, x)) * 100) / 100;
  return new JsonObj()
    .set('aggression', r((100 - t.a) / 100))
    .set('generosity', r(t.a / 100))
    .set('honesty', r(t.c / 100))
    .set('sociability', r(sociability))
    .set('recklessness', r(((100 - t.n) / 100) * (1 - t.c / 100)))
    .set('loyalty', r((t.a + t.c) / 200));
}
