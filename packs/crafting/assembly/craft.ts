/**
 * recipes, craft <recipe>, stop (gameplay-rules §9.2).
 *
 * craft checks the skill, the station, the tool and the ingredients, then
 * starts the work: crafting.work { recipe, room, n } on the character and a
 * timer for when it is done. The materials stay in the pack until then — stop,
 * or walking away, leaves them untouched. When the timer fires the pack checks
 * again, rolls success and quality, and asks the inventory pack to take the
 * ingredients and give the output in one request: a failure spoils the
 * ingredients and makes nothing (§9.3 CraftGoods step 6).
 *
 * success = min(0.98, successRate + 0.01 × (skill − minSkill) + 0.05 × (stationTier − 1) + tool bonus)
 *           (§9.2 SuccessRateFormula: per skill point above the minimum, per
 *           station tier, per tool quality: good +0.05, excellent +0.10)
 * quality  = 1 + floor((skill − minSkill)/25 + u − 0.5) clamped 0–4:
 *           poor, common, good, excellent, masterwork (§9.2's names; §G 7)
 */
import { Command, Events, JsonArr, JsonObj, JsonValue, Message, OK, State, config, fail, lastError, randFloat, reply, schedule, send } from '../../../sdk/assembly';
import { Recipe, itemName, recipe, recipes, stationTier, template } from './book';
import { Need, Picked, bestTool, pickIngredients, rank, unitsOf } from './carried';

export const WORK = 'crafting.work';
const QUALITIES = ['poor', 'common', 'good', 'excellent', 'masterwork'];

function refused(why: string): i32 {
  reply(Message.error(why));
  return OK;
}

function hostRefused(what: string): i32 {
  const err = lastError();
  return fail('CRAFTING_FAILED', 'Something stops you (could not ' + what + (err === null ? '' : ': ' + err.message) + ').');
}

export function skillOf(who: string, skill: string): f64 {
  const levels = State.get(who, 'skills.levels');
  if (levels === null) return 0;
  const s = levels.getObject(skill);
  return s === null ? 0 : s.getNumber('level', 0);
}

function article(noun: string): string {
  return ('aeiou'.includes(noun.charAt(0)) ? 'an ' : 'a ') + noun;
}

function needs(list: Need[]): string {
  const parts = new Array<string>();
  for (let i = 0; i < list.length; i++) parts.push(list[i].count.toString() + ' × ' + itemName(list[i].key));
  return parts.join(', ');
}

function ingredientText(r: Recipe): string {
  const parts = new Array<string>();
  const list = r.ingredients();
  for (let i = 0; i < list.length; i++) {
    const key = list[i].getString('item');
    if (key === null) continue;
    let s = (<i32>list[i].getNumber('count', 1)).toString() + ' × ' + itemName(key);
    const subs = list[i].getArray('substitutes');
    if (subs !== null)
      for (let j = 0; j < subs.length; j++) {
        const k = subs[j].asString();
        if (k !== null) s += ' (or ' + itemName(k) + ')';
      }
    parts.push(s);
  }
  return parts.join(' + ');
}

/** Why `who` cannot make `r` here now ("" when they can). */
function blocker(who: string, room: string, r: Recipe): string {
  const skill = skillOf(who, r.skill);
  if (skill < r.minSkill) return 'it needs ' + r.skill + ' ' + (<i32>r.minSkill).toString() + '; yours is ' + (<i32>skill).toString();
  if (r.station.length > 0 && stationTier(room, r.station) == 0) return 'it needs ' + article(r.station) + ' (there is one in Emberford Square)';
  if (r.toolKind.length > 0 && bestTool(who, r.toolKind).length == 0) return 'it needs ' + article(r.toolKind) + ' in your pack';
  const p = pickIngredients(who, r);
  if (p.missing !== null) return 'you need ' + p.missing!.count.toString() + ' × ' + itemName(p.missing!.key) + ' (you have ' + unitsOf(who, p.missing!.key).toString() + ')';
  return '';
}

