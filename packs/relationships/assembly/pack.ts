/**
 * relationships: what each NPC feels about each entity it deals with
 * (affection, trust, fear; §3.3), from what they do — gifts, violence,
 * threats, talk, and its conversations with other NPCs (memory.conversed) —
 * decaying without interaction, with a behavioural baseline and drift
 * reactions. NPCs greet people they like and avoid people they fear.
 * docs/packs/relationships.md.
 */
import { Events, GameEvent, JsonObj, OK, Query, act, config, dispatchEvent } from '../../../sdk/assembly';
import { Bond, BONDS, load, save } from './bonds';
import { gameNow } from './clock';
import { avoid, fearsAt, greet, likesAt, nameOf, speaks } from './react';
import { direction, driftAffinity, driftLevel, driftLine, driftTrust, levelRank, clamp } from './rules';

/** One fight's blows change feelings once; one chat an hour earns the +1 of §5.3 small talk. */
const ONE_FIGHT_MS: f64 = 3600000;
const CHAT_EVERY_MS: f64 = 3600000;

export function myriad_event(): i32 {
  return dispatchEvent(onEvent);
}

function onEvent(e: GameEvent): i32 {
  const t = e.type;
  if (t == 'inventory.given') onGiven(e);
  else if (t == 'combat.hit' || t == 'combat.missed') onBlow(e);
  else if (t == 'social.say') onSay(e);
  else if (t == 'memory.talked') onTalked(e);
  else if (t == 'memory.conversed') onConversed(e);
  else if (t == 'rooms.arrive') onArrive(e);
  else if (t == 'time.band' || t == 'time.advanced') settleAll();
  else if (t == 'lives.inhabited') onInhabited(e);
  return OK;
}

