/** The `inventory` listing and `examine`. */
import { Command, Message, OK, reply } from '../../../sdk/assembly';
import { Item, itemsIn } from './items';
import { itemsList } from './gmcp';
import { parseTarget, pick } from './match';
import { carriedWeight, kg, maxCarry } from './carry';
import { armorOf, capitalise, equipmentOf, fmt, slotLabel, slotOf, verbFor, weaponEffectiveness } from './equip';

/** A word for durability: pristine 100, good ≥ 75, worn ≥ 50, battered ≥ 25, damaged > 0, broken 0. */
export function condition(item: Item): string {
  const d = item.durability;
  if (d >= 100) return 'pristine';
  if (d >= 75) return 'good';
  if (d >= 50) return 'worn';
  if (d >= 25) return 'battered';
  if (d > 0) return 'damaged';
  return 'broken';
}

/** "wielded", "held", "worn". */
function usedAs(item: Item, slot: string): string {
  const verb = verbFor(item, slot);
  return verb == 'wield' ? 'wielded' : verb == 'hold' ? 'held' : 'worn';
}

export function showInventory(cmd: Command): i32 {
  const who = cmd.actor.id;
  const items = itemsIn(who);
  const eq = equipmentOf(who);
  const weight = carriedWeight(who);
  const max = maxCarry(who);
  const msg = Message.kind('info');
  itemsList(who, 'inv', items);
  if (items.length == 0) {
    msg.text('You are carrying nothing (you can carry ' + kg(max) + ').');
    reply(msg);
    return OK;
  }
  msg.styled('You are carrying', 'emphasis').text(' (' + kg(weight) + ' of ' + kg(max) + '):');
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    msg.newline().text('  ').styled(item.label, 'item');
    const slot = slotOf(eq, item.id);
    if (slot !== null) msg.text(' (' + usedAs(item, slot) + ', ' + (item.twoHanded ? 'both hands' : slotLabel(slot)) + ')');
    if (item.wears && item.durability < 100) msg.text(' ').styled('[' + condition(item) + ']', item.broken ? 'bad' : 'hint');
  }
  reply(msg);
  return OK;
}

export function examine(cmd: Command): i32 {
  if (cmd.args.length == 0) {
    reply(Message.error('Examine what?'));
    return OK;
  }
  const t = parseTarget(cmd.args);
  let item = pick(itemsIn(cmd.actor.id), t);
  let where = 'carried';
  const here = cmd.actor.location;
  if (item === null && here !== null) {
    item = pick(itemsIn(here), t);
    where = 'here';
  }
  if (item === null) {
    reply(Message.error('You see no "' + t.text + '" here or in your pack.'));
    return OK;
  }
  reply(describe(cmd.actor.id, item, where));
  return OK;
}

function describe(who: string, item: Item, where: string): Message {
  const p = item.props();
  const msg = Message.kind('info').styled(capitalise(item.label), 'item');
  if (item.desc.length > 0) msg.newline().text(item.desc);

  const facts = new Array<string>();
  const type = item.type;
  if (type == 'weapon') {
    let s = 'A weapon';
    const skill = p.getString('skill');
    if (skill !== null) s += ' (' + capitalise(skill) + ')';
    const dmg = p.getNumber('damage', 0);
    if (dmg > 0) s += ', base damage ' + fmt(dmg);
    facts.push(s + '.');
  } else if (type == 'armor') {
    facts.push('Armour, protection ' + fmt(p.getNumber('armorValue', 0)) + '.');
  }
  const slots = item.slots();
  if (slots.length > 0) {
    const labels = new Array<string>();
    for (let i = 0; i < slots.length; i++) labels.push(slotLabel(slots[i]));
    facts.push('Fits: ' + labels.join(' or ') + (item.twoHanded ? ' (two-handed)' : '') + '.');
  }
  let w = 'Weight ' + kg(item.weight);
  if (item.count > 1) w += ' each, ' + kg(item.totalWeight) + ' in all';
  if (item.stackSize > 1) w += '; stacks to ' + item.stackSize.toString();
  facts.push(w + '.');
  if (item.wears) facts.push('Condition: ' + condition(item) + ' (' + item.durability.toString() + '/100).');
  msg.newline().text(facts.join(' '));

  if (item.broken) {
    if (type == 'weapon') msg.newline().styled('Broken: it deals half damage until repaired.', 'bad');
    else if (type == 'armor') msg.newline().styled('Broken: it gives no protection until repaired.', 'bad');
    else msg.newline().styled('Broken: it is no use until repaired.', 'bad');
  } else if (type == 'weapon' && weaponEffectiveness(item) < 1) {
    msg.newline().styled('Worn: it deals ' + fmt(weaponEffectiveness(item) * 100) + '% damage.', 'hint');
  } else if (type == 'armor' && item.wears && item.durability < 100) {
    msg.newline().styled('Worn: protection ' + fmt(armorOf(item)) + ' of ' + fmt(p.getNumber('armorValue', 0)) + '.', 'hint');
  }
  const req = p.getObject('requires');
  if (req !== null) {
    const skill = req.getString('skill');
    if (skill !== null) msg.newline().text('Requires ' + capitalise(skill) + ' ' + (<i32>req.getNumber('level', 0)).toString() + '.');
  }
  const u = p.getObject('use');
  if (u !== null) {
    const hint = u.getString('hint');
    if (hint !== null) msg.newline().styled(hint, 'hint');
  }
  const slot = slotOf(equipmentOf(who), item.id);
  if (slot !== null) msg.newline().styled('You ' + verbFor(item, slot) + ' it (' + slotLabel(slot) + ').', 'hint');
  else if (where == 'here') msg.newline().styled('It lies here.', 'hint');
  return msg;
}
