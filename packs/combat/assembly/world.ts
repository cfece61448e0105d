/** Places combat cares about: safe rooms and the respawn room, by the rooms pack's `rooms.key`. */
import { JsonValue, Query, State, config } from '../../../sdk/assembly';

const ROOM_KEY = 'rooms.key';
export const EXITS = 'rooms.exits';

function strings(key: string, d: string): Array<string> {
  const out = new Array<string>();
  const v = config(key);
  if (v === null || !v.isArray()) {
    out.push(d);
    return out;
  }
  for (let i = 0; i < v.length; i++) {
    const s = v.at(i);
    if (s !== null && s!.isString()) out.push(s!.asString()!);
  }
  return out;
}

/** The configured safe room keys, read once per instance (a reload makes a new instance). */
let safeKeys: Array<string> | null = null;

export function isSafe(room: string): bool {
  if (room.length == 0) return false;
  const key = State.getString(room, ROOM_KEY);
  if (key === null) return false;
  if (safeKeys === null) safeKeys = strings('safeRooms', 'tavern');
  return safeKeys!.includes(key!);
}

export function pvpAllowed(): bool {
  const v = config('pvp');
  return v !== null && v.asBool(false);
}

/** The room players wake in after defeat (config `respawnRoom`, a rooms.key). */
export function respawnRoom(): string | null {
  const v = config('respawnRoom');
  const key = v === null || !v.isString() ? 'tavern' : v.asString()!;
  // rooms.key is a plain string, not an object (Query.find matches a field): scan the rooms.
  const all = Query.withComponent(ROOM_KEY);
  for (let i = 0; i < all.length; i++) {
    const k = State.getString(all[i], ROOM_KEY);
    if (k !== null && k! == key) return all[i];
  }
  return null;
}

export function exitsOf(room: string): JsonValue | null {
  const v = State.get(room, EXITS);
  return v !== null && v.isObject() ? v : null;
}
