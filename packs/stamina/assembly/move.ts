/**
 * Paying for movement. The rooms pack announces a walk through an exit
 * (`rooms.leave`), the spatial pack a step inside a room (`spatial.moved`);
 * this pack charges the mover `distance × cost per metre` of their gait, or
 * fails the event with "Insufficient stamina", which rolls the whole move back
 * (one request, one transaction). Neither pack knows about this one.
 *
 * Distance of a walk through an exit: between the two rooms' centres when the
 * spatial pack has mapped them (`spatial.room`), else `roomDistance` (20 m).
 */
import { Events, JsonObj, JsonValue, Message, OK, State, fail, lastError, reply } from '../../../sdk/assembly';
import { gameNow } from './clock';
import { costPerMetre, ing, noise, speed } from './gaits';
import { numberConfig, readPool, save, settle, statsOf } from './pool';
import { statusLine } from './status';

const ROOM_GEOMETRY = 'spatial.room';

export function onLeave(payload: JsonValue): i32 {
  const id = payload.getString('id');
  const from = payload.getString('from');
  const to = payload.getString('to');
  const exit = payload.getString('exit');
  if (id === null || from === null || to === null) return OK;
  const distance = roomDistance(from!, to!);
  const extra = new JsonObj()
    .set('via', 'exit')
    .set('from', from!)
    .set('to', to!)
    .set('exit', exit === null ? '' : exit!);
  return charge(id!, distance, exit === null ? 'on' : exit!, extra);
}

export function onStep(payload: JsonValue): i32 {
  const id = payload.getString('id');
  const room = payload.getString('room');
  const dir = payload.getString('direction');
  if (id === null || room === null) return OK;
  const extra = new JsonObj()
    .set('via', 'step')
    .set('from', room!)
    .set('to', room!)
    .set('exit', dir === null ? '' : dir!);
  return charge(id!, payload.getNumber('distance', 0), dir === null ? 'on' : dir!, extra);
}

function charge(id: string, distance: f64, direction: string, extra: JsonObj): i32 {
  const t = gameNow();
  const s = statsOf(id);
  const p = readPool(id);
  const cost = Math.round(distance * costPerMetre(p.gait) * 10) / 10;
  const before = p.current;
  settle(p, s, t);
  const have = p.current;
  if (have < cost) {
    return fail('STAMINA_INSUFFICIENT', 'Insufficient stamina: ' + ing(p.gait) + ' ' + direction + ' costs ' + whole(cost).toString() + ' and you have ' + whole(have).toString() + ' of ' + whole(s.max).toString() + '. Rest a while (type rest), or go more gently (walk).');
  }
  const wasResting = p.resting;
  if (before >= 0 && Math.floor(have) != Math.floor(before)) {
    if (!changed(id, before, have, 'regen')) return refused();
  }
  p.current = have - cost;
  p.resting = false;
  p.bonus = 1;
  const v = speed(p.gait);
  const durationMs = v > 0 ? Math.round((distance / v) * 1000) : 0;
  // A room move is over when the mover arrives, which is at once: recovery
  // starts now. (Pausing it for the travel time left a player who had arrived
  // and stood still "walking" with no recovery for ~20 s.) The travel time is
  // still reported on stamina.moved for packs that pace things by it.
  p.busyUntil = t;
  if (!save(id, p)) return refused();
  if (!changed(id, have, p.current, p.gait)) return refused();
  const moved = extra
    .set('id', id)
    .set('gait', p.gait)
    .set('distance', Math.round(distance * 10) / 10)
    .set('cost', cost)
    .set('speed', Math.round(v * 100) / 100)
    .set('durationMs', durationMs)
    .set('noise', noise(p.gait));
  if (!Events.emit('stamina.moved', 'char:' + id, moved, null, null)) return refused();
  if (wasResting) reply(Message.kind('info').text('You get up and go on.'));
  const tired = numberConfig('tiredFraction', 0.25);
  if (p.current < s.max * tired) reply(statusLine(p, s, 'You are tiring: ', 'bad'));
  return OK;
}

/** StaminaChanged {id, old, new, reason}: whole numbers, as players see them. */
export function changed(id: string, old: f64, now: f64, reason: string): bool {
  const payload = new JsonObj()
    .set('id', id)
    .set('old', whole(old < 0 ? now : old))
    .set('new', whole(now))
    .set('reason', reason);
  return Events.emit('stamina.changed', 'char:' + id, payload, null, null);
}

function roomDistance(from: string, to: string): f64 {
  const a = State.get(from, ROOM_GEOMETRY);
  const b = State.get(to, ROOM_GEOMETRY);
  const fallback = numberConfig('roomDistance', 20);
  if (a === null || b === null) return fallback;
  const ca = centre(a!);
  const cb = centre(b!);
  if (ca === null || cb === null) return fallback;
  const dx = ca![0] - cb![0];
  const dy = ca![1] - cb![1];
  const dz = ca![2] - cb![2];
  return Math.sqrt(dx * dx + dy * dy + dz * dz);
}

function centre(room: JsonValue): f64[] | null {
  const min = room.getArray('min');
  const max = room.getArray('max');
  if (min === null || max === null || min!.length < 3 || max!.length < 3) return null;
  return [(min![0].asNumber(0) + max![0].asNumber(0)) / 2, (min![1].asNumber(0) + max![1].asNumber(0)) / 2, min![2].asNumber(0)];
}

export function whole(v: f64): i64 {
  return <i64>Math.floor(v + 1e-9);
}

function refused(): i32 {
  const e = lastError();
  return fail('STAMINA_REFUSED', 'Your legs will not carry you (' + (e === null ? 'the host refused' : e.message) + ').');
}
