/**
 * Where one command's time goes on the server, hop by hop (decision 0031). Off by
 * default: the pipeline stamps commands only while a `PhaseTrace` is attached
 * (`Pipeline.trace`), which the load benchmarks do; the server never reads it.
 *
 * Stamps are `performance.now()` of the main thread, except the two durations the
 * world worker measures itself (its clock has another origin): the request's own
 * time in `World.handle` and the whole batch's.
 */

/** Filled in as a command passes each stage; the stages own one field each. */
export interface CommandStamps {
  /** Pipeline.run: the line left the play layer. */
  readonly run: number;
  /** WorldHost.flush: its batch was posted to the world worker. */
  posted?: number;
  /** WorldHost: the batch's results arrived on the main thread. */
  received?: number;
  /** World.handle of this request, ms (worker clock). */
  worldMs?: number;
  /** World.handle of every request in the batch, ms (worker clock). */
  batchMs?: number;
  batchSize?: number;
  /** Committer: the transaction holding it began. */
  commitStart?: number;
  /** Committer: that transaction is durable. */
  durable?: number;
  unitsInCommit?: number;
  /** Pipeline: every earlier result was released too; delivery starts. */
  released?: number;
}

/** The phases reported, in command order. */
export const PHASES = ['queued for the world', 'thread hops (post, wake, clone, post back)', 'world: this command', 'world: the rest of its batch', 'waiting for the commit in progress', 'commit (transaction + fsync)', 'waiting for earlier results', 'delivery (render, socket write)', 'server total'] as const;
export type Phase = (typeof PHASES)[number];

export interface TraceDrain {
  readonly commands: number;
  /** Each phase's samples, ms, one per command. */
  readonly phases: Readonly<Record<Phase, number[]>>;
  readonly batchSizes: number[];
  readonly unitsPerCommit: number[];
}

/** At most this many commands a drain keeps (~5 s at 10,000 commands/s): bounded memory. */
const MAX_SAMPLES = 50_000;

export class PhaseTrace {
  private phases = emptyPhases();
  private batchSizes: number[] = [];
  private unitsPerCommit: number[] = [];
  private commands = 0;

  start(): CommandStamps {
    return { run: performance.now() };
  }

  /** A command delivered at `done`; commands missing a stage (a failed world, a reload) are skipped. */
  record(s: CommandStamps, done: number): void {
    const { posted, received, worldMs, batchMs, commitStart, durable, released } = s;
    if (posted === undefined || received === undefined || worldMs === undefined || batchMs === undefined || commitStart === undefined || durable === undefined || released === undefined) return;
    if (this.commands >= MAX_SAMPLES) return;
    this.commands++;
    const p = this.phases;
    p['queued for the world'].push(posted - s.run);
    p['thread hops (post, wake, clone, post back)'].push(Math.max(0, received - posted - batchMs));
    p['world: this command'].push(worldMs);
    p['world: the rest of its batch'].push(Math.max(0, batchMs - worldMs));
    p['waiting for the commit in progress'].push(commitStart - received);
    p['commit (transaction + fsync)'].push(durable - commitStart);
    p['waiting for earlier results'].push(released - durable);
    p['delivery (render, socket write)'].push(done - released);
    p['server total'].push(done - s.run);
    if (s.batchSize !== undefined) this.batchSizes.push(s.batchSize);
    if (s.unitsInCommit !== undefined) this.unitsPerCommit.push(s.unitsInCommit);
  }

  /** Everything recorded since the last drain. */
  drain(): TraceDrain {
    const out: TraceDrain = { commands: this.commands, phases: this.phases, batchSizes: this.batchSizes, unitsPerCommit: this.unitsPerCommit };
    this.phases = emptyPhases();
    this.batchSizes = [];
    this.unitsPerCommit = [];
    this.commands = 0;
    return out;
  }
}

function emptyPhases(): Record<Phase, number[]> {
  return Object.fromEntries(PHASES.map((p) => [p, [] as number[]])) as Record<Phase, number[]>;
}
