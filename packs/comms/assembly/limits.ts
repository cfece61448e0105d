/**
 * Flood limits and message length for everything that reaches beyond the room
 * (tells, shouts, channels, mail): at most `floodCount` per `floodWindowMs` per
 * character, each at most `maxMessageLength` characters. The send times live in
 * `comms.flood` so the limit holds across a world restart.
 */
import { JsonValue, Message, State, config, now, reply } from '../../../sdk/assembly';

const FLOOD = 'comms.flood';

export function numberSetting(key: string, fallback: f64): f64 {
  const v = config(key);
  return v === null ? fallback : v.asNumber(fallback);
}

/** Whether `text` is short enough; refuses with the limit otherwise. */
export function lengthOk(text: string): bool {
  const max = <i32>numberSetting('maxMessageLength', 1000);
  if (text.length <= max) return true;
  reply(Message.error('That is too long to send (' + text.length.toString() + ' characters; at most ' + max.toString() + ').'));
  return false;
}

/** Counts one send against the actor's flood limit; refuses (false) when over it. */
export function floodOk(who: string): bool {
  const count = <i32>numberSetting('floodCount', 5);
  const windowMs = numberSetting('floodWindowMs', 10000);
  const t = <f64>now();
  const kept = JsonValue.newArray();
  let n = 0;
  let oldest = t;
  const v = State.get(who, FLOOD);
  let items: JsonValue[] | null = null;
  if (v !== null) items = v.asArray();
  if (items !== null) {
    for (let i = 0; i < items.length; i++) {
      const at = items[i].asNumber(0);
      if (t - at < windowMs) {
        kept.push(JsonValue.fromNumber(at));
        n++;
        if (at < oldest) oldest = at;
      }
    }
  }
  if (n >= count) {
    const wait = <i64>Math.ceil((windowMs - (t - oldest)) / 1000);
    reply(Message.error('You are sending too fast; wait ' + wait.toString() + (wait == 1 ? ' second.' : ' seconds.')));
    return false;
  }
  kept.push(JsonValue.fromNumber(t));
  return State.set(who, FLOOD, kept);
}
