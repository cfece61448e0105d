/**
 * social: talking to the people around you. Commands: say, pose, who.
 * (The engine maps a leading `"` to say and a leading `:` to pose.)
 */
import { Command, Message, Events, Query, JsonObj, OK, reply, fail, lastError, dispatchCommand } from "../../../sdk/assembly";

export function myriad_command(): i32 {
  return dispatchCommand(onCommand);
}

function onCommand(cmd: Command): i32 {
  if (cmd.verb == "say") return say(cmd);
  if (cmd.verb == "pose") return pose(cmd);
  if (cmd.verb == "who") return who();
  reply(Message.error("social does not know the command \"" + cmd.verb + "\"."));
  return OK;
}

/** Comm.Channel.Text is the GMCP package clients use for chat windows. */
function channelText(talker: string, msg: Message): JsonObj {
  return new JsonObj().set("channel", "say").set("talker", talker).set("text", msg.plain());
}

function say(cmd: Command): i32 {
  const text = cmd.args;
  if (text.length == 0) {
    reply(Message.error("Say what?"));
    return OK;
  }
  const here = cmd.actor.location;
  if (here === null) {
    reply(Message.error("There is no one here to hear you."));
    return OK;
  }
  const actor = cmd.actor;
  const mine = Message.kind("say").text("You say, \"").styled(text, "speech").text("\"");
  mine.data("Comm.Channel.Text", channelText(actor.name, mine));
  const theirs = Message.kind("say").name(actor.name, actor.id).text(" says, \"").styled(text, "speech").text("\"");
  theirs.data("Comm.Channel.Text", channelText(actor.name, theirs));
  if (!Events.emit("social.say", "room:" + here, new JsonObj().set("text", text), mine, theirs)) return refused();
  return OK;
}

function pose(cmd: Command): i32 {
  const text = cmd.args;
  if (text.length == 0) {
    reply(Message.error("Pose what?"));
    return OK;
  }
  const here = cmd.actor.location;
  if (here === null) {
    reply(Message.error("There is no one here to see you."));
    return OK;
  }
  const actor = cmd.actor;
  // "pose 's eyes narrow." reads "Alice's eyes narrow.": no space before ' or ,
  const first = text.charAt(0);
  const joined = (first == "'" || first == "," ? text : " " + text) + (endsSentence(text) ? "" : ".");
  const msg = Message.kind("pose").name(actor.name, actor.id).styled(joined, "emote");
  if (!Events.emit("social.pose", "room:" + here, new JsonObj().set("text", text), msg, msg)) return refused();
  return OK;
}

/** `:waves` reads "Alice waves." — a pose gets a full stop unless it already ends a sentence. */
function endsSentence(text: string): bool {
  const last = text.charAt(text.length - 1);
  return last == "." || last == "!" || last == "?" || last == "\"" || last == "'" || last == ")" || last == "…";
}

function who(): i32 {
  const online = Query.online();
  if (online.length == 0) {
    reply(Message.info("Nobody is online."));
    return OK;
  }
  const msg = Message.kind("info").text("Online (" + online.length.toString() + "): ");
  for (let i = 0; i < online.length; i++) {
    if (i > 0) msg.text(", ");
    msg.name(online[i].name, online[i].id);
  }
  reply(msg);
  return OK;
}

function refused(): i32 {
  const err = lastError();
  return fail("SOCIAL_REFUSED", "Your words are lost" + (err === null ? "." : " (" + err.message + ")."));
}
