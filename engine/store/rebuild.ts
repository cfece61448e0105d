/**
 * Rebuilding component state from the event log alone. The snapshot tables are a
 * projection for fast start-up; this is the proof that they are only that: the
 * world rebuilt from the log must equal loadSnapshot().
 */
import type { EventStore, ProgressFn, StoredEvent } from './types.ts';

/** 10,000 events per read: ~5 MB of rows at a few hundred bytes each. */
export const REBUILD_PAGE = 10_000;

export type ComponentState = Map<string, Map<string, unknown>>;

interface EntityCreated { readonly id: string; readonly components?: Readonly<Record<string, unknown>> }
interface ComponentSet { readonly entity: string; readonly key: string; readonly value: unknown }
interface ComponentDeleted { readonly entity: string; readonly key: string }
interface EntityMoved { readonly entity: string; readonly from: string | null; readonly to: string }
interface EntityDeleted { readonly entity: string }

function setComponent(state: ComponentState, entity: string, key: string, value: unknown): void {
  let components = state.get(entity);
  if (components === undefined) state.set(entity, (components = new Map()));
  components.set(key, value);
}

/** Apply one event; events of other types do not change components. */
export function applyEvent(state: ComponentState, event: StoredEvent): void {
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
 * Replay the whole log in position order. An entity with no components left is
 * dropped, matching the snapshot table, which has no row for it either.
 */
export async function rebuildComponents(store: EventStore, onProgress?: ProgressFn): Promise<ComponentState> {
  const state: ComponentState = new Map();
  const total = await store.headPosition();
  let position = 0;
  onProgress?.(0, total, 'replaying events');
  for (;;) {
    const page = await store.readAll(position, REBUILD_PAGE);
    for (const event of page) applyEvent(state, event);
    const last = page.at(-1);
    if (last === undefined) break;
    position = last.position;
    onProgress?.(Math.min(position, total), total, 'replaying events');
    if (page.length < REBUILD_PAGE) break;
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
