/**
 * Naming items in commands: "sword", "practice sword", "the sword", "2.sword"
 * (the second match), "3 bread" (three of a stack), "all", "all bread".
 * Each word must start a word of the item's name or keywords ("prac sw"
 * finds "a wooden practice sword"); a plural "s"/"es" is forgiven.
 */
import { Item } from './items';

export class Target {
  /** Units asked for; -1 when not said ("get bread" takes the whole stack). */
  count: i32 = -1;
  /** "all" / "all bread". */
  all: bool = false;
  /** 1-based: "2.sword" is the second match. */
  nth: i32 = 1;
  words: string[] = [];
  text: string = '';

  get empty(): bool {
    return this.words.length == 0;
  }
}

const ARTICLES: string[] = ['a', 'an', 'the', 'some', 'my'];

function isDigits(s: string): bool {
  if (s.length == 0 || s.length > 6) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

export function splitWords(text: string): string[] {
  const out = new Array<string>();
  const parts = text.toLowerCase().split(' ');
  for (let i = 0; i < parts.length; i++) {
    const w = parts[i].trim();
    if (w.length > 0) out.push(w);
  }
  return out;
}

export function parseTarget(args: string): Target {
  const t = new Target();
  t.text = args.trim();
  let words = splitWords(args);
  if (words.length > 0 && (words[0] == 'all' || words[0].startsWith('all.'))) {
    t.all = true;
    if (words[0].startsWith('all.')) words[0] = words[0].substring(4);
    else words = words.slice(1);
  } else if (words.length > 1 && isDigits(words[0])) {
    t.count = I32.parseInt(words[0]);
    words = words.slice(1);
  }
  if (words.length > 0) {
    const dot = words[0].indexOf('.');
    if (dot > 0 && isDigits(words[0].substring(0, dot))) {
      t.nth = I32.parseInt(words[0].substring(0, dot));
      words[0] = words[0].substring(dot + 1);
    }
  }
  const kept = new Array<string>();
  for (let i = 0; i < words.length; i++) {
    if (words[i].length == 0) continue;
    if (i == 0 && words.length > 1 && ARTICLES.includes(words[i])) continue;
    kept.push(words[i]);
  }
  t.words = kept;
  return t;
}

function startsAWord(words: string[], w: string): bool {
  for (let i = 0; i < words.length; i++) if (words[i].startsWith(w)) return true;
  return false;
}

export function matches(item: Item, t: Target): bool {
  if (t.words.length == 0) return t.all;
  const names = splitWords(item.name);
  const keys = item.keywords;
  for (let i = 0; i < keys.length; i++) names.push(keys[i]);
  for (let i = 0; i < t.words.length; i++) {
    const w = t.words[i];
    if (startsAWord(names, w)) continue;
    if (w.length > 3 && w.endsWith('es') && startsAWord(names, w.substring(0, w.length - 2))) continue;
    if (w.length > 2 && w.endsWith('s') && startsAWord(names, w.substring(0, w.length - 1))) continue;
    return false;
  }
  return true;
}

/** The nth item matching, or null. */
export function pick(items: Item[], t: Target): Item | null {
  let seen = 0;
  for (let i = 0; i < items.length; i++) {
    if (!matches(items[i], t)) continue;
    seen++;
    if (seen == t.nth) return items[i];
  }
  return null;
}

/** Every matching item ("all" with or without words). */
export function pickAll(items: Item[], t: Target): Item[] {
  const out = new Array<Item>();
  for (let i = 0; i < items.length; i++) if (matches(items[i], t)) out.push(items[i]);
  return out;
}
