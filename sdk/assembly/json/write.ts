/**
 * Writing JSON: string escaping, number formatting, and small fluent builders
 * (`JsonObj`, `JsonArr`) for requests, payloads and messages.
 *
 * Non-ASCII text is written as is (it becomes UTF-8 at the boundary): `é` costs
 * 2 bytes instead of the 6 of `\u00e9`, and Extism copies ~20 ns per byte.
 * Lone surrogates are the exception: UTF-8 cannot carry them, so they are
 * written as `\uXXXX` and survive the round trip exactly.
 */
const HEX = '0123456789abcdef';

function needsEscape(c: i32, s: string, i: i32): bool {
  if (c < 0x20 || c == 0x22 || c == 0x5c) return true;
  if (c >= 0xd800 && c <= 0xdfff) return !isPairedSurrogate(s, i, c);
  return false;
}

function isPairedSurrogate(s: string, i: i32, c: i32): bool {
  if (c <= 0xdbff) {
    const next = s.charCodeAt(i + 1); // -1 past the end
    return next >= 0xdc00 && next <= 0xdfff;
  }
  const prev = i > 0 ? s.charCodeAt(i - 1) : -1;
  return prev >= 0xd800 && prev <= 0xdbff;
}

function unicodeEscape(c: i32): string {
  return '\\u' + HEX.charAt((c >> 12) & 15) + HEX.charAt((c >> 8) & 15) + HEX.charAt((c >> 4) & 15) + HEX.charAt(c & 15);
}

function escapeOf(c: i32): string {
  switch (c) {
    case 0x22:
      return '\\"';
    case 0x5c:
      return '\\\\';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    default:
      return unicodeEscape(c);
  }
}

/** `s` as a JSON string literal, quotes included. */
export function quote(s: string): string {
  const len = s.length;
  let first = -1;
  for (let i = 0; i < len; i++) {
    if (needsEscape(s.charCodeAt(i), s, i)) {
      first = i;
      break;
    }
  }
  // Most strings need no escaping: one concatenation, no parts array.
  if (first < 0) return '"' + s + '"';
  const parts: string[] = []; // a literal: see Command.words in dispatch.ts
  parts.push('"');
  let start = 0;
  for (let i = first; i < len; i++) {
    const c = s.charCodeAt(i);
    if (!needsEscape(c, s, i)) continue;
    if (i > start) parts.push(s.substring(start, i));
    parts.push(escapeOf(c));
    start = i + 1;
  }
  if (start < len) parts.push(s.substring(start));
  parts.push('"');
  return parts.join('');
}

// 2^53: beyond it not every integer is representable, so print as a float.
const MAX_SAFE: f64 = 9007199254740992.0;

/** A number as JSON: integers without a fraction, NaN and ±Infinity as null (as JSON.stringify). */
export function numberToJson(n: f64): string {
  if (!isFinite(n)) return 'null';
  if (n == Math.floor(n) && Math.abs(n) <= MAX_SAFE) return (<i64>n).toString();
  return n.toString();
}

/**
 * Any supported value as JSON: strings (quoted), bools, integers, floats,
 * arrays, null, and any class with `toJson(): string` (JsonValue, JsonObj,
 * JsonArr, RawJson, Message). Other types are a compile error, so a mistake
 * shows at build time rather than as bad JSON.
 */
export function toJson<T>(v: T): string {
  if (isBoolean<T>()) return v ? 'true' : 'false';
  if (isInteger<T>()) return v.toString();
  if (isFloat<T>()) return numberToJson(<f64>v);
  if (isNullable<T>()) {
    if (v === null) return 'null';
  }
  if (isString<T>()) return quote(changetype<string>(v));
  if (isArray<T>()) {
    // @ts-ignore: T is an array here
    const n = v.length;
    const parts = new Array<string>(n);
    // @ts-ignore: T is an array here
    for (let i = 0; i < n; i++) parts[i] = toJson(v[i]);
    return '[' + parts.join(',') + ']';
  }
  // Anything with a toJson(): string method: JsonValue, JsonObj, JsonArr,
  // RawJson, Message, or a pack's own class.
  // @ts-ignore: compile-time member test
  if (isDefined(v.toJson)) return v.toJson();
  ERROR('toJson: unsupported type; use a string, number, bool, array, or a class with toJson(): string');
  return 'null';
}

/** Already-serialised JSON to embed as is (e.g. a value read back from the host). */
export class RawJson {
  constructor(public json: string) {}

  toJson(): string {
    return this.json;
  }
}

export function raw(json: string): RawJson {
  return new RawJson(json);
}

/**
 * Fluent object builder: `new JsonObj().set("text", t).set("n", 3).toString()`.
 * Members are written in the order they are set; setting a key twice writes it twice
 * (the last wins when parsed), so set each key once.
 */
export class JsonObj {
  private parts: string[] = [];

  set<T>(key: string, value: T): JsonObj {
    this.parts.push(quote(key) + ':' + toJson<T>(value));
    return this;
  }

  /** Set only when `value` is not null (optional fields). */
  setIfPresent<T>(key: string, value: T): JsonObj {
    if (isNullable<T>()) {
      if (value === null) return this;
    }
    return this.set<T>(key, value);
  }

  get isEmpty(): bool {
    return this.parts.length == 0;
  }

  toJson(): string {
    return '{' + this.parts.join(',') + '}';
  }

  toString(): string {
    return this.toJson();
  }
}

/** Fluent array builder: `new JsonArr().push("a").push(1).toString()`. */
export class JsonArr {
  private parts: string[] = [];

  push<T>(value: T): JsonArr {
    this.parts.push(toJson<T>(value));
    return this;
  }

  get length(): i32 {
    return this.parts.length;
  }

  toJson(): string {
    return '[' + this.parts.join(',') + ']';
  }

  toString(): string {
    return this.toJson();
  }
}
