/**
 * Giving entities a place when they arrive in a room (engine.entity_moved):
 *
 * - an entity put down by someone who has a position (an item dropped) lands
 *   at their feet;
 * - one that walked in from a mapped room arrives on the side it came from
 *   (1 m inside the wall facing the room it left);
 * - anything else starts at the room's centre;
 * - characters then take the nearest free spot (rings of 1 m around that point,
 *   up to 8 m out); items may share a spot.
 *
 * An entity that moves somewhere unmapped (into a pocket, a room without
 * geometry) loses its position. Arrival never fails a move: it always finds a
 * spot, or stands at the preferred one (logged) if the room is packed.
 */
import { Query, State, log } from "../../../sdk/assembly";
import { Room, Vec, dm } from "./geometry";
import { POSITION, blockedBy, isCharacter, nameOf, positionOf, roomGeometry, stepMetres } from "./world";

const SEARCH_RINGS: i32 = 8;
/** How far inside the wall an arrival stands. */
const ENTRY_MARGIN: f64 = 1;

export function arrive(entity: string, from: string | null, to: string): bool {
  const room = roomGeometry(to);
  if (room === null) {
    if (State.get(entity, POSITION) !== null) return State.del(entity, POSITION);
    return true;
  }
  let preferred: Vec | null = null;
  if (from !== null) {
    const carrier = positionOf(from!);
    if (carrier !== null && room.box.contains(carrier!)) preferred = carrier;
    else {
      const origin = roomGeometry(from!);
      if (origin !== null) preferred = entryPoint(room, origin!.box.centre());
    }
  }
  if (preferred === null) preferred = room.box.centre();
  const body = isCharacter(entity);
  const spot = freeSpot(entity, room, nameOf(to), preferred!, body);
  if (spot === null) {
    log("warn", "no free spot in " + to + " for " + entity + "; standing at the preferred point");
    return State.set(entity, POSITION, preferred!.rounded());
  }
  return State.set(entity, POSITION, spot!);
}

/** A character in a mapped room without a position (enabled after they last moved): place them. */
export function ensurePlaced(entity: string, room: string | null): bool {
  if (room === null || State.get(entity, POSITION) !== null) return true;
  if (roomGeometry(room!) === null) return true;
  return arrive(entity, null, room!);
}

/** On the wall of `room` facing `from`, ENTRY_MARGIN inside; the centre for vertical moves. */
export function entryPoint(room: Room, from: Vec): Vec {
  const c = room.box.centre();
  const dx = from.x - c.x;
  const dy = from.y - c.y;
  const flat = Math.sqrt(dx * dx + dy * dy);
  if (flat < 0.5) return c;
  const ux = dx / flat;
  const uy = dy / flat;
  const hx = Math.max(0, room.width() / 2 - ENTRY_MARGIN);
  const hy = Math.max(0, room.depth() / 2 - ENTRY_MARGIN);
  let t = Infinity;
  if (Math.abs(ux) > 1e-9) t = Math.min(t, hx / Math.abs(ux));
  if (Math.abs(uy) > 1e-9) t = Math.min(t, hy / Math.abs(uy));
  if (t == Infinity) t = 0;
  // Snap to whole steps from the centre so arrivals line up with the step grid.
  const step = stepMetres();
  return new Vec(c.x + Math.round((ux * t) / step) * step, c.y + Math.round((uy * t) / step) * step, c.z);
}

/** The valid point nearest to `p` on the step grid around it, or null. */
export function freeSpot(entity: string, room: Room, roomName: string, p: Vec, body: bool): Vec | null {
  const step = stepMetres();
  const base = p.rounded();
  for (let ring = 0; ring <= SEARCH_RINGS; ring++) {
    let best: Vec | null = null;
    let bestD: f64 = Infinity;
    for (let i = -ring; i <= ring; i++) {
      for (let j = -ring; j <= ring; j++) {
        if (i != -ring && i != ring && j != -ring && j != ring) continue; // the ring's edge only
        const q = new Vec(dm(base.x + i * step), dm(base.y + j * step), base.z);
        const d = q.distanceTo(base);
        if (d >= bestD) continue;
        if (blockedBy(entity, room, roomName, q, body).length > 0) continue;
        best = q;
        bestD = d;
      }
    }
    if (best !== null) return best;
  }
  return null;
}

/**
 * Things lying in a mapped room without a position (put there by a pack that
 * seeded before this one, or spawned in place rather than moved): give them one.
 * Bounded by the room's contents; characters are placed when they enter.
 */
export function placeThings(room: string): bool {
  const contents = Query.contents(room);
  for (let i = 0; i < contents.length; i++) {
    const e = contents[i];
    if (e.kind == "character" || State.get(e.id, POSITION) !== null) continue;
    if (!arrive(e.id, null, room)) return false;
  }
  return true;
}
