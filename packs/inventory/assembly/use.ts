/**
 * use, durability and skill checks.
 *
 * `properties.use` says what using an item does:
 *   { "action": "eat" | "drink" }                       consume one unit
 *   { "action": "train", "skill", "difficulty", "equipped": true, "wear": 1 }
 *       practise with it (a weapon drill counts as an attack: −wear durability)
 *   { "action": "sharpen", "skill", "difficulty", "restore": 10, "wear": 10 }
 *       a whetstone: restore durability of the wielded weapon, wearing the stone
 * plus optional "text" (what the user reads) and "others" (what the room reads
 * after the user's name), and "effect" (recorded in inventory.used).
 *
 * Skill checks go through the skills pack's event API: emit
 * inventory.skill_check, and the answer (skills.check_result) comes back to
 * onCheckResult in the same transaction. Without the skills pack, items work
 * the same minus the critical bonuses and the experience.
 */
import { Command, Events, GameEvent, JsonObj, JsonValue, Message, OK, Query, config, reply, send } from '../../../sdk/assembly';
import { Item, MAX_DURABILITY, itemOf, itemsIn } from './items';
import { parseTarget, pick } from './match';
import { consume } from './stacks';
import { clearSlots, equipmentOf, slotOf, wielded } from './equip';
import { hostRefused, notCarried } from './common';

export const CONTEXT_TRAIN = 'inventory.train';
export const CONTEXT_SHARPEN = 'inventory.sharpen';

export function use(cmd: Command): i32 {
  if (cmd.args.length == 0) {
    reply(Message.error('Use what?'));
    return OK;
  }
  const who = cmd.actor.id;
  const t = parseTarget(cmd.args);
  const item = pick(itemsIn(who), t);
  if (item === null) return notCarried(cmd, t);
  const u = item.props().getObject('use');
  let action: string | null = null;
  if (u !== null) action = u.getString('action');
  if (u === null || action === null) {
    reply(Message.error("You can't think of a way to use " + item.name + '.'));
    return OK;
  }
  if (item.broken) {
    reply(Message.error('The ' + item.bare + ' is broken; it needs repairing before it is any use.'));
    return OK;
  }
  if (action == 'eat' || action == 'drink') return consumeOne(cmd, item, u, action);
  if (action == 'train') return train(cmd, item, u);
  if (action == 'sharpen') return sharpen(cmd, item, u);
  reply(Message.error("You can't think of a way to use " + item.name + '.'));
  return OK;
}

function textOr(u: JsonValue, key: string, fallback: string): string {
  const s = u.getString(key);
  return s === null ? fallback : s;
}

function announceUse(cmd: Command, item: Item, u: JsonValue, effect: string, mineText: string, othersText: string): bool {
  const mine = Message.kind('info').text(textOr(u, 'text', mineText));
  const theirs = Message.kind('info')
    .name(cmd.actor.name, cmd.actor.id)
    .text(' ' + textOr(u, 'others', othersText));
  const payload = new JsonObj()
    .set('actor', cmd.actor.id)
    .set('item', item.id)
    .set('effect', textOr(u, 'effect', effect));
  return Events.emit('inventory.used', 'room:' + cmd.actor.location!, payload, mine, theirs);
}

function consumeOne(cmd: Command, item: Item, u: JsonValue, action: string): i32 {
  const verb = action == 'eat' ? 'eat' : 'drink';
  // Announce first: the event names the item while it still exists.
  if (!announceUse(cmd, item, u, action == 'eat' ? 'nourish' : 'refresh', 'You ' + verb + ' the ' + item.bare + '.', verb + 's ' + item.name + '.')) return hostRefused('announce it');
  if (item.count > 1) {
    item.count = item.count - 1;
    if (!item.save()) return hostRefused('use ' + item.name);
    return OK;
  }
  if (!clearSlots(cmd.actor.id, item.id)) return hostRefused('use ' + item.name);
  if (!consume(item)) return hostRefused('use ' + item.name);
  return OK;
}

function train(cmd: Command, item: Item, u: JsonValue): i32 {
  const who = cmd.actor.id;
  if (u.getBool('equipped', true) && slotOf(equipmentOf(who), item.id) === null) {
    reply(Message.error('You need to ' + (item.type == 'weapon' ? 'wield' : 'hold') + ' the ' + item.bare + ' first (equip ' + firstWord(item) + ').'));
    return OK;
  }
  if (!announceUse(cmd, item, u, 'train', 'You practise with the ' + item.bare + '.', 'practises with ' + item.name + '.')) return hostRefused('announce it');
  if (!wear(item, <i32>u.getNumber('wear', 1), 'use', cmd)) return hostRefused('wear ' + item.name);
  const skill = u.getString('skill');
  if (skill !== null && !requestCheck(who, skill, u.get('difficulty'), CONTEXT_TRAIN, item.id)) return hostRefused('train');
  return OK;
}

function sharpen(cmd: Command, stone: Item, u: JsonValue): i32 {
  const who = cmd.actor.id;
  const blade = wielded(who);
  if (blade === null) {
    reply(Message.error('You are not wielding anything to sharpen.'));
    return OK;
  }
  if (!blade.wears) {
    reply(Message.error('The ' + blade.bare + ' needs no sharpening.'));
    return OK;
  }
  if (blade.broken) {
    reply(Message.error('The ' + blade.bare + ' is broken; a whetstone cannot mend it. It needs a smith.'));
    return OK;
  }
  if (blade.durability >= MAX_DURABILITY) {
    reply(Message.error('The ' + blade.bare + ' is already as keen as it will get.'));
    return OK;
  }
  if (!announceUse(cmd, stone, u, 'sharpen', 'You draw the ' + stone.bare + ' along the ' + blade.bare + ' until the edge gleams.', 'sharpens ' + blade.name + ' with ' + stone.name + '.')) return hostRefused('announce it');
  if (!changeDurability(blade, <i32>u.getNumber('restore', 10), 'sharpen', cmd.actor.id, cmd.actor.name, cmd.actor.location!)) return hostRefused('sharpen ' + blade.name);
  if (!wear(stone, <i32>u.getNumber('wear', 10), 'use', cmd)) return hostRefused('wear ' + stone.name);
  const skill = u.getString('skill');
  if (skill !== null && !requestCheck(who, skill, u.get('difficulty'), CONTEXT_SHARPEN, blade.id)) return hostRefused('sharpen');
  return OK;
}

