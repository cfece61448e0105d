/**
 * A strict RFC 8259 JSON parser into JsonValue. It returns null on malformed
 * input (with the reason in `parseError()`) instead of aborting: input comes
 * from the host and from world files, and a trap would discard the whole call
 * with a generic error instead of a message that names the problem.
 *
 * It reads UTF-8 bytes directly (`parseUtf8`): host answers and call input
 * arrive as UTF-8, so the document is never decoded to a String as a whole;
 * only string values are, one run of plain bytes at a time. Offsets in error
 * messages are byte offsets into the UTF-8 text.
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
  const buf = String.UTF8.encode(text);
  return parseWith(new Parser(changetype<usize>(buf), changetype<usize>(buf) + <usize>buf.byteLength, buf));
}

/**
 * Parse `len` bytes of UTF-8 at `ptr` as one JSON value. The caller keeps the
 * bytes alive for the duration of the call; no String or value refers to them after.
 */
export function parseUtf8(ptr: usize, len: i32): JsonValue | null {
  return parseWith(new Parser(ptr, ptr + <usize>len, null));
}

function parseWith(p: Parser): JsonValue | null {
  const v = p.value(0);
  if (v === null) {
    lastParseError = p.error;
    return null;
  }
  p.skipSpace();
  if (p.pos < p.end) {
    lastParseError = "unexpected " + p.describe() + " after the value at offset " + p.offset().toString();
    return null;
  }
  lastParseError = "";
  return v;
}

/**
 * Parse the value that starts at byte `start` of `len` bytes at `ptr` and must
 * end exactly at byte `stop` (the envelope fast path: the `ok` value of
 * `{"ok":…}`). Null when it does not; lastParseError is left alone (the caller
 * falls back to a full parse, which sets it).
 */
export function parseUtf8Between(ptr: usize, start: i32, stop: i32): JsonValue | null {
  const p = new Parser(ptr, ptr + <usize>stop, null);
  p.pos = ptr + <usize>start;
  const v = p.value(0);
  if (v === null || p.pos != p.end) return null;
  lastParseError = "";
  return v;
}

