/** Output to players (capability `send` with the matching scope). */
import { myriad_send } from "./env";
import { quote } from "./json/index";
import { Message } from "./message";
import { writeString } from "./memory";
import { answered } from "./result";

/** Recipients: "actor", "room" (the actor's room), "all", or a character id. */
export function send(to: string, msg: Message, except: string[] = []): bool {
  let request = "{\"to\":" + quote(to) + ",\"msg\":" + msg.toJson();
  if (except.length > 0) {
    const ids = new Array<string>(except.length);
    for (let i = 0; i < except.length; i++) ids[i] = quote(except[i]);
    request += ",\"except\":[" + ids.join(",") + "]";
  }
  const req = writeString(request + "}");
  return answered(req, myriad_send(req)) !== null;
}

/** Shorthand for `send("actor", msg)`. */
export function reply(msg: Message): bool {
  return send("actor", msg);
}
