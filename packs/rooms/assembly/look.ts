/**
 * The room description a character sees: title, description, exits, and who
 * else is here. Also carries GMCP Room.Info for clients that map.
 */
import { Message, Query, State, JsonObj, ContentsEntry } from "../../../sdk/assembly";
import { AREA, DESC, exitsOf } from "./world";
import { sortExits, shortExit } from "./directions";

export function describeRoom(room: string, viewer: string): Message {
  const info = Query.entity(room);
  const title = info === null ? "Somewhere" : info.name;
  const desc = State.getString(room, DESC);
  const area = State.getString(room, AREA);
  const exits = exitsOf(room);
  const names = sortExits(exits.keys());

  const msg = Message.kind("room").ref(title, "room-title", room);
  if (desc !== null && desc.length > 0) msg.newline().styled(desc, "room-desc");
  msg.newline();
  if (names.length == 0) {
    msg.text("There are no obvious exits.");
  } else {
    msg.text("Exits: ");
    for (let i = 0; i < names.length; i++) {
      if (i > 0) msg.text(", ");
      msg.styled(names[i], "exit");
    }
    msg.text(".");
  }
  const contents = Query.contents(room);
  appendThings(msg, contents);
  appendPresent(msg, contents, viewer);

  const gmcpExits = new JsonObj();
  for (let i = 0; i < names.length; i++) {
    const to = exits.getString(names[i]);
    if (to !== null) gmcpExits.set(shortExit(names[i]), to);
  }
  msg.data("Room.Info", new JsonObj().set("num", room).set("name", title).setIfPresent("area", area).set("exits", gmcpExits));
  return msg;
}

/**
 * "You see a whetstone and a wooden practice sword here." — entities of kind
 * "item" on the floor, whichever pack made them (the inventory pack's items).
 */
function appendThings(msg: Message, contents: ContentsEntry[]): void {
  // Things of the same name are listed once with a count: "a pebble (x12)".
  const ids = new Array<string>();
  const names = new Array<string>();
  const counts = new Array<i32>();
  for (let i = 0; i < contents.length; i++) {
    const e = contents[i];
    if (e.kind != "item") continue;
    const at = names.indexOf(e.name);
    if (at >= 0) {
      counts[at]++;
      continue;
    }
    ids.push(e.id);
    names.push(e.name);
    counts.push(1);
  }
  if (names.length == 0) return;
  msg.newline().text("You see ");
  for (let i = 0; i < names.length; i++) {
    if (i > 0) msg.text(i == names.length - 1 ? " and " : ", ");
    msg.ref(counts[i] > 1 ? names[i] + " (x" + counts[i].toString() + ")" : names[i], "item", ids[i]);
  }
  msg.text(" here.");
}

/** "Alice is here." / "Alice and Bob are here." / "Alice, Bob and Carol are here." */
function appendPresent(msg: Message, contents: ContentsEntry[], viewer: string): void {
  const ids = new Array<string>();
  const names = new Array<string>();
  for (let i = 0; i < contents.length; i++) {
    const e = contents[i];
    if (e.kind == "character" && e.online && e.id != viewer) {
      ids.push(e.id);
      names.push(e.name);
    }
  }
  if (names.length == 0) return;
  msg.newline();
  for (let i = 0; i < names.length; i++) {
    if (i > 0) msg.text(i == names.length - 1 ? " and " : ", ");
    msg.name(names[i], ids[i]);
  }
  msg.text(names.length == 1 ? " is here." : " are here.");
}
