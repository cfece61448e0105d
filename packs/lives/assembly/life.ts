/**
 * One NPC's life as stored: genome, personality, needs, role and appearance
 * (components `lives.*`, docs/packs/lives.md), loaded and saved together.
 */
import { JsonArr, JsonObj, JsonValue, State } from '../../../sdk/assembly';
import { ageCategory, describe, speciesOf } from './appearance';
import { YEAR_MS } from './clock';
import { Genome } from './genes';
import { APPEARANCE, GENOME, NEEDS_KEY, PERSONALITY, ROLE } from './keys';
import { Needs, stateWord } from './needs';
import { Traits, nearestArchetype } from './personality';

/** How many recent goals are kept (§2.1: the behavioural baseline reads the last 20 actions). */
export const RECENT = 20;

export class Life {
  id: string = '';
  species: string = 'human';
  male: bool = false;
  born: f64 = 0;
  parents: string[] = [];
  genome: Genome = new Genome();
  seed: string = '';
  traits: Traits = new Traits();
  events: string[] = [];
  mood: string = 'calm';
  moodUntil: f64 = 0;
  needs: Needs = new Needs();
  at: f64 = 0;
  goal: string = 'idle';
  priority: f64 = 0;
  asleep: bool = false;
  next: f64 = 0;
  recent: string[] = [];
  home: string = '';
  work: string = '';
  occupation: string = '';
  workPose: string = '';
  maker: bool = false;
  appearance: string = '';

  ageYears(gameNow: f64): f64 {
    return Math.max(0, (gameNow - this.born) / YEAR_MS);
  }

  category(gameNow: f64): string {
    return ageCategory(this.ageYears(gameNow) / speciesOf(this.species).lifespan);
  }

  describe(gameNow: f64): string {
    return describe(this.genome, this.species, this.ageYears(gameNow), this.male, this.seed);
  }

  /** "She looks hungry." or "". */
  looks(): string {
    const w = this.asleep ? 'asleep' : stateWord(this.needs);
    if (w.length == 0) return '';
    return (this.male ? 'He' : 'She') + (w == 'asleep' ? ' is asleep.' : ' looks ' + w + '.');
  }

  remember(goal: string): void {
    this.recent.push(goal);
    while (this.recent.length > RECENT) this.recent.shift();
  }

  static load(id: string): Life | null {
    const g = State.get(id, GENOME);
    const p = State.get(id, PERSONALITY);
    const n = State.get(id, NEEDS_KEY);
    if (g === null || p === null || n === null) return null;
    const l = new Life();
    l.id = id;
    const sp = g.getString('species');
    l.species = sp === null ? 'human' : sp!;
    const sex = g.getString('sex');
    l.male = sex !== null && sex! == 'male';
    l.born = g.getNumber('born', 0);
    l.parents = strings(g.getArray('parents'));
    l.genome = Genome.fromJson(g.getObject('genes'));
    const seed = g.getString('seed');
    l.seed = seed === null ? id : seed!;
    l.traits = Traits.fromJson(p);
    l.events = strings(p.getArray('events'));
    const mood = p.getString('mood');
    l.mood = mood === null ? 'calm' : mood!;
    l.moodUntil = p.getNumber('moodUntil', 0);
    l.needs = Needs.fromJson(n);
    l.at = n.getNumber('at', 0);
    const goal = n.getString('goal');
    l.goal = goal === null ? 'idle' : goal!;
    l.priority = n.getNumber('priority', 0);
    l.asleep = n.getBool('asleep', false);
    l.next = n.getNumber('next', 0);
    l.recent = strings(n.getArray('recent'));
    const r = State.get(id, ROLE);
    if (r !== null) {
      l.home = str(r, 'home');
      l.work = str(r, 'work');
      l.occupation = str(r, 'occupation');
      l.workPose = str(r, 'workPose');
      l.maker = r.getBool('maker', false);
    }
    const a = State.get(id, APPEARANCE);
    if (a !== null) l.appearance = str(a, 'text');
    return l;
  }

  /** Writes every component (to `to`, by default the NPC itself: inhabiting copies a life onto a character). */
  save(gameNow: f64, to: string = ''): bool {
    const who = to.length > 0 ? to : this.id;
    const parents = new JsonArr();
    for (let i = 0; i < this.parents.length; i++) parents.push(this.parents[i]);
    const genome = new JsonObj()
      .set('species', this.species)
      .set('sex', this.male ? 'male' : 'female')
      .set('born', this.born)
      .set('parents', parents)
      .set('seed', this.seed)
      .set('genes', this.genome.toJson());
    const events = new JsonArr();
    for (let i = 0; i < this.events.length; i++) events.push(this.events[i]);
    const personality = this.traits.toJson(new JsonObj()).set('archetype', nearestArchetype(this.traits)).set('mood', this.mood).set('moodUntil', this.moodUntil).set('events', events);
    const recent = new JsonArr();
    for (let i = 0; i < this.recent.length; i++) recent.push(this.recent[i]);
    const needs = this.needs
      .toJson(new JsonObj())
      .set('at', this.at)
      .set('goal', this.goal)
      .set('priority', Math.round(this.priority * 100) / 100)
      .set('asleep', this.asleep)
      .set('next', this.next)
      .set('recent', recent);
    const role = new JsonObj().set('home', this.home).set('work', this.work).set('occupation', this.occupation).set('workPose', this.workPose).set('maker', this.maker);
    // §4.2 caching: the text is kept and rewritten only when it changes (an age threshold crossed, a mutation).
    const text = this.describe(gameNow);
    const appearance = new JsonObj().set('text', text).set('category', this.category(gameNow)).set('looks', this.looks());
    return State.set(who, GENOME, genome) && State.set(who, PERSONALITY, personality) && State.set(who, NEEDS_KEY, needs) && State.set(who, ROLE, role) && State.set(who, APPEARANCE, appearance);
  }
}

function str(v: JsonValue, key: string): string {
  const s = v.getString(key);
  return s === null ? '' : s!;
}

export function strings(a: JsonValue[] | null): string[] {
  const out: string[] = [];
  if (a === null) return out;
  for (let i = 0; i < a.length; i++) {
    const s = a[i].asString();
    if (s !== null) out.push(s!);
  }
  return out;
}
