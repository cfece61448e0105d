/**
 * gather / harvest / mine [<node>] and survey (gameplay-rules §9.1).
 * One action takes up to `perAction` units × efficiency from the node; the
 * units go to the character through the inventory pack (resources.goods), the
 * skill gets its experience through the skills pack (resources.skill_check).
 */
import { Command, Events, JsonObj, JsonValue, Message, OK, State, fail, lastError, randFloat, reply } from '../../../sdk/assembly';
import { Node, nodesIn, verbFits } from './node';
import { gameNow } from './clock';
import { failChance, finalYield } from './yield';
import { catalogueItem, toolTier } from './rules';

const DAY_MS: f64 = 86400000;

function refused(why: string): i32 {
  reply(Message.error(why));
  return OK;
}

function hostRefused(what: string): i32 {
  const err = lastError();
  return fail('RESOURCES_FAILED', 'Something stops you (could not ' + what + (err === null ? '' : ': ' + err.message) + ').');
}

function skillOf(who: string, skill: string): f64 {
  const levels = State.get(who, 'skills.levels');
  if (levels === null) return 0;
  const s = levels.getObject(skill);
  return s === null ? 0 : s.getNumber('level', 0);
}

function matches(query: string, name: string): bool {
  const q = query.toLowerCase().split(' ');
  const n = name.toLowerCase();
  let used = 0;
  for (let i = 0; i < q.length; i++) {
    if (q[i].length == 0 || q[i] == 'the' || q[i] == 'some') continue;
    used++;
    if (!n.includes(q[i])) return false;
  }
  return used > 0;
}

/** The wielded item's key and durability, if it is a tool of `kind`. */
function toolFor(who: string, kind: string): string {
  if (kind.length == 0) return '';
  const eq = State.get(who, 'inventory.equipment');
  if (eq === null) return '';
  const slots = ['mainHand', 'offHand'];
  for (let i = 0; i < slots.length; i++) {
    const id = eq.getString(slots[i]);
    if (id === null) continue;
    const item = State.get(id, 'inventory.item');
    if (item === null) continue;
    if (item.has('durability') && item.getNumber('durability', 100) <= 0) continue; // broken: no tool
    const key = item.getString('key');
    if (key === null) continue;
    if (toolTier(key, kind).length > 0) return key;
  }
  return '';
}

/** "axe" → "an axe", "pick" → "a pick". */
function article(noun: string): string {
  const c = noun.charAt(0);
  return ('aeiou'.includes(c) ? 'an ' : 'a ') + noun;
}

function days(ms: f64): string {
  const d = Math.ceil(ms / DAY_MS);
  return d <= 1 ? 'a day' : (<i32>d).toString() + ' days';
}

