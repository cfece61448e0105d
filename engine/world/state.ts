/**
 * The authoritative in-memory world: entities with components, plus the indexes
 * packs query in microseconds (contents of a location, entities by component).
 *
 * Engine components: `name`, `kind`, `location`. Everything else is namespaced by
 * the owning pack (`rooms.exits`). Values are JSON data and treated as immutable:
 * a write replaces the value, it never mutates it in place (the undo log relies on it).
 */

import { POSITION_COMPONENT, SpatialIndex } from './spatial-index.ts';

export type ComponentMap = Map<string, unknown>;

/** The kind of the entities the engine makes for accounts; packs may not spawn it. */
export const CHARACTER_KIND = 'character';

/** How names are compared for collisions: case, width and compatibility forms folded ("ＡDMIN" is "admin"). */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().trim();
}

export class WorldState {
  private readonly entities = new Map<string, ComponentMap>();
  /** location id → ids located there (the `contents` query). */
  private readonly contentsIndex = new Map<string, Set<string>>();
  /** component key → ids having it (the `with` query). */
  private readonly componentIndex = new Map<string, Set<string>>();
  /** Characters with at least one live connection. */
  readonly online = new Set<string>();
  /**
   * World time (ms) of each character's last command or login, for idle times
   * (`who`, `finger`). Presence, not game state: never stored, so a world
   * restarted from the log counts idle time from the restart.
   */
  readonly lastActive = new Map<string, number>();
  /** lower-cased `name` → ids with that name (the `character` query: finding someone anywhere by name). */
  private readonly nameIndex = new Map<string, Set<string>>();
  /** `spatial.position` → grid (the `near`, `box` and `nearest` queries). */
  readonly points = new SpatialIndex();
  /** nameKey(name) → characters with that name (a pack may not spawn under one). */
  private readonly characterNames = new Map<string, Set<string>>();
  /** character id → its indexed name key. */
  private readonly characterKey = new Map<string, string>();

  static fromSnapshot(rows: Iterable<readonly [string, string, unknown]>): WorldState {
    const state = new WorldState();
    for (const [entity, key, value] of rows) state.set(entity, key, value);
    return state;
  }

  has(entity: string): boolean {
    return this.entities.has(entity);
  }

  get(entity: string, key: string): unknown {
    return this.entities.get(entity)?.get(key);
  }

  components(entity: string): ReadonlyMap<string, unknown> | undefined {
    return this.entities.get(entity);
  }

  /** Set a component; `undefined` deletes it. Returns the previous value. */
  set(entity: string, key: string, value: unknown): unknown {
    let comps = this.entities.get(entity);
    const prev = comps?.get(key);
    if (value === undefined) {
      if (!comps || !comps.has(key)) return undefined;
      comps.delete(key);
      this.unindex(entity, key, prev);
      if (comps.size === 0) this.entities.delete(entity);
      return prev;
    }
    if (!comps) {
      comps = new Map();
      this.entities.set(entity, comps);
    }
    if (comps.has(key)) this.unindex(entity, key, prev);
    comps.set(key, value);
    this.index(entity, key, value);
    return prev;
  }

  /** Whether a character (online or not) has this name, compared by nameKey. */
  characterNamed(name: string): boolean {
    return this.characterNames.has(nameKey(name));
  }

  contents(location: string): ReadonlySet<string> {
    return this.contentsIndex.get(location) ?? EMPTY;
  }

  withComponent(key: string): ReadonlySet<string> {
    return this.componentIndex.get(key) ?? EMPTY;
  }

  /** Entities whose `name` is `name`, ignoring case. */
  named(name: string): ReadonlySet<string> {
    return this.nameIndex.get(name.toLowerCase()) ?? EMPTY;
  }

  get size(): number {
    return this.entities.size;
  }

  /** Every (entity, key, value), sorted, for comparing two worlds in tests. */
  dump(): Array<[string, string, unknown]> {
    const rows: Array<[string, string, unknown]> = [];
    for (const [entity, comps] of this.entities) for (const [key, value] of comps) rows.push([entity, key, value]);
    rows.sort((a, b) => (a[0] === b[0] ? cmp(a[1], b[1]) : cmp(a[0], b[0])));
    return rows;
  }

  private index(entity: string, key: string, value: unknown): void {
    addTo(this.componentIndex, key, entity);
    if (key === 'location' && typeof value === 'string') addTo(this.contentsIndex, value, entity);
    if (key === 'name' && typeof value === 'string') addTo(this.nameIndex, value.toLowerCase(), entity);
    if (key === POSITION_COMPONENT) this.points.set(entity, value);
    if (key === 'name' || key === 'kind') this.reindexCharacter(entity);
  }

  private reindexCharacter(entity: string): void {
    const old = this.characterKey.get(entity);
    if (old !== undefined) {
      removeFrom(this.characterNames, old, entity);
      this.characterKey.delete(entity);
    }
    const name = this.get(entity, 'name');
    if (this.get(entity, 'kind') !== CHARACTER_KIND || typeof name !== 'string') return;
    const key = nameKey(name);
    addTo(this.characterNames, key, entity);
    this.characterKey.set(entity, key);
  }

  private unindex(entity: string, key: string, value: unknown): void {
    removeFrom(this.componentIndex, key, entity);
    if (key === 'location' && typeof value === 'string') removeFrom(this.contentsIndex, value, entity);
    if (key === 'name' && typeof value === 'string') removeFrom(this.nameIndex, value.toLowerCase(), entity);
    if (key === POSITION_COMPONENT) this.points.delete(entity);
    if (key === 'name' || key === 'kind') this.reindexCharacter(entity);
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  let set = index.get(key);
  if (!set) {
    set = new Set();
    index.set(key, set);
  }
  set.add(id);
}

function removeFrom(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) index.delete(key);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
