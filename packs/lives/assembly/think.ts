/**
 * The desire loop. Every townsperson thinks every THINK_MS of world time (plus
 * up to THINK_JITTER_MS, so they do not all act in one tick): its needs grow by
 * the game hours since it last thought, in the context of where it stands; the
 * priority rule picks a goal; one command line moves it toward that goal
 * through the command path (`act`, decision 0018) — a step toward the market,
 * `buy bread` at the stall, `use bread` once it carries one.
 */
import { Events, JsonObj, Query, State, act, randInt } from '../../../sdk/assembly';
import { HOUR_MS, gameNow } from './clock';
import { COMBAT_STATE, CREATURE_BODY, GENOME, ITEM, NEEDS_KEY, ROOM_KEY } from './keys';
import { area, foodItem, place } from './town';
import { Life } from './life';
import { Context, choose, grow } from './needs';
import { withMood } from './personality';
import { exitTarget, exitsOf, firstStep, roomByKey } from './world';

export const THINK_MS: f64 = 5000;
export const THINK_JITTER_MS: i32 = 3000;
/** myriad_act takes at most 64 lines a call; townsfolk beyond this many wait for the next tick. */
const MAX_THINKERS_PER_TICK = 32;
/** §5.1 values: bread 30 (the food in world.json), water 50. */
export const WATER_VALUE: f64 = 50;
const SLEEP_WAKE_BELOW: f64 = 10;

export function think(realNow: f64): void {
  const ids = Query.withComponent(NEEDS_KEY);
  let thinkers = 0;
  const t = gameNow();
  for (let i = 0; i < ids.length && thinkers < MAX_THINKERS_PER_TICK; i++) {
    const n = State.get(ids[i], NEEDS_KEY);
    if (n === null || n.getNumber('next', 0) > realNow) continue;
    const info = Query.entity(ids[i]);
    if (info === null || info.kind != 'npc' || info.location === null) continue;
    const l = Life.load(ids[i]);
    if (l === null) continue;
    thinkers++;
    live(l, info.location!, t);
    l.next = realNow + THINK_MS + <f64>randInt(THINK_JITTER_MS);
    l.save(t);
  }
}

/** What the room is like for the NPC (§5.1 context). */
export function contextAt(l: Life, room: string): Context {
  const c = new Context();
  c.asleep = l.asleep;
  c.atHome = roomByKeyCached(l.home) == room;
  c.inCombat = State.get(l.id, COMBAT_STATE) !== null;
  c.maker = l.maker;
  const here = Query.contents(room, '', -1, l.id, 50);
  for (let i = 0; i < here.length; i++) {
    const e = here[i];
    if (e.kind == 'character' && e.online) c.alone = false;
    if (e.kind != 'npc') continue;
    const body = State.get(e.id, CREATURE_BODY);
    if (body !== null) {
      const b = body.getObject('behaviour');
      if (b !== null && b.getBool('aggressive', false)) c.hostiles++;
    } else if (State.get(e.id, GENOME) !== null) c.alone = false;
  }
  return c;
}

const roomIds = new Map<string, string>();
export function roomByKeyCached(key: string): string {
  if (roomIds.has(key)) return roomIds.get(key);
  const id = roomByKey(key);
  if (id === null) return '';
  roomIds.set(key, id!);
  return id!;
}

function live(l: Life, room: string, t: f64): void {
  const hours = Math.max(0, (t - l.at) / HOUR_MS);
  const ctx = contextAt(l, room);
  grow(l.needs, hours, l.traits, ctx);
  l.at = t;
  if (l.moodUntil > 0 && t >= l.moodUntil) {
    l.mood = 'calm';
    l.moodUntil = 0;
  }
  if (l.asleep) {
    if (l.needs.get('sleep') >= SLEEP_WAKE_BELOW && ctx.hostiles == 0) return;
    l.asleep = false;
    act(l.id, 'pose wakes and stretches.');
  }
  const traits = withMood(l.traits, l.mood);
  const c = choose(l.needs, traits, l.goal, l.priority);
  if (c.goal != l.goal) {
    Events.emit(
      'lives.goal',
      'entity:' + l.id,
      new JsonObj()
        .set('npc', l.id)
        .set('goal', c.goal)
        .set('priority', Math.round(c.priority * 100) / 100),
    );
    l.remember(c.goal);
  }
  l.goal = c.goal;
  l.priority = c.priority;
  pursue(l, room, ctx.hostiles);
}

