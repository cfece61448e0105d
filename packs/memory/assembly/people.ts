/**
 * Who is who, for speech: finding an NPC in the room by name or keyword,
 * whether it speaks at all, and how it feels about someone (the
 * relationships pack's `relationships.bonds`, read with a read grant; a world
 * without that pack has neutral feelings).
 */
import { JsonValue, Query, State, config } from '../../../sdk/assembly';

const LOOK = 'creatures.look';
const BONDS = 'relationships.bonds';

export class Feeling {
  affection: f64 = 0;
  trust: f64 = 0;
  fear: f64 = 0;
  known: bool = false;
}

export class Npc {
  constructor(
    public id: string,
    public name: string,
  ) {}
}

/** The NPC in `room` whose name starts with `word` or who has it as a keyword. */
export function findNpc(room: string, word: string): Npc | null {
  const w = word.trim().toLowerCase();
  if (w.length == 0) return null;
  const here = Query.contents(room, 'npc', -1, '', 50);
  for (let i = 0; i < here.length; i++) {
    if (here[i].name.toLowerCase().startsWith(w)) return new Npc(here[i].id, here[i].name);
  }
  for (let i = 0; i < here.length; i++) {
    const look = State.get(here[i].id, LOOK);
    if (look === null) continue;
    const kw = look.getArray('keywords');
    if (kw === null) continue;
    for (let j = 0; j < kw.length; j++) {
      const k = kw[j].asString();
      if (k !== null && k == w) return new Npc(here[i].id, here[i].name);
    }
  }
  return null;
}

let speaking: string[] | null = null;

/**
 * Beasts neither talk nor gossip: an NPC speaks when its creatures.look
 * species is in `speakingSpecies` (default the peoples of the character pack),
 * or when it has no creatures.look at all (an NPC of another pack).
 */
export function speaks(npc: string): bool {
  const look = State.get(npc, LOOK);
  if (look === null) return true;
  const species = look.getString('species');
  if (species === null) return true;
  if (speaking === null) {
    const list: string[] = [];
    const c = config('speakingSpecies');
    if (c !== null) {
      const arr = c.asArray();
      if (arr !== null) for (let i = 0; i < arr.length; i++) list.push(arr[i].asString()!);
    }
    speaking = list;
  }
  return speaking!.includes(species!);
}

export function feeling(npc: string, who: string): Feeling {
  const f = new Feeling();
  const bonds = State.get(npc, BONDS);
  if (bonds === null) return f;
  const b = bonds.getObject(who);
  if (b === null) return f;
  f.affection = b.getNumber('affection', 0);
  f.trust = b.getNumber('trust', 0);
  f.fear = b.getNumber('fear', 0);
  f.known = true;
  return f;
}

/** A component of another pack (part B's lives.*), or null when that pack is not enabled. */
export function other(npc: string, key: string): JsonValue | null {
  return State.get(npc, key);
}
