/**
 * Personality (gameplay-rules §5.2): Big Five traits 0–100, half inherited and
 * half shaped by experience; archetypes; personality-weighted decisions; moods.
 *
 *   trait = 0.5 × genetic + 0.5 × experience
 *   genetic: the trait's gene, NeNe 70–90, Nene 50–70, nene 20–50 (one roll in the band)
 *   experience: 50, plus the life events the NPC has lived (below), clamped 0–100
 *
 * §G10: "trauma −20 Neuroticism (more anxious)" contradicts itself; we follow the
 * description: trauma makes a person more anxious, +20 Neuroticism.
 */
import { JsonObj, JsonValue } from '../../../sdk/assembly';
import { Genome, Roll, dose } from './genes';

export const TRAITS: string[] = ['openness', 'conscientiousness', 'extraversion', 'agreeableness', 'neuroticism'];

export class Traits {
  values: f64[] = [50, 50, 50, 50, 50];

  get(name: string): f64 {
    const i = TRAITS.indexOf(name);
    return i < 0 ? 50 : this.values[i];
  }

  set(name: string, v: f64): void {
    const i = TRAITS.indexOf(name);
    if (i >= 0) this.values[i] = Math.max(0, Math.min(100, v));
  }

  get o(): f64 {
    return this.values[0];
  }
  get c(): f64 {
    return this.values[1];
  }
  get e(): f64 {
    return this.values[2];
  }
  get a(): f64 {
    return this.values[3];
  }
  get n(): f64 {
    return this.values[4];
  }

  toJson(o: JsonObj): JsonObj {
    for (let i = 0; i < TRAITS.length; i++) o.set(TRAITS[i], Math.round(this.values[i]));
    return o;
  }

  static fromJson(v: JsonValue | null): Traits {
    const t = new Traits();
    if (v === null) return t;
    for (let i = 0; i < TRAITS.length; i++) t.values[i] = v.getNumber(TRAITS[i], 50);
    return t;
  }

  static of(o: f64, c: f64, e: f64, a: f64, n: f64): Traits {
    const t = new Traits();
    t.values = [o, c, e, a, n];
    return t;
  }
}

/** §5.2 genetic baseline: the trait gene's dose picks the band, one roll places it. */
export function geneticScore(genotype: string, roll: Roll): f64 {
  const n = dose(genotype);
  if (n == 2) return 70 + 20 * roll();
  if (n == 1) return 50 + 20 * roll();
  return 20 + 30 * roll();
}

/** §5.2 life events: trait → change. Unknown events change nothing (the seed checks the names). */
export function eventImpact(event: string, t: Traits): bool {
  if (event == 'trauma') t.set('neuroticism', t.n + 20);
  else if (event == 'nurtured') t.set('agreeableness', t.a + 15);
  else if (event == 'challenged') t.set('conscientiousness', t.c + 10);
  else if (event == 'social success') t.set('extraversion', t.e + 10);
  else if (event == 'repeated failures') {
    t.set('neuroticism', t.n + 10);
    t.set('conscientiousness', t.c - 10);
  } else if (event == 'exploration') t.set('openness', t.o + 10);
  else return false;
  return true;
}

export const LIFE_EVENTS: string[] = ['trauma', 'nurtured', 'challenged', 'social success', 'repeated failures', 'exploration'];

/** Traits from genes (50%) and the events lived (50%). */
export function formTraits(g: Genome, events: string[], roll: Roll): Traits {
  const experience = new Traits();
  for (let i = 0; i < events.length; i++) eventImpact(events[i], experience);
  const t = new Traits();
  for (let i = 0; i < TRAITS.length; i++) t.values[i] = 0.5 * geneticScore(g.get(TRAITS[i]), roll) + 0.5 * experience.values[i];
  return t;
}

