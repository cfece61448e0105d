/**
 * give <item> to <name> / give <n> <item> to <name>: hand something to a
 * character or an NPC in the same room, within their carry limit. The giver
 * sees their line, the receiver theirs, the room that it happened. Gifts to
 * NPCs matter to the memory and relationships packs (inventory.given).
 */
import { Command, Events, JsonObj, Message, OK, Query, reply, send } from '../../../sdk/assembly';
import { itemsIn } from './items';
import { parseTarget, pick } from './match';
import { moveUnits } from './stacks';
import { carriedWeight, kg, maxCarry } from './carry';
import { equipmentOf, slotOf, verbFor } from './equip';
import { hostRefused, notCarried } from './common';

export function give(cmd: Command): i32 {
  const here = cmd.actor.location!;
  const args = cmd.args;
  const at = args.toLowerCase().lastIndexOf(' to ');
  if (at <= 0) {
    reply(Message.error('Give what to whom? Type: give <item> to <name>'));
    return OK;
  }
  const who = args
    .substring(at + 4)
    .trim()
    .toLowerCase();
  const t = parseTarget(args.substring(0, at));
  if (t.all) {
    reply(Message.error('Give things one at a time: give <item> to <name>'));
    return OK;
  }
  if (who == 'me' || who == 'self' || who == 'myself') {
    reply(Message.error('You already have it.'));
    return OK;
  }
  // Characters online first, then NPCs (townsfolk take gifts; issue 20).
  const people = Query.contents(here, 'character', 1, '', 50).concat(Query.contents(here, 'npc', -1, '', 50));
  let target: string | null = null;
  let targetName = '';
  let targetIsNpc = false;
  for (let i = 0; i < people.length && target === null; i++) {
    const n = people[i].name.toLowerCase();
    if (n == who || (who.length >= 2 && n.startsWith(who))) {
      target = people[i].id;
      targetName = people[i].name;
      targetIsNpc = people[i].kind == 'npc';
    }
  }
  if (target === null) {
    reply(Message.error('There is no one called "' + clip(args.substring(at + 4).trim(), 40) + '" here.'));
    return OK;
  }
  if (target == cmd.actor.id) {
    reply(Message.error('You already have it.'));
    return OK;
  }
  const item = pick(itemsIn(cmd.actor.id), t);
  if (item === null) return notCarried(cmd, t);
  const slot = slotOf(equipmentOf(cmd.actor.id), item.id);
  if (slot !== null) {
    reply(Message.error('You ' + verbFor(item, slot) + ' ' + item.name + '; unequip it first.'));
    return OK;
  }
  const n = t.count == -1 ? item.count : t.count;
  if (n <= 0 || n > item.count) {
    reply(Message.error(n <= 0 ? 'How many?' : 'You have only ' + item.count.toString() + ': ' + item.label + '.'));
    return OK;
  }
  const label = n > 1 ? item.name + ' (x' + n.toString() + ')' : item.name;
  const weight = item.weight * <f64>n;
  const carried = carriedWeight(target!);
  const max = maxCarry(target!);
  if (carried + weight > max) {
    reply(Message.error(targetName + " can't carry " + label + ': it weighs ' + kg(weight) + ' and they already carry ' + kg(carried) + ' of their ' + kg(max) + '.'));
    return OK;
  }
  const held = moveUnits(item, n, target!);
  if (held === null) return hostRefused('give ' + item.name);
  const actor = cmd.actor;
  const mine = Message.kind('info').text('You give ').styled(label, 'item').text(' to ').name(targetName, target!).text('.');
  const payload = new JsonObj().set('actor', actor.id).set('to', target!).set('item', held.id).set('count', n);
  if (!Events.emit('inventory.given', 'room:' + here, payload, mine, null)) return hostRefused('announce it');
  if (!targetIsNpc && !send(target!, Message.kind('info').name(actor.name, actor.id).text(' gives you ').styled(label, 'item').text('.'))) return hostRefused('tell ' + targetName);
  const seen = Message.kind('info').name(actor.name, actor.id).text(' gives ').styled(label, 'item').text(' to ').name(targetName, target!).text('.');
  if (!send('room:' + here, seen, [actor.id, target!])) return hostRefused('announce it');
  return OK;
}

function clip(s: string, n: i32): string {
  return s.length <= n ? s : s.substring(0, n) + '…';
}
