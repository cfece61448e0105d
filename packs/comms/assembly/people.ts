/**
 * Finding the person a command names, anywhere in the world, and the checks
 * every private message shares: not nobody, not yourself, not someone who
 * ignores you. Each refusal is a clear sentence for the player.
 */
import { CharacterInfo, Command, JsonValue, Message, Query, State, reply } from '../../../sdk/assembly';

export const IGNORE = 'comms.ignore';

/** The character called `name`, or null after telling the actor there is none. */
export function findPerson(cmd: Command, name: string): CharacterInfo | null {
  const who = name.trim();
  if (who.length == 0) {
    reply(Message.error('Who do you mean?'));
    return null;
  }
  const found = Query.character(who);
  if (found === null) {
    reply(Message.error('There is no one called "' + clip(who, 40) + '".'));
    return null;
  }
  return found;
}

/** A person the actor may send a private message to (not themselves, not ignoring them); null after refusing. */
export function recipient(cmd: Command, name: string, what: string): CharacterInfo | null {
  const target = findPerson(cmd, name);
  if (target === null) return null;
  if (target.id == cmd.actor.id) {
    reply(Message.error("You can't " + what + ' yourself.'));
    return null;
  }
  if (ignores(target.id, cmd.actor.id)) {
    reply(Message.error(target.name + ' is not accepting your messages.'));
    return null;
  }
  return target;
}

export function ignoreList(id: string): string[] {
  const v = State.get(id, IGNORE);
  const out = new Array<string>();
  if (v === null) return out;
  const items = v.asArray();
  if (items === null) return out;
  for (let i = 0; i < items.length; i++) {
    const s = items[i].asString();
    if (s !== null) out.push(s);
  }
  return out;
}

export function ignores(who: string, whom: string): bool {
  return ignoreList(who).includes(whom);
}

export function stringArray(items: string[]): JsonValue {
  const arr = JsonValue.newArray();
  for (let i = 0; i < items.length; i++) arr.push(JsonValue.fromString(items[i]));
  return arr;
}

/** "a very long na…" — echo at most `n` characters of what a player typed. */
export function clip(s: string, n: i32): string {
  return s.length <= n ? s : s.substring(0, n) + '…';
}

/** "3s", "4m", "2h", "5d" — an idle time as players read it. */
export function duration(ms: f64): string {
  const s = <i64>(ms / 1000);
  if (s < 60) return s.toString() + 's';
  if (s < 3600) return (s / 60).toString() + 'm';
  if (s < 86400) return (s / 3600).toString() + 'h';
  return (s / 86400).toString() + 'd';
}