/** §5.2 archetypes (O, C, E, A, N). */
export const ARCHETYPES: string[] = ['adventurer', 'scholar', 'leader', 'hermit', 'merchant'];
const ARCHETYPE_TRAITS: f64[][] = [
  [90, 40, 75, 60, 30],
  [85, 90, 30, 50, 40],
  [60, 80, 90, 70, 25],
  [50, 60, 10, 40, 70],
  [50, 85, 65, 45, 35],
];

export function archetypeTraits(name: string): Traits {
  const i = ARCHETYPES.indexOf(name);
  const v = ARCHETYPE_TRAITS[i < 0 ? 0 : i];
  return Traits.of(v[0], v[1], v[2], v[3], v[4]);
}

/** The nearest archetype (Euclidean distance in trait space): what `@mind` and the docs call the NPC. */
export function nearestArchetype(t: Traits): string {
  let best = 0;
  let bestD = Infinity;
  for (let i = 0; i < ARCHETYPE_TRAITS.length; i++) {
    let d: f64 = 0;
    for (let k = 0; k < 5; k++) d += (t.values[k] - ARCHETYPE_TRAITS[i][k]) * (t.values[k] - ARCHETYPE_TRAITS[i][k]);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return ARCHETYPES[best];
}

/** "High" and "low" for the decision modifiers: ≥ 60 and ≤ 40 (our reading; the reference gives only the words). */
export const HIGH: f64 = 60;
export const LOW: f64 = 40;

/**
 * §5.2 option modifiers, by option kind. A decision's options are kinds; the
 * score is `base + Σ modifiers + random(0, 20)` and the highest wins.
 */
export function modifier(kind: string, t: Traits): f64 {
  let m: f64 = 0;
  if (t.o >= HIGH) m += kind == 'novel' ? 20 : kind == 'revisit' ? 5 : 0;
  if (t.o <= LOW) m += kind == 'familiar' ? 20 : kind == 'novel' ? 5 : 0;
  if (t.c >= HIGH) m += kind == 'plan' ? 25 : kind == 'impulsive' ? -15 : 0;
  if (t.c <= LOW) m += kind == 'impulsive' ? 20 : kind == 'plan' ? -10 : 0;
  if (t.e >= HIGH) m += kind == 'social' ? 30 : kind == 'converse' ? 15 : 0;
  if (t.e <= LOW) m += kind == 'solitary' ? 25 : kind == 'work alone' ? 10 : 0;
  if (t.a >= HIGH) m += kind == 'help' ? 20 : kind == 'share' ? 15 : 0;
  if (t.a <= LOW) m += kind == 'ignore' ? 15 : kind == 'haggle' ? 20 : 0;
  if (t.n >= HIGH) m += kind == 'avoid danger' ? 30 : kind == 'risky' ? -20 : 0;
  if (t.n <= LOW) m += kind == 'risky' ? 15 : kind == 'panic' ? -5 : 0;
  return m;
}

/** The index of the chosen option: base 50 each, modifiers, and a roll of 0–20. */
export function decide(kinds: string[], t: Traits, roll: Roll): i32 {
  let best = 0;
  let bestScore = -Infinity;
  for (let i = 0; i < kinds.length; i++) {
    const s = 50 + modifier(kinds[i], t) + 20 * roll();
    if (s > bestScore) {
      bestScore = s;
      best = i;
    }
  }
  return best;
}

/** §5.2 moods (set by nothing yet: the memory pack's events will, docs/packs/lives.md). */
export const MOODS: string[] = ['calm', 'cheerful', 'melancholy', 'anxious', 'angry', 'excited'];

/** A trait as the mood bends it for now (§5.2: cheerful +5 E, anxious +15 N, angry −15 A, excited +10 O). */
export function withMood(t: Traits, mood: string): Traits {
  const m = Traits.of(t.o, t.c, t.e, t.a, t.n);
  if (mood == 'cheerful') m.set('extraversion', t.e + 5);
  else if (mood == 'anxious') m.set('neuroticism', t.n + 15);
  else if (mood == 'angry') m.set('agreeableness', t.a - 15);
  else if (mood == 'excited') m.set('openness', t.o + 10);
  return m;
}
