/**
 * Equipment slots (gameplay-rules 2.3): mainHand, offHand, head, chest, legs,
 * feet, neck, ring1, ring2. An item lists the slots it fits (`properties.slots`;
 * "ring" means either ring slot); equipping into an occupied slot fails; a
 * two-handed item takes the main hand and needs the off hand free.
 *
 *   inventory.equipment on a character = { "<slot>": "<item id>" }
 * Equipped items stay carried (their location is the character).
 */
import { Command, Events, JsonObj, JsonValue, Message, OK, State, reply, config } from '../../../sdk/assembly';
import { EQUIPMENT, Item, itemsIn } from './items';
import { Target, parseTarget, pick, splitWords } from './match';
import { hostRefused, notCarried } from './common';

export const SLOTS: string[] = ['mainHand', 'offHand', 'head', 'chest', 'legs', 'feet', 'neck', 'ring1', 'ring2'];
const LABELS: string[] = ['main hand', 'off hand', 'head', 'chest', 'legs', 'feet', 'neck', 'ring 1', 'ring 2'];
/** Another pack's component: skill levels, for items that require a skill (capabilities.read). */
const SKILL_LEVELS = 'skills.levels';

export function slotIndex(slot: string): i32 {
  return SLOTS.indexOf(slot);
}

export function slotLabel(slot: string): string {
  const i = SLOTS.indexOf(slot);
  return i < 0 ? slot : LABELS[i];
}

/** parseSlot's answer for "ring": whichever ring slot is free. */
export const ANY_RING = 9;

/** A slot as players type it: "offhand", "off-hand", "off", "ring2", "head"… or -1. */
export function parseSlot(word: string): i32 {
  const w = word.toLowerCase().replaceAll('-', '').replaceAll('_', '').replaceAll(' ', '');
  if (w == 'main' || w == 'mainhand' || w == 'hand' || w == 'right' || w == 'righthand') return 0;
  if (w == 'off' || w == 'offhand' || w == 'left' || w == 'lefthand') return 1;
  if (w == 'body' || w == 'torso') return 3;
  if (w == 'ring' || w == 'finger') return ANY_RING;
  if (w == 'ring1') return 7;
  if (w == 'ring2') return 8;
  for (let i = 0; i < SLOTS.length; i++) if (SLOTS[i].toLowerCase() == w) return i;
  return -1;
}

export function equipmentOf(who: string): JsonValue {
  const v = State.get(who, EQUIPMENT);
  return v !== null && v.isObject() ? v : JsonValue.newObject();
}

/** The first slot (in slot order) holding `item`, or null. */
export function slotOf(equipment: JsonValue, item: string): string | null {
  for (let i = 0; i < SLOTS.length; i++) if (equipment.getString(SLOTS[i]) == item) return SLOTS[i];
  return null;
}

/** The item in the main hand, if any. */
export function wielded(who: string): Item | null {
  const id = equipmentOf(who).getString('mainHand');
  if (id === null) return null;
  const items = itemsIn(who);
  for (let i = 0; i < items.length; i++) if (items[i].id == id) return items[i];
  return null;
}

/** "wield" for weapons in a hand, "hold" for other things in a hand, "wear" otherwise. */
export function verbFor(item: Item, slot: string): string {
  if (slot == 'mainHand' || slot == 'offHand') return item.type == 'weapon' ? 'wield' : 'hold';
  return 'wear';
}

function saveEquipment(who: string, eq: JsonValue): bool {
  if (eq.length == 0) return State.del(who, EQUIPMENT);
  return State.set(who, EQUIPMENT, eq);
}

function skillLevel(who: string, skill: string): i32 {
  const levels = State.get(who, SKILL_LEVELS);
  if (levels === null) return 0;
  const rec = levels.getObject(skill);
  return rec === null ? 0 : <i32>rec.getNumber('level', 0);
}

function enforceRequirements(): bool {
  const v = config('enforceRequirements');
  return v === null ? true : v.asBool(true);
}

