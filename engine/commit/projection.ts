/**
 * The little the gateway must know about committed world state without asking
 * the world: which characters exist and where each entity is (to pick the room
 * streams for reconnect replay). Built from the snapshot, kept current from each
 * commit's component changes.
 */
import { gameMsAt, gameTimeText, parseClock, DEFAULT_DAY_MS, type ClockState } from '../sessions/game-time.ts';
import type { ComponentChange } from '../store/types.ts';

export class GatewayProjection {
  private readonly locations = new Map<string, string>();
  private readonly characters = new Set<string>();
  /** The time pack's clock (`time.clock`), for the game time of replayed lines; null without the pack. */
  private clock: ClockState | null = null;

  /** `dayMs`: the time pack's `dayLengthSeconds` × 1000 (packs.settings.time.config). */
  constructor(private readonly dayMs = DEFAULT_DAY_MS) {}

  load(rows: ReadonlyArray<readonly [string, string, unknown]>): void {
    this.locations.clear();
    this.characters.clear();
    this.clock = null;
    for (const [entity, key, value] of rows) this.apply({ entity, key, value });
  }

  apply(change: ComponentChange): void {
    if (change.key === 'location') {
      if (typeof change.value === 'string') this.locations.set(change.entity, change.value);
      else this.locations.delete(change.entity);
    } else if (change.key === 'time.clock') {
      this.clock = parseClock(change.value);
    } else if (change.key === 'kind') {
      if (change.value === 'character') this.characters.add(change.entity);
      else this.characters.delete(change.entity);
    }
  }

  locationOf(entity: string): string | null {
    return this.locations.get(entity) ?? null;
  }

  /** "day 3, 08:05" for an event's ISO time, or null when no world clock runs. */
  gameTimeAt(at: string): string | null {
    const ms = Date.parse(at);
    if (this.clock === null || !Number.isFinite(ms)) return null;
    return gameTimeText(gameMsAt(this.clock, ms), this.dayMs);
  }

  hasCharacter(id: string): boolean {
    return this.characters.has(id);
  }
}
