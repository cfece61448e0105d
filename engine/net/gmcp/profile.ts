/**
 * The GMCP profile clients see (docs/protocol.md "GMCP"): what packs publish,
 * in the shapes Mudlet, TinTin++ and the IRE family read.
 *
 * Packs name rooms by entity id (a ULID string). Mapper scripts key rooms by a
 * number (Mudlet's `addRoom(num)` takes a 32-bit int), so `Room.Info.num` and
 * every `exits` value become `roomNumber(id)`, and the id stays in `Room.Info.id`.
 * Everything else passes unchanged.
 */

/**
 * A room's stable number: FNV-1a (32-bit) of its entity id, kept to 31 bits and
 * never 0 (Mudlet reserves it and treats negatives as invalid). The same id gives
 * the same number on every server and after every restart, with nothing stored.
 * Collisions: by the birthday bound ~1 % of worlds with 6,500 rooms have one pair
 * sharing a number, 50 % at 55,000 (docs/decisions/0014-gmcp-room-numbers.md).
 */
export function roomNumber(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  const n = (h >>> 0) & 0x7fffffff;
  return n === 0 ? 1 : n;
}

/** The value as clients get it for package `pkg`. */
export function profileValue(pkg: string, value: unknown): unknown {
  if (pkg !== 'Room.Info' || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const room = value as Record<string, unknown>;
  const out: Record<string, unknown> = { ...room };
  if (typeof room['num'] === 'string') {
    out['num'] = roomNumber(room['num']);
    out['id'] ??= room['num'];
  }
  const exits = room['exits'];
  if (typeof exits === 'object' && exits !== null && !Array.isArray(exits)) {
    const numbered: Record<string, unknown> = {};
    for (const [dir, to] of Object.entries(exits as Record<string, unknown>)) numbered[dir] = typeof to === 'string' ? roomNumber(to) : to;
    out['exits'] = numbered;
  }
  return out;
}
