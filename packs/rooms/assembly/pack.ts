/**
 * rooms: the places of the world and moving between them.
 * Commands: look, the ten directions, go <exit>. Seeds the world from world.json.
 */
import { Command, GameEvent, JsonValue, Message, Query, State, OK, send, reply, log, dispatchCommand, dispatchEvent, dispatchSeed } from "../../../sdk/assembly";
import { describeRoom } from "./look";
import { lookAt } from "./creatures";
import { walk } from "./move";
import { seedWorld } from "./seed";
import { isDirection } from "./directions";
import { isRoom, startRoom } from "./world";

export function myriad_command(): i32 {
  return dispatchCommand(onCommand);
}

export function myriad_event(): i32 {
  return dispatchEvent(onEvent);
}

export function myriad_seed(): i32 {
  return dispatchSeed(seedWorld);
}

function onCommand(cmd: Command): i32 {
  if (cmd.verb == "look") return look(cmd);
  if (cmd.verb == "go") {
    if (cmd.args.length == 0) {
      reply(Message.error("Go where?"));
      return OK;
    }
    return walk(cmd, cmd.args);
  }
  if (isDirection(cmd.verb)) return walk(cmd, cmd.verb);
  reply(Message.error("rooms does not know the command \"" + cmd.verb + "\"."));
  return OK;
}

function look(cmd: Command): i32 {
  const here = cmd.actor.location;
  if (here === null) {
    reply(Message.info("You are nowhere at all."));
    return OK;
  }
  if (cmd.args.length > 0) {
    const at = lookAt(here, cmd.args.startsWith("at ") ? cmd.args.substring(3) : cmd.args);
    reply(at === null ? Message.error("You see no \"" + cmd.args + "\" here.") : at!);
    return OK;
  }
  reply(describeRoom(here, cmd.actor.id));
  return OK;
}

function onEvent(event: GameEvent): i32 {
  const who = event.payload.getString("id");
  if (who === null) return OK;
  if (event.type == "engine.character_created") {
    placeAtStart(who);
  } else if (event.type == "engine.session_started") {
    showArrival(who);
  }
  return OK;
}

/**
 * Put a character in the start room. A problem here is logged, not failed:
 * failing would roll back the character's creation along with the move, and
 * session start puts a homeless character in the start room anyway.
 */
function placeAtStart(who: string): bool {
  const start = startRoom();
  if (start === null) {
    log("warn", "no start room (world not seeded?); " + who + " stays where they are");
    return false;
  }
  if (!State.move(who, start)) {
    log("warn", "could not move " + who + " to the start room");
    return false;
  }
  return true;
}

/** A character entered the game: make sure they stand in a room, and show it to them. */
function showArrival(who: string): void {
  const info = Query.entity(who);
  let room: string | null = info === null ? null : info.location;
  if (room === null || !isRoom(room)) {
    if (!placeAtStart(who)) return;
    room = startRoom();
    if (room === null) return;
  }
  send(who, describeRoom(room, who));
}
