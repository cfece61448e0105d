/**
 * Moving UTF-8 text in and out of Extism memory. as-pdk's Memory.allocateString
 * stores one byte per host call; these helpers move 8 bytes per call (the last,
 * partial word as one overlapping 8-byte move), and Extism charges per call
 * (~20 ns/byte either way, so fewer calls is the only lever).
 *
 * Incoming bytes (call input, host answers) land in a buffer reused from call
 * to call and are parsed from there; requests are encoded straight into
 * another (`req*`), so neither direction allocates per call.
 */
import { alloc, free, length, load_u64, load_u8, store_u64, store_u8, output_set, input_length, input_load_u64, input_load_u8 } from '@extism/as-pdk/lib/env';
import { quote } from './json/write';

// Buffers up to this size are kept for the next call; a larger one is used once
// (a pack's memory is small: do not hold a 64 KiB answer's buffer forever).
const KEEP: i32 = 16384;

// Allocated on first use, not at module start (an allocation in the start
// function aborted in the collector under Extism; not investigated further).
let inBuf: ArrayBuffer | null = null;
let inLen: i32 = 0;

function inBuffer(len: i32): ArrayBuffer {
  const kept = inBuf;
  if (kept !== null && len <= kept.byteLength) return kept;
  const b = new ArrayBuffer(max(len, 1024));
  if (len <= KEEP) inBuf = b;
  return b;
}

/**
 * Copy the Extism block at `offset` into a reused buffer (valid until the next
 * load) and free the block; `loadedLength()` is its length.
 */
export function loadBlock(offset: u64): ArrayBuffer {
  const len = <i32>length(offset);
  const buf = inBuffer(len);
  const ptr = changetype<usize>(buf);
  if (len < 8) {
    for (let i = 0; i < len; i++) store<u8>(ptr + <usize>i, load_u8(offset + <u64>i));
  } else {
    let i = 0;
    for (; i + 8 <= len; i += 8) store<u64>(ptr + <usize>i, load_u64(offset + <u64>i));
    if (i < len) store<u64>(ptr + <usize>(len - 8), load_u64(offset + <u64>(len - 8)));
  }
  free(offset);
  inLen = len;
  return buf;
}

/** The call's input in a reused buffer (valid until the next load); `loadedLength()` is its length. */
export function loadInput(): ArrayBuffer {
  const len = <i32>input_length();
  const buf = inBuffer(len);
  const ptr = changetype<usize>(buf);
  if (len < 8) {
    for (let i = 0; i < len; i++) store<u8>(ptr + <usize>i, input_load_u8(<u64>i));
  } else {
    let i = 0;
    for (; i + 8 <= len; i += 8) store<u64>(ptr + <usize>i, input_load_u64(<u64>i));
    if (i < len) store<u64>(ptr + <usize>(len - 8), input_load_u64(<u64>(len - 8)));
  }
  inLen = len;
  return buf;
}

/** Length of what the last loadBlock/loadInput loaded. */
export function loadedLength(): i32 {
  return inLen;
}

/** Copy `len` bytes at `ptr` into a new Extism block; returns its offset. */
function writeBytes(ptr: usize, len: i32): u64 {
  const offset = alloc(<u64>len);
  if (len < 8) {
    for (let i = 0; i < len; i++) store_u8(offset + <u64>i, load<u8>(ptr + <usize>i));
  } else {
    let i = 0;
    for (; i + 8 <= len; i += 8) store_u64(offset + <u64>i, load<u64>(ptr + <usize>i));
    if (i < len) store_u64(offset + <u64>(len - 8), load<u64>(ptr + <usize>(len - 8)));
  }
  return offset;
}

// --- requests ---------------------------------------------------------------

let reqBuf: ArrayBuffer | null = null;
let reqLen: i32 = 0;

function reqReserve(extra: i32): usize {
  const need = reqLen + extra;
  let buf = reqBuf;
  if (buf === null || need > buf.byteLength) {
    const old = buf;
    buf = new ArrayBuffer(max(need, old === null ? 1024 : old.byteLength << 1));
    if (old !== null) memory.copy(changetype<usize>(buf), changetype<usize>(old), <usize>reqLen);
    reqBuf = buf;
  }
  return changetype<usize>(buf) + <usize>reqLen;
}

/** Start a request (discards anything not sent). */
export function reqBegin(): void {
  reqLen = 0;
}

/** Append text as UTF-8: a JSON fragment (literal punctuation, or JSON from toJson). */
export function reqRaw(s: string): void {
  // At most 3 bytes per UTF-16 code unit; when that does not fit in what the
  // buffer has, the exact size (so a large text does not triple the buffer).
  const buf = reqBuf;
  let need = s.length * 3;
  if (buf === null || reqLen + need > buf.byteLength) need = String.UTF8.byteLength(s);
  const dst = reqReserve(need);
  reqLen += <i32>String.UTF8.encodeUnsafe(changetype<usize>(s), s.length, dst);
}

/** Append `s` as a JSON string literal: the same bytes as reqRaw(quote(s)). */
export function reqQuoted(s: string): void {
  const n = s.length;
  const src = changetype<usize>(s);
  // Plain ASCII (the usual id or component name): copy it between quotes.
  const dst = reqReserve(n + 2);
  store<u8>(dst, 0x22);
  for (let i = 0; i < n; i++) {
    const c = <u32>load<u16>(src + ((<usize>i) << 1));
    if (c >= 0x80 || c < 0x20 || c == 0x22 || c == 0x5c) {
      reqRaw(quote(s));
      return;
    }
    store<u8>(dst + 1 + <usize>i, <u8>c);
  }
  store<u8>(dst + 1 + <usize>n, 0x22);
  reqLen += n + 2;
}

/** Bytes in the request being built. */
export function reqLength(): i32 {
  return reqLen;
}

/** Copy the request into a new Extism block (the request offset for a host call). */
export function reqBlock(): u64 {
  const buf = changetype<ArrayBuffer>(reqReserve(0) - <usize>reqLen);
  const offset = writeBytes(changetype<usize>(buf), reqLen);
  if (buf.byteLength > KEEP) reqBuf = null;
  reqLen = 0;
  return offset;
}

// --- strings ------------------------------------------------------------------

/** Copy `s` as UTF-8 into a new Extism block; returns its offset. */
export function writeString(s: string): u64 {
  reqBegin();
  reqRaw(s);
  return reqBlock();
}

/** Read the Extism block at `offset` as UTF-8 text and free it. */
export function readString(offset: u64): string {
  const buf = loadBlock(offset);
  return String.UTF8.decodeUnsafe(changetype<usize>(buf), <usize>inLen);
}

/** Free a block this pack allocated (a request, once the host has answered). */
export function release(offset: u64): void {
  free(offset);
}

/** The call's input as text. */
export function inputString(): string {
  const buf = loadInput();
  return String.UTF8.decodeUnsafe(changetype<usize>(buf), <usize>inLen);
}

/**
 * Set the call's output. Host.outputString sizes the block by UTF-16 length
 * and traps on non-ASCII text; this encodes first and sizes by bytes.
 */
export function outputString(s: string): void {
  reqBegin();
  reqRaw(s);
  const len = reqLen;
  output_set(reqBlock(), <u64>len);
}
