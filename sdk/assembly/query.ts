/**
 * Read-only questions about the world (capability `query`). List answers are
 * empty on refusal; `lastError()` tells an empty room from a denied query.
 */
import { myriad_query } from './env';
import { JsonValue, quote, toJson } from './json/index';
import { writeString } from './memory';
import { answered, lastError } from './result';

/** `{"q":"entity"}` answer. `location` is null for entities that are nowhere (rooms). */
export class EntityInfo {
  constructor(
    public id: string,
    public name: string,
    public kind: string,
    public location: string | null,
  ) {}
}

/** One entry of `{"q":"contents"}`. `online` is meaningful for characters only. */
export class ContentsEntry {
  constructor(
    public id: string,
    public name: string,
    public kind: string,
    public online: bool,
  ) {}
}

/** One entry of `{"q":"online"}` (sorted by name by the host); `idleMs`: since their last command or login. */
export class OnlineEntry {
  constructor(
    public id: string,
    public name: string,
    public location: string | null,
    public idleMs: f64 = 0,
  ) {}
}

/** `{"q":"character"}` answer: a character anywhere, online or not (`idleMs` is -1 when offline). */
export class CharacterInfo {
  constructor(
    public id: string,
    public name: string,
    public location: string | null,
    public online: bool,
    public idleMs: f64,
  ) {}
}

/**
 * One hit of the spatial queries (`near`, `box`, `nearest`): where the entity is
 * (metres, 0.1 m precision) and how far from the query point (0 for `box`).
 */
export class Nearby {
  constructor(
    public id: string,
    public x: f64,
    public y: f64,
    public z: f64,
    public d: f64,
  ) {}
}

function ask(request: string): JsonValue | null {
  const req = writeString(request);
  return answered(req, myriad_query(req));
}

function str(v: JsonValue, key: string): string {
  const s = v.getString(key);
  return s === null ? '' : s;
}

/** The elements of an array answer; none when refused or not an array. */
function list(answer: JsonValue | null): JsonValue[] {
  if (answer === null) return [];
  const items = answer.asArray();
  return items === null ? [] : items;
}

function contentsRequest(q: string, location: string, kind: string, online: i32, except: string, limit: i32): string {
  let req = '{"q":"' + q + '","of":' + quote(location);
  if (kind.length > 0) req += ',"kind":' + quote(kind);
  if (online >= 0) req += online > 0 ? ',"online":true' : ',"online":false';
  if (except.length > 0) req += ',"except":' + quote(except);
  if (limit >= 0) req += ',"limit":' + limit.toString();
  return req + '}';
}

function hits(answer: JsonValue | null): Nearby[] {
  const out: Nearby[] = []; // a literal: see Command.words in dispatch.ts
  const items = list(answer);
  for (let i = 0; i < items.length; i++) {
    const e = items[i];
    out.push(new Nearby(str(e, 'id'), e.getNumber('x', 0), e.getNumber('y', 0), e.getNumber('z', 0), e.getNumber('d', 0)));
  }
  return out;
}

