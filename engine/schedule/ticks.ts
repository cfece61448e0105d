/**
 * The world clock: `world.tick` at `world.tickHz` (default 10) for the packs that
 * subscribe to it. A tick is a request like a command (one transaction, the
 * watchdog applies); a tick that changes nothing commits nothing, so an idle
 * world with a ticking pack does not grow the event log.
 *
 * Payload `{"tick":n,"dtMs":100,"now":<ms>}`: `tick` counts ticks delivered since
 * the server started; `dtMs` is the nominal time since the previous delivered
 * tick. A tick is never queued behind an unfinished one: if the world is still on
 * the last tick, this one is skipped and the next carries the longer `dtMs`
 * (200, 300, …), so a pack that integrates over time stays right under load.
 */
import type { Log } from '../logger.ts';
import { newUlid as ulid } from '../ids.ts';

export interface TickClockOptions {
  /** Ticks per second; 0 = no ticks. */
  readonly hz: number;
  /** Whether any enabled pack subscribes to world.tick (no subscriber: no request at all). */
  readonly wanted: () => boolean;
  /** Run one tick through the pipeline; resolves once committed. */
  readonly run: (tick: { tick: number; dtMs: number; now: number; corr: string }) => Promise<unknown>;
  readonly log: Log;
}

export class TickClock {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private delivered = 0;
  private skipped = 0;
  /** Ticks dropped because the world was still on the previous one (status, tests). */
  lateTicks = 0;

  constructor(private readonly opts: TickClockOptions) {}

  start(): void {
    if (this.opts.hz <= 0 || this.timer) return;
    const intervalMs = 1000 / this.opts.hz;
    this.timer = setInterval(() => this.fire(intervalMs), intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  get ticks(): number {
    return this.delivered;
  }

  private fire(intervalMs: number): void {
    if (!this.opts.wanted()) return;
    if (this.running) {
      this.skipped++;
      this.lateTicks++;
      return;
    }
    this.running = true;
    const dtMs = Math.round(intervalMs * (1 + this.skipped));
    this.skipped = 0;
    const tick = ++this.delivered;
    this.opts
      .run({ tick, dtMs, now: Date.now(), corr: ulid() })
      .catch((e: unknown) => this.opts.log.warn({}, `tick ${tick} failed: ${(e as Error).message}`))
      .finally(() => {
        this.running = false;
      });
  }
}
