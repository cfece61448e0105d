/**
 * Behaviours, thought about every few world seconds per creature (THINK_MIN_MS
 * + up to THINK_JITTER_MS, so a thousand creatures do not all act in one tick).
 * Every action is a command line run as the NPC through the router (`act`,
 * decision 0018), so the rooms, stamina and combat rules apply to it as to a player.
 *
 *   stationary  stays put
 *   wander      1 in 3 thinks, walks a random exit leading into its `area` (room keys)
 *   guard       holds its post (walks back if moved); attacks whoever fights in its room
 *   follow      attaches to the first character it sees and walks after them to adjacent rooms
 *   route       walks its `route` of stops in a loop ({room: key, do?: line, wait?: thinks}), one
 *               exit a think (each stop is next to the one before); at a stop it acts the stop's
 *               `do` line (a travelling trader's `peddle <next market>`, the economy pack's)
 *               and lingers `wait` thinks
 *   aggressive  (any mode) attacks a character in the game in its room whose level is at most
 *               its own + AGGRO_LEVEL_GAP: it picks fights it can win (the consider check)
 *   cowardly    (`flee` > 0) flees when its HP falls below that fraction of max
 */
import { JsonObj, JsonValue, Query, State, act, randFloat, randInt } from '../../../sdk/assembly';
import { BODY, MIND, STATS, behaviourOf } from './body';

export const THINK_MIN_MS: f64 = 2000;
export const THINK_JITTER_MS: i32 = 3000;
/** A level-3 wolf attacks characters up to level 5; a seasoned fighter walks past. */
export const AGGRO_LEVEL_GAP: i32 = 2;
const ROOM_KEY = 'rooms.key';
const EXITS = 'rooms.exits';
const COMBAT_STATE = 'combat.state';
const HEALTH = 'combat.health';
const LEVELS = 'skills.levels';
const COMBAT_SKILLS = ['slashing', 'piercing', 'bludgeoning', 'defense', 'dodge'];

/**
 * Creatures that think in one tick at most: each may act once, and the engine
 * takes at most 64 NPC commands a call (myriad_act). The rest stay due and think
 * on the next tick (a thousand creatures all due at start spread out this way).
 */
const MAX_THINKERS_PER_TICK = 64;

export function think(t: f64): void {
  const ids = Query.withComponent(MIND);
  let thinkers = 0;
  for (let i = 0; i < ids.length && thinkers < MAX_THINKERS_PER_TICK; i++) {
    const m = State.get(ids[i], MIND);
    if (m === null || m.getNumber('next', 0) > t) continue;
    thinkers++;
    const leader = m.getString('leader');
    const route = new Leg(<i32>m.getNumber('leg', 0), <i32>m.getNumber('wait', 0));
    const next = thinkOne(ids[i], leader === null ? '' : leader!, route);
    const mind = new JsonObj().set('next', t + THINK_MIN_MS + <f64>randInt(THINK_JITTER_MS)).set('leader', next);
    if (route.leg != 0 || route.wait != 0) mind.set('leg', route.leg).set('wait', route.wait);
    State.set(ids[i], MIND, mind);
  }
}

/** A character's level for the aggression check: 1 + best combat skill / 10. */
export function levelOf(id: string): i32 {
  const lv = State.get(id, LEVELS);
  let best: f64 = 0;
  if (lv !== null) {
    for (let i = 0; i < COMBAT_SKILLS.length; i++) {
      const r = lv.getObject(COMBAT_SKILLS[i]);
      if (r !== null) {
        const l = r.getNumber('level', 0);
        if (l > best) best = l;
      }
    }
  }
  return 1 + <i32>Math.floor(best / 10);
}

/** Where a creature on a route is: the stop it heads for, and thinks left to linger there. */
class Leg {
  constructor(
    public leg: i32,
    public wait: i32,
  ) {}
}

