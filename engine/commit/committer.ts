/**
 * Group commit. World results queue here in the order the world produced them;
 * whenever the previous transaction is done, everything waiting goes to the
 * database in ONE transaction (10,000 single-row autocommits take ~4 s with fsync
 * here, batches of 100 ~0.16 s). Each result resolves only once it is durable, so
 * output is released after its commit and a crash never shows a player something
 * the world then forgets.
 *
 * If the database fails, the batch stays queued and is retried with back-off;
 * nothing acknowledged is lost, and `healthy` turns false for /health.
 */
import type { Log } from '../logger.ts';
import type { CommandStamps } from './trace.ts';
import { MyriadError } from '../errors.ts';
import type { CommitUnit, EventStore, StoredEvent } from '../store/types.ts';
import { storableUnit } from './storable.ts';

interface Waiting {
  readonly unit: CommitUnit;
  /** Set while the pipeline traces this command: the commit's start and durable times. */
  readonly stamps?: CommandStamps;
  readonly resolve: (events: StoredEvent[]) => void;
  /** Already replaced by a storable copy once (see repair()). */
  readonly repaired?: boolean;
}

export interface CommitterOptions {
  /** Units per transaction at most: bounds one transaction's size (and its latency) under a backlog. */
  readonly maxUnitsPerCommit: number;
  readonly log: Log;
  readonly onCommit?: (units: number, events: number, ms: number) => void;
  /** Called when commits start failing (false) and when they succeed again (true). */
  readonly onHealthChange?: (healthy: boolean) => void;
  /** A reason commits must wait (e.g. the disk is nearly full), or null; checked before each database commit. */
  readonly blocked?: () => string | null;
}

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 2000;

export class Committer {
  private waiting: Waiting[] = [];
  private running: Promise<void> | null = null;
  private lastError: string | null = null;
  private drainWaiters: Array<() => void> = [];
  /** Set by abandon(): the loop stops retrying and what waits is never resolved. */
  private abandoned = false;
  /** Position of the last committed event. */
  head = 0;

  constructor(
    private readonly store: EventStore,
    private readonly opts: CommitterOptions,
  ) {}

  get healthy(): boolean {
    return this.lastError === null;
  }

  get error(): string | null {
    return this.lastError;
  }

  get backlog(): number {
    return this.waiting.length;
  }

  /** Resolves with the stored events once the unit is durable. */
  enqueue(unit: CommitUnit, stamps?: CommandStamps): Promise<StoredEvent[]> {
    return new Promise((resolve) => {
      this.waiting.push({ unit, resolve, ...(stamps ? { stamps } : {}) });
      if (!this.running) this.running = this.loop();
    });
  }

  /** Resolves when everything queued so far is committed. */
  drain(): Promise<void> {
    if (!this.running && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /**
   * Resolves true once everything queued so far is committed, or false after `ms`
   * (the database is still away). A stopping server waits this long, not forever.
   */
  async drainWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const drained = await Promise.race([this.drain().then(() => true as const), late]);
    clearTimeout(timer);
    return drained;
  }

  /**
   * Stop retrying: the server is stopping without its database. What waits is never
   * resolved, so its output is never shown (nothing a player saw is lost); returns how
   * many results that is.
   */
  abandon(): number {
    this.abandoned = true;
    return this.waiting.length;
  }

  private async loop(): Promise<void> {
    // Yield first: `running` must be assigned before the loop can finish, or a group
    // needing no database work would complete synchronously and leave `running` stale.
    await null;
    let delay = RETRY_MIN_MS;
    while (this.waiting.length && !this.abandoned) {
      const group = this.waiting.slice(0, this.opts.maxUnitsPerCommit);
      const units = group.map((w) => w.unit);
      const needsDb = units.some((u) => u.events.length || u.changes.length || u.timersAdded?.length || u.timersFired?.length);
      try {
        const t0 = performance.now();
        const held = needsDb ? (this.opts.blocked?.() ?? null) : null;
        if (held !== null) throw new Error(held); // waits and retries like a failed commit
        const stored = needsDb ? await this.store.commit(units) : units.map(() => []);
        stampCommit(group, t0);
        if (needsDb)
          this.opts.onCommit?.(
            units.length,
            stored.reduce((n, s) => n + s.length, 0),
            performance.now() - t0,
          );
        this.settle(group, stored);
        delay = RETRY_MIN_MS;
      } catch (e) {
        if (e instanceof MyriadError && e.code === 'STORE_INVALID_VALUE') {
          this.repair(Number(e.details['unit']), e.message);
          continue;
        }
        const landed = await this.landedBefore(units);
        if (landed !== null) {
          this.opts.log.warn({ units: landed.count }, 'a commit whose answer was lost had landed; its results are released, not retried');
          this.settle(group.slice(0, landed.count), landed.stored);
          delay = RETRY_MIN_MS;
          continue;
        }
        const msg = e instanceof Error ? e.message : String(e);
        const first = this.lastError === null;
        if (first) this.opts.log.error({ units: units.length }, `commit failed, will retry: ${msg}`);
        this.lastError = msg;
        if (first) this.opts.onHealthChange?.(false);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, RETRY_MAX_MS);
      }
    }
    this.running = null;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }

