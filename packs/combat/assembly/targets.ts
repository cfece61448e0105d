/**
 * Finding whom a player means: "rat", "brown rat", "Bob", "2.rat" among the
 * creatures (kind "npc") and characters in the game in the same room.
 */
import { Query } from '../../../sdk/assembly';

/** How many occupants a room search reads: a crowded square lists its first 200. */
const SEARCH_LIMIT = 200;

export class Found {
  constructor(
    public id: string,
    public name: string,
    public kind: string,
  ) {}
}

function matches(name: string, words: Array<string>): bool {
  const lower = name.toLowerCase();
  const parts = lower.split(' ');
  for (let w = 0; w < words.length; w++) {
    let hit = false;
    for (let i = 0; i < parts.length; i++) {
      if (parts[i].startsWith(words[w])) {
        hit = true;
        break;
      }
    }
    if (!hit) return false;
  }
  return true;
}

/** The `n`th (1-based, "2.rat") creature or present character in `room` whose name matches `text`. */
export function findIn(room: string, text: string): Found | null {
  let t = text.trim().toLowerCase();
  let nth = 1;
  const dot = t.indexOf('.');
  if (dot > 0) {
    const n = I32.parseInt(t.substring(0, dot));
    if (n > 0) {
      nth = n;
      t = t.substring(dot + 1);
    }
  }
  if (t.startsWith('the ')) t = t.substring(4);
  const words = new Array<string>();
  const raw = t.split(' ');
  for (let i = 0; i < raw.length; i++) if (raw[i].length > 0) words.push(raw[i]);
  if (words.length == 0) return null;
  const all = Query.contents(room, '', -1, '', SEARCH_LIMIT);
  let seen = 0;
  for (let i = 0; i < all.length; i++) {
    const e = all[i];
    if (e.kind == 'npc' || (e.kind == 'character' && e.online)) {
      if (matches(e.name, words) && ++seen == nth) return new Found(e.id, e.name, e.kind);
    }
  }
  return null;
}
