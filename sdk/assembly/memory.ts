/**
 * Moving UTF-8 text in and out of Extism memory. as-pdk's Memory.allocateString
 * stores one byte per host call; these helpers move 8 bytes per call, and Extism
 * charges per call (~20 ns/byte either way, so fewer calls is the only lever).
 */
import { alloc, free, length, load_u64, load_u8, store_u64, store_u8, output_set } from "@extism/as-pdk/lib/env";
import { Host } from "@extism/as-pdk";

/** Copy `s` as UTF-8 into a new Extism block; returns its offset. */
export function writeString(s: string): u64 {
  const buf = String.UTF8.encode(s);
  return writeBytes(changetype<usize>(buf), buf.byteLength);
}

function writeBytes(ptr: usize, len: i32): u64 {
  const offset = alloc(<u64>len);
  let i = 0;
  for (; i + 8 <= len; i += 8) store_u64(offset + <u64>i, load<u64>(ptr + <usize>i));
  for (; i < len; i++) store_u8(offset + <u64>i, load<u8>(ptr + <usize>i));
  return offset;
}

/** Read the Extism block at `offset` as UTF-8 text and free it. */
export function readString(offset: u64): string {
  const len = <i32>length(offset);
  const buf = new ArrayBuffer(len);
  const ptr = changetype<usize>(buf);
  let i = 0;
  for (; i + 8 <= len; i += 8) store<u64>(ptr + <usize>i, load_u64(offset + <u64>i));
  for (; i < len; i++) store<u8>(ptr + <usize>i, load_u8(offset + <u64>i));
  free(offset);
  return String.UTF8.decode(buf);
}

/** Free a block this pack allocated (a request, once the host has answered). */
export function release(offset: u64): void {
  free(offset);
}

/** The call's input as text. */
export function inputString(): string {
  return String.UTF8.decode(Host.input().buffer);
}

/**
 * Set the call's output. Host.outputString sizes the block by UTF-16 length
 * and traps on non-ASCII text; this encodes first and sizes by bytes.
 */
export function outputString(s: string): void {
  const buf = String.UTF8.encode(s);
  output_set(writeBytes(changetype<usize>(buf), buf.byteLength), <u64>buf.byteLength);
}
