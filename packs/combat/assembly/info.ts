/** hp, consider, loot, pvp. */
import { Command, Message, OK, Query, State, now, reply } from '../../../sdk/assembly';
import { Fighter, fighterOf, The } from './fighter';
import { CORPSE, PVP, STATE, readEffects } from './state';
import { currentHp } from './fight';
import { attributeModifier, skillModifier, armorReduction } from './rules';
import { nameOf } from './status';
import { bar, vitals, whole, tellRoom } from './show';
import { findIn } from './targets';
import { isSafe, pvpAllowed } from './world';

function no(text: string): i32 {
  reply(Message.error(text));
  return OK;
}

/** "Health [##########----------] 250/500 — regenerating 5/s." with Char.Vitals. */
export function hp(cmd: Command): i32 {
  const f = fighterOf(cmd.actor.id, false);
  if (f === null) return no('You are not in the world right now.');
  const t = <f64>now();
  const cur = currentHp(f, t);
  const fighting = State.get(f.id, STATE) !== null;
  const msg = Message.kind('info')
    .styled('Health ', 'emphasis')
    .text(bar(cur, f.maxHp) + ' ' + whole(cur).toString() + '/' + whole(f.maxHp).toString());
  if (fighting) msg.text(' — you are fighting.');
  else if (cur >= f.maxHp) msg.text(' — you are unhurt.');
  else msg.text(' — recovering ' + (isSafe(f.room) ? 'quickly here' : 'slowly (faster in the tavern)') + '.');
  const fx = readEffects(f.id);
  for (let i = 0; i < fx.length; i++) {
    if (fx[i].until <= t) continue;
    msg.newline().text('You are ' + nameOf(fx[i].k) + ' (' + (<i64>Math.ceil((fx[i].until - t) / 1000)).toString() + ' s left).');
  }
  msg.data('Char.Vitals', vitals(cur, f.maxHp));
  reply(msg);
  return OK;
}

/** Average damage of `a`'s normal blow on `b` (roll 50.5, no crits). */
function average(a: Fighter, b: Fighter): f64 {
  const d = a.weaponBase * skillModifier(a.skill) * attributeModifier(a.weaponType, a.might, a.agility) * 0.505;
  return d * (1.0 - armorReduction(a.weaponType, b.armorClass, b.armorDurability));
}

/** How a fight would go: blows each side needs, from average damage and HP now. */
export function consider(cmd: Command): i32 {
  const here = cmd.actor.location;
  if (here === null) return no('There is no one here.');
  if (cmd.args.length == 0) return no('Consider whom? Type consider <name>, e.g. consider rat.');
  const found = findIn(here!, cmd.args);
  if (found === null) return no('There is no "' + cmd.args + '" here.');
  if (found.id == cmd.actor.id) return no("You consider yourself. You'll do.");
  const me = fighterOf(cmd.actor.id);
  const them = fighterOf(found.id);
  if (me === null || them === null) return no('There is no "' + cmd.args + '" here.');
  const t = <f64>now();
  const mine = Math.max(1, Math.ceil(currentHp(them!, t) / Math.max(1, average(me!, them!))));
  const theirs = Math.max(1, Math.ceil(currentHp(me!, t) / Math.max(1, average(them!, me!))));
  const ratio = theirs / mine;
  let verdict = '';
  if (ratio >= 4) verdict = 'an easy fight';
  else if (ratio >= 1.5) verdict = 'a fair fight you should win';
  else if (ratio >= 0.8) verdict = 'an even match';
  else if (ratio >= 0.3) verdict = 'a hard fight: bring friends';
  else verdict = 'certain death';
  reply(Message.kind('info').text(The(them!) + ' looks like ' + verdict + ': you would need about ' + (<i64>mine).toString() + (mine == 1 ? ' blow' : ' blows') + '; ' + (them!.kind == 'npc' ? 'it' : 'they') + ' would need about ' + (<i64>theirs).toString() + '.'));
  return OK;
}

/** Tip a corpse's belongings onto the floor, where `get` picks them up under the carry rules. */
export function loot(cmd: Command): i32 {
  const here = cmd.actor.location;
  if (here === null) return no('There is nothing here.');
  const corpses = Query.contents(here!, 'corpse', -1, '', 50);
  if (corpses.length == 0) return no('There is no corpse here to loot.');
  let pick = corpses[0];
  if (cmd.args.length > 0) {
    const want = cmd.args.toLowerCase();
    let hit = false;
    for (let i = 0; i < corpses.length; i++) {
      if (corpses[i].name.toLowerCase().includes(want.startsWith('corpse') ? 'corpse' : want)) {
        pick = corpses[i];
        hit = true;
        break;
      }
    }
    if (!hit) return no('There is no "' + cmd.args + '" here to loot.');
  }
  if (State.get(pick.id, CORPSE) === null) return no('There is nothing left of it.');
  const things = Query.contents(pick.id, 'item', -1, '', 32);
  if (things.length == 0) {
    reply(Message.info('You search ' + pick.name + ' and find nothing.'));
    return OK;
  }
  const msg = Message.kind('info').text('You search ' + pick.name + ': ');
  for (let i = 0; i < things.length; i++) {
    State.move(things[i].id, here!);
    if (i > 0) msg.text(i == things.length - 1 ? ' and ' : ', ');
    msg.ref(things[i].name, 'item', things[i].id);
  }
  msg.text(things.length == 1 ? ' falls to the ground.' : ' fall to the ground.');
  reply(msg);
  tellRoom(here!, cmd.actor.name + ' searches ' + pick.name + '.', cmd.actor.id, '');
  return OK;
}

export function pvp(cmd: Command): i32 {
  const a = cmd.args.toLowerCase();
  if (a == 'on') {
    if (!pvpAllowed()) return no('Player-versus-player fighting is not enabled in this world.');
    State.set(cmd.actor.id, PVP, true);
    reply(Message.info('You will fight other players who have agreed to as well (pvp off to stop).'));
  } else if (a == 'off') {
    State.del(cmd.actor.id, PVP);
    reply(Message.info('You will not fight other players.'));
  } else {
    const on = State.get(cmd.actor.id, PVP) !== null;
    reply(Message.info('Player fights are ' + (pvpAllowed() ? 'allowed here' : 'not enabled in this world') + '; you have ' + (on ? '' : 'not ') + 'agreed (pvp on|off).'));
  }
  return OK;
}
