/**
 * The path of every request after the socket: world → commit → deliver.
 *
 *   submit(request) → WorldHost (worker runs the packs) → WorldResult
 *                   → Committer (group commit, durable) → deliveries to sessions
 *
 * Results are committed in the order the world produced them, so players see
 * output in the order the world decided it.
 */
import type { StoredEvent } from '../store/types.ts';
import type { WorldRequest, WorldResult } from '../world/protocol.ts';
import type { Committer } from './committer.ts';
import type { WorldHost } from './world-host.ts';

type RequestBody = WorldRequest extends infer R ? (R extends WorldRequest ? Omit<R, 'reqId'> : never) : never;

export interface Committed {
  readonly result: WorldResult;
  readonly stored: readonly StoredEvent[];
}

export interface PipelineHooks {
  /** Called in commit order, after the result is durable. */
  onCommitted(c: Committed): void;
}

export class Pipeline {
  /** Chains commits in world order even though world results arrive asynchronously. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly world: WorldHost, private readonly committer: Committer, private readonly hooks: PipelineHooks) {}

  run(body: RequestBody): Promise<Committed> {
    const result = this.world.submit(body);
    return this.commit(result);
  }

  /** Commit results that did not come from a request (world seeding). */
  commit(result: Promise<WorldResult> | WorldResult): Promise<Committed> {
    const done = Promise.resolve(result).then(async (r) => {
      const stored = await this.committer.enqueue({ events: r.events, changes: r.changes, timersAdded: r.timersAdded, timersFired: r.timersFired });
      return { result: r, stored };
    });
    // Release in order: this result's deliveries wait for every earlier one.
    const ordered = Promise.all([done, this.tail]).then(([c]) => {
      this.hooks.onCommitted(c);
      return c;
    });
    this.tail = ordered.catch(() => undefined);
    return ordered;
  }
}