function hexDigit(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

// @ts-ignore: decorator
@inline
function isDigit(c: i32): bool {
  return <u32>(c - 0x30) < 10;
}

// Scratch for strings with escapes, in UTF-16 code units (grown on demand;
// a string of up to 4 KiB code units reuses it).
const SCRATCH_KEEP: i32 = 8192;
// (Allocated on first use, not at module start: see memory.ts.)
let scratch: ArrayBuffer | null = null;

/**
 * UTF-8 → UTF-16, the same decoding as String.UTF8.decodeUnsafe (so text reads
 * the same as it did through String.UTF8.decode), into `dst`; returns the end.
 */
function utf8ToUtf16(src: usize, end: usize, dst: usize): usize {
  while (src < end) {
    let u0 = <u32>load<u8>(src);
    ++src;
    if (!(u0 & 128)) {
      store<u16>(dst, u0);
    } else {
      if (end == src) break;
      const u1 = <u32>load<u8>(src) & 63;
      ++src;
      if ((u0 & 224) == 192) {
        store<u16>(dst, (u0 & 31) << 6 | u1);
      } else {
        if (end == src) break;
        const u2 = <u32>load<u8>(src) & 63;
        ++src;
        if ((u0 & 240) == 224) {
          u0 = (u0 & 15) << 12 | u1 << 6 | u2;
        } else {
          if (end == src) break;
          u0 = (u0 & 7) << 18 | u1 << 12 | u2 << 6 | <u32>load<u8>(src) & 63;
          ++src;
        }
        if (u0 < 0x10000) {
          store<u16>(dst, u0);
        } else {
          u0 -= 0x10000;
          const lo = u0 >> 10 | 0xD800;
          const hi = (u0 & 0x03FF) | 0xDC00;
          store<u32>(dst, lo | (hi << 16));
          dst += 2;
        }
      }
    }
    dst += 2;
  }
  return dst;
}

/** A String of `n` ASCII bytes at `src`. */
function asciiString(src: usize, n: i32): string {
  if (n == 0) return "";
  const out = __new(<usize>n << 1, idof<string>());
  for (let i = 0; i < n; i++) store<u16>(out + (<usize>i << 1), load<u8>(src + <usize>i));
  return changetype<string>(out);
}

class Parser {
  pos: usize;
  error: string = "";

  // `keep` holds the bytes' owner (if any) so the collector leaves them alone.
  constructor(public start: usize, public end: usize, public keep: ArrayBuffer | null) {
    this.pos = start;
  }

  offset(): i32 {
    return <i32>(this.pos - this.start);
  }

  fail(what: string): JsonValue | null {
    if (this.error.length == 0) {
      this.error = what + " at offset " + this.offset().toString();
    }
    return null;
  }

  /** The byte at `at`, or -1 at or past the end. */
  // @ts-ignore: decorator
  @inline
  byteAt(at: usize): i32 {
    return at < this.end ? <i32>load<u8>(at) : -1;
  }

  // @ts-ignore: decorator
  @inline
  peek(): i32 {
    return this.byteAt(this.pos);
  }

  /** The character at pos for an error message: "'x'" or "end of input". */
  describe(): string {
    const pos = this.pos;
    if (pos >= this.end) return "end of input";
    const b = <i32>load<u8>(pos);
    let n: usize = 1;
    if (b >= 0xf0) n = 4;
    else if (b >= 0xe0) n = 3;
    else if (b >= 0xc0) n = 2;
    if (pos + n > this.end) n = this.end - pos;
    return "'" + String.UTF8.decodeUnsafe(pos, n) + "'";
  }

  skipSpace(): void {
    let p = this.pos;
    const end = this.end;
    while (p < end) {
      const c = load<u8>(p);
      if (c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09) p++;
      else break;
    }
    this.pos = p;
  }

  value(depth: i32): JsonValue | null {
    if (depth > MAX_DEPTH) return this.fail("nesting deeper than " + MAX_DEPTH.toString());
    this.skipSpace();
    const c = this.peek();
    if (c == 0x22) {
      const s = this.string();
      return s === null ? null : JsonValue.fromString(s);
    }
    if (c == 0x7b) return this.object(depth);
    if (c == 0x5b) return this.array(depth);
    if (c == 0x2d || isDigit(c)) return this.number();
    if (c == 0x6e && this.literal4(0x6c6c756e)) return JsonValue.newNull(); // "null"
    if (c == 0x74 && this.literal4(0x65757274)) return JsonValue.fromBool(true); // "true"
    if (c == 0x66 && this.pos + 5 <= this.end && load<u8>(this.pos + 4) == 0x65 && this.literal4(0x736c6166)) {
      this.pos++; // "false": "fals" + "e"
      return JsonValue.fromBool(false);
    }
    return this.fail("unexpected " + this.describe());
  }

  /** The 4 bytes at pos equal `word` (little-endian); consumes them if so. */
  literal4(word: u32): bool {
    if (this.pos + 4 > this.end || load<u32>(this.pos) != word) return false;
    this.pos += 4;
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
      if (c == 0x2c) {
        this.pos++;
        continue;
      }
      if (c == 0x7d) {
        this.pos++;
        return obj;
      }
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
      if (c == 0x2c) {
        this.pos++;
        continue;
      }
      if (c == 0x5d) {
        this.pos++;
        return arr;
      }
      return this.fail("expected ',' or ']'");
    }
  }

  /** A string literal starting at the opening quote; the decoded text or null. */
  string(): string | null {
    const start = this.pos + 1;
    const end = this.end;
    // Fast path: a run of plain bytes up to the closing quote, decoded at once.
    let i = start;
    let high: u32 = 0;
    while (i < end) {
      const c = <u32>load<u8>(i);
      if (c == 0x22) {
        this.pos = i + 1;
        const n = <i32>(i - start);
        return high < 0x80 ? asciiString(start, n) : String.UTF8.decodeUnsafe(start, n);
      }
      if (c == 0x5c || c < 0x20) break;
      high |= c;
      i++;
    }
    return this.escapedString(start, i);
  }

  /**
   * The slow path: the string from `start` has escapes (or a control character,
   * or no end); `i` is where the fast path stopped. Decodes into the scratch.
   */
  escapedString(start: usize, i: usize): string | null {
    const end = this.end;
    // Every input byte yields at most one code unit (escapes shrink), so the
    // output needs at most 2 bytes per input byte consumed.
    let kept = scratch;
    if (kept === null) {
      kept = new ArrayBuffer(256);
      scratch = kept;
    }
    let buf: ArrayBuffer = kept;
    let base = changetype<usize>(buf);
    let dst = base;
    let run = start;
    while (true) {
      if (i >= end) {
        this.pos = i;
        this.fail("unterminated string");
        return null;
      }
      // Room for the run so far and one escape, before writing either.
      const need = (dst - base) + ((i - run + 6) << 1);
      if (need > <usize>buf.byteLength) {
        const grown = new ArrayBuffer(<i32>max(need, <usize>buf.byteLength << 1));
        memory.copy(changetype<usize>(grown), base, dst - base);
        dst = changetype<usize>(grown) + (dst - base);
        base = changetype<usize>(grown);
        buf = grown;
        if (buf.byteLength <= SCRATCH_KEEP) scratch = buf;
      }
      const c = <i32>load<u8>(i);
      if (c == 0x22) {
        dst = utf8ToUtf16(run, i, dst);
        this.pos = i + 1;
        const len = dst - base;
        const out = __new(len, idof<string>());
        memory.copy(out, base, len);
        return changetype<string>(out);
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
      dst = utf8ToUtf16(run, i, dst);
      const e = this.byteAt(i + 1);
      let unit: i32 = -1;
      let width: usize = 2;
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
        for (let k: usize = 2; k < 6; k++) {
          const h = hexDigit(this.byteAt(i + k));
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
      store<u16>(dst, <u16>unit);
      dst += 2;
      i += width;
      run = i;
    }
  }

  number(): JsonValue | null {
    const start = this.pos;
    let i = start;
    let neg = false;
    if (this.byteAt(i) == 0x2d) {
      neg = true;
      i++;
    }
    const digitsStart = i;
    const first = this.byteAt(i);
    if (first == 0x30) {
      i++;
    } else if (isDigit(first)) {
      while (isDigit(this.byteAt(i))) i++;
    } else {
      this.pos = i;
      return this.fail("bad number");
    }
    const intEnd = i;
    let simple = true;
    if (this.byteAt(i) == 0x2e) {
      simple = false;
      i++;
      if (!isDigit(this.byteAt(i))) {
        this.pos = i;
        return this.fail("bad number");
      }
      while (isDigit(this.byteAt(i))) i++;
    }
    const e = this.byteAt(i);
    if (e == 0x65 || e == 0x45) {
      simple = false;
      i++;
      const sign = this.byteAt(i);
      if (sign == 0x2b || sign == 0x2d) i++;
      if (!isDigit(this.byteAt(i))) {
        this.pos = i;
        return this.fail("bad number");
      }
      while (isDigit(this.byteAt(i))) i++;
    }
    this.pos = i;
    // An integer of up to 15 digits is exact in f64 digit by digit.
    if (simple && intEnd - digitsStart <= 15) {
      let n: f64 = 0;
      for (let k = digitsStart; k < intEnd; k++) n = n * 10 + <f64>(<i32>load<u8>(k) - 0x30);
      return JsonValue.fromNumber(neg ? -n : n);
    }
    return JsonValue.fromNumber(parseFloat(asciiString(start, <i32>(i - start))));
  }
}
