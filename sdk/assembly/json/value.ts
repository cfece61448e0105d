/**
 * A parsed JSON value (a small DOM). Host answers, command input and world files
 * arrive as JSON; packs read them through these getters, which never trap: a
 * missing key or a value of the wrong type gives `null` (or the default), because
 * AssemblyScript has no exceptions and an abort would discard the whole call.
 */
import { quote, numberToJson } from './write';

// Objects with more keys than this get a key → position index for lookups.
const INDEX_FROM = 8;

export enum JsonType {
  Null,
  Bool,
  Number,
  String,
  Array,
  Object,
}

export class JsonValue {
  type: JsonType = JsonType.Null;
  private b: bool = false;
  private n: f64 = 0;
  private s: string = '';
  private items: JsonValue[] | null = null;
  // Members in first-seen order (JSON objects are ordered for humans and for
  // deterministic re-serialisation): keys and values side by side. Small
  // objects (nearly all: host answers, inputs) are searched linearly; an index
  // from key to position is built once an object grows past INDEX_FROM keys.
  private keyList: string[] | null = null;
  private valList: JsonValue[] | null = null;
  private index: Map<string, i32> | null = null;

  static newNull(): JsonValue {
    return new JsonValue();
  }

  static fromBool(b: bool): JsonValue {
    const v = new JsonValue();
    v.type = JsonType.Bool;
    v.b = b;
    return v;
  }

  static fromNumber(n: f64): JsonValue {
    const v = new JsonValue();
    v.type = JsonType.Number;
    v.n = n;
    return v;
  }

  static fromString(s: string): JsonValue {
    const v = new JsonValue();
    v.type = JsonType.String;
    v.s = s;
    return v;
  }

  static newArray(): JsonValue {
    const v = new JsonValue();
    v.type = JsonType.Array;
    v.items = [];
    return v;
  }

  static newObject(): JsonValue {
    const v = new JsonValue();
    v.type = JsonType.Object;
    v.keyList = [];
    v.valList = [];
    return v;
  }

  isNull(): bool {
    return this.type == JsonType.Null;
  }
  isBool(): bool {
    return this.type == JsonType.Bool;
  }
  isNumber(): bool {
    return this.type == JsonType.Number;
  }
  isString(): bool {
    return this.type == JsonType.String;
  }
  isArray(): bool {
    return this.type == JsonType.Array;
  }
  isObject(): bool {
    return this.type == JsonType.Object;
  }

  /** The string, or null when this is not a string. */
  asString(): string | null {
    return this.type == JsonType.String ? this.s : null;
  }

  asNumber(fallback: f64 = 0): f64 {
    return this.type == JsonType.Number ? this.n : fallback;
  }

  asBool(fallback: bool = false): bool {
    return this.type == JsonType.Bool ? this.b : fallback;
  }

  /** The elements, or null when this is not an array. */
  asArray(): JsonValue[] | null {
    return this.type == JsonType.Array ? this.items : null;
  }

  /** Number of elements (array) or keys (object); 0 otherwise. */
  get length(): i32 {
    if (this.type == JsonType.Array) return this.items!.length;
    if (this.type == JsonType.Object) return this.keyList!.length;
    return 0;
  }

  /** Element `i` of an array, or null when out of range or not an array. */
  at(i: i32): JsonValue | null {
    if (this.type != JsonType.Array) return null;
    const items = this.items!;
    if (i < 0 || i >= items.length) return null;
    return items[i];
  }

  /** Object keys in document order (empty for non-objects). */
  keys(): string[] {
    if (this.type != JsonType.Object) return [];
    return this.keyList!.slice(0);
  }

  /** Position of `key` among the members, or -1 (objects only). */
  private find(key: string): i32 {
    const keys = this.keyList!;
    const n = keys.length;
    if (n > INDEX_FROM) {
      let index = this.index;
      if (index === null) {
        index = new Map<string, i32>();
        for (let i = 0; i < n; i++) index.set(unchecked(keys[i]), i);
        this.index = index;
      }
      return index.has(key) ? index.get(key) : -1;
    }
    for (let i = 0; i < n; i++) {
      if (unchecked(keys[i]) == key) return i;
    }
    return -1;
  }

  has(key: string): bool {
    return this.type == JsonType.Object && this.find(key) >= 0;
  }

  /** The member `key` of an object (any type), or null. */
  get(key: string): JsonValue | null {
    if (this.type != JsonType.Object) return null;
    const i = this.find(key);
    return i < 0 ? null : unchecked(this.valList![i]);
  }

  getString(key: string): string | null {
    const v = this.get(key);
    return v === null ? null : v.asString();
  }

  getNumber(key: string, fallback: f64 = 0): f64 {
    const v = this.get(key);
    return v === null ? fallback : v.asNumber(fallback);
  }

  getBool(key: string, fallback: bool = false): bool {
    const v = this.get(key);
    return v === null ? fallback : v.asBool(fallback);
  }

  /** The member `key` when it is an object, else null. */
  getObject(key: string): JsonValue | null {
    const v = this.get(key);
    return v !== null && v.type == JsonType.Object ? v : null;
  }

  /** The elements of member `key` when it is an array, else null. */
  getArray(key: string): JsonValue[] | null {
    const v = this.get(key);
    return v === null ? null : v.asArray();
  }

  /** Set (or replace, keeping its position) an object member. No-op on non-objects. */
  set(key: string, value: JsonValue): JsonValue {
    if (this.type != JsonType.Object) return this;
    const i = this.find(key);
    if (i >= 0) {
      this.valList![i] = value;
      return this;
    }
    const keys = this.keyList!;
    keys.push(key);
    this.valList!.push(value);
    const index = this.index;
    if (index !== null) index.set(key, keys.length - 1);
    return this;
  }

  /** Remove an object member. */
  remove(key: string): JsonValue {
    if (this.type != JsonType.Object) return this;
    const i = this.find(key);
    if (i < 0) return this;
    this.keyList!.splice(i, 1);
    this.valList!.splice(i, 1);
    this.index = null; // positions moved: rebuilt on the next lookup
    return this;
  }

  /** Append to an array. No-op on non-arrays. */
  push(value: JsonValue): JsonValue {
    if (this.type == JsonType.Array) this.items!.push(value);
    return this;
  }

  /** Serialise back to compact JSON. */
  toJson(): string {
    switch (this.type) {
      case JsonType.Bool:
        return this.b ? 'true' : 'false';
      case JsonType.Number:
        return numberToJson(this.n);
      case JsonType.String:
        return quote(this.s);
      case JsonType.Array: {
        const items = this.items!;
        const parts = new Array<string>(items.length);
        for (let i = 0; i < items.length; i++) parts[i] = items[i].toJson();
        return '[' + parts.join(',') + ']';
      }
      case JsonType.Object: {
        const keys = this.keyList!;
        const vals = this.valList!;
        const parts = new Array<string>(keys.length);
        for (let i = 0; i < keys.length; i++) {
          parts[i] = quote(keys[i]) + ':' + vals[i].toJson();
        }
        return '{' + parts.join(',') + '}';
      }
      default:
        return 'null';
    }
  }

  toString(): string {
    return this.toJson();
  }
}
