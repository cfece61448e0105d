/**
 * Game events and timers. An event goes to the world's log on its stream and
 * to subscribed packs; its `display` is what players see (the actor's line and
 * everyone else's in the stream's room), rendered by the engine per client.
 */
import { myriad_act, myriad_emit, myriad_schedule } from './env';
import { quote, toJson } from './json/index';
import { Message } from './message';
import { reqBegin, reqBlock, reqQuoted, reqRaw, writeString } from './memory';
import { answered } from './result';

export class Events {
  /**
   * Emit `type` (declared in pack.json `events.emits`) on `stream` (e.g.
   * "room:" + id). `payload` is anything toJson accepts (usually a JsonObj).
   * `actor` / `others` are the display lines; pass null for none.
   */
  static emit<T>(type: string, stream: string, payload: T, actor: Message | null = null, others: Message | null = null): bool {
    // The payload serialised before the request starts (a toJson may use the SDK
    // too); messages write themselves into the request.
    const payloadJson = toJson<T>(payload);
    reqBegin();
    reqRaw('{"type":');
    reqQuoted(type);
    reqRaw(',"stream":');
    reqQuoted(stream);
    reqRaw(',"payload":');
    reqRaw(payloadJson);
    if (actor !== null || others !== null) {
      reqRaw(',"display":{');
      if (actor !== null) {
        reqRaw('"actor":');
        actor.writeRequest();
      }
      if (others !== null) {
        reqRaw(actor !== null ? ',"others":' : '"others":');
        others.writeRequest();
      }
      reqRaw('}');
    }
    reqRaw('}');
    const req = reqBlock();
    return answered(req, myriad_emit(req)) !== null;
  }
}

/** Ask for event `type` (`<pack>.<name>`) with `payload` to reach this pack after `delayMs`. */
export function schedule<T>(delayMs: i64, type: string, payload: T): bool {
  const req = writeString('{"delayMs":' + delayMs.toString() + ',"type":' + quote(type) + ',"payload":' + toJson<T>(payload) + '}');
  return answered(req, myriad_schedule(req)) !== null;
}

/**
 * Have the NPC `npc` (an entity of kind "npc") run `line` as a command, through
 * the router like a player's line, after this call succeeds (capability `act`;
 * decision 0018). Its own output is discarded; what the room sees is shown.
 */
export function act(npc: string, line: string): bool {
  const req = writeString('{"e":' + quote(npc) + ',"line":' + quote(line) + '}');
  return answered(req, myriad_act(req)) !== null;
}
