/**
 * The command router: a verb index built once from the packs' manifests, so a
 * command reaches exactly one pack without asking every pack. Resolves, in order:
 * shortcuts (`"hi` → say, `:waves` → pose, `=ooc hi` → chansay), exact verbs and aliases, unambiguous
 * prefixes (`loo` → look; `nort` → north, which northeast and northwest extend),
 * a question when a prefix is ambiguous (`sh` → shout or show?), and otherwise
 * "did you mean" suggestions (edit distance ≤ 2).
 */
import type { CommandInfo } from './protocol.ts';

export type Route =
  | { readonly kind: 'command'; readonly command: CommandInfo; readonly args: string }
  | { readonly kind: 'help'; readonly args: string }
  | { readonly kind: 'empty' }
  | { readonly kind: 'ambiguous'; readonly word: string; readonly candidates: readonly string[] }
  | { readonly kind: 'unknown'; readonly word: string; readonly suggestions: readonly string[] };

/** Single-character prefixes that stand for a verb, as MUD players type them. */
const SHORTCUTS: Readonly<Record<string, string>> = { '"': 'say', "'": 'say', ':': 'pose', ';': 'pose', '=': 'chansay' };
/** Prefix matching starts at 2 letters: 1-letter words are aliases (n, s, l…) or typos. */
const MIN_PREFIX = 2;
/** Aliases take part in prefix matching from 3 letters: `n`, `ne` are exact-only. */
const MIN_ALIAS_PREFIX = 3;
const MAX_SUGGEST_DISTANCE = 2;
/**
 * "Did you mean" by meaning as well as spelling: words newcomers type for
 * commands that exist under another name (suggested only when that verb exists).
 */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  sit: ['rest'],
  sleep: ['rest'],
  lie: ['rest'],
  relax: ['rest'],
  wake: ['stand'],
  rise: ['stand'],
  grab: ['get'],
  pick: ['get'],
  hold: ['equip'],
  put: ['drop'],
  hand: ['give'],
  offer: ['give'],
  talk: ['say'],
  speak: ['say'],
  hi: ['say'],
  hello: ['say'],
  msg: ['tell'],
  pm: ['tell'],
  message: ['tell'],
  read: ['look'],
  search: ['look'],
  inspect: ['examine'],
  map: ['exits'],
  walkto: ['go'],
  move: ['go'],
  bag: ['inventory'],
  items: ['inventory'],
  stats: ['sheet'],
  status: ['stamina'],
  health: ['stamina'],
  friends: ['notify'],
  letters: ['@mail'],
  channel: ['channels'],
  whois: ['finger'],
  away: ['afk'],
};

export class Router {
  private readonly byWord = new Map<string, CommandInfo>();
  private readonly verbs: string[];
  /** The command offered lines whose first word is no command (a pack's `fallback`), if any. */
  readonly fallback: CommandInfo | undefined;

  constructor(readonly commands: readonly CommandInfo[]) {
    for (const c of commands) {
      this.byWord.set(c.verb, c);
      for (const a of c.aliases) if (!this.byWord.has(a)) this.byWord.set(a, c);
    }
    this.verbs = [...new Set(commands.map((c) => c.verb))].sort();
    this.fallback = commands.find((c) => c.fallback === true);
  }

  resolve(line: string): Route {
    const trimmed = line.trim();
    if (!trimmed) return { kind: 'empty' };
    const shortcut = SHORTCUTS[trimmed[0]!];
    if (shortcut && this.byWord.has(shortcut)) {
      return { kind: 'command', command: this.byWord.get(shortcut)!, args: trimmed.slice(1).trim() };
    }
    const space = trimmed.search(/\s/);
    const word = (space < 0 ? trimmed : trimmed.slice(0, space)).toLowerCase();
    const args = space < 0 ? '' : trimmed.slice(space + 1).trim();
    if (word === 'help' || word === '?') return { kind: 'help', args };
    const exact = this.byWord.get(word);
    if (exact) return { kind: 'command', command: exact, args };
    if (word.length >= MIN_PREFIX) {
      const matches = this.prefixMatches(word);
      if (matches.length === 1) return { kind: 'command', command: this.byWord.get(matches[0]!)!, args };
      // `nort` matches north, northeast and northwest: the one the others extend is meant.
      const shortest = matches[0];
      if (shortest !== undefined && matches.every((m) => m.startsWith(shortest))) {
        return { kind: 'command', command: this.byWord.get(shortest)!, args };
      }
      if (matches.length > 1) return { kind: 'ambiguous', word, candidates: matches };
    }
    return { kind: 'unknown', word, suggestions: this.suggest(word) };
  }

  /**
   * Verbs (and aliases of 3+ letters, e.g. `emo` → emote → pose) starting with
   * `word`, one per command, as verb names, shortest first.
   */
  private prefixMatches(word: string): string[] {
    const verbs = new Set<string>();
    for (const [w, c] of this.byWord) {
      if (w.startsWith(word) && (w === c.verb || w.length >= MIN_ALIAS_PREFIX)) verbs.add(c.verb);
    }
    return [...verbs].sort((a, b) => a.length - b.length || a.localeCompare(b));
  }

  /** Verbs within edit distance 2, only the closest tier (`lok` → look, not also go). */
  private suggest(word: string): string[] {
    const meant = (SYNONYMS[word] ?? []).filter((v) => this.byWord.has(v));
    if (meant.length) return [...meant];
    const scored: Array<[string, number]> = [];
    for (const v of [...this.verbs, 'help']) {
      const d = editDistance(word, v, MAX_SUGGEST_DISTANCE);
      if (d <= MAX_SUGGEST_DISTANCE) scored.push([v, d]);
    }
    const best = Math.min(...scored.map(([, d]) => d));
    return scored
      .filter(([, d]) => d === best)
      .sort((a, b) => a[0].localeCompare(b[0]))
      .slice(0, 3)
      .map(([v]) => v);
  }
}

/**
 * Edit distance counting an insertion, deletion, substitution or swap of two
 * neighbouring letters as 1 (optimal string alignment: `sya` → say is one typo,
 * not two), giving up (returning limit+1) once it must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2]! + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > limit) return limit + 1;
    before = prev;
    prev = cur;
  }
  return prev[b.length]!;
}
