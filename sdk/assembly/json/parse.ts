/**
 * A strict RFC 8259 JSON parser into JsonValue. It returns null on malformed
 * input (with the reason in `parseError()`) instead of aborting: input comes
 * from the host and from world files, and a trap would discard the whole call
 * with a generic error instead of a message that names the problem.
 */
import { JsonValue } from "./value";

// Nesting cap. Each level is a native stack frame; 64 is far beyond any world
// file or host answer (they nest 3-5 deep) and far below what overflows the
// wasm stack inside a 1 MiB pack.
export const MAX_DEPTH = 64;

let lastParseError: string = "";

/** Why the last `parse` returned null ("" after a success). */
export function parseError(): string {
  return lastParseError;
}

/** Parse `text` as one JSON value (surrounding whitespace allowed). */
export function parse(text: string): JsonValue | null {
  const p = new Parser(text);
  const v = p.value(0);
  if (v === null) {
    lastParseError = p.error;
    return null;
  }
  p.skipSpace();
  if (p.pos < text.length) {
    lastParseError = "unexpected " + describe(text, p.pos) + " after the value at offset " + p.pos.toString();
    return null;
  }
  lastParseError = "";
  return v;
}

function describe(text: string, pos: i32): string {
  if (pos >= text.length) return "end of input";
  return "'" + text.charAt(pos) + "'";
}

