/**
 * Failing a call. `fail` sets the Extism error to {"code","message"} and returns
 * 1 for the export to return; the engine then rolls back every effect of the
 * call and shows `message` to the actor:
 *
 *   if (target === null) return fail("COMBAT_NO_TARGET", "Attack whom?");
 */
import { error_set } from '@extism/as-pdk/lib/env';
import { JsonObj } from './json/index';
import { writeString } from './memory';

let failed = false;

export function fail(code: string, message: string): i32 {
  failed = true;
  // The block must stay allocated: the engine reads it after the call returns.
  error_set(writeString(new JsonObj().set('code', code).set('message', message).toJson()));
  return 1;
}

/** Whether `fail` was called during this call (the dispatchers return 1 if so). */
export function hasFailed(): bool {
  return failed;
}

/** Reset at the start of each export (module globals survive between calls). */
export function resetFailed(): void {
  failed = false;
}