export function equip(cmd: Command): i32 {
  const who = cmd.actor.id;
  const words = splitWords(cmd.args);
  if (words.length == 0) {
    reply(Message.error('Equip what? (equip <item> [slot])'));
    return OK;
  }
  // A slot at the end: "main hand", "ring 2" (two words) or "offhand" (one),
  // optionally after "on"/"in"/"to"/"as".
  let slot = -1;
  let slotWords = 0;
  const n = words.length;
  if (n >= 3) {
    slot = parseSlot(words[n - 2] + words[n - 1]);
    if (slot >= 0) slotWords = 2;
  }
  if (slot < 0 && n >= 2) {
    slot = parseSlot(words[n - 1]);
    if (slot >= 0) slotWords = 1;
  }
  for (let i = 0; i < slotWords; i++) words.pop();
  if (slotWords > 0 && words.length > 1) {
    const last = words[words.length - 1];
    if (last == 'on' || last == 'in' || last == 'to' || last == 'as') words.pop();
  }
  const t: Target = parseTarget(words.join(' '));
  const item = pick(itemsIn(who), t);
  if (item === null) return notCarried(cmd, t);
  const eq = equipmentOf(who);
  const already = slotOf(eq, item.id);
  if (already !== null) {
    reply(Message.error('You are already using ' + item.name + ' (' + slotLabel(already) + ').'));
    return OK;
  }
  const allowed = item.slots();
  if (allowed.length == 0) {
    reply(Message.error("You can't equip " + item.name + '.'));
    return OK;
  }
  if (item.broken) {
    reply(Message.error('The ' + item.bare + ' is broken; it would be no use until it is repaired.'));
    return OK;
  }
  const req = item.props().getObject('requires');
  if (req !== null && enforceRequirements()) {
    const skill = req.getString('skill');
    const level = <i32>req.getNumber('level', 0);
    if (skill !== null && level > 0) {
      const have = skillLevel(who, skill);
      if (have < level) {
        reply(Message.error('You lack the skill to use ' + item.name + ': it needs ' + capitalise(skill) + ' ' + level.toString() + ', and yours is ' + have.toString() + '.'));
        return OK;
      }
    }
  }

  let chosen: string | null = null;
  if (slot >= 0) {
    if (slot == ANY_RING) {
      if (!allowed.includes('ring1')) {
        reply(Message.error('The ' + item.bare + ' is not a ring; it fits: ' + labels(allowed) + '.'));
        return OK;
      }
      chosen = freeOf(eq, ['ring1', 'ring2']);
      if (chosen === null) return occupied(eq, 'ring1');
    } else {
      const wanted = SLOTS[slot];
      if (!allowed.includes(wanted)) {
        reply(Message.error('The ' + item.bare + " doesn't go on your " + LABELS[slot] + '; it fits: ' + labels(allowed) + '.'));
        return OK;
      }
      if (eq.has(wanted)) return occupied(eq, wanted);
      chosen = wanted;
    }
  } else {
    chosen = freeOf(eq, allowed);
    if (chosen === null) return occupied(eq, allowed[0]);
  }
  const at = chosen!;
  if (item.twoHanded) {
    if (at != 'mainHand') {
      reply(Message.error('The ' + item.bare + ' needs both hands.'));
      return OK;
    }
    if (eq.has('offHand')) {
      reply(Message.error('The ' + item.bare + ' needs both hands, and your off hand holds ' + nameOf(who, eq.getString('offHand')!) + '. Unequip it first.'));
      return OK;
    }
    eq.set('offHand', JsonValue.fromString(item.id));
  }
  eq.set(at, JsonValue.fromString(item.id));
  if (!saveEquipment(who, eq)) return hostRefused('equip ' + item.name);

  const verb = verbFor(item, at);
  const where = at == 'mainHand' || at == 'offHand' ? (item.twoHanded ? ' in both hands' : ' in your ' + slotLabel(at)) : '';
  const mine = Message.kind('info')
    .text('You ' + verb + ' ')
    .styled(item.name, 'item')
    .text(where + '.');
  const theirs = Message.kind('info')
    .name(cmd.actor.name, cmd.actor.id)
    .text(' ' + verb + 's ')
    .styled(item.name, 'item')
    .text('.');
  const payload = new JsonObj().set('actor', who).set('item', item.id).set('slot', at);
  if (!Events.emit('inventory.equipped', 'room:' + cmd.actor.location!, payload, mine, theirs)) return hostRefused('announce it');
  return OK;
}

export function unequip(cmd: Command): i32 {
  const who = cmd.actor.id;
  if (cmd.args.length == 0) {
    reply(Message.error('Unequip what? (unequip <item or slot>)'));
    return OK;
  }
  const eq = equipmentOf(who);
  let id: string | null = null;
  const slot = parseSlot(cmd.args);
  if (slot >= 0) {
    const name = slot == ANY_RING ? 'ring1' : SLOTS[slot];
    id = eq.getString(name);
    if (id === null && slot == ANY_RING) id = eq.getString('ring2');
    if (id === null) {
      reply(Message.error('You have nothing on your ' + (slot == ANY_RING ? 'fingers' : LABELS[slot]) + '.'));
      return OK;
    }
  }
  const carried = itemsIn(who);
  const worn = new Array<Item>();
  for (let i = 0; i < carried.length; i++) if (slotOf(eq, carried[i].id) !== null) worn.push(carried[i]);
  let item: Item | null = null;
  if (id !== null) {
    for (let i = 0; i < worn.length; i++) if (worn[i].id == id) item = worn[i];
  } else {
    item = pick(worn, parseTarget(cmd.args));
  }
  if (item === null) {
    reply(Message.error('You are not using anything called "' + cmd.args + '".'));
    return OK;
  }
  const first = slotOf(eq, item.id)!;
  for (let i = 0; i < SLOTS.length; i++) if (eq.getString(SLOTS[i]) == item.id) eq.remove(SLOTS[i]);
  if (!saveEquipment(who, eq)) return hostRefused('unequip ' + item.name);
  const verb = first == 'mainHand' || first == 'offHand' ? 'put away' : 'take off';
  const mine = Message.kind('info')
    .text('You ' + verb + ' ')
    .styled(item.name, 'item')
    .text('.');
  const theirs = Message.kind('info')
    .name(cmd.actor.name, cmd.actor.id)
    .text(first == 'mainHand' || first == 'offHand' ? ' puts away ' : ' takes off ')
    .styled(item.name, 'item')
    .text('.');
  const payload = new JsonObj().set('actor', who).set('item', item.id).set('slot', first);
  if (!Events.emit('inventory.unequipped', 'room:' + cmd.actor.location!, payload, mine, theirs)) return hostRefused('announce it');
  return OK;
}