/** Returns the leader it follows afterwards. */
function thinkOne(npc: string, leader: string, route: Leg): string {
  const info = Query.entity(npc);
  if (info === null || info.location === null) return leader;
  const room = info.location!;
  if (State.getString(room, ROOM_KEY) === null) return leader; // defeated: waiting to respawn
  const body = State.get(npc, BODY);
  if (body === null) return leader;
  const b = behaviourOf(body);
  const fight = State.get(npc, COMBAT_STATE);
  if (fight !== null) {
    if (b.flee > 0 && hpShare(npc) < b.flee) {
      const a = fight.getString('action');
      if (a === null || a! != 'flee') act(npc, 'flee');
    }
    return leader;
  }
  if (b.aggressive) {
    const stats = State.get(npc, STATS);
    const level = stats === null ? 1 : <i32>stats.getNumber('level', 1);
    const here = Query.contents(room, 'character', 1, '', 20);
    for (let i = 0; i < here.length; i++) {
      if (levelOf(here[i].id) <= level + AGGRO_LEVEL_GAP) {
        act(npc, 'attack ' + here[i].name);
        return leader;
      }
    }
  }
  if (b.mode == 'guard') return guard(npc, room, body, leader);
  if (b.mode == 'wander') {
    if (randFloat() < 1.0 / 3.0) wander(npc, room, b.area);
    return leader;
  }
  if (b.mode == 'follow') return follow(npc, room, leader);
  if (b.mode == 'route') walkRoute(npc, room, b.route, route);
  return leader;
}

/** One step of a route: linger, act the stop's line, or walk one exit toward the next stop. */
function walkRoute(npc: string, room: string, stops: Array<JsonValue>, at: Leg): void {
  if (stops.length == 0) return;
  if (at.wait > 0) {
    at.wait--;
    return;
  }
  if (at.leg < 0 || at.leg >= stops.length) at.leg = 0;
  const stop = stops[at.leg];
  const key = stop.getString('room');
  if (key === null) return;
  if (State.getString(room, ROOM_KEY) == key!) {
    const line = stop.getString('do');
    if (line !== null && line!.length > 0) act(npc, line!);
    at.wait = <i32>stop.getNumber('wait', 0);
    at.leg = (at.leg + 1) % stops.length;
    return;
  }
  const way = exitToKey(room, key!);
  if (way.length > 0) act(npc, 'go ' + way);
  else at.leg = (at.leg + 1) % stops.length; // knocked off its road: head for the next stop
}

/** The exit of `room` leading to the room with key `key`, or "". */
function exitToKey(room: string, key: string): string {
  const exits = State.get(room, EXITS);
  if (exits === null || !exits.isObject()) return '';
  const keys = exits.keys();
  for (let i = 0; i < keys.length; i++) {
    const to = exits.getString(keys[i]);
    if (to !== null && State.getString(to!, ROOM_KEY) == key) return keys[i];
  }
  return '';
}

function hpShare(npc: string): f64 {
  const h = State.get(npc, HEALTH);
  if (h === null) return 1;
  const max = h.getNumber('max', 1);
  return max > 0 ? h.getNumber('hp', max) / max : 1;
}

/** The exit of `room` leading to `dest`, or "". */
function exitTo(room: string, dest: string): string {
  const exits = State.get(room, EXITS);
  if (exits === null || !exits.isObject()) return '';
  const keys = exits.keys();
  for (let i = 0; i < keys.length; i++) {
    const to = exits.getString(keys[i]);
    if (to !== null && to! == dest) return keys[i];
  }
  return '';
}

function wander(npc: string, room: string, area: Array<string>): void {
  const exits = State.get(room, EXITS);
  if (exits === null || !exits.isObject()) return;
  const keys = exits.keys();
  const ok = new Array<string>();
  for (let i = 0; i < keys.length; i++) {
    const to = exits.getString(keys[i]);
    if (to === null) continue;
    const key = State.getString(to!, ROOM_KEY);
    if (key !== null && (area.length == 0 || area.includes(key!))) ok.push(keys[i]);
  }
  if (ok.length == 0) return;
  act(npc, 'go ' + ok[randInt(ok.length)]);
}

function guard(npc: string, room: string, body: JsonValue, leader: string): string {
  const home = body.getString('home');
  if (home !== null && home! != room) {
    const way = exitTo(room, home!);
    if (way.length > 0) act(npc, 'go ' + way);
    return leader;
  }
  // Break up fights at the post: attack whoever is fighting someone else here.
  const here = Query.contents(room, '', -1, npc, 50);
  for (let i = 0; i < here.length; i++) {
    if (here[i].kind != 'character') continue;
    const f = State.get(here[i].id, COMBAT_STATE);
    if (f !== null) {
      act(npc, 'attack ' + here[i].name);
      break;
    }
  }
  return leader;
}

function follow(npc: string, room: string, leader: string): string {
  if (leader.length == 0) {
    const here = Query.contents(room, 'character', 1, '', 1);
    return here.length > 0 ? here[0].id : '';
  }
  const l = Query.entity(leader);
  if (l === null || l.location === null) return '';
  if (l.location! == room) return leader;
  const way = exitTo(room, l.location!);
  if (way.length == 0) return ''; // lost them
  act(npc, 'go ' + way);
  return leader;
}
