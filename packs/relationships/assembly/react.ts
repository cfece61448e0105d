/**
 * How an NPC shows what it feels when someone walks in (§3.3, issue 20): it
 * greets people it likes by name — and speaks of the kindest thing it
 * remembers of them (the memory pack's `memory.stream`, read-granted) — and
 * leaves the room when someone it fears arrives. Both through the command
 * path (`act`, decision 0018).
 */
import { JsonValue, Query, State, act, config } from '../../../sdk/assembly';
import { Bond } from './bonds';

const LOOK = 'creatures.look';
const EXITS = 'rooms.exits';
const STREAM = 'memory.stream';

/** Affection from which an NPC greets someone (§5.3: 20–60 "Greetings"). */
export function likesAt(): f64 {
  return setting('greetAt', 20);
}
/** Fear from which an NPC avoids someone: 30, one act of violence (§3.3 violence +30). */
export function fearsAt(): f64 {
  return setting('avoidAt', 30);
}

export function greet(npc: string, b: Bond): void {
  const line = (b.affection > 60 ? 'Hello friend! Good to see you, ' : 'Greetings, ') + b.name + '!';
  act(npc, 'say ' + line + kindest(npc, b.id, b.name));
}

export function avoid(npc: string, b: Bond, room: string, cameFrom: string): void {
  act(npc, 'pose flinches at the sight of ' + b.name + '.');
  const exits = State.get(room, EXITS);
  if (exits === null || !exits.isObject()) return;
  const dirs = exits.keys();
  let way = '';
  for (let i = 0; i < dirs.length; i++) {
    const to = exits.getString(dirs[i]);
    if (to === null) continue;
    // Away from the newcomer: not back the way they came, when there is another way.
    if (way.length == 0 || to! != cameFrom) way = dirs[i];
    if (to! != cameFrom) break;
  }
  if (way.length > 0) act(npc, way);
}

/** " You gave me a loaf of bread — thank you again." from the strongest joyful memory about them, or "". */
function kindest(npc: string, who: string, name: string): string {
  const s = State.get(npc, STREAM);
  if (s === null) return '';
  const items = s.getArray('items');
  if (items === null) return '';
  let best: JsonValue | null = null;
  for (let i = 0; i < items.length; i++) {
    const m = items[i];
    if (m.getString('about') != who || m.getString('emotion') != 'joy') continue;
    if (best === null || m.getNumber('ew', 0) > best!.getNumber('ew', 0)) best = m;
  }
  if (best === null) return '';
  const text = best!.getString('text');
  if (text === null) return '';
  const said = text!.startsWith(name + ' ') ? 'You' + text!.substring(name.length) : text!;
  return ' ' + said + ' — thank you again.';
}

/** Beasts do not greet (the memory pack's rule: creatures.look species that speak). */
export function speaks(npc: string): bool {
  const look = State.get(npc, LOOK);
  if (look === null) return true;
  const species = look.getString('species');
  if (species === null) return true;
  const c = config('speakingSpecies');
  if (c === null) return false;
  const arr = c.asArray();
  if (arr === null) return false;
  for (let i = 0; i < arr.length; i++) if (arr[i].asString() == species!) return true;
  return false;
}

export function nameOf(id: string): string {
  const e = Query.entity(id);
  return e === null ? 'someone' : e!.name;
}

function setting(key: string, fallback: f64): f64 {
  const v = config(key);
  return v === null ? fallback : v.asNumber(fallback);
}
