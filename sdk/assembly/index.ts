/**
 * Myriad pack SDK for AssemblyScript. A pack imports everything from here:
 *
 *   import { Command, OK, Message, reply, fail, dispatchCommand } from "../../../sdk/assembly";
 *
 * See docs/sdk.md. Build packs with sdk/tooling/build.ts, which passes the
 * flags this SDK relies on (abort handler, memory cap, incremental runtime).
 */
export { Command, Actor, GameEvent, EventActor, OK, dispatchCommand, dispatchEvent, dispatchPrompt, dispatchSeed } from './dispatch';
export { State } from './state';
export { Query, EntityInfo, ContentsEntry, OnlineEntry, CharacterInfo, Nearby } from './query';
export { Events, schedule, act } from './events';
export { send, reply } from './send';
export { gmcp } from './gmcp';
export { Message } from './message';
export { rand, randInt, randFloat, now, config, log } from './world';
export { fail } from './fail';
export { HostError, lastError } from './result';
export { JsonValue, JsonType, JsonObj, JsonArr, RawJson, raw, quote, toJson, parse as parseJson, parseError as jsonError } from './json/index';
export { inputString, outputString } from './memory';
// Referenced by the build's `--use abort=…`; exported so it is part of every pack's program.
export { myriadAbort } from './abort';

import * as json from './json/index';
export { json };