function hexDigit(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

function isDigit(c: i32): bool {
  return c >= 0x30 && c <= 0x39;
}

class Parser {
  pos: i32 = 0;
  error: string = "";

  constructor(public text: string) {}

  fail(what: string): JsonValue | null {
    if (this.error.length == 0) {
      this.error = what + " at offset " + this.pos.toString();
    }
    return null;
  }

  peek(): i32 {
    return this.text.charCodeAt(this.pos); // -1 past the end
  }

  skipSpace(): void {
    const t = this.text;
    while (true) {
      const c = t.charCodeAt(this.pos);
      if (c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09) this.pos++;
      else break;
    }
  }

  value(depth: i32): JsonValue | null {
    if (depth > MAX_DEPTH) return this.fail("nesting deeper than " + MAX_DEPTH.toString());
    this.skipSpace();
    const c = this.peek();
    if (c == 0x7b) return this.object(depth);
    if (c == 0x5b) return this.array(depth);
    if (c == 0x22) {
      const s = this.string();
      return s === null ? null : JsonValue.fromString(s);
    }
    if (c == 0x2d || isDigit(c)) return this.number();
    if (this.literal("true")) return JsonValue.fromBool(true);
    if (this.literal("false")) return JsonValue.fromBool(false);
    if (this.literal("null")) return JsonValue.newNull();
    return this.fail("unexpected " + describe(this.text, this.pos));
  }

  literal(word: string): bool {
    const t = this.text;
    if (this.pos + word.length > t.length) return false;
    for (let i = 0; i < word.length; i++) {
      if (t.charCodeAt(this.pos + i) != word.charCodeAt(i)) return false;
    }
    this.pos += word.length;
    return true;
  }

  object(depth: i32): JsonValue | null {
    this.pos++; // {
    const obj = JsonValue.newObject();
    this.skipSpace();
    if (this.peek() == 0x7d) {
      this.pos++;
      return obj;
    }
    while (true) {
      this.skipSpace();
      if (this.peek() != 0x22) return this.fail("expected a string key");
      const key = this.string();
      if (key === null) return null;
      this.skipSpace();
      if (this.peek() != 0x3a) return this.fail("expected ':'");
      this.pos++;
      const v = this.value(depth + 1);
      if (v === null) return null;
      obj.set(key, v);
      this.skipSpace();
      const c = this.peek();
      this.pos++;
      if (c == 0x2c) continue;
      if (c == 0x7d) return obj;
      this.pos--;
      return this.fail("expected ',' or '}'");
    }
  }

  array(depth: i32): JsonValue | null {
    this.pos++; // [
    const arr = JsonValue.newArray();
    this.skipSpace();
    if (this.peek() == 0x5d) {
      this.pos++;
      return arr;
    }
    while (true) {
      const v = this.value(depth + 1);
      if (v === null) return null;
      arr.push(v);
      this.skipSpace();
      const c = this.peek();
      this.pos++;
      if (c == 0x2c) continue;
      if (c == 0x5d) return arr;
      this.pos--;
      return this.fail("expected ',' or ']'");
    }
  }

  /** A string literal starting at the opening quote; the decoded text or null. */
  string(): string | null {
    const t = this.text;
    const start = ++this.pos;
    // Fast path: no escapes, one substring.
    let i = start;
    while (true) {
      const c = t.charCodeAt(i);
      if (c == 0x22) {
        this.pos = i + 1;
        return t.substring(start, i);
      }
      if (c == 0x5c || c < 0x20) break; // escape, control char, or end (-1)
      i++;
    }
    const parts = new Array<string>();
    let run = start;
    while (true) {
      const c = t.charCodeAt(i);
      if (c < 0) {
        this.pos = i;
        this.fail("unterminated string");
        return null;
      }
      if (c == 0x22) {
        if (i > run) parts.push(t.substring(run, i));
        this.pos = i + 1;
        return parts.join("");
      }
      if (c < 0x20) {
        this.pos = i;
        this.fail("control character in string");
        return null;
      }
      if (c != 0x5c) {
        i++;
        continue;
      }
      if (i > run) parts.push(t.substring(run, i));
      const e = t.charCodeAt(i + 1);
      let unit: i32 = -1;
      let width = 2;
      if (e == 0x22) unit = 0x22;
      else if (e == 0x5c) unit = 0x5c;
      else if (e == 0x2f) unit = 0x2f;
      else if (e == 0x62) unit = 0x08;
      else if (e == 0x66) unit = 0x0c;
      else if (e == 0x6e) unit = 0x0a;
      else if (e == 0x72) unit = 0x0d;
      else if (e == 0x74) unit = 0x09;
      else if (e == 0x75) {
        // \uXXXX is one UTF-16 code unit; a surrogate pair arrives as two
        // escapes and simply concatenates, since AS strings are UTF-16 too.
        unit = 0;
        for (let k = 2; k < 6; k++) {
          const h = hexDigit(t.charCodeAt(i + k));
          if (h < 0) {
            unit = -1;
            break;
          }
          unit = (unit << 4) | h;
        }
        width = 6;
      }
      if (unit < 0) {
        this.pos = i;
        this.fail("bad escape in string");
        return null;
      }
      parts.push(String.fromCharCode(unit));
      i += width;
      run = i;
    }
  }

  number(): JsonValue | null {
    const t = this.text;
    const start = this.pos;
    let i = start;
    if (t.charCodeAt(i) == 0x2d) i++;
    const first = t.charCodeAt(i);
    if (first == 0x30) {
      i++;
    } else if (isDigit(first)) {
      while (isDigit(t.charCodeAt(i))) i++;
    } else {
      this.pos = i;
      return this.fail("bad number");
    }
    if (t.charCodeAt(i) == 0x2e) {
      i++;
      if (!isDigit(t.charCodeAt(i))) {
        this.pos = i;
        return this.fail("bad number");
      }
      while (isDigit(t.charCodeAt(i))) i++;
    }
    const e = t.charCodeAt(i);
    if (e == 0x65 || e == 0x45) {
      i++;
      const sign = t.charCodeAt(i);
      if (sign == 0x2b || sign == 0x2d) i++;
      if (!isDigit(t.charCodeAt(i))) {
        this.pos = i;
        return this.fail("bad number");
      }
      while (isDigit(t.charCodeAt(i))) i++;
    }
    this.pos = i;
    return JsonValue.fromNumber(parseFloat(t.substring(start, i)));
  }
}
