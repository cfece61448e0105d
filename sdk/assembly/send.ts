/** Output to players (capability `send` with the matching scope). */
import { myriad_send } from './env';
import { Message } from './message';
import { reqBegin, reqBlock, reqQuoted, reqRaw } from './memory';
import { answered } from './result';

/** Recipients: "actor", "room" (the actor's room), "all", or a character id. */
export function send(to: string, msg: Message, except: string[] = []): bool {
  reqBegin();
  reqRaw('{"to":');
  reqQuoted(to);
  reqRaw(',"msg":');
  msg.writeRequest();
  if (except.length > 0) {
    reqRaw(',"except":[');
    for (let i = 0; i < except.length; i++) {
      if (i > 0) reqRaw(',');
      reqQuoted(except[i]);
    }
    reqRaw(']');
  }
  reqRaw('}');
  const req = reqBlock();
  return answered(req, myriad_send(req)) !== null;
}

/** Shorthand for `send("actor", msg)`. */
export function reply(msg: Message): bool {
  return send('actor', msg);
}
