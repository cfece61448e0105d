/**
 * Rebuilding component state from the event log alone. The snapshot tables are a
 * projection for fast start-up; this is the proof that they are only that: the
 * world rebuilt from the log must equal loadSnapshot().
 */
import type { EventStore, ProgressFn, TypedEvent } from './types.ts';

/** Positions per read: at most 20,000 rows of position, type and payload. */
export const REBUILD_PAGE = 20_000;

/** Pages in flight: on PostgreSQL two queries (two connections) build pages while this thread applies. */
const READ_AHEAD = 2;

/** The event types applyEvent acts on: the only ones a rebuild reads. */
export const STATE_EVENT_TYPES: readonly string[] = ['engine.entity_created', 'engine.component_set', 'engine.component_deleted', 'engine.entity_moved', 'engine.entity_deleted'];

export type ComponentState = Map<string, Map<string, unknown>>;

interface EntityCreated {
  readonly id: string;
  readonly components?: Readonly<Record<string, unknown>>;
}
interface ComponentSet {
  readonly entity: string;
  readonly key: string;
  readonly value: unknown;
}
interface ComponentDeleted {
  readonly entity: string;
  readonly key: string;
}
interface EntityMoved {
  readonly entity: string;
  readonly from: string | null;
  readonly to: string;
}
interface EntityDeleted {
  readonly entity: string;
}

function setComponent(state: ComponentState, entity: string, key: string, value: unknown): void {
  let components = state.get(entity);
  if (components === undefined) state.set(entity, (components = new Map()));
  components.set(key, value);
}

/** Apply one event; events of other types do not change components. */
export function applyEvent(state: ComponentState, event: Pick<TypedEvent, 'type' | 'payload'>): void {
  switch (event.type) {
    case 'engine.entity_created': {
      const p = event.payload as EntityCreated;
      state.set(p.id, new Map());
      for (const [key, value] of Object.entries(p.components ?? {})) setComponent(state, p.id, key, value);
      break;
    }
    case 'engine.component_set': {
      const p = event.payload as ComponentSet;
      setComponent(state, p.entity, p.key, p.value);
      break;
    }
    case 'engine.component_deleted': {
      const p = event.payload as ComponentDeleted;
      const components = state.get(p.entity);
      components?.delete(p.key);
      if (components?.size === 0) state.delete(p.entity);
      break;
    }
    case 'engine.entity_moved': {
      const p = event.payload as EntityMoved;
      setComponent(state, p.entity, 'location', p.to);
      break;
    }
    case 'engine.entity_deleted': {
      state.delete((event.payload as EntityDeleted).entity);
      break;
    }
  }
}

/**
 * Replay the log, up to the head when the rebuild starts, in position order. Reads
 * only the state events' position, type and payload (readTypes), a range of
 * positions at a time, and asks for the next range before applying the current
 * one, so the database (its own process for PostgreSQL) works while this thread
 * applies. An entity with no components left is dropped, matching the snapshot
 * table, which has no row for it either.
 */
export async function rebuildComponents(store: EventStore, onProgress?: ProgressFn): Promise<ComponentState> {
  const state: ComponentState = new Map();
  const total = await store.headPosition();
  const read = (from: number): Promise<TypedEvent[]> => {
    const page = store.readTypes(STATE_EVENT_TYPES, from, Math.min(from + REBUILD_PAGE, total));
    page.catch(() => undefined); // awaited below; not unhandled while the previous page applies
    return page;
  };
  onProgress?.(0, total, 'replaying events');
  const ahead: Array<Promise<TypedEvent[]>> = [];
  let asked = 0;
  const fill = (): void => {
    while (ahead.length < READ_AHEAD && asked < total) {
      ahead.push(read(asked));
      asked += REBUILD_PAGE;
    }
  };
  fill();
  for (let from = 0; from < total; from += REBUILD_PAGE) {
    const page = await ahead.shift()!;
    fill();
    for (const event of page) applyEvent(state, event);
    onProgress?.(Math.min(from + REBUILD_PAGE, total), total, 'replaying events');
  }
  for (const [entity, components] of state) if (components.size === 0) state.delete(entity);
  return state;
}

/** The snapshot in the same shape, for comparing the two. */
export function snapshotToState(components: ReadonlyArray<readonly [string, string, unknown]>): ComponentState {
  const state: ComponentState = new Map();
  for (const [entity, key, value] of components) setComponent(state, entity, key, value);
  return state;
}
