/** The player's side of combat: attack/kill, quick, heavy, defend, flee, with §7.1's checks. */
import { Command, Message, OK, Query, State, now, reply } from '../../../sdk/assembly';
import { fighterOf, the, The } from './fighter';
import { Combatant, PVP, has, readCombatant, readEffects } from './state';
import { MIN_GAP } from './rules';
import { engage, queue, settleHealth } from './fight';
import { findIn } from './targets';
import { isSafe, pvpAllowed } from './world';
import { tell, tellRoom } from './show';

function no(text: string): i32 {
  reply(Message.error(text));
  return OK;
}

function ing(action: string): string {
  if (action == 'quick') return 'a quick attack';
  if (action == 'heavy') return 'a heavy attack';
  if (action == 'defend') return 'to defend';
  if (action == 'flee') return 'to flee';
  return 'an attack';
}

/** §7.1 CanQueueAction: stunned, an explicit action unresolved, < 200 ms since the last. */
function refusal(c: Combatant | null, id: string, t: f64): string {
  if (has(readEffects(id), 'stun', t)) return 'You are stunned and cannot act.';
  if (c === null) return '';
  if (c.action.length > 0 && !c.auto) {
    const left = <i64>Math.ceil(c.executeAt - t);
    return 'You are already getting ready ' + ing(c.action) + ' (' + (left > 0 ? left : 0).toString() + ' ms to go): wait for it.';
  }
  if (t - c.last < MIN_GAP) return 'Too soon: wait a moment between actions (at least ' + (<i64>MIN_GAP).toString() + ' ms).';
  return '';
}

export function attack(cmd: Command, action: string): i32 {
  const here = cmd.actor.location;
  if (here === null) return no('There is nothing to fight here.');
  const t = <f64>now();
  const f = fighterOf(cmd.actor.id);
  if (f === null) return no('You are not in the world right now.');
  const c = readCombatant(cmd.actor.id);
  let target = '';
  if (cmd.args.length == 0) {
    if (c === null || c.target.length == 0) return no((action == 'attack' ? 'Attack' : action == 'quick' ? 'Quick-attack' : 'Heavy-attack') + ' whom? Type ' + action + ' <name>, e.g. ' + action + ' rat.');
    target = c.target;
  } else {
    const found = findIn(here!, cmd.args);
    if (found === null) return no('There is no "' + cmd.args + '" here to attack.');
    target = found.id;
  }
  if (target == cmd.actor.id) return no("You can't attack yourself.");
  const tf = fighterOf(target);
  if (tf === null || tf.room != here!) return no('There is no "' + cmd.args + '" here to attack.');
  if (isSafe(here!)) {
    const room = Query.entity(here!);
    return no((room === null ? 'This' : room.name) + ' is a safe place: no fighting here.');
  }
  // PvP rules are for players attacking players; a creature attacking a character is the game.
  if (tf.kind == 'character' && f.kind == 'character') {
    if (!pvpAllowed()) return no("You can't attack other players in this world.");
    if (State.get(f.id, PVP) === null) return no('You have not agreed to fight players: type pvp on first.');
    if (State.get(tf.id, PVP) === null) return no(tf.name + ' has not agreed to fight players (they can type pvp on).');
  }
  const why = refusal(c, f.id, t);
  if (why.length > 0) return no(why);
  const starting = c === null || c.target != target;
  const me = c === null ? new Combatant() : c!;
  if (c === null) settleHealth(f, t);
  me.mode = 'fighting';
  queue(f, me, action, target, t, false);
  engage(target, f.id, t);
  const ms = <i64>(me.executeAt - t);
  reply(Message.kind('combat').text('You get ready ' + ing(action) + ' on ' + the(tf) + ' (' + ms.toString() + ' ms).'));
  if (starting) {
    tellRoom(here!, The(f) + ' attacks ' + the(tf) + '!', f.id, tf.id);
    tell(tf.id, The(f) + ' attacks you!', 'bad');
  }
  return OK;
}

export function defend(cmd: Command): i32 {
  return other(cmd, 'defend');
}

export function flee(cmd: Command): i32 {
  return other(cmd, 'flee');
}

function other(cmd: Command, action: string): i32 {
  const t = <f64>now();
  const c = readCombatant(cmd.actor.id);
  if (c === null) return no(action == 'flee' ? 'You are not fighting anyone: just walk away.' : 'You are not fighting anyone.');
  const why = refusal(c, cmd.actor.id, t);
  if (why.length > 0) return no(why);
  const f = fighterOf(cmd.actor.id);
  if (f === null) return no('You are not in the world right now.');
  queue(f, c, action, '', t, false);
  const ms = <i64>(c.executeAt - t);
  reply(Message.kind('combat').text(action == 'flee' ? 'You look for a way out (' + ms.toString() + ' ms)…' : 'You get ready to defend (' + ms.toString() + ' ms).'));
  return OK;
}
