/**
 * repair <item>: at a station, a worn weapon, armour or tool you carry gets back
 * 25 + smithing/2 points of durability (a smith at 50 restores 50), never above
 * the maximum (100): the inventory pack applies it (crafting.goods `mend`) and
 * refuses to go higher. §9.3's repair cost (2 % of item value) belongs to the
 * economy pack and is not charged here (docs/packs/crafting.md).
 */
import { Command, Events, JsonArr, JsonObj, Message, OK, Query, State, fail, lastError, reply } from '../../../sdk/assembly';
import { anyStation } from './book';
import { skillOf } from './craft';

const ITEM = 'inventory.item';

function refused(why: string): i32 {
  reply(Message.error(why));
  return OK;
}

export function repair(cmd: Command): i32 {
  const what = cmd.args.trim().toLowerCase();
  if (what.length == 0) return refused('Repair what? Type: repair <item> (at a forge or workbench).');
  const me = cmd.actor.id;
  const station = anyStation(cmd.actor.location!);
  if (station.length == 0) return refused('You need a forge or a workbench to repair things; there are both in Emberford Square.');
  const mine = Query.contents(me, 'item');
  for (let i = 0; i < mine.length; i++) {
    if (!mine[i].name.toLowerCase().includes(what)) continue;
    const data = State.get(mine[i].id, ITEM);
    if (data === null) continue;
    if (!data.has('durability')) return refused(capital(mine[i].name) + ' does not wear; there is nothing to repair.');
    const old = <i32>data.getNumber('durability', 100);
    if (old >= 100) return refused(capital(mine[i].name) + ' is in perfect condition already.');
    const gain = 25 + <i32>(skillOf(me, 'smithing') / 2);
    const to = old + gain > 100 ? 100 : old + gain;
    const req = new JsonObj().set('actor', me).set('mend', new JsonArr().push(new JsonObj().set('item', mine[i].id).set('durability', to)));
    if (!Events.emit('crafting.goods', 'char:' + me, req)) return hostRefused('mend it');
    const msg = Message.kind('info').text('At the ' + station + ' you repair ' + mine[i].name + ': condition ' + old.toString() + ' → ' + to.toString() + (to == 100 ? ' (as good as new).' : '.'));
    const seen = Message.kind('info')
      .name(cmd.actor.name, me)
      .text(' repairs ' + mine[i].name + ' at the ' + station + '.');
    const payload = new JsonObj().set('actor', me).set('item', mine[i].id).set('old', old).set('new', to);
    if (!Events.emit('crafting.repaired', 'room:' + cmd.actor.location!, payload, msg, seen)) return hostRefused('announce it');
    const check = new JsonObj().set('actor', me).set('skill', 'smithing').set('difficulty', 10).set('context', 'crafting.repair').set('ref', mine[i].id).set('quiet', true);
    if (!Events.emit('crafting.skill_check', 'char:' + me, check)) return hostRefused('learn from it');
    return OK;
  }
  return refused('You aren\'t carrying anything called "' + cmd.args.trim() + '".');
}

function capital(s: string): string {
  return s.length == 0 ? s : s.charAt(0).toUpperCase() + s.substring(1);
}

function hostRefused(what: string): i32 {
  const err = lastError();
  return fail('CRAFTING_FAILED', 'Something stops you (could not ' + what + (err === null ? '' : ': ' + err.message) + ').');
}
