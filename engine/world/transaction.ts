/**
 * One request's unit of work against the world state. Writes apply to the state
 * at once (so a pack reads its own writes) and are recorded in an undo log; the
 * request either commits (its events, snapshot changes and deliveries go to the
 * gateway) or rolls back (the state is restored exactly, nothing is sent).
 */
import type { ComponentChange, NewEvent, TimerRow, Actor, Display } from '../store/types.ts';
import type { OutputMessage } from '../output/message.ts';
import type { Delivery } from './protocol.ts';
import type { WorldState } from './state.ts';

export interface Cause {
  readonly actor: Actor | null;
  readonly pack: string | null;
  readonly packVersion: string | null;
}

export interface EventInput {
  readonly type: string;
  readonly stream: string;
  readonly payload: unknown;
  readonly display?: Display | null;
  readonly v?: number;
}

export interface TxDeps {
  readonly state: WorldState;
  readonly newId: () => string;
  readonly now: () => number;
}

interface Mark {
  readonly undo: number;
  readonly events: number;
  readonly deliveries: number;
  readonly timers: number;
}

export class WorldTransaction {
  readonly events: NewEvent[] = [];
  readonly deliveries: Delivery[] = [];
  readonly timersAdded: TimerRow[] = [];
  readonly timersFired: string[] = [];
  private readonly undo: Array<readonly [entity: string, key: string, prev: unknown]> = [];

  constructor(private readonly deps: TxDeps) {}

  get state(): WorldState {
    return this.deps.state;
  }

  mark(): Mark {
    return { undo: this.undo.length, events: this.events.length, deliveries: this.deliveries.length, timers: this.timersAdded.length };
  }

  /** Undo everything since the mark (or since the start). */
  rollback(mark: Mark = { undo: 0, events: 0, deliveries: 0, timers: 0 }): void {
    for (let i = this.undo.length - 1; i >= mark.undo; i--) {
      const [entity, key, prev] = this.undo[i]!;
      this.deps.state.set(entity, key, prev);
    }
    this.undo.length = mark.undo;
    this.events.length = mark.events;
    this.deliveries.length = mark.deliveries;
    this.timersAdded.length = mark.timers;
  }

  /** Final value of every component this transaction touched (for the snapshot tables). */
  changes(): ComponentChange[] {
    const seen = new Set<string>();
    const out: ComponentChange[] = [];
    for (const [entity, key] of this.undo) {
      const id = `${entity}\u0000${key}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const value = this.deps.state.get(entity, key);
      out.push({ entity, key, value: value === undefined ? null : value });
    }
    return out;
  }

  // --- state changes (each logged as an engine event) -----------------------

  setComponent(entity: string, key: string, value: unknown, cause: Cause): void {
    this.write(entity, key, value);
    if (value === undefined) {
      this.emit({ type: 'engine.component_deleted', stream: this.streamOf(entity), payload: { entity, key } }, cause);
    } else {
      this.emit({ type: 'engine.component_set', stream: this.streamOf(entity), payload: { entity, key, value } }, cause);
    }
  }

  spawn(components: Readonly<Record<string, unknown>>, cause: Cause, id = this.deps.newId()): string {
    for (const [key, value] of Object.entries(components)) this.write(id, key, value);
    this.emit({ type: 'engine.entity_created', stream: this.streamOf(id), payload: { id, components } }, cause);
    return id;
  }

  /** Remove an entity and every component it has (logged as engine.entity_deleted). */
  despawn(entity: string, cause: Cause): void {
    for (const key of [...(this.deps.state.components(entity)?.keys() ?? [])]) this.write(entity, key, undefined);
    this.emit({ type: 'engine.entity_deleted', stream: `entity:${entity}`, payload: { entity } }, cause);
  }

  move(entity: string, to: string, cause: Cause): string | undefined {
    const from = this.deps.state.get(entity, 'location') as string | undefined;
    this.write(entity, 'location', to);
    this.emit({ type: 'engine.entity_moved', stream: this.streamOf(entity), payload: { entity, from: from ?? null, to } }, cause);
    return from;
  }

  // --- events and output ----------------------------------------------------

  emit(input: EventInput, cause: Cause): NewEvent {
    const event: NewEvent = {
      id: this.deps.newId(),
      stream: input.stream,
      type: input.type,
      v: input.v ?? 1,
      actor: cause.actor,
      pack: cause.pack,
      packVersion: cause.packVersion,
      payload: input.payload,
      display: input.display ?? null,
      at: new Date(this.deps.now()).toISOString(),
    };
    this.events.push(event);
    return event;
  }

  deliver(to: string, msg: OutputMessage): void {
    this.deliveries.push({ to, msg });
  }

  schedule(timer: TimerRow): void {
    this.timersAdded.push(timer);
  }

  streamOf(entity: string): string {
    const kind = this.deps.state.get(entity, 'kind');
    if (kind === 'character') return `char:${entity}`;
    if (kind === 'room') return `room:${entity}`;
    return `entity:${entity}`;
  }

  private write(entity: string, key: string, value: unknown): void {
    const prev = this.deps.state.set(entity, key, value);
    this.undo.push([entity, key, prev]);
  }
}
