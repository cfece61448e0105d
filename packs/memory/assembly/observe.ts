/**
 * What NPCs witness (§3.1 "observation", "event", "conversation",
 * "relationship"): every NPC in the room where an event happens remembers it
 * as a player standing there would have seen it. The one it happened *to*
 * remembers it as an event with feeling (§3.4 weights and EmotionEngine
 * profiles); bystanders as an observation.
 */
import { Events, GameEvent, JsonObj, Query, config } from '../../../sdk/assembly';
import { gameNow } from './clock';
import { EMOTIONAL, combatWeight, giftWeight } from './rules';
import { Mem, Stream, load, remember, save } from './store';

/** §3.4: a first meeting weighs 0.5, casual talk 0.1–0.3 (0.2 here), a witnessed death 0.8, threat 0.95. */
const FIRST_MEETING: f64 = 0.5;
const CASUAL: f64 = 0.2;
const WITNESSED_DEATH: f64 = 0.8;
/** Blows of one fight merge into one memory: within this many game ms of the last, the same attacker. */
const ONE_FIGHT_MS: f64 = 3600000;

export function nameOf(id: string): string {
  const e = Query.entity(id);
  return e === null ? 'someone' : e!.name;
}

function roomOf(stream: string): string {
  return stream.startsWith('room:') ? stream.substring(5) : '';
}

function npcsIn(room: string): string[] {
  const out: string[] = [];
  if (room.length == 0) return out;
  const here = Query.contents(room, 'npc', -1, '', 50);
  for (let i = 0; i < here.length; i++) out.push(here[i].id);
  return out;
}

function event(type: string, about: string, text: string, told: string, ew: f64, emotion: string, tags: string[]): Mem {
  const m = new Mem();
  m.type = type;
  m.about = about;
  m.text = text;
  m.told = told;
  m.ew = ew;
  m.emotion = emotion;
  m.tags = tags;
  return m;
}

/** Store `m` for `npc`, first adding a "relationship" memory if `about` is someone it never met. */
export function store(npc: string, m: Mem, now: f64): void {
  const s = load(npc);
  if (m.about.length > 0 && m.about != npc && !knows(s, m.about)) {
    const who = nameOf(m.about);
    remember(s, event('relationship', m.about, 'I met ' + who, nameOf(npc) + ' met ' + who, FIRST_MEETING, 'surprise', ['met', who.toLowerCase()]), now);
  }
  remember(s, m, now);
  save(npc, s);
  Events.emit('memory.recorded', 'entity:' + npc, new JsonObj().set('npc', npc).set('about', m.about).set('type', m.type).set('emotion', m.emotion).set('ew', m.ew));
}

function knows(s: Stream, who: string): bool {
  for (let i = 0; i < s.items.length; i++) if (s.items[i].about == who) return true;
  return false;
}

export function onGiven(e: GameEvent): void {
  const giver = e.payload.getString('actor');
  const to = e.payload.getString('to');
  const item = e.payload.getString('item');
  if (giver === null || to === null || item === null) return;
  const count = e.payload.getNumber('count', 1);
  const what = nameOf(item!);
  const label = count > 1 ? what + ' and ' + (<i32>count - 1).toString() + ' more' : what;
  const g = nameOf(giver!);
  const r = nameOf(to!);
  const now = gameNow();
  const ids = npcsIn(roomOf(e.stream));
  const tags = words(what);
  tags.push('gift');
  tags.push(g.toLowerCase());
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] == to!) {
      // §3.4 EmotionEngine: gift → {joy 0.6, surprise 0.3}; weight from the gift's value against the NPC's wealth.
      store(ids[i], event('event', giver!, g + ' gave me ' + label, g + ' gave ' + r + ' ' + label, giftWeight(count * setting('giftValue', 5), setting('wealthLevel', 10)), 'joy', tags), now);
    } else {
      store(ids[i], event('observation', giver!, 'I saw ' + g + ' give ' + r + ' ' + label, g + ' gave ' + r + ' ' + label, CASUAL, 'neutral', tags), now);
    }
  }
}

export function onBlow(e: GameEvent, hit: bool): void {
  const attacker = e.payload.getString('attacker');
  const target = e.payload.getString('target');
  if (attacker === null || target === null) return;
  const a = nameOf(attacker!);
  const t = nameOf(target!);
  const now = gameNow();
  const ids = npcsIn(roomOf(e.stream));
  for (let i = 0; i < ids.length; i++) {
    const npc = ids[i];
    if (npc == attacker!) continue;
    const victim = npc == target!;
    // §3.4: combat 0.7 + (damage/maxHP)×0.3 for the one struck; EmotionEngine "player attacks" → fear 0.8, anger 0.5.
    const ew = victim ? combatWeight(hit ? e.payload.getNumber('damage', 0) : 0, e.payload.getNumber('maxhp', 1)) : 0.7;
    if (mergeBlow(npc, attacker!, ew, now)) continue;
    const text = victim ? a + ' attacked me' : 'I saw ' + a + ' attack ' + t;
    store(npc, event(victim ? 'event' : 'observation', attacker!, text, a + ' attacked ' + t, ew, 'fear', ['combat', 'attack', a.toLowerCase(), t.toLowerCase()]), now);
  }
}

