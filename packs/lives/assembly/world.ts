/**
 * Rooms by key and the way between them: what an NPC needs to walk somewhere
 * through the command path (`go <exit>`, one step a think).
 */
import { Query, State } from '../../../sdk/assembly';
import { EXITS, ROOM_KEY } from './keys';

export function roomByKey(key: string): string | null {
  const ids = Query.withComponent(ROOM_KEY);
  for (let i = 0; i < ids.length; i++) {
    const k = State.getString(ids[i], ROOM_KEY);
    if (k !== null && k! == key) return ids[i];
  }
  return null;
}

/** The first exit on a shortest way from `from` to `to` (breadth first over rooms.exits, at most 200 rooms), or "" when there is none or they are one room. */
export function firstStep(from: string, to: string): string {
  if (from == to) return '';
  const seen = new Map<string, string>(); // room → first exit taken from `from`
  const queue: string[] = [from];
  seen.set(from, '');
  for (let qi = 0; qi < queue.length && qi < 200; qi++) {
    const room = queue[qi];
    const exits = State.get(room, EXITS);
    if (exits === null || !exits.isObject()) continue;
    const keys = exits.keys();
    for (let i = 0; i < keys.length; i++) {
      const next = exits.getString(keys[i]);
      if (next === null || seen.has(next!)) continue;
      const first = room == from ? keys[i] : seen.get(room);
      if (next! == to) return first;
      seen.set(next!, first);
      queue.push(next!);
    }
  }
  return '';
}

/** Exit names of a room. */
export function exitsOf(room: string): string[] {
  const exits = State.get(room, EXITS);
  if (exits === null || !exits.isObject()) return [];
  return exits.keys();
}

export function exitTarget(room: string, exit: string): string | null {
  const exits = State.get(room, EXITS);
  return exits === null ? null : exits.getString(exit);
}
