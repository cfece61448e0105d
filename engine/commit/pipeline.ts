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
import type { CommandStamps, PhaseTrace } from './trace.ts';
import type { WorldHost } from '../world-host/host.ts';

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
  /** While set, every command's hops are timed into it (the load benchmarks; decision 0031). */
  trace: PhaseTrace | null = null;

  constructor(
    private readonly world: WorldHost,
    private readonly committer: Committer,
    private readonly hooks: PipelineHooks,
  ) {}

  run(body: RequestBody): Promise<Committed> {
    const trace = body.kind === 'command' ? this.trace : null;
    const stamps = trace?.start();
    const result = this.world.submit(body, stamps);
    // Release in order: this result's deliveries wait for every earlier one.
    const ordered = Promise.all([this.durable(result, stamps), this.tail]).then(([c]) => {
      if (stamps) stamps.released = performance.now();
      this.hooks.onCommitted(c);
      if (stamps) trace?.record(stamps, performance.now());
      return c;
    });
    this.tail = ordered.catch(() => undefined);
    return ordered;
  }

  /**
   * Commit what a world produced while starting (upgrades, seeding), before it
   * ran any request. It does not wait behind requests still queued for that
   * world — they wait for the world to be ready, which waits for this commit —
   * and the committer's own queue keeps it after everything already committed.
   */
  commit(result: WorldResult): Promise<Committed> {
    return this.durable(result).then((c) => {
      this.hooks.onCommitted(c);
      return c;
    });
  }

  private async durable(result: Promise<WorldResult> | WorldResult, stamps?: CommandStamps): Promise<Committed> {
    const r = await result;
    const stored = await this.committer.enqueue({ events: r.events, changes: r.changes, timersAdded: r.timersAdded, timersFired: r.timersFired }, stamps);
    return { result: r, stored };
  }
}