/** The blows of one fight are one memory: raise its weight instead of adding another. */
function mergeBlow(npc: string, attacker: string, ew: f64, now: f64): bool {
  const s = load(npc);
  for (let i = s.items.length - 1; i >= 0; i--) {
    const m = s.items[i];
    if (m.about == attacker && m.hasTag('combat') && now - m.at < ONE_FIGHT_MS) {
      if (ew <= m.ew) return true;
      m.ew = ew;
      save(npc, s);
      return true;
    }
  }
  return false;
}

export function onDefeated(e: GameEvent): void {
  const dead = e.payload.getString('id');
  const by = e.payload.getString('by');
  const room = e.payload.getString('room');
  if (dead === null || room === null) return;
  const d = nameOf(dead!);
  const k = by === null || by!.length == 0 ? '' : nameOf(by!);
  const text = k.length > 0 ? k + ' killed ' + d : d + ' died';
  const now = gameNow();
  const ids = npcsIn(room!);
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] == dead! || (by !== null && ids[i] == by!)) continue;
    store(ids[i], event('event', by === null ? '' : by!, 'I saw ' + text, text, WITNESSED_DEATH, 'sadness', ['death', d.toLowerCase()]), now);
  }
}

export function onSay(e: GameEvent): void {
  if (e.actor === null || e.actor!.kind != 'character') return;
  const text = e.payload.getString('text');
  if (text === null) return;
  const who = e.actor!.id;
  const w = nameOf(who);
  const said = text!.length > 60 ? text!.substring(0, 60) + '…' : text!;
  const now = gameNow();
  const ids = npcsIn(roomOf(e.stream));
  const tags = words(text!);
  tags.push(w.toLowerCase());
  for (let i = 0; i < ids.length; i++) {
    store(ids[i], event('conversation', who, w + ' said "' + said + '"', w + ' said "' + said + '"', CASUAL, 'neutral', tags), now);
  }
}

export function onArrive(e: GameEvent): void {
  const who = e.payload.getString('id');
  const to = e.payload.getString('to');
  if (who === null || to === null) return;
  const info = Query.entity(who!);
  if (info === null || info!.kind != 'character') return;
  const now = gameNow();
  const ids = npcsIn(to!);
  for (let i = 0; i < ids.length; i++) {
    const s = load(ids[i]);
    if (knows(s, who!)) continue;
    const w = info!.name;
    remember(s, event('relationship', who!, 'I met ' + w, nameOf(ids[i]) + ' met ' + w, FIRST_MEETING, 'surprise', ['met', w.toLowerCase()]), now);
    save(ids[i], s);
  }
}

/** §3.4 ConsolidateEmotionalMemories: in the night, emotional memories of the past game day gain `0.1 × ew` clarity. */
export function consolidate(): void {
  const now = gameNow();
  const ids = Query.withComponent('memory.stream');
  for (let i = 0; i < ids.length; i++) {
    const s = load(ids[i]);
    let changed = false;
    for (let j = 0; j < s.items.length; j++) {
      const m = s.items[j];
      if (m.ew > EMOTIONAL && now - m.at < 86400000 && !m.hasTag('consolidated')) {
        m.clarity = Math.min(1, m.clarity + 0.1 * m.ew);
        m.tags.push('consolidated');
        changed = true;
      }
    }
    if (changed) save(ids[i], s);
  }
}

/** Tags are words, not payloads: a tag of a say's 8 KiB "word", kept in each of 60 memories, filled the pack's 1 MiB. */
const LONGEST_TAG = 24;
/** Only the start of a long say is read for keywords (the memory keeps only its first 60 characters anyway). */
const KEYWORD_SPAN = 240;

/** Lower-case words of four to 24 letters, at most five: the manual keywords of §3.1. */
function words(text: string): string[] {
  const out: string[] = [];
  const parts = (text.length > KEYWORD_SPAN ? text.substring(0, KEYWORD_SPAN) : text).toLowerCase().split(' ');
  for (let i = 0; i < parts.length && out.length < 5; i++) {
    const w = strip(parts[i]);
    if (w.length >= 4 && w.length <= LONGEST_TAG) out.push(w);
  }
  return out;
}

function strip(w: string): string {
  let a = 0;
  let b = w.length;
  while (a < b && !isLetter(w.charCodeAt(a))) a++;
  while (b > a && !isLetter(w.charCodeAt(b - 1))) b--;
  return w.substring(a, b);
}

function isLetter(c: i32): bool {
  return (c >= 97 && c <= 122) || c > 127;
}

function setting(key: string, fallback: f64): f64 {
  const v = config(key);
  return v === null ? fallback : v.asNumber(fallback);
}

/** §3.3: an NPC that notices someone acting unlike themselves remembers it (tag personality_change; weight 0.5 / 0.7 / 1.0 by level). */
export function onDrifted(e: GameEvent): void {
  const npc = e.payload.getString('npc');
  const who = e.payload.getString('who');
  const level = e.payload.getString('level');
  if (npc === null || who === null || level === null) return;
  const w = nameOf(who!);
  const ew: f64 = level! == 'severe' ? 1 : level! == 'moderate' ? 0.7 : 0.5;
  const how = level! == 'severe' ? ' is not themselves at all' : level! == 'moderate' ? ' has changed' : ' seems different lately';
  store(npc!, event('observation', who!, w + how, w + how, ew, e.payload.getBool('better', false) ? 'surprise' : 'fear', ['personality_change', w.toLowerCase()]), gameNow());
}
