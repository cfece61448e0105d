/**
 * The fifteen primary attributes (1–100) in three groups, and the five derived
 * ones (gameplay-rules.md 2.1):
 *
 *   HP      = Vitality × 10
 *   Stamina = Endurance × 7 + Might × 3
 *   Focus   = Intellect × 6 + Willpower × 4
 *   Mana    = Intuition × 6 + Willpower × 4
 *   Nerve   = Willpower × 5 + Presence × 3 + Reflexes × 2
 */
import { JsonObj, JsonValue } from '../../../sdk/assembly';

export const ATTRIBUTES: string[] = ['might', 'agility', 'endurance', 'reflexes', 'vitality', 'intellect', 'cunning', 'willpower', 'presence', 'intuition', 'sight', 'hearing', 'smell', 'taste', 'touch'];
export const GROUPS: string[] = ['Physical', 'Mental', 'Sensory'];
export const DERIVED: string[] = ['hp', 'stamina', 'focus', 'mana', 'nerve'];
export const DERIVED_LABELS: string[] = ['HP', 'Stamina', 'Focus', 'Mana', 'Nerve'];

export const MIN_VALUE: i32 = 1;
export const MAX_VALUE: i32 = 100;

export function clamp(v: i32): i32 {
  return v < MIN_VALUE ? MIN_VALUE : v > MAX_VALUE ? MAX_VALUE : v;
}

/** The attribute `word` names: exact, or a unique prefix ("mi" → might). "" when none; "?a,b" when ambiguous. */
export function resolveAttribute(word: string): string {
  const w = word.trim().toLowerCase();
  if (w.length == 0) return '';
  let found = '';
  let all = '';
  for (let i = 0; i < ATTRIBUTES.length; i++) {
    const a = ATTRIBUTES[i];
    if (a == w) return a;
    if (a.startsWith(w)) {
      all += (all.length > 0 ? ', ' : '') + a;
      found = found.length == 0 ? a : '?';
    }
  }
  return found == '?' ? '?' + all : found;
}

export function label(attr: string): string {
  return attr.charAt(0).toUpperCase() + attr.substring(1);
}

/** The fifteen values of an attributes object, in ATTRIBUTES order (50 for any missing). */
export function valuesOf(v: JsonValue | null): i32[] {
  const out = new Array<i32>(ATTRIBUTES.length);
  for (let i = 0; i < ATTRIBUTES.length; i++) out[i] = v === null ? 50 : <i32>v.getNumber(ATTRIBUTES[i], 50);
  return out;
}

export function attributesJson(values: i32[]): JsonObj {
  const o = new JsonObj();
  for (let i = 0; i < ATTRIBUTES.length; i++) o.set(ATTRIBUTES[i], values[i]);
  return o;
}

export function indexOf(attr: string): i32 {
  for (let i = 0; i < ATTRIBUTES.length; i++) if (ATTRIBUTES[i] == attr) return i;
  return -1;
}

/** [hp, stamina, focus, mana, nerve] from the fifteen values. */
export function derive(v: i32[]): i32[] {
  const might = v[0];
  const endurance = v[2];
  const reflexes = v[3];
  const vitality = v[4];
  const intellect = v[5];
  const willpower = v[7];
  const presence = v[8];
  const intuition = v[9];
  return [vitality * 10, endurance * 7 + might * 3, intellect * 6 + willpower * 4, intuition * 6 + willpower * 4, willpower * 5 + presence * 3 + reflexes * 2];
}

export function derivedJson(v: i32[]): JsonObj {
  const d = derive(v);
  const o = new JsonObj();
  for (let i = 0; i < DERIVED.length; i++) o.set(DERIVED[i], d[i]);
  return o;
}