/** One step toward a room key; true when already there. */
function goTo(l: Life, room: string, key: string): bool {
  const dest = roomByKeyCached(key);
  if (dest.length == 0 || dest == room) return true;
  const way = firstStep(room, dest);
  if (way.length > 0) act(l.id, 'go ' + way);
  return false;
}

function carries(npc: string, word: string): bool {
  const items = Query.contents(npc, 'item', -1, '', 50);
  for (let i = 0; i < items.length; i++) {
    const it = State.get(items[i].id, ITEM);
    if (it === null) continue;
    const key = it.getString('key');
    if (key !== null && key! == word) return true;
  }
  return false;
}

/** The goal as commands (§5.1 fulfilment mapping). */
function pursue(l: Life, room: string, hostiles: i32): void {
  const g = l.goal;
  if (g == 'eat') {
    const food = foodItem();
    if (carries(l.id, food)) act(l.id, 'use ' + food);
    else if (goTo(l, room, place('market'))) act(l.id, 'buy ' + food);
  } else if (g == 'drink') {
    if (goTo(l, room, place('water'))) {
      act(l.id, 'pose kneels at the water and drinks.');
      l.needs.add('thirst', -WATER_VALUE);
    }
  } else if (g == 'sleep') {
    if (goTo(l, room, l.home)) {
      act(l.id, 'pose settles down to sleep.');
      l.asleep = true;
    }
  } else if (g == 'flee') {
    if (hostiles > 0) flee(l, room);
    else goTo(l, room, l.home);
  } else if (g == 'company' || g == 'converse' || g == 'bond' || g == 'revel') {
    if (goTo(l, room, place('tavern'))) social(l, room, g);
  } else if (g == 'work' || g == 'practise' || g == 'create') {
    if (goTo(l, room, l.work)) {
      act(l.id, 'pose ' + l.workPose);
      l.needs.add(g == 'work' ? 'taskCompletion' : g == 'practise' ? 'skillImprovement' : 'creativity', -15);
    }
  } else if (g == 'trade') {
    if (goTo(l, room, place('market'))) {
      act(l.id, 'pose haggles over prices at the stalls.');
      l.needs.add('resourceAcquisition', -20);
    }
  } else if (g == 'explore') {
    const ways = townExits(room);
    if (ways.length > 0) act(l.id, 'go ' + ways[randInt(ways.length)]);
    l.needs.add('curiosity', -10);
  }
}

/** Exits of `room` that lead to a room of the town's area. */
function townExits(room: string): string[] {
  const keys = area();
  const exits = exitsOf(room);
  const out: string[] = [];
  for (let i = 0; i < exits.length; i++) {
    const to = exitTarget(room, exits[i]);
    if (to === null) continue;
    const key = State.getString(to!, ROOM_KEY);
    if (key !== null && keys.includes(key!)) out.push(exits[i]);
  }
  return out;
}

function flee(l: Life, room: string): void {
  const exits = exitsOf(room);
  if (exits.length == 0) return;
  const home = roomByKeyCached(l.home);
  for (let i = 0; i < exits.length; i++) {
    const to = exitTarget(room, exits[i]);
    if (to !== null && to! == home) {
      act(l.id, 'go ' + exits[i]);
      return;
    }
  }
  act(l.id, 'go ' + exits[randInt(exits.length)]);
}

/** In company: a line that says what it wants (§5.3 "current desire" topics), and the social needs ease. */
function social(l: Life, room: string, goal: string): void {
  const others = Query.contents(room, '', -1, l.id, 20);
  let anyone = false;
  for (let i = 0; i < others.length; i++) if (others[i].kind == 'character' || others[i].kind == 'npc') anyone = true;
  if (!anyone) return; // waiting for company is all it can do
  if (goal == 'revel') {
    act(l.id, 'pose raises a mug and laughs.');
    l.needs.add('hedonism', -30);
  } else if (goal == 'converse' || goal == 'bond') {
    act(l.id, 'say ' + (l.needs.get('hunger') >= 70 ? "I'm famished. Has anyone seen bread?" : l.needs.get('sleep') >= 75 ? 'I could sleep where I stand.' : 'Fine weather for it, all the same.'));
    l.needs.add('conversation', -20);
    if (goal == 'bond') l.needs.add('affection', -10);
  }
}