export function harvest(cmd: Command): i32 {
  const verb = cmd.verb;
  const here = cmd.actor.location!;
  const t = gameNow();
  const nodes = nodesIn(here, t);
  const want = cmd.args.trim();
  let node: Node | null = null;
  let other: Node | null = null;
  for (let i = 0; i < nodes.length && node === null; i++) {
    const n = nodes[i];
    if (want.length > 0 && !matches(want, n.name) && !matches(want, n.item)) continue;
    if (verbFits(verb, n)) node = n;
    else if (other === null) other = n;
  }
  if (node === null) {
    if (other !== null) return refused("You can't " + verb + ' ' + other!.name + '; try ' + (other!.mineral ? 'mine' : 'gather') + '.');
    if (want.length > 0) return refused('There is nothing called "' + want + '" to ' + verb + ' here. Type survey to see what this place holds.');
    return refused('There is nothing to ' + verb + ' here. Type survey to see what this place holds.');
  }
  const n = node!;
  if (n.available < 1) {
    const wait = n.regrowsIn(t);
    return refused(n.name.charAt(0).toUpperCase() + n.name.substring(1) + (wait < 0 ? ' is worked out; nothing more will come of it.' : ' is stripped bare; it will grow back' + (wait > 0 ? ' in about ' + days(wait) : '') + '.'));
  }
  const template = catalogueItem(n.item);
  if (template === null) return fail('RESOURCES_BAD_WORLD', 'node ' + n.name + ' yields unknown item ' + n.item);
  const me = cmd.actor.id;
  const skill = skillOf(me, n.skill);
  const tool = toolFor(me, n.tool);
  // A node that names no tool is worked by hand at "good" (1.0): §9.1's "no tool
  // 0.5×" is for work a tool is made for (felling, mining), not picking up sticks.
  const tier = n.tool.length == 0 ? 'good' : tool.length == 0 ? 'none' : toolTier(tool, n.tool);
  const failed = randFloat() < failChance(skill, n.minSkill);
  const count = failed ? 0 : finalYield(n.num('perAction', 3), n.quantity, skill, tier, randFloat(), n.num('depth', 0), n.num('grade', 1));
  // §9.1: a failure yields nothing and still starts the cooldown.
  n.setNum('quantity', n.quantity - <f64>count);
  n.setNum('lastHarvested', t);
  if (!n.save()) return hostRefused('work ' + n.name);
  const name = template!.getString('name')!;
  const label = count == 1 ? name : count.toString() + ' × ' + name;
  let mine: Message;
  if (failed) mine = Message.kind('info').text('You work at ' + n.name + ' but come away with nothing this time' + (skill < n.minSkill ? ' (it needs more ' + n.skill + ' than you have)' : '') + '.');
  else if (count == 0) mine = Message.kind('info').text('You work at ' + n.name + ' but find nothing worth taking' + (tool.length == 0 && n.tool.length > 0 ? ' — ' + article(n.tool) + ' would help' : '') + '.');
  else
    mine = Message.kind('info')
      .text('You ' + verb + ' ')
      .styled(label, 'item')
      .text(' from ' + n.name + (tool.length == 0 && n.tool.length > 0 ? ' with your bare hands (' + article(n.tool) + ' would help)' : '') + '.');
  const seen = Message.kind('info')
    .name(cmd.actor.name, me)
    .text(' works at ' + n.name + '.');
  const payload = new JsonObj().set('actor', me).set('node', n.id).set('item', n.item).set('count', count).set('failed', failed);
  if (!Events.emit('resources.harvested', 'room:' + here, payload, mine, seen)) return hostRefused('announce it');
  if (count > 0) {
    const item = JsonValue.newObject();
    const keys = template!.keys();
    for (let i = 0; i < keys.length; i++) item.set(keys[i], template!.get(keys[i])!);
    item.set('key', JsonValue.fromString(n.item));
    item.set('count', JsonValue.fromNumber(<f64>count));
    const give = JsonValue.newArray();
    give.push(item);
    if (!Events.emit('resources.goods', 'char:' + me, new JsonObj().set('actor', me).set('give', give))) return hostRefused('hand it over');
  }
  const check = new JsonObj()
    .set('actor', me)
    .set('skill', n.skill)
    .set('difficulty', <i32>n.minSkill)
    .set('context', 'resources.harvest')
    .set('ref', n.id)
    .set('quiet', true);
  if (!Events.emit('resources.skill_check', 'char:' + me, check)) return hostRefused('learn from it');
  return OK;
}

function plenty(n: Node): string {
  const share = n.quantity / n.max;
  if (n.available < 1) return 'none left';
  if (share > 0.66) return 'plenty';
  if (share > 0.33) return 'some';
  return 'a little';
}

export function survey(cmd: Command): i32 {
  const t = gameNow();
  const nodes = nodesIn(cmd.actor.location!, t);
  if (nodes.length == 0) return refused('You look around: nothing here worth gathering, harvesting or mining.');
  const msg = Message.kind('info').styled('You survey the place:', 'emphasis');
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    const how = n.mineral ? 'mine' : 'gather';
    const template = catalogueItem(n.item);
    const item = template === null ? n.item : template!.getString('name')!;
    msg
      .newline()
      .text('  ' + n.name + ' (' + n.type + ', ' + n.rarity.replace('_', ' ') + '): ' + plenty(n) + ' (' + n.available.toString() + '/' + (<i32>n.max).toString() + ') — ' + how + ' for ')
      .styled(item, 'item');
    msg.text('; ' + n.skill + (n.minSkill > 0 ? ' ' + (<i32>n.minSkill).toString() : '') + (n.tool.length > 0 ? ', ' + article(n.tool) + ' helps' : ''));
    const wait = n.regrowsIn(t);
    if (n.available < <i32>n.max && wait > 0) msg.text(' (regrows in about ' + days(wait) + ')');
    else if (wait < 0 && n.available < <i32>n.max) msg.text(' (does not regrow)');
  }
  for (let i = 0; i < nodes.length; i++) if (nodes[i].grew && !nodes[i].save()) return hostRefused('survey');
  reply(msg);
  return OK;
}