function minutes(m: f64): string {
  if (m >= 60 && m % 60 == 0) return (<i32>(m / 60)).toString() + ' h';
  return (<i32>m).toString() + ' min';
}

export function listRecipes(cmd: Command): i32 {
  const all = recipes();
  const msg = Message.kind('info').styled('Recipes you know:', 'emphasis');
  for (let i = 0; i < all.length; i++) {
    const r = all[i];
    const out = r.outputCount > 1 ? r.outputCount.toString() + ' × ' + itemName(r.outputItem) : itemName(r.outputItem);
    msg
      .newline()
      .text('  ')
      .styled(r.name, 'item')
      .text(': ' + ingredientText(r) + ' → ' + out + '; ' + minutes(r.minutes) + ', ' + r.skill + ' ' + (<i32>r.minSkill).toString());
    if (r.toolKind.length > 0) msg.text(', ' + article(r.toolKind));
    if (r.station.length > 0) msg.text(', at ' + article(r.station));
    const why = blocker(cmd.actor.id, cmd.actor.location!, r);
    msg.text(why.length == 0 ? ' — you can make this now' : '');
  }
  msg.newline().text('Type: craft <recipe>.');
  reply(msg);
  return OK;
}

function findRecipe(words: string): Recipe | null {
  const q = words.toLowerCase().trim();
  const all = recipes();
  for (let i = 0; i < all.length; i++) if (all[i].name.toLowerCase() == q || all[i].key == q) return all[i];
  for (let i = 0; i < all.length; i++) if (all[i].name.toLowerCase().includes(q)) return all[i];
  return null;
}

function secondsPerMinute(): f64 {
  const v = config('secondsPerGameMinute');
  return v === null ? 6 : v.asNumber(6);
}

export function craft(cmd: Command): i32 {
  const what = cmd.args.trim();
  if (what.length == 0) return refused('Craft what? Type recipes to see what you can make.');
  const me = cmd.actor.id;
  const busy = State.get(me, WORK);
  if (busy !== null) {
    const r0 = recipe(busy.getString('recipe')!);
    return refused('You are busy making ' + (r0 === null ? 'something' : r0.name) + ' (stop to give up).');
  }
  const r = findRecipe(what);
  if (r === null) return refused('You know no recipe called "' + what + '". Type recipes to see what you can make.');
  const why = blocker(me, cmd.actor.location!, r!);
  if (why.length > 0) return refused("You can't make " + r!.name + ': ' + why + '.');
  const n = <i32>(randFloat() * 1000000000);
  const work = new JsonObj().set('recipe', r!.key).set('room', cmd.actor.location!).set('n', n);
  if (!State.set(me, WORK, work)) return hostRefused('start');
  const delay = <i64>Math.round(r!.minutes * secondsPerMinute() * 1000);
  if (!schedule(delay, 'crafting.done', new JsonObj().set('actor', me).set('n', n))) return hostRefused('start');
  const mine = Message.kind('info').text('You set to work on ' + r!.name + ' (' + minutes(r!.minutes) + ' of work; stop to give up).');
  const seen = Message.kind('info')
    .name(cmd.actor.name, me)
    .text(' sets to work on ' + r!.name + '.');
  if (!Events.emit('crafting.started', 'room:' + cmd.actor.location!, new JsonObj().set('actor', me).set('recipe', r!.key), mine, seen)) return hostRefused('announce it');
  return OK;
}

export function stop(cmd: Command): i32 {
  const w = State.get(cmd.actor.id, WORK);
  if (w === null) return refused('You are not making anything.');
  const r = recipe(w.getString('recipe')!);
  if (!State.del(cmd.actor.id, WORK)) return hostRefused('stop');
  reply(Message.info('You stop working on ' + (r === null ? 'it' : r.name) + '; your materials are untouched.'));
  return OK;
}