  /** The group is durable: drop it from the queue, note the head, and release its results. */
  private settle(group: readonly Waiting[], stored: readonly StoredEvent[][]): void {
    this.waiting.splice(0, group.length);
    for (const events of stored) {
      const last = events[events.length - 1];
      if (last) this.head = Math.max(this.head, last.position);
    }
    const recovered = this.lastError !== null;
    if (recovered) this.opts.log.info({}, 'database is back; commits resumed');
    this.lastError = null;
    if (recovered) this.opts.onHealthChange?.(true);
    group.forEach((w, i) => w.resolve(stored[i] ?? []));
  }

  /**
   * How many of the group's first units an earlier attempt committed after all, with
   * their events as stored: when the database goes away between COMMIT and its answer
   * (a crash, a restart), the commit is durable but reported failed, and retrying it
   * fails forever on the event ids it already holds — the server never recovered (seen
   * in CI: "the server recovers within 30 s of the database"). That transaction held
   * the queue's first units (more may have joined the group since), and it landed
   * whole or not at all. Null when nothing landed, or the check fails.
   */
  private async landedBefore(units: readonly CommitUnit[]): Promise<{ count: number; stored: StoredEvent[][] } | null> {
    const ids = units.flatMap((u) => u.events.map((e) => e.id));
    if (ids.length === 0) return null; // component and timer writes are upserts: a retry is harmless
    let found: Map<string, StoredEvent>;
    try {
      found = new Map((await this.store.readByIds(ids)).map((e) => [e.id, e]));
    } catch {
      return null;
    }
    let count = 0;
    for (let i = 0; i < units.length; i++) {
      const events = units[i]!.events;
      if (events.length === 0) continue;
      if (!events.every((e) => found.has(e.id))) break;
      count = i + 1;
    }
    if (count === 0) return null;
    return { count, stored: units.slice(0, count).map((u) => u.events.map((e) => found.get(e.id)!)) };
  }

  /**
   * The store refused a unit's values (NUL, a lone surrogate, not JSON): the database
   * is fine, and retrying unchanged would block every later commit forever. Store a
   * repaired copy (engine/commit/storable.ts); should even that fail, drop the unit
   * (its output is then never shown). Either way the rest of the batch goes on.
   */
  private repair(index: number, reason: string): void {
    const w = Number.isInteger(index) ? this.waiting[index] : undefined;
    if (!w) {
      // Unknown culprit: commit one at a time so the next failure names it.
      this.opts.log.error({}, `a commit was refused and its unit is unknown: ${reason}`);
      const first = this.waiting.shift();
      first?.resolve([]);
      return;
    }
    if (!w.repaired) {
      this.opts.log.error({}, `a result could not be stored as it was; storing it with the bad characters replaced: ${reason}`);
      this.waiting[index] = { unit: storableUnit(w.unit), resolve: w.resolve, repaired: true, ...(w.stamps ? { stamps: w.stamps } : {}) };
      return;
    }
    this.opts.log.error({}, `a result could not be stored even repaired; dropped: ${reason}`);
    this.waiting.splice(index, 1);
    w.resolve([]);
  }
}

/** A committed group's traced commands: when their transaction began and became durable. */
function stampCommit(group: readonly Waiting[], started: number): void {
  let durable = 0;
  for (const w of group) {
    if (!w.stamps) continue;
    durable ||= performance.now();
    w.stamps.commitStart = started;
    w.stamps.durable = durable;
    w.stamps.unitsInCommit = group.length;
  }
}
