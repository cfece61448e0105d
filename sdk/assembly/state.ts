/**
 * Components: read, write, delete, spawn entities, move them. Writes take
 * effect at once (a pack reads its own writes) and roll back if the call fails.
 * Failures return null/false; `lastError()` says why (e.g. PACK_DENIED).
 */
import { myriad_get, myriad_set, myriad_del, myriad_spawn, myriad_move } from './env';
import { JsonValue, JsonObj, toJson } from './json/index';
import { reqBegin, reqBlock, reqQuoted, reqRaw, writeString } from './memory';
import { answered, setError } from './result';

/** Begin a request `{"e":<entity>,"c":<component>` (the caller closes it). */
function target(entity: string, component: string): void {
  reqBegin();
  reqRaw('{"e":');
  reqQuoted(entity);
  reqRaw(',"c":');
  reqQuoted(component);
}

export class State {
  /** The component's value, or null when absent or refused (check lastError()). */
  static get(entity: string, component: string): JsonValue | null {
    target(entity, component);
    reqRaw('}');
    const req = reqBlock();
    const v = answered(req, myriad_get(req));
    return v === null || v.isNull() ? null : v;
  }

  /** A string component, or null when absent, not a string, or refused. */
  static getString(entity: string, component: string): string | null {
    const v = State.get(entity, component);
    return v === null ? null : v.asString();
  }

  /**
   * Set a component of this pack (`<pack>.<name>`). `value` is anything toJson
   * accepts: a string, number, bool, JsonObj, JsonArr, JsonValue, raw("…").
   */
  static set<T>(entity: string, component: string, value: T): bool {
    const json = toJson<T>(value); // before the request: a toJson may use the SDK too
    target(entity, component);
    reqRaw(',"v":');
    reqRaw(json);
    reqRaw('}');
    const req = reqBlock();
    return answered(req, myriad_set(req)) !== null;
  }

  static del(entity: string, component: string): bool {
    target(entity, component);
    reqRaw('}');
    const req = reqBlock();
    return answered(req, myriad_del(req)) !== null;
  }

  /**
   * Create an entity with initial components, e.g.
   * `new JsonObj().set("name", "The Square").set("kind", "room")`. Returns its id, or null.
   */
  static spawn(components: JsonObj): string | null {
    const req = writeString('{"c":' + components.toJson() + '}');
    const v = answered(req, myriad_spawn(req));
    if (v === null) return null;
    const id = v.getString('id');
    if (id === null) setError('SDK_BAD_ANSWER', 'myriad_spawn answered without an id');
    return id;
  }

  /** Move `entity` into `to` (a location entity). */
  static move(entity: string, to: string): bool {
    reqBegin();
    reqRaw('{"e":');
    reqQuoted(entity);
    reqRaw(',"to":');
    reqQuoted(to);
    reqRaw('}');
    const req = reqBlock();
    return answered(req, myriad_move(req)) !== null;
  }
}
