/**
 * Fires persisted pack timers (the `schedule` effect). Timers live in the
 * database's `timers` table from the commit that scheduled them, so they survive
 * restarts; when one is due the pump runs it as a `timer` request. The world
 * consumes a timer in the same transaction as its effects (`timersFired`), so a
 * crash mid-way fires it again rather than losing it. Timers of a quarantined
 * pack wait.
 *
 * The pump looks every `world.timerResolutionMs` (default 100) but asks the
 * database only when a timer may be due: it knows the earliest due time from the
 * table at start and from every commit that schedules one. An idle world costs
 * no queries (one poll is ~0.8 ms of PGlite on the gateway's thread here).
 *
 * Spread (issue 11, timer bombs): each look fires at most `perLook(pack)` of a
 * pack's timers (its limits.timerCallsPerSecond over the looks of a second,
 * counting those still in flight); the rest wait for the next look. One pack's
 * backlog then adds at most that many calls to a batch, and the database query
 * returns only the earliest few of each pack, so it cannot starve the others.
 */
import type { Log } from '../logger.ts';
import { newUlid as ulid } from '../ids.ts';
import type { TimerRow } from '../store/types.ts';

/** At most 256 timers per look: a burst larger than that fires over several looks. */
export const TIMERS_PER_POLL = 256;

/** A pack's share of one look: its rate over the looks of a second, at least 1. */
export function timersPerLook(callsPerSecond: number, resolutionMs: number): number {
  return Math.max(1, Math.floor((callsPerSecond * resolutionMs) / 1000));
}

export interface TimerPumpOptions {
  readonly resolutionMs: number;
  readonly due: (now: number, limit: number) => Promise<TimerRow[]>;
  /** Run one timer through the pipeline; resolves once committed. */
  readonly run: (timer: TimerRow, corr: string) => Promise<unknown>;
  /** True for timers that must wait (their pack is quarantined). */
  readonly hold: (pack: string) => boolean;
  /** Most of one pack's timers to have in flight after a look (timersPerLook); default unlimited. */
  readonly perLook?: (pack: string) => number;
  readonly log: Log;
}

export class TimerPump {
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private failing = false;
  /** No timer is due before this (ms); 0 = look at the next chance. */
  private nextDue = 0;
  /** Earliest timer scheduled while a look is under way (it may be missing from that look's answer). */
  private scheduledMeanwhile = Number.POSITIVE_INFINITY;
  /** Fired but not yet committed: still in the table, must not fire twice. */
  private readonly inFlight = new Map<string, string>();
  /** Timers fired since start (status, tests). */
  fired = 0;
  /** Database looks since start (status, tests). */
  polls = 0;

  constructor(private readonly opts: TimerPumpOptions) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.opts.resolutionMs);
    void this.poll(); // timers that fell due while the server was down fire at once
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Look at the next chance: a pack's quarantine was lifted, so its waiting timers may be due. */
  wake(): void {
    this.nextDue = 0;
  }

  /** Committed timers were scheduled: look for them when the first is due. */
  scheduled(timers: readonly TimerRow[]): void {
    for (const t of timers) {
      this.nextDue = Math.min(this.nextDue, t.dueAt);
      this.scheduledMeanwhile = Math.min(this.scheduledMeanwhile, t.dueAt);
    }
  }

  private async poll(): Promise<void> {
    const now = Date.now();
    if (this.polling || now < this.nextDue) return;
    this.polling = true;
    this.scheduledMeanwhile = Number.POSITIVE_INFINITY;
    try {
      this.polls++;
      const due = await this.opts.due(now, TIMERS_PER_POLL + this.inFlight.size);
      let waiting = 0;
      const busy = new Map<string, number>();
      for (const pack of this.inFlight.values()) busy.set(pack, (busy.get(pack) ?? 0) + 1);
      for (const t of due) {
        if (this.inFlight.has(t.id)) continue;
        const n = busy.get(t.pack) ?? 0;
        if (this.opts.hold(t.pack) || n >= (this.opts.perLook?.(t.pack) ?? Infinity)) {
          waiting++;
          continue;
        }
        busy.set(t.pack, n + 1);
        this.inFlight.set(t.id, t.pack);
        this.fired++;
        void this.opts
          .run(t, ulid())
          .catch((e: unknown) => this.opts.log.warn({ pack: t.pack }, `timer ${t.id} (${t.type}) failed: ${(e as Error).message}`))
          .finally(() => this.inFlight.delete(t.id));
      }
      // Something was due (or waits on a quarantined pack): look again next time.
      // Otherwise nothing is due until the earliest timer in the table.
      if (due.length > 0 || waiting > 0) this.nextDue = 0;
      else this.nextDue = Math.min((await this.opts.due(Number.MAX_SAFE_INTEGER, 1))[0]?.dueAt ?? Number.POSITIVE_INFINITY, this.scheduledMeanwhile);
      if (this.failing) this.opts.log.info({}, 'timers: the database answers again');
      this.failing = false;
    } catch (e) {
      // The database is down: say so once, keep looking; the committer reports the outage itself.
      if (!this.failing) this.opts.log.warn({}, `timers: cannot read due timers: ${(e as Error).message}`);
      this.failing = true;
      this.nextDue = 0;
    } finally {
      this.polling = false;
    }
  }
}
