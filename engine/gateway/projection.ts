/**
 * The little the gateway must know about committed world state without asking
 * the world: which characters exist and where each entity is (to pick the room
 * streams for reconnect replay). Built from the snapshot, kept current from each
 * commit's component changes.
 */
import type { ComponentChange } from '../store/types.ts';

export class GatewayProjection {
  private readonly locations = new Map<string, string>();
  private readonly characters = new Set<string>();

  load(rows: ReadonlyArray<readonly [string, string, unknown]>): void {
    this.locations.clear();
    this.characters.clear();
    for (const [entity, key, value] of rows) this.apply({ entity, key, value });
  }

  apply(change: ComponentChange): void {
    if (change.key === 'location') {
      if (typeof change.value === 'string') this.locations.set(change.entity, change.value);
      else this.locations.delete(change.entity);
    } else if (change.key === 'kind') {
      if (change.value === 'character') this.characters.add(change.entity);
      else this.characters.delete(change.entity);
    }
  }

  locationOf(entity: string): string | null {
    return this.locations.get(entity) ?? null;
  }

  hasCharacter(id: string): boolean {
    return this.characters.has(id);
  }
}
