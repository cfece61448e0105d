/**
 * CHARSET (RFC 2066, option 42). We only speak UTF-8: once the option is on we send
 * REQUEST ";UTF-8", and we answer a client's own REQUEST with ACCEPTED "UTF-8" when it
 * offers UTF-8 and REJECTED otherwise. Translation tables (TTABLE) are refused.
 */
import { CHARSET_ACCEPTED, CHARSET_REJECTED, CHARSET_REQUEST, CHARSET_TTABLE_IS, CHARSET_TTABLE_REJECTED } from './codes.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

export const UTF8_NAME = 'UTF-8';

/** Payload of our REQUEST: separator ';' then the one charset we offer. */
export function charsetRequest(): Uint8Array {
  return Uint8Array.from([CHARSET_REQUEST, ...encoder.encode(`;${UTF8_NAME}`)]);
}

export type CharsetMessage =
  /** The client accepted a charset from our request. */
  | { readonly type: 'accepted'; readonly charset: string }
  | { readonly type: 'rejected' }
  /** The client asked us to pick one of `charsets`. */
  | { readonly type: 'request'; readonly charsets: readonly string[] }
  | { readonly type: 'ttable' }
  | { readonly type: 'unknown' };

export function parseCharset(payload: Uint8Array): CharsetMessage {
  const verb = payload[0];
  const rest = decoder.decode(payload.subarray(1));
  switch (verb) {
    case CHARSET_ACCEPTED:
      return { type: 'accepted', charset: rest.trim() };
    case CHARSET_REJECTED:
      return { type: 'rejected' };
    case CHARSET_REQUEST: {
      // Optional "[TTABLE] <version>" prefix, then <sep><name><sep><name>...
      let list = rest;
      if (list.startsWith('[TTABLE]')) list = list.slice(9);
      const sep = list[0];
      if (sep === undefined) return { type: 'request', charsets: [] };
      return {
        type: 'request',
        charsets: list
          .slice(1)
          .split(sep)
          .filter((s) => s.length > 0),
      };
    }
    case CHARSET_TTABLE_IS:
      return { type: 'ttable' };
    default:
      return { type: 'unknown' };
  }
}

export function isUtf8Name(name: string): boolean {
  return /^utf-?8$/i.test(name.trim());
}

/** Our answer to a client's REQUEST. */
export function charsetReply(charsets: readonly string[]): { payload: Uint8Array; accepted: boolean } {
  const utf8 = charsets.find(isUtf8Name);
  if (utf8 !== undefined) return { payload: Uint8Array.from([CHARSET_ACCEPTED, ...encoder.encode(utf8)]), accepted: true };
  return { payload: Uint8Array.of(CHARSET_REJECTED), accepted: false };
}

export const TTABLE_REJECTED_PAYLOAD = Uint8Array.of(CHARSET_TTABLE_REJECTED);
