/**
 * `where`, `step <direction> [n]` and `near [radius]`: positions inside a
 * room, movement on the step grid with collision/bounds/terrain checks, and
 * what is around you — served by the engine's point index (Query.near /
 * Query.nearest), never by scanning entities.
 */
import { Command, Events, JsonObj, Message, OK, Query, State, fail, lastError, reply } from '../../../sdk/assembly';
import { Room, Vec, dm, fixed1 } from './geometry';
import { bearing, directionIndex, directionName, isVertical, vector } from './directions';
import { ensurePlaced, placeThings } from './placement';
import { POSITION, blockedBy, nameOf, numberConfig, positionOf, roomGeometry, stepMetres } from './world';

const MAX_STEPS: i32 = 10;
const MAX_LISTED: i32 = 10;

class Here {
  constructor(
    public room: string,
    public geometry: Room,
    public pos: Vec,
  ) {}
}

/** Where the actor stands, placing them first if they have no position yet; null (after a reply) when unmapped. */
function here(cmd: Command): Here | null {
  const room = cmd.actor.location;
  let geometry: Room | null = null;
  if (room !== null) geometry = roomGeometry(room!);
  if (room === null || geometry === null) {
    reply(Message.error('This place has no map; you can only use its exits.'));
    return null;
  }
  ensurePlaced(cmd.actor.id, room);
  placeThings(room!);
  const pos = positionOf(cmd.actor.id);
  if (pos === null) {
    reply(Message.error('You cannot tell where you stand.'));
    return null;
  }
  return new Here(room!, geometry!, pos!);
}

export function whereCommand(cmd: Command): i32 {
  const h = here(cmd);
  if (h === null) return OK;
  const g = h.geometry;
  const msg = Message.kind('info')
    .text('You stand at ' + h.pos.text() + ' in ')
    .ref(nameOf(h.room), 'room-title', h.room)
    .text(g.terrain.length > 0 ? ', on ' + g.terrain + '.' : '.')
    .newline()
    .text('It spans ' + fixed1(g.width()) + ' × ' + fixed1(g.depth()) + ' m');
  if (g.solids.length > 0) {
    msg.text('; in it: ');
    for (let i = 0; i < g.solids.length; i++) {
      const s = g.solids[i];
      const c = s.centre();
      msg.text((i > 0 ? ', ' : '') + s.name + ' (' + fixed1(c.distanceTo(h.pos)) + ' m ' + bearing(c.x - h.pos.x, c.y - h.pos.y, 0) + ')');
    }
  }
  msg.text('. Type step <direction> [metres] to move within it.');
  msg.data('Char.Position', new JsonObj().set('x', h.pos.x).set('y', h.pos.y).set('z', h.pos.z).set('room', h.room));
  reply(msg);
  return OK;
}

export function stepCommand(cmd: Command): i32 {
  const words = cmd.words();
  const dir = words.length > 0 ? directionIndex(words[0]) : -1;
  let n: i32 = 1;
  if (words.length > 1) n = parseCount(words[1]);
  if (dir < 0 || n < 1 || n > MAX_STEPS) {
    reply(Message.error('Usage: step <direction> [1–' + MAX_STEPS.toString() + '], e.g. step northeast 3. Directions: n, ne, e, se, s, sw, w, nw, u, d.'));
    return OK;
  }
  const h = here(cmd);
  if (h === null) return OK;
  const step = stepMetres();
  const v = vector(dir).scaled(step);
  if (isVertical(dir) && h.geometry.box.max.z - h.geometry.box.min.z < 0.05) {
    reply(Message.error('Movement blocked: there is nothing to climb here. (Use the exits up or down.)'));
    return OK;
  }
  const roomName = nameOf(h.room);
  let p = h.pos;
  for (let i = 1; i <= n; i++) {
    const q = new Vec(dm(p.x + v.x), dm(p.y + v.y), dm(p.z + v.z));
    const why = blockedBy(cmd.actor.id, h.geometry, roomName, q, true);
    if (why.length > 0) {
      const after = i == 1 ? '' : ' after ' + (i - 1).toString() + (i == 2 ? ' step' : ' steps');
      reply(Message.error('Movement blocked: ' + why + (why.startsWith('the edge') ? '' : ' is in the way') + after + '. You stay where you are.'));
      return OK;
    }
    p = q;
  }
  const distance = dm(h.pos.distanceTo(p));
  if (!State.set(cmd.actor.id, POSITION, p)) return refused();
  const payload = new JsonObj().set('id', cmd.actor.id).set('room', h.room).set('from', h.pos).set('to', p).set('direction', directionName(dir)).set('steps', n).set('distance', distance);
  const mine = Message.kind('move').text('You step ' + directionName(dir) + (n > 1 ? ' ' + n.toString() + ' paces' : '') + ' (' + fixed1(distance) + ' m), to ' + p.text() + '.');
  if (!Events.emit('spatial.moved', 'room:' + h.room, payload, mine, null)) return refused();
  return OK;
}

export function nearCommand(cmd: Command): i32 {
  const h = here(cmd);
  if (h === null) return OK;
  const maxR = numberConfig('maxNearRadius', 200);
  let r = numberConfig('nearRadius', 20);
  if (cmd.args.length > 0) r = <f64>parseCount(cmd.args.trim().replace('m', ''));
  if (r <= 0 || r > maxR) {
    reply(Message.error('Usage: near [metres], up to ' + fixed1(maxR) + ' m.'));
    return OK;
  }
  const hits = Query.near(h.pos.x, h.pos.y, h.pos.z, r, MAX_LISTED + 1);
  const msg = Message.kind('info');
  let shown = 0;
  for (let i = 0; i < hits.length && shown < MAX_LISTED; i++) {
    const e = hits[i];
    if (e.id == cmd.actor.id) continue;
    const info = Query.entity(e.id);
    if (info === null) continue;
    msg.text(shown == 0 ? 'Within ' + fixed1(r) + ' m of you:' : '');
    msg.newline().text('  ').name(info.name, e.id);
    if (e.d < 0.5) msg.text(', at your feet');
    else msg.text(', ' + fixed1(e.d) + ' m ' + bearing(e.x - h.pos.x, e.y - h.pos.y, e.z - h.pos.z));
    const loc = info.location;
    if (loc !== null && loc != h.room) msg.text(' (in ' + nameOf(loc!) + ')');
    shown++;
  }
  if (shown == 0) {
    msg.text('No one and nothing within ' + fixed1(r) + ' m.');
    const nearest = Query.nearest(h.pos.x, h.pos.y, h.pos.z, 2, numberConfig('maxNearRadius', 200));
    for (let i = 0; i < nearest.length; i++) {
      const e = nearest[i];
      if (e.id == cmd.actor.id) continue;
      msg.text(' The nearest is ' + nameOf(e.id) + ', ' + fixed1(e.d) + ' m ' + bearing(e.x - h.pos.x, e.y - h.pos.y, e.z - h.pos.z) + '.');
      break;
    }
  }
  reply(msg);
  return OK;
}

function refused(): i32 {
  const e = lastError();
  return fail('SPATIAL_REFUSED', 'You cannot move (' + (e === null ? 'the host refused' : e.message) + ').');
}

/** "3" → 3; anything else → 0. */
function parseCount(w: string): i32 {
  if (w.length == 0 || w.length > 5) return 0;
  let n: i32 = 0;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c < 48 || c > 57) return 0;
    n = n * 10 + (c - 48);
  }
  return n;
}
