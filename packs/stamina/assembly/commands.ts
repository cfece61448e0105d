/**
 * `stamina`, the four gaits (`walk`, `run`, `sneak`, `sprint` set how you move
 * from now on), `rest` and `stand`.
 */
import { Command, JsonValue, Message, OK, State, config, fail, lastError, reply } from '../../../sdk/assembly';
import { gameNow, paused } from './clock';
import { costPerMetre, ing, speedFactor } from './gaits';
import { changed, whole } from './move';
import { currentAt, rateOf, readPool, restMultiplier, save, settle, statsOf } from './pool';
import { describe, one } from './status';

const ROOM_KEY = 'rooms.key';

export function staminaCommand(cmd: Command): i32 {
  const p = readPool(cmd.actor.id);
  const s = statsOf(cmd.actor.id);
  const msg = describe(p, s, gameNow(), p.resting ? placeText(cmd.actor.location) : '');
  if (paused()) msg.newline().styled('The world is paused: nothing recovers until time flows again.', 'hint');
  reply(msg);
  return OK;
}

export function gaitCommand(cmd: Command): i32 {
  const gait = cmd.verb;
  const p = readPool(cmd.actor.id);
  if (cmd.args.length > 0) {
    reply(Message.error('Type ' + gait + ' on its own to ' + gait + ' from now on, then move as usual (north, go gate, step east).'));
    return OK;
  }
  if (p.gait == gait) {
    reply(Message.info('You are already ' + ing(gait) + '.'));
    return OK;
  }
  const s = statsOf(cmd.actor.id);
  settle(p, s, gameNow());
  p.gait = gait;
  if (!save(cmd.actor.id, p)) return refused();
  const cost = costPerMetre(gait);
  const speed = speedFactor(gait);
  let text = 'You will ' + gait + ' from now on: ' + one(cost) + (cost == 1 ? ' stamina a metre' : ' stamina a metre') + ', ' + one(speed) + '× walking pace';
  if (gait == 'sneak') text += ', quietly';
  if (gait == 'sprint') text += ', and everyone will hear you';
  reply(Message.info(text + '.'));
  return OK;
}

export function restCommand(cmd: Command): i32 {
  const id = cmd.actor.id;
  const p = readPool(id);
  const s = statsOf(id);
  const t = gameNow();
  if (p.resting) {
    reply(describe(p, s, t, placeText(cmd.actor.location)));
    return OK;
  }
  const before = p.current;
  settle(p, s, t);
  if (before >= 0 && whole(before) != whole(p.current) && !changed(id, before, p.current, 'regen')) return refused();
  p.resting = true;
  p.busyUntil = t;
  const place = restPlace(cmd.actor.location);
  p.bonus = place === null ? 1 : place!.getNumber('bonus', 1);
  if (!save(id, p)) return refused();
  const where = place === null ? '' : place!.getString('text');
  const msg = Message.kind('info').text(where !== null && where.length > 0 ? 'You settle down ' + where! + ' to rest.' : 'You sit down to rest.');
  msg.text(' You recover ' + one(rateOf(p, s)) + ' stamina a second while you rest');
  if (p.bonus > 1) msg.text(' (' + one(p.bonus * restMultiplier()) + '× the usual)');
  msg.text('. Moving, or stand, ends it.');
  if (currentAt(p, s, t) >= s.max) msg.newline().text('(You are not tired.)');
  reply(msg);
  return OK;
}

export function standCommand(cmd: Command): i32 {
  const id = cmd.actor.id;
  const p = readPool(id);
  if (!p.resting) {
    reply(Message.info('You are already on your feet.'));
    return OK;
  }
  const s = statsOf(id);
  const before = p.current;
  settle(p, s, gameNow());
  p.resting = false;
  p.bonus = 1;
  if (!save(id, p)) return refused();
  if (whole(before) != whole(p.current) && !changed(id, before, p.current, 'rest')) return refused();
  reply(Message.info('You get to your feet (stamina ' + whole(p.current).toString() + '/' + whole(s.max).toString() + ').'));
  return OK;
}

/** The configured rest place for the room the character is in: {"bonus", "text"}, or null. */
function restPlace(room: string | null): JsonValue | null {
  if (room === null) return null;
  const key = State.getString(room!, ROOM_KEY);
  if (key === null) return null;
  const places = config('restPlaces');
  if (places === null) return null;
  return places.getObject(key!);
}

function placeText(room: string | null): string {
  const place = restPlace(room);
  if (place === null) return '';
  const t = place!.getString('text');
  return t === null ? '' : t!;
}

function refused(): i32 {
  const e = lastError();
  return fail('STAMINA_REFUSED', 'You cannot (' + (e === null ? 'the host refused' : e.message) + ').');
}
