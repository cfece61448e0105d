/**
 * Benchmark pack (bench/load/npc.ts): every red gladiator attacks a blue one in
 * its room through `act` — the n-th red the n-th blue (`attack n.blue`) — so the
 * benchmark has fights in progress without players in them. A few rooms a tick
 * (≤ 64 acts a call), each marked `arena.started`; once every room is, the
 * first room's mark says so and a tick costs one host call.
 */
import { GameEvent, OK, Query, State, act, dispatchEvent } from '../../../../sdk/assembly';

const STARTED = 'arena.started';
const ROOMS_A_TICK = 12;

export function myriad_event(): i32 {
  return dispatchEvent(onEvent);
}

function onEvent(e: GameEvent): i32 {
  if (e.type != 'world.tick') return OK;
  const rooms = Query.withComponent('rooms.key');
  if (rooms.length == 0 || State.get(rooms[0], STARTED) !== null) return OK;
  let done = 0;
  for (let i = rooms.length - 1; i >= 0 && done < ROOMS_A_TICK; i--) {
    if (State.get(rooms[i], STARTED) !== null) continue;
    const here = Query.contents(rooms[i], 'npc', -1, '', 200);
    let n = 0;
    for (let j = 0; j < here.length; j++) {
      if (here[j].name != 'a red gladiator') continue;
      n++;
      act(here[j].id, 'attack ' + n.toString() + '.blue');
    }
    State.set(rooms[i], STARTED, true);
    done++;
  }
  return OK;
}
