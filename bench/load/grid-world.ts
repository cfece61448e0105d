/**
 * The load benchmark's world: a town of side × side rooms joined north/south/
 * east/west, in the rooms pack's world-file format (served to the server with
 * packs.settings.rooms.world).
 *
 * Why not the starter village: it has 9 rooms, so 1,000 players stand ~110 to a
 * room (~200 in the square) and every say, pose or walk is shown to all of them:
 * the work grows with N² (~90,000 lines/s at 1,000 × 1 command/s), which measures
 * fan-out to a crowd no MUD map produces, not the engine. 100 rooms hold 1,000
 * players ~10 to a room, like a busy MUD; the village is still run as the crowd
 * case (bench/load/load.ts).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface WorldFile {
  readonly area: string;
  readonly start: string;
  readonly rooms: Record<string, { readonly name: string; readonly desc: string; readonly exits: Record<string, string> }>;
}

export function gridWorld(side: number): WorldFile {
  const key = (row: number, col: number): string => `r${row}c${col}`;
  const rooms: Record<string, WorldFile['rooms'][string]> = {};
  for (let row = 0; row < side; row++) {
    for (let col = 0; col < side; col++) {
      const exits: Record<string, string> = {};
      if (row > 0) exits['north'] = key(row - 1, col);
      if (row < side - 1) exits['south'] = key(row + 1, col);
      if (col < side - 1) exits['east'] = key(row, col + 1);
      if (col > 0) exits['west'] = key(row, col - 1);
      // Short descriptions: the whole file is one seed call (64 KiB of input).
      rooms[key(row, col)] = { name: `Gridton, Row ${row + 1} Lane ${col + 1}`, desc: 'Plain cobbles between plain houses.', exits };
    }
  }
  const mid = Math.floor(side / 2);
  return { area: 'Gridton', start: key(mid, mid), rooms };
}

/**
 * The in-memory engines' benchmark map (issue 16's Ranvier figures): two adjacent
 * rooms, every bot in one of them, so a say, pose or walk is shown to about half the bots.
 */
export function twoRoomWorld(): WorldFile {
  return {
    area: 'Pair',
    start: 'west',
    rooms: {
      west: { name: 'Pair, the West Room', desc: 'A bare room with a door east.', exits: { east: 'east' } },
      east: { name: 'Pair, the East Room', desc: 'A bare room with a door west.', exits: { west: 'west' } },
    },
  };
}

/** Write a world to a fresh temporary folder; returns the file's path. */
export function writeWorld(world: WorldFile): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'myriad-bench-world-')), 'world.json');
  writeFileSync(file, JSON.stringify(world));
  return file;
}

/** Write a side × side town to a fresh temporary folder; returns the file's path. */
export function writeGridWorld(side: number): string {
  return writeWorld(gridWorld(side));
}
