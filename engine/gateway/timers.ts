/**
 * Fires persisted pack timers (the `schedule` effect). Timers live in the
 * database's `timers` table from the commit that scheduled them, so they survive
 * restarts; every `world.timerResolutionMs` (default 100) the pump asks for the
 * due ones and runs each as a `timer` request. The world consumes a timer in the
 * same transaction as its effects (`timersFired`), so a crash mid-way fires it
 * again rather than losing it. Timers of a quarantined pack wait.
 */
import { ulid } from 'ulidx';
import type { TimerRow } from '../store/types.ts';

/** At most 256 timers per look: a burst larger than that fires over several looks. */
export const TIMERS_PER_POLL = 256;

export interface TimerPumpOptions {
  readonly resolutionMs: number;
  readonly due: (now: number, limit: number) => Promise<TimerRow[]>;
  /** Run one timer through the pipeline; resolves once committed. */
  readonly run: (timer: TimerRow, corr: string) => Promise<unknown>;
  /** True for timers that must wait (their pack is quarantined). */
  readonly hold: (pack: string) => boolean;
  readonly log: (level: 'warn' | 'info', msg: string, fields?: Record<string, unknown>) => void;
}

export class TimerPump {
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private failing = false;
  /** Fired but not yet committed: still in the table, must not fire twice. */
  private readonly inFlight = new Set<string>();
  /** Timers fired since start (status, tests). */
  fired = 0;

  constructor(private readonly opts: TimerPumpOptions) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.opts.resolutionMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const due = await this.opts.due(Date.now(), TIMERS_PER_POLL + this.inFlight.size);
      if (this.failing) this.opts.log('info', 'timers: the database answers again');
      this.failing = false;
      for (const t of due) {
        if (this.inFlight.has(t.id) || this.opts.hold(t.pack)) continue;
        this.inFlight.add(t.id);
        this.fired++;
        void this.opts
          .run(t, ulid())
          .catch((e: unknown) => this.opts.log('warn', `timer ${t.id} (${t.type}) failed: ${(e as Error).message}`, { pack: t.pack }))
          .finally(() => this.inFlight.delete(t.id));
      }
    } catch (e) {
      // The database is down: say so once; the committer reports the outage itself.
      if (!this.failing) this.opts.log('warn', `timers: cannot read due timers: ${(e as Error).message}`);
      this.failing = true;
    } finally {
      this.polling = false;
    }
  }
}
