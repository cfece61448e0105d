/**
 * The built world as a world file: the rooms pack's format (docs/packs/rooms.md —
 * `{ area, start, rooms: { <key>: { name, desc, area, environment, coords, details,
 * exits: { <exit>: <key> } } } }`) plus `things`, the objects builders made, which
 * the building pack seeds (`[{ name, desc, room: <key> }]`). A fresh server given
 * the file as `packs.settings.rooms.world` and `packs.settings.building.world`
 * starts with the same rooms, exits, descriptions and things (decision 0040).
 *
 * Keys: a room seeded from a world file keeps its `rooms.key`; a room dug in the
 * game gets `dug-<its id, lower case>`, stable for the same world. Players,
 * creatures, shops and everything else that packs make at run time are not part
 * of a world file: those packs make them again from their own data.
 */
import type { ComponentState } from '../store/rebuild.ts';

export interface WorldFile {
  readonly start: string;
  readonly rooms: Record<string, ExportedRoom>;
  readonly things: ExportedThing[];
}

interface ExportedRoom {
  name: string;
  desc: string;
  area?: string;
  environment?: string;
  coords?: unknown;
  details?: unknown;
  exits: Record<string, string>;
}

interface ExportedThing {
  readonly name: string;
  readonly desc: string;
  readonly room: string;
}

export function exportWorld(state: ComponentState): WorldFile {
  const keys = new Map<string, string>();
  for (const [id, comps] of state) {
    if (!comps.has('rooms.exits')) continue;
    const key = comps.get('rooms.key');
    keys.set(id, typeof key === 'string' ? key : `dug-${id.toLowerCase()}`);
  }
  const rooms: Record<string, ExportedRoom> = {};
  let start: string | null = null;
  const things: ExportedThing[] = [];
  for (const [id, comps] of state) {
    const startId = comps.get('rooms.start');
    if (typeof startId === 'string') start = keys.get(startId) ?? null;
    const key = keys.get(id);
    if (key !== undefined) rooms[key] = room(comps, keys);
    const where = keys.get(String(comps.get('location')));
    if (comps.get('kind') === 'item' && comps.get('spawner') === 'building' && where !== undefined) {
      const item = comps.get('inventory.item') as { desc?: string } | undefined;
      things.push({ name: String(comps.get('name')), desc: item?.desc ?? '', room: where });
    }
  }
  if (start === null) throw new Error('the world has no start room (rooms.start): is the rooms pack enabled and the world seeded?');
  return { start, rooms, things };
}

function room(comps: ReadonlyMap<string, unknown>, keys: ReadonlyMap<string, string>): ExportedRoom {
  const exits: Record<string, string> = {};
  for (const [exit, to] of Object.entries((comps.get('rooms.exits') ?? {}) as Record<string, string>)) {
    const target = keys.get(to);
    if (target !== undefined) exits[exit] = target;
  }
  const out: ExportedRoom = { name: String(comps.get('name') ?? ''), desc: String(comps.get('rooms.desc') ?? ''), exits };
  const area = comps.get('rooms.area');
  if (typeof area === 'string') out.area = area;
  const environment = comps.get('rooms.environment');
  if (typeof environment === 'string') out.environment = environment;
  if (comps.has('rooms.coords')) out.coords = comps.get('rooms.coords');
  if (comps.has('rooms.details')) out.details = comps.get('rooms.details');
  return out;
}