/** Remove an item from every slot (it is leaving the character). Returns false when the host refused. */
export function clearSlots(who: string, item: string): bool {
  const eq = equipmentOf(who);
  if (slotOf(eq, item) === null) return true;
  for (let i = 0; i < SLOTS.length; i++) if (eq.getString(SLOTS[i]) == item) eq.remove(SLOTS[i]);
  return saveEquipment(who, eq);
}

function freeOf(eq: JsonValue, allowed: string[]): string | null {
  for (let i = 0; i < allowed.length; i++) if (!eq.has(allowed[i])) return allowed[i];
  return null;
}

function occupied(eq: JsonValue, slot: string): i32 {
  const holder = eq.getString(slot);
  reply(Message.error('Your ' + slotLabel(slot) + ' is already taken' + (holder === null ? '' : ' (' + nameOfAny(holder) + ')') + '; unequip it first.'));
  return OK;
}

function nameOf(who: string, id: string): string {
  const items = itemsIn(who);
  for (let i = 0; i < items.length; i++) if (items[i].id == id) return items[i].name;
  return 'something';
}

function nameOfAny(id: string): string {
  const v = State.getString(id, 'name');
  return v === null ? 'something' : v;
}

function labels(slots: string[]): string {
  const out = new Array<string>();
  for (let i = 0; i < slots.length; i++) out.push(slotLabel(slots[i]));
  return out.join(', ');
}

export function capitalise(s: string): string {
  return s.length == 0 ? s : s.charAt(0).toUpperCase() + s.substring(1);
}

/** The `equipment` / `eq` listing: every slot, then armour and any broken gear. */
export function showEquipment(who: string): Message {
  const eq = equipmentOf(who);
  const items = itemsIn(who);
  const msg = Message.kind('info').styled('You are using:', 'emphasis');
  let armor: f64 = 0;
  for (let i = 0; i < SLOTS.length; i++) {
    msg.newline().text('  ' + pad(LABELS[i], 10) + ' ');
    const id = eq.getString(SLOTS[i]);
    let item: Item | null = null;
    if (id !== null) for (let j = 0; j < items.length; j++) if (items[j].id == id) item = items[j];
    if (item === null) {
      msg.styled('-', 'hint');
      continue;
    }
    msg.styled(item.name, 'item');
    if (SLOTS[i] == 'offHand' && item.twoHanded) msg.text(' (both hands)');
    else if (item.broken) msg.text(' ').styled('(broken)', 'bad');
    if (SLOTS[i] == 'offHand' && item.twoHanded) continue; // counted once, in the main hand
    armor += armorOf(item);
  }
  msg.newline().text('Armour: ' + fmt(armor) + '.');
  return msg;
}

/**
 * Protection an armour piece gives now: armorValue × durability / 100 (7.2's
 * armorReduction × current/max); broken armour gives none (2.3, 7.2).
 */
export function armorOf(item: Item): f64 {
  const base = item.props().getNumber('armorValue', 0);
  if (base <= 0) return 0;
  if (!item.wears) return base;
  return (base * <f64>item.durability) / 100.0;
}

/**
 * Share of its damage a weapon deals now. 2.3 says a broken weapon deals 50%,
 * 7.2 says 0; we keep 2.3's 50% (a broken blade is still a lump of steel, and
 * 0 would make it worse than bare hands) and take 7.2's wear steps above 0:
 * below 50 → 90%, below 25 → 75%.
 */
export function weaponEffectiveness(item: Item): f64 {
  if (!item.wears) return 1;
  const d = item.durability;
  if (d <= 0) return 0.5;
  if (d < 25) return 0.75;
  if (d < 50) return 0.9;
  return 1;
}

export function fmt(x: f64): string {
  const tenths = <i64>Math.round(x * 10);
  const whole = tenths / 10;
  const frac = tenths % 10;
  return whole.toString() + (frac == 0 ? '' : '.' + frac.toString());
}

function pad(s: string, width: i32): string {
  let out = s;
  while (out.length < width) out += ' ';
  return out;
}
