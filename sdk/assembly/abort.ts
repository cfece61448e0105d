/**
 * The abort handler every pack is built with (`--use abort=<this file>/myriadAbort`).
 * asc's default abort imports `env.abort`, which Extism does not provide, so
 * without this a pack would not even load.
 *
 * It reports the assertion or runtime error with file, line and column, then
 * traps so the engine discards the call's effects. The report goes two ways:
 * `error_set` (the ABI's error channel), and `myriad_log` at level error,
 * because @extism/extism 2.0.0-rc13 rethrows a trap without reading the error
 * block, so a log line is the only route to the operator that survives the trap.
 */
import { error_set } from '@extism/as-pdk/lib/env';
import { myriad_log } from './env';
import { quote } from './json/index';
import { writeString, release } from './memory';

// Set while reporting: if building the report aborts too (out of memory is the
// usual reason to be here), trap at once instead of recursing. Reset by the
// dispatchers at the start of each call, since the instance outlives a trap.
let aborting = false;

export function resetAbort(): void {
  aborting = false;
}

export function myriadAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  if (!aborting) {
    aborting = true;
    const where = (fileName === null ? '?' : fileName) + ':' + line.toString() + ':' + column.toString();
    const text = quote((message === null ? 'abort' : message) + ' (' + where + ')');
    error_set(writeString('{"code":"PACK_ABORT","message":' + text + '}'));
    const req = writeString('{"level":"error","msg":' + text + '}');
    myriad_log(req); // the answer does not matter: we trap next
    release(req);
  }
  unreachable();
}
