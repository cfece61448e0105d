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
import { Query, State, log } from '../../../sdk/assembly';
import { Room, Vec, dm } from './geometry';
import { POSITION, bodySpacing, isCharacter, positionOf, roomGeometry, stepMetres, worldBounds } from './world';

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
  const spot = freeSpot(entity, room, preferred!, body);
  if (spot === null) {
    log('warn', 'no free spot in ' + to + ' for ' + entity + '; standing at the preferred point');
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

/**
 * The valid point nearest to `p` on the step grid around it, or null.
 *
 * The characters around `p` are fetched once (one radius query over the whole
 * search area, characters only) and each candidate is tested against that list
 * in the pack: testing each candidate with its own radius query and an entity
 * query per hit cost ~100 ms an arrival with 100 characters in the room and ran
 * past the call's budgets beyond that (bench/probe-arrival.ts).
 */
export function freeSpot(entity: string, room: Room, p: Vec, body: bool): Vec | null {
  const step = stepMetres();
  const base = p.rounded();
  const spacing = bodySpacing() - 0.05;
  const bodies = body ? bodiesAround(entity, base, (SEARCH_RINGS + 1) * step * Math.SQRT2 + spacing) : new Array<Vec>();
  const world = worldBounds();
  for (let ring = 0; ring <= SEARCH_RINGS; ring++) {
    let best: Vec | null = null;
    let bestD: f64 = Infinity;
    for (let i = -ring; i <= ring; i++) {
      for (let j = -ring; j <= ring; j++) {
        if (i != -ring && i != ring && j != -ring && j != ring) continue; // the ring's edge only
        const q = new Vec(dm(base.x + i * step), dm(base.y + j * step), base.z);
        const d = q.distanceTo(base);
        if (d >= bestD) continue;
        if (!world.contains(q) || !room.box.contains(q) || room.solidAt(q) !== null) continue;
        if (crowded(bodies, q, spacing)) continue;
        best = q;
        bestD = d;
      }
    }
    if (best !== null) return best;
  }
  return null;
}

/**
 * Positions of the characters other than `who` within `radius` of `p`, the
 * MAX_BODIES nearest: the search area has (2 × 8 + 1)² = 289 spots, so farther
 * bodies than those can only crowd its corners; and the answer must fit the
 * pack's 1 MiB (a 1,000-hit answer parsed into a tree trapped it at ~560).
 */
const MAX_BODIES = 320;
function bodiesAround(who: string, p: Vec, radius: f64): Vec[] {
  const hits = Query.near(p.x, p.y, p.z, radius, MAX_BODIES, 'character');
  const out = new Array<Vec>();
  for (let i = 0; i < hits.length; i++) {
    if (hits[i].id != who) out.push(new Vec(hits[i].x, hits[i].y, hits[i].z));
  }
  return out;
}

function crowded(bodies: Vec[], q: Vec, spacing: f64): bool {
  for (let i = 0; i < bodies.length; i++) {
    if (bodies[i].distanceTo(q) <= spacing) return true;
  }
  return false;
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
    if (e.kind == 'character' || State.get(e.id, POSITION) !== null) continue;
    if (!arrive(e.id, null, room)) return false;
  }
  return true;
}