function ids(answer: JsonValue | null): string[] {
  const out: string[] = []; // a literal: see Command.words in dispatch.ts
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
    const v = ask('{"q":"entity","e":' + quote(id) + '}');
    if (v === null || !v.isObject()) return null;
    return new EntityInfo(str(v, 'id'), str(v, 'name'), str(v, 'kind'), v.getString('location'));
  }

  /**
   * What is in a location (characters online or not, items, …). Filters, all
   * optional: `kind` ("" for any), `online` (1: characters in the game only,
   * 0: everything else only, -1: no filter), `except` (an id to leave out, "" for
   * none), `limit` (-1 for all). Crowded places: list a few with a `limit` and
   * say how many with `Query.count`, the answer stays small.
   */
  static contents(location: string, kind: string = '', online: i32 = -1, except: string = '', limit: i32 = -1): ContentsEntry[] {
    const out: ContentsEntry[] = []; // a literal: see Command.words in dispatch.ts
    const items = list(ask(contentsRequest('contents', location, kind, online, except, limit)));
    for (let i = 0; i < items.length; i++) {
      const e = items[i];
      out.push(new ContentsEntry(str(e, 'id'), str(e, 'name'), str(e, 'kind'), e.getBool('online')));
    }
    return out;
  }

  /** How many things `Query.contents` would list with the same filters (0 on refusal). */
  static count(location: string, kind: string = '', online: i32 = -1, except: string = ''): i32 {
    const v = ask(contentsRequest('count', location, kind, online, except, -1));
    return v === null ? 0 : <i32>v.asNumber(0);
  }

  /** Characters in the game, sorted by name. */
  static online(): OnlineEntry[] {
    const out: OnlineEntry[] = []; // a literal: see Command.words in dispatch.ts
    const items = list(ask('{"q":"online"}'));
    for (let i = 0; i < items.length; i++) {
      const e = items[i];
      out.push(new OnlineEntry(str(e, 'id'), str(e, 'name'), e.getString('location'), e.getNumber('idleMs', 0)));
    }
    return out;
  }

  /** The character called `name` (any case), wherever they are and whether or not they are online; null if none. */
  static character(name: string): CharacterInfo | null {
    const v = ask('{"q":"character","name":' + quote(name) + '}');
    if (v === null || !v.isObject()) return null;
    return new CharacterInfo(str(v, 'id'), str(v, 'name'), v.getString('location'), v.getBool('online'), v.getNumber('idleMs', -1));
  }

  /**
   * Every component of `id` this pack may read, as an object `{ key: value }`
   * (`spawner` included: which pack made it), or null for an unknown id.
   */
  static components(id: string): JsonValue | null {
    const v = ask('{"q":"components","e":' + quote(id) + '}');
    return v === null || !v.isObject() ? null : v;
  }

  /**
   * Whether `json` (a JSON text) would pass the schema of `component` (one this
   * pack may write): null when it does, else "field: rule". Check a builder's
   * value first and answer with the problem, rather than failing the call. A
   * refused check (not writable, not JSON) answers the refusal: never "valid".
   */
  static invalid(component: string, json: string): string | null {
    const v = ask('{"q":"valid","c":' + quote(component) + ',"v":' + json + '}');
    if (v === null) {
      const err = lastError();
      return err === null ? 'refused' : err.message;
    }
    return v.isNull() ? null : v.asString();
  }

  /** Every entity that has `component`. */
  static withComponent(component: string): string[] {
    return ids(ask('{"q":"with","c":' + quote(component) + '}'));
  }

  /**
   * Entities with a `spatial.position` within `radius` metres of (x, y, z),
   * nearest first, at most `limit` (≤ 1000), only of `kind` when given (e.g.
   * "character"). Served by the world's point index; needs `query` and read
   * access to `spatial.position`.
   */
  static near(x: f64, y: f64, z: f64, radius: f64, limit: i32 = 100, kind: string = ''): Nearby[] {
    const only = kind.length > 0 ? ',"kind":' + quote(kind) : '';
    return hits(ask('{"q":"near","c":"spatial.position","x":' + toJson(x) + ',"y":' + toJson(y) + ',"z":' + toJson(z) + ',"r":' + toJson(radius) + ',"limit":' + limit.toString() + only + '}'));
  }

  /** Positioned entities inside the box [min, max] (inclusive), by id, at most `limit`. */
  static box(minX: f64, minY: f64, minZ: f64, maxX: f64, maxY: f64, maxZ: f64, limit: i32 = 100): Nearby[] {
    const lo = '[' + toJson(minX) + ',' + toJson(minY) + ',' + toJson(minZ) + ']';
    const hi = '[' + toJson(maxX) + ',' + toJson(maxY) + ',' + toJson(maxZ) + ']';
    return hits(ask('{"q":"box","c":"spatial.position","min":' + lo + ',"max":' + hi + ',"limit":' + limit.toString() + '}'));
  }

  /** The `k` positioned entities nearest to (x, y, z), none farther than `maxRadius` metres (< 0: no limit). */
  static nearest(x: f64, y: f64, z: f64, k: i32, maxRadius: f64 = -1): Nearby[] {
    let req = '{"q":"nearest","c":"spatial.position","x":' + toJson(x) + ',"y":' + toJson(y) + ',"z":' + toJson(z) + ',"k":' + k.toString();
    if (maxRadius >= 0) req += ',"r":' + toJson(maxRadius);
    return hits(ask(req + '}'));
  }

  /** Entities whose `component` has `field` equal to `eq` (any toJson value). */
  static find<T>(component: string, field: string, eq: T): string[] {
    return ids(ask('{"q":"find","c":' + quote(component) + ',"field":' + quote(field) + ',"eq":' + toJson<T>(eq) + '}'));
  }
}
