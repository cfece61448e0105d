/** The town's places and staples (world.json "town", kept on a config entity as `lives.town`). */
import { JsonValue, Query, State } from '../../../sdk/assembly';
import { TOWN } from './keys';

function town(): JsonValue | null {
  const ids = Query.withComponent(TOWN);
  if (ids.length == 0) return null;
  return State.get(ids[0], TOWN);
}

/** A room key of the town: "market", "tavern" or "water"; "" when unset. */
export function place(key: string): string {
  const v = town();
  if (v === null) return '';
  const s = v.getString(key);
  return s === null ? '' : s!;
}

/** Room keys the townsfolk wander when curious (world.json town.area): the cellar, the forest and the tower top are no place for them. */
export function area(): string[] {
  const out: string[] = [];
  const v = town();
  if (v === null) return out;
  const a = v.getArray('area');
  if (a === null) return out;
  for (let i = 0; i < a.length; i++) {
    const s = a[i].asString();
    if (s !== null) out.push(s!);
  }
  return out;
}

function food(): JsonValue | null {
  const v = town();
  if (v === null) return null;
  return v.getObject('food');
}

/** The inventory template key NPCs buy and eat (bread). */
export function foodItem(): string {
  const f = food();
  if (f === null) return 'bread';
  const k = f.getString('item');
  return k === null ? 'bread' : k!;
}

/** How much hunger one unit takes away (§5.1: bread 30). */
export function foodValue(): f64 {
  const f = food();
  return f === null ? 30 : f.getNumber('value', 30);
}