/** Walking away interrupts the work (rooms.leave). */
export function onLeave(who: string): i32 {
  const w = State.get(who, WORK);
  if (w === null) return OK;
  const r = recipe(w.getString('recipe')!);
  if (!State.del(who, WORK)) return hostRefused('stop');
  send(who, Message.info('You leave ' + (r === null ? 'your work' : r.name) + ' unfinished; your materials are untouched.'));
  return OK;
}

/** The timer: finish the work (if it is still this work). */
export function onDone(p: JsonValue): i32 {
  const who = p.getString('actor');
  if (who === null) return OK;
  const w = State.get(who, WORK);
  if (w === null || w.getNumber('n', -1) != p.getNumber('n', -2)) return OK; // stopped, or a newer piece of work
  if (!State.del(who, WORK)) return hostRefused('finish');
  const r = recipe(w.getString('recipe')!);
  if (r === null) return OK;
  const room = w.getString('room')!;
  const why = blocker(who, room, r);
  if (why.length > 0) {
    send(who, Message.error('You cannot finish ' + r.name + ': ' + why + '.'));
    return OK;
  }
  const picked: Picked = pickIngredients(who, r);
  const skill = skillOf(who, r.skill);
  const tool = r.toolKind.length == 0 ? 0 : rank(bestTool(who, r.toolKind));
  let chance = r.successRate + 0.01 * (skill - r.minSkill) + (r.station.length > 0 ? 0.05 * <f64>(stationTier(room, r.station) - 1) : 0) + (tool >= 2 ? 0.05 * <f64>(tool - 1) : 0);
  if (chance > 0.98) chance = 0.98;
  const ok = randFloat() < chance;
  const take = new JsonArr();
  for (let i = 0; i < picked.take.length; i++) take.push(new JsonObj().set('key', picked.take[i].key).set('count', picked.take[i].count));
  const req = new JsonObj().set('actor', who).set('take', take);
  let quality = '';
  if (ok) {
    const t = template(r.outputItem);
    if (t === null) return fail('CRAFTING_BAD_WORLD', 'recipe ' + r.key + ' makes unknown item ' + r.outputItem);
    let q = 1 + <i32>Math.floor((skill - r.minSkill) / 25 + randFloat() - 0.5);
    q = q < 0 ? 0 : q > 4 ? 4 : q;
    quality = QUALITIES[q];
    const item = JsonValue.newObject();
    const keys = t.keys();
    for (let i = 0; i < keys.length; i++) item.set(keys[i], t.get(keys[i])!);
    item.set('key', JsonValue.fromString(r.outputItem));
    item.set('count', JsonValue.fromNumber(<f64>r.outputCount));
    const give = JsonValue.newArray();
    give.push(item);
    req.set('give', give);
  }
  if (!Events.emit('crafting.goods', 'char:' + who, req)) return hostRefused('hand it over');
  const out = r.outputCount > 1 ? r.outputCount.toString() + ' × ' + itemName(r.outputItem) : itemName(r.outputItem);
  const payload = new JsonObj().set('actor', who).set('recipe', r.key).set('success', ok).set('quality', quality).set('used', take);
  if (!Events.emit('crafting.made', 'room:' + room, payload)) return hostRefused('announce it');
  if (ok)
    send(
      who,
      Message.kind('info')
        .text('You finish: ')
        .styled(out, 'item')
        .text(' (' + quality + ' work), from ' + needs(picked.take) + '.'),
    );
  else send(who, Message.kind('info').styled('Your ' + r.name + ' comes apart in your hands; the ' + needs(picked.take) + ' are spoiled.', 'bad'));
  const check = new JsonObj()
    .set('actor', who)
    .set('skill', r.skill)
    .set('difficulty', <i32>r.minSkill)
    .set('context', 'crafting.craft')
    .set('ref', r.key)
    .set('quiet', true);
  if (!Events.emit('crafting.skill_check', 'char:' + who, check)) return hostRefused('learn from it');
  return OK;
}
