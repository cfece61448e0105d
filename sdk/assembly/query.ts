/**
 * Read-only questions about the world (capability `query`). List answers are
 * empty on refusal; `lastError()` tells an empty room from a denied query.
 */
import { myriad_query } from "./env";
import { JsonValue, quote, toJson } from "./json/index";
import { writeString } from "./memory";
import { answered } from "./result";

/** `{"q":"entity"}` answer. `location` is null for entities that are nowhere (rooms). */
export class EntityInfo {
  constructor(public id: string, public name: string, public kind: string, public location: string | null) {}
}

/** One entry of `{"q":"contents"}`. `online` is meaningful for characters only. */
export class ContentsEntry {
  constructor(public id: string, public name: string, public kind: string, public online: bool) {}
}

/** One entry of `{"q":"online"}` (sorted by name by the host). */
export class OnlineEntry {
  constructor(public id: string, public name: string, public location: string | null) {}
}

function ask(request: string): JsonValue | null {
  const req = writeString(request);
  return answered(req, myriad_query(req));
}

function str(v: JsonValue, key: string): string {
  const s = v.getString(key);
  return s === null ? "" : s;
}

/** The elements of an array answer; none when refused or not an array. */
function list(answer: JsonValue | null): JsonValue[] {
  if (answer === null) return [];
  const items = answer.asArray();
  return items === null ? [] : items;
}

function ids(answer: JsonValue | null): string[] {
  const out = new Array<string>();
  const items = list(answer);
  for (let i = 0; i < items.length; i++) {
    const s = items[i].asString();
    if (s !== null) out.push(s);
  }
  return out;
}

export class Query {
  /** Name, kind and location of an entity, or null (unknown id, or refused). */
  static entity(id: string): EntityInfo | null {
    const v = ask("{\"q\":\"entity\",\"e\":" + quote(id) + "}");
    if (v === null || !v.isObject()) return null;
    return new EntityInfo(str(v, "id"), str(v, "name"), str(v, "kind"), v.getString("location"));
  }

  /** What is in a location (characters online or not, items, …). */
  static contents(location: string): ContentsEntry[] {
    const out = new Array<ContentsEntry>();
    const items = list(ask("{\"q\":\"contents\",\"of\":" + quote(location) + "}"));
    for (let i = 0; i < items.length; i++) {
      const e = items[i];
      out.push(new ContentsEntry(str(e, "id"), str(e, "name"), str(e, "kind"), e.getBool("online")));
    }
    return out;
  }

  /** Characters in the game, sorted by name. */
  static online(): OnlineEntry[] {
    const out = new Array<OnlineEntry>();
    const items = list(ask("{\"q\":\"online\"}"));
    for (let i = 0; i < items.length; i++) {
      const e = items[i];
      out.push(new OnlineEntry(str(e, "id"), str(e, "name"), e.getString("location")));
    }
    return out;
  }

  /** Every entity that has `component`. */
  static withComponent(component: string): string[] {
    return ids(ask("{\"q\":\"with\",\"c\":" + quote(component) + "}"));
  }

  /** Entities whose `component` has `field` equal to `eq` (any toJson value). */
  static find<T>(component: string, field: string, eq: T): string[] {
    return ids(ask("{\"q\":\"find\",\"c\":" + quote(component) + ",\"field\":" + quote(field) + ",\"eq\":" + toJson<T>(eq) + "}"));
  }
}
