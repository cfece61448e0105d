/**
 * The three exports a pack provides, reduced to one line each:
 *
 *   export function myriad_command(): i32 { return dispatchCommand(onCommand); }
 *   export function myriad_event(): i32 { return dispatchEvent(onEvent); }
 *   export function myriad_seed(): i32 { return dispatchSeed(onSeed); }
 *
 * Handlers return OK (0) or the result of `fail(code, message)`.
 */
import { JsonValue, parse, parseError } from './json/index';
import { parseUtf8 } from './json/parse';
import { inputString, loadInput, loadedLength } from './memory';
import { fail, hasFailed, resetFailed } from './fail';
import { resetAbort } from './abort';
import { clearError } from './result';

export const OK: i32 = 0;

/** The character who typed a command. `location` is null if they are nowhere. */
export class Actor {
  /** "character" for players, "npc" for a creature acting through `act` (decision 0018). */
  public kind: string = 'character';
  constructor(
    public id: string,
    public name: string,
    public location: string | null,
  ) {}
}

export class Command {
  constructor(
    /** The canonical verb (never an alias: "look", not "l"). */
    public verb: string,
    /** Everything after the verb, trimmed. */
    public args: string,
    /** The whole line as typed. */
    public line: string,
    public actor: Actor,
  ) {}

  /** `args` split on runs of whitespace. */
  words(): string[] {
    // A literal, not `new Array<string>()`: in a pack whose first Array<string> is
    // made here, asc 0.27 rejected the constructor call ("Array<String>#buffer has
    // no initializer", test/fixtures/packs/wordy); a literal takes another path.
    const out: string[] = [];
    const a = this.args;
    let start = -1;
    for (let i = 0; i <= a.length; i++) {
      const c = a.charCodeAt(i); // -1 past the end ends the last word
      const space = c == 0x20 || c == 0x09 || c < 0;
      if (space && start >= 0) {
        out.push(a.substring(start, i));
        start = -1;
      } else if (!space && start < 0) {
        start = i;
      }
    }
    return out;
  }
}

/** Who caused an event: `kind` is "character", "pack", … */
export class EventActor {
  constructor(
    public kind: string,
    public id: string,
  ) {}
}

export class GameEvent {
  constructor(
    public id: string,
    public type: string,
    public stream: string,
    public actor: EventActor | null,
    public payload: JsonValue,
  ) {}
}

function str(v: JsonValue, key: string): string {
  const s = v.getString(key);
  return s === null ? '' : s;
}

/** Per-call reset: module globals survive between calls of one instance. */
function beginCall(): void {
  resetFailed();
  resetAbort();
  clearError();
}

/**
 * Turn a handler's result into the export's: a handler that returned non-zero
 * without calling fail() still fails with an error set, because the engine
 * learns of failure from the error, not from the return code.
 */
function finish(rc: i32): i32 {
  if (hasFailed()) return 1;
  if (rc != 0) return fail('PACK_FAILED', 'That did not work.');
  return 0;
}

function readInput(what: string): JsonValue | null {
  const buf = loadInput();
  const input = parseUtf8(changetype<usize>(buf), loadedLength());
  if (input === null) fail('PACK_BAD_INPUT', what + ' input is not JSON: ' + parseError());
  return input;
}

export function dispatchCommand(handler: (cmd: Command) => i32): i32 {
  beginCall();
  const input = readInput('myriad_command');
  if (input === null) return 1;
  const a = input.getObject('actor');
  if (a === null) return fail('PACK_BAD_INPUT', 'myriad_command input has no actor');
  const actor = new Actor(str(a, 'id'), str(a, 'name'), a.getString('location'));
  const kind = a.getString('kind');
  if (kind !== null) actor.kind = kind;
  return finish(handler(new Command(str(input, 'verb'), str(input, 'args').trim(), str(input, 'line'), actor)));
}

export function dispatchEvent(handler: (event: GameEvent) => i32): i32 {
  beginCall();
  const input = readInput('myriad_event');
  if (input === null) return 1;
  const a = input.getObject('actor');
  let actor: EventActor | null = null;
  if (a !== null) actor = new EventActor(str(a, 'kind'), str(a, 'id'));
  let payload = input.get('payload');
  if (payload === null) payload = JsonValue.newNull();
  return finish(handler(new GameEvent(str(input, 'id'), str(input, 'type'), str(input, 'stream'), actor, payload)));
}

/**
 * `myriad_prompt` (optional): called after each command a character runs, to
 * show them their prompt (`send("actor", Message.kind("prompt")…)`).
 */
export function dispatchPrompt(handler: (actor: Actor) => i32): i32 {
  beginCall();
  const input = readInput('myriad_prompt');
  if (input === null) return 1;
  const a = input.getObject('actor');
  if (a === null) return fail('PACK_BAD_INPUT', 'myriad_prompt input has no actor');
  return finish(handler(new Actor(str(a, 'id'), str(a, 'name'), a.getString('location'))));
}

/** `world` is the pack's world file (a Null value when the pack has none). */
export function dispatchSeed(handler: (world: JsonValue) => i32): i32 {
  beginCall();
  const text = inputString();
  if (text.trim().length == 0) return finish(handler(JsonValue.newNull()));
  const input = parse(text);
  if (input === null) return fail('PACK_BAD_INPUT', 'myriad_seed input is not JSON: ' + parseError());
  return finish(handler(input));
}
