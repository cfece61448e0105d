/**
 * Decoding host answers. Every host function answers 0 ("done") or an envelope
 * `{"ok":<value>}` / `{"err":{"code","message"}}`. A denied call is not a trap:
 * the wrapper returns null/false and the reason waits in `lastError()`, so the
 * pack decides whether to carry on, tell the player, or `fail()`.
 */
import { JsonValue, parseError } from './json/index';
import { parseUtf8, parseUtf8Between } from './json/parse';
import { loadBlock, loadedLength, release } from './memory';

// `{"ok":` as the low 6 bytes of a little-endian u64, and `null` as a u32.
const OK_PREFIX: u64 = 0x3a226b6f227b;
const NULL_WORD: u32 = 0x6c6c756e;

export class HostError {
  constructor(
    public code: string,
    public message: string,
  ) {}

  toString(): string {
    return this.code + ': ' + this.message;
  }
}

let last: HostError | null = null;

/** The error of the most recent host call, or null if it succeeded. */
export function lastError(): HostError | null {
  return last;
}

export function clearError(): void {
  last = null;
}

export function setError(code: string, message: string): void {
  last = new HostError(code, message);
}

/**
 * The `ok` value of the answer at `offset` (a JsonValue of type Null for "done"
 * and for `{"ok":null}`), or null when the host refused (lastError() says why).
 */
export function decodeAnswer(offset: u64): JsonValue | null {
  last = null;
  if (offset == 0) return JsonValue.newNull();
  const buf = loadBlock(offset);
  const len = loadedLength();
  const ptr = changetype<usize>(buf);
  // Fast path: `{"ok":<value>}` as the host writes it (no spaces): parse the
  // value in place, without building the envelope.
  if (len >= 8 && (load<u64>(ptr) & 0xffffffffffff) == OK_PREFIX && load<u8>(ptr + <usize>(len - 1)) == 0x7d) {
    if (len == 11 && load<u32>(ptr + 6) == NULL_WORD) return JsonValue.newNull();
    const ok = parseUtf8Between(ptr, 6, len - 1);
    if (ok !== null) return ok;
  }
  const env = parseUtf8(ptr, len);
  if (env === null) {
    setError('SDK_BAD_ANSWER', 'the host answered with invalid JSON: ' + parseError());
    return null;
  }
  const err = env.getObject('err');
  if (err !== null) {
    const code = err.getString('code');
    const message = err.getString('message');
    setError(code === null ? 'PACK_HOST_ERROR' : code, message === null ? '' : message);
    return null;
  }
  const ok = env.get('ok');
  if (ok === null) {
    setError('SDK_BAD_ANSWER', 'the host answer has neither ok nor err: ' + env.toJson());
    return null;
  }
  return ok;
}

/**
 * Free the request block `req` and decode `answer`. Wrappers read as
 * `const req = writeString(r); return answered(req, myriad_get(req));`
 * (asc cannot take the address of an imported function, so no generic `call(fn, r)`).
 */
export function answered(req: u64, answer: u64): JsonValue | null {
  release(req);
  return decodeAnswer(answer);
}