function giftValue(): f64 {
  const v = config('giftValue');
  return v === null ? 200 : v.asNumber(200);
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

/** Record an action by `who` towards `npc`, react to drift, save. */
function interact(npc: string, who: string, action: string, affect: bool, now: f64): Bond {
  const bonds = load(npc);
  const b = bonds.of(who, nameOf(who), now);
  b.record(action, now, giftValue(), affect);
  checkDrift(npc, b);
  save(npc, bonds);
  return b;
}

function onGiven(e: GameEvent): void {
  const giver = e.payload.getString('actor');
  const to = e.payload.getString('to');
  if (giver === null || to === null) return;
  const info = Query.entity(to!);
  if (info === null || info!.kind != 'npc') return;
  interact(to!, giver!, 'gift', true, gameNow());
}

function onBlow(e: GameEvent): void {
  const attacker = e.payload.getString('attacker');
  const target = e.payload.getString('target');
  if (attacker === null || target === null) return;
  const now = gameNow();
  const ids = npcsIn(roomOf(e.stream));
  for (let i = 0; i < ids.length; i++) {
    const npc = ids[i];
    if (npc == attacker!) continue;
    const bonds = load(npc);
    const b = bonds.of(attacker!, nameOf(attacker!), now);
    const first = now - b.fight >= ONE_FIGHT_MS;
    if (first) b.fight = now;
    // The one struck suffers violence; those who watch are threatened (§3.3 table).
    b.record(npc == target! ? 'violence' : 'threat', now, giftValue(), first);
    checkDrift(npc, b);
    save(npc, bonds);
  }
}

function onSay(e: GameEvent): void {
  if (e.actor === null || e.actor!.kind != 'character') return;
  const now = gameNow();
  const ids = npcsIn(roomOf(e.stream));
  for (let i = 0; i < ids.length; i++) if (speaks(ids[i])) chatted(ids[i], e.actor!.id, now);
}

/** A player talked to an NPC (talk, ask). */
function onTalked(e: GameEvent): void {
  const npc = e.payload.getString('npc');
  const who = e.payload.getString('who');
  if (npc !== null && who !== null) chatted(npc!, who!, gameNow());
}

/** Small talk: a sample of sociability every time, §5.3's neutral +1 affection at most once a game hour. */
function chatted(npc: string, who: string, now: f64): void {
  const bonds = load(npc);
  const b = bonds.of(who, nameOf(who), now);
  const affect = now - b.chat >= CHAT_EVERY_MS;
  if (affect) b.chat = now;
  b.record('neutral', now, giftValue(), affect);
  checkDrift(npc, b);
  save(npc, bonds);
}

function onConversed(e: GameEvent): void {
  const a = e.payload.getString('a');
  const b = e.payload.getString('b');
  const outcome = e.payload.getString('outcome');
  if (a === null || b === null || outcome === null) return;
  const now = gameNow();
  interact(a!, b!, outcome!, true, now);
  interact(b!, a!, outcome!, true, now);
}

function onArrive(e: GameEvent): void {
  const who = e.payload.getString('id');
  const to = e.payload.getString('to');
  const from = e.payload.getString('from');
  if (who === null || to === null) return;
  const info = Query.entity(who!);
  if (info === null || info!.kind != 'character') return;
  const now = gameNow();
  const greetEvery = config('greetEveryMs');
  const every = greetEvery === null ? 3600000 : greetEvery.asNumber(3600000);
  const ids = npcsIn(to!);
  for (let i = 0; i < ids.length; i++) {
    const bonds = load(ids[i]);
    const b = bonds.find(who!);
    if (b === null) continue;
    b.settle(now);
    if (b.fear >= fearsAt()) {
      avoid(ids[i], b, to!, from === null ? '' : from!);
    } else if (b.affection >= likesAt() && speaks(ids[i]) && now - b.greeted >= every) {
      b.greeted = now;
      greet(ids[i], b);
      save(ids[i], bonds);
    }
  }
}

/**
 * §3.3 drift: when the gap between someone's last 20 actions and their
 * baseline reaches a new level, the NPC says so, its feelings move
 * (`drift × 50 × direction` affection; trust −10/−25; fear +5 for a change
 * for the worse at moderate and above), and the memory pack is told
 * (relationships.drifted) so it remembers the change (tag personality_change).
 */
function checkDrift(npc: string, b: Bond): void {
  const d = b.driftNow();
  const level = driftLevel(d);
  if (levelRank(level) <= levelRank(b.drift)) {
    if (level == 'none') b.drift = 'none';
    return;
  }
  b.drift = level;
  const dir = direction(b.base, b.current());
  b.affection = clamp(b.affection + driftAffinity(d, dir), -100, 100);
  b.trust = clamp(b.trust + driftTrust(level), -100, 100);
  if (dir < 0 && levelRank(level) >= 2) b.fear = clamp(b.fear + 5, -100, 100);
  if (speaks(npc)) act(npc, 'say ' + b.name + '... ' + driftLine(level));
  Events.emit(
    'relationships.drifted',
    'entity:' + npc,
    new JsonObj()
      .set('npc', npc)
      .set('who', b.id)
      .set('level', level)
      .set('drift', d)
      .set('better', dir > 0),
  );
}

/** Decay for every bond up to now (§3.3; run on each time band, and after an @time advance). */
function settleAll(): void {
  const now = gameNow();
  const ids = Query.withComponent(BONDS);
  for (let i = 0; i < ids.length; i++) {
    const bonds = load(ids[i]);
    for (let j = 0; j < bonds.list.length; j++) bonds.list[j].settle(now);
    save(ids[i], bonds);
  }
}

/**
 * The inhabit path (contract-20): the character takes the NPC's feelings about
 * others, and everyone who knew the NPC now knows the character by the same
 * bond — baseline included, so acting unlike the NPC shows as drift (§3.3
 * "snapshot on player inhabitation").
 */
function onInhabited(e: GameEvent): void {
  const npc = e.payload.getString('npcId');
  const character = e.payload.getString('characterId');
  if (npc === null || character === null) return;
  const own = load(npc!);
  if (own.list.length > 0) save(character!, own);
  const ids = Query.withComponent(BONDS);
  for (let i = 0; i < ids.length; i++) {
    const bonds = load(ids[i]);
    const b = bonds.find(npc!);
    if (b === null) continue;
    b.id = character!;
    save(ids[i], bonds);
  }
}