function firstWord(item: Item): string {
  const words = item.bare.split(' ');
  return words[words.length - 1].toLowerCase();
}

/** Ask the skills pack for a check (inventory.skill_check); the answer arrives at onCheckResult. */
export function requestCheck(who: string, skill: string, difficulty: JsonValue | null, context: string, ref: string): bool {
  const d = difficulty === null ? JsonValue.fromNumber(30) : difficulty;
  const payload = new JsonObj().set('actor', who).set('skill', skill).set('difficulty', d).set('context', context).set('ref', ref);
  return Events.emit('inventory.skill_check', 'char:' + who, payload);
}

/** Wear an item by `amount` (durability never goes below 0). */
export function wear(item: Item, amount: i32, reason: string, cmd: Command): bool {
  if (!item.wears || amount <= 0 || item.durability == 0) return true;
  return changeDurability(item, -amount, reason, cmd.actor.id, cmd.actor.name, cmd.actor.location!);
}

/**
 * Change durability by `delta` within 0–100 and emit inventory.durability_changed;
 * reaching 0 breaks the item, which everyone in the room sees.
 */
export function changeDurability(item: Item, delta: i32, reason: string, who: string, whoName: string, here: string, direct: bool = false): bool {
  if (!item.wears) return true; // no durability: it never wears (a fumble included)
  const old = item.durability;
  let now = old + delta;
  if (now < 0) now = 0;
  if (now > MAX_DURABILITY) now = MAX_DURABILITY;
  if (now == old) return true;
  item.durability = now;
  if (!item.save()) return false;
  const payload = new JsonObj().set('item', item.id).set('actor', who).set('old', old).set('new', now).set('reason', reason);
  if (now == 0) {
    const mine = Message.kind('info').styled('Your ' + item.bare + ' breaks!', 'bad');
    const theirs = Message.kind('info')
      .name(whoName, who)
      .text("'s " + item.bare + ' breaks.');
    if (direct) {
      // Asked by another pack's event (a blow in a combat tick): the event has no
      // character actor to show `mine` to, so both lines are sent.
      if (!Events.emit('inventory.durability_changed', 'room:' + here, payload)) return false;
      return send(who, mine) && send('room:' + here, theirs, [who]);
    }
    return Events.emit('inventory.durability_changed', 'room:' + here, payload, mine, theirs);
  }
  return Events.emit('inventory.durability_changed', 'room:' + here, payload);
}

function fumbleWear(): i32 {
  const v = config('fumbleWear');
  return v === null ? 2 : <i32>v.asNumber(2);
}

/**
 * The skills pack answered a check this pack asked for. Critical results have
 * effects beyond the experience the skills pack already awarded:
 *   train, critical failure: a fumble, the item loses `fumbleWear` more (2, so
 *     3 in all: 7.2's durability list and tests; its crit section says 2)
 *   sharpen, critical success: the blade gains the stone's `restore` again
 *   sharpen, critical failure: the stone slips and nicks the blade (−2)
 */
export function onCheckResult(event: GameEvent): i32 {
  const p = event.payload;
  const context = p.getString('context');
  if (context === null || (context != CONTEXT_TRAIN && context != CONTEXT_SHARPEN)) return OK;
  const critical = p.getString('critical');
  if (critical === null || critical == 'none') return OK;
  const who = p.getString('actor');
  const ref = p.getString('ref');
  if (who === null || ref === null) return OK;
  const info = Query.entity(ref);
  if (info === null || info.location != who) return OK;
  const item = itemOf(ref, info.name);
  if (item === null) return OK;
  const actor = Query.entity(who);
  if (actor === null || actor.location === null) return OK;
  const here = actor.location!;
  if (context == CONTEXT_TRAIN && critical == 'failure') {
    send(who, Message.kind('info').styled('You fumble, and the ' + item.bare + ' takes a knock.', 'bad'));
    if (!changeDurability(item, -fumbleWear(), 'fumble', who, actor.name, here)) return hostRefused('wear ' + item.name);
  } else if (context == CONTEXT_SHARPEN) {
    if (critical == 'success') {
      const stone = stoneRestore(who);
      send(who, Message.kind('info').styled('You hone a masterful edge.', 'good'));
      if (!changeDurability(item, stone, 'sharpen', who, actor.name, here)) return hostRefused('sharpen ' + item.name);
    } else {
      send(who, Message.kind('info').styled('The stone slips and nicks the blade.', 'bad'));
      if (!changeDurability(item, -2, 'fumble', who, actor.name, here)) return hostRefused('sharpen ' + item.name);
    }
  }
  return OK;
}

/** The restore of the first whetstone-like item the character carries (10 if none is found). */
function stoneRestore(who: string): i32 {
  const items = itemsIn(who);
  for (let i = 0; i < items.length; i++) {
    const u = items[i].props().getObject('use');
    if (u !== null && u.getString('action') == 'sharpen') return <i32>u.getNumber('restore', 10);
  }
  return 10;
}
