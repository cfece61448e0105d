/**
 * Reads remembered for the length of one pack call. A blow read the same
 * components over and over — each fighter's combat.state ~6 times, combat.effects
 * ~5, the room's rooms.key twice, Query.entity 3 times — about 28 host calls a
 * blow at ~15 µs each: 100 blows in a tick cost ~50 ms of host calls alone
 * (bench/notes.md, "Combat tick"). Within one call nothing but this pack changes
 * the world (other packs answer its events after it returns), so a value read
 * once stays true until this pack writes, deletes or moves it; those go through
 * here and forget what they touch. `reset()` at the start of every call: the
 * instance outlives the call, and a failed call's writes were rolled back.
 */
import { EntityInfo, JsonObj, JsonValue, Query, State, parseJson, raw, toJson } from '../../../sdk/assembly';

class Read {
  constructor(public value: JsonValue | null) {}
}

class Where {
  constructor(public info: EntityInfo | null) {}
}

let reads = new Map<string, Read>();
let entities = new Map<string, Where>();

export function reset(): void {
  reads = new Map<string, Read>();
  entities = new Map<string, Where>();
}

function key(entity: string, component: string): string {
  return entity + '\n' + component;
}

export function get(entity: string, component: string): JsonValue | null {
  const k = key(entity, component);
  if (reads.has(k)) return reads.get(k).value;
  const v = State.get(entity, component);
  reads.set(k, new Read(v));
  return v;
}

export function getString(entity: string, component: string): string | null {
  const v = get(entity, component);
  return v === null ? null : v.asString();
}

/** Write, and remember what was written: the next blow's read of it costs no host call. */
export function set<T>(entity: string, component: string, value: T): bool {
  const k = key(entity, component);
  const json = toJson<T>(value);
  if (!State.set(entity, component, raw(json))) {
    reads.delete(k);
    return false;
  }
  reads.set(k, new Read(parseJson(json)));
  return true;
}

export function del(entity: string, component: string): bool {
  reads.delete(key(entity, component));
  return State.del(entity, component);
}

export function move(entity: string, to: string): bool {
  entities.delete(entity);
  return State.move(entity, to);
}

export function despawn(entity: string): bool {
  entities.delete(entity);
  const prefix = entity + '\n';
  const keys = reads.keys();
  for (let i = 0; i < keys.length; i++) if (keys[i].startsWith(prefix)) reads.delete(keys[i]);
  return State.despawn(entity);
}

export function spawn(components: JsonObj): string | null {
  return State.spawn(components);
}

/** Query.entity, remembered: name, kind and location change only by this pack's moves. */
export function entity(id: string): EntityInfo | null {
  if (entities.has(id)) return entities.get(id).info;
  const info = Query.entity(id);
  entities.set(id, new Where(info));
  return info;
}
