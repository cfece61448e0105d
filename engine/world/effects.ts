/**
 * Schema checks on what one pack call did, run when the call returns success and
 * before anything of it can be committed: every component value it wrote and
 * every event payload it emitted or scheduled must match the owning pack's
 * schema. A pack emits only in its own namespace and writes there too, except
 * the components other packs declare buildable (the `build` grant): those are
 * checked against their owner's schema, so a builder's room obeys the rooms
 * pack's rules. The first violation fails the call; the world rolls it back.
 */
import type { PackInstance } from './pack-runtime/runtime.ts';
import type { EngineSchemas, PackSchemas, Violation } from './pack-runtime/schemas.ts';
import { ownsComponent } from '../packs/capabilities.ts';
import type { NewEvent, TimerRow } from '../store/types.ts';

export interface CallEffects {
  readonly events: readonly NewEvent[];
  readonly timers: readonly TimerRow[];
}

/** `schemasOf(pack)`: a loaded pack's schemas, for components written through `build`. */
export function checkEffects(pack: PackInstance, engine: EngineSchemas, effects: CallEffects, schemasOf: (pack: string) => PackSchemas | undefined): Violation | null {
  const owner = (key: string): PackSchemas => (ownsComponent(pack.name, key) ? pack.schemas : (schemasOf(key.slice(0, key.indexOf('.'))) ?? pack.schemas));
  const component = (entity: string, key: string, value: unknown): Violation | null => (engine.has(key) ? engine.component(pack.name, entity, key, value) : owner(key).component(entity, key, value));
  for (const event of effects.events) {
    const p = event.payload as Record<string, unknown>;
    let found: Violation | null = null;
    if (event.type === 'engine.component_set') {
      found = component(String(p['entity']), String(p['key']), p['value']);
    } else if (event.type === 'engine.entity_created') {
      for (const [key, value] of Object.entries((p['components'] ?? {}) as Record<string, unknown>)) {
        found ??= component(String(p['id']), key, value);
      }
    } else if (event.pack === pack.name && !event.type.startsWith('engine.')) {
      found = pack.schemas.event(event.type, event.payload);
    }
    if (found) return found;
  }
  for (const timer of effects.timers) {
    const found = pack.schemas.event(timer.type, timer.payload);
    if (found) return found;
  }
  return null;
}
