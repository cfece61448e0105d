/**
 * The watchdog: while a batch is in flight, every `intervalMs` it reads which
 * pack call the world is running (a SharedArrayBuffer the world writes,
 * engine/world/watch.ts). A call past its pack's wall budget plus the margin is
 * an overrun: the host terminates the worker and restarts the world.
 */
import { DEFAULT_PACK_LIMITS } from '../config/defaults.ts';
import type { LoadedPackSpec } from '../packs/types.ts';
import type { WatchReader } from '../world/watch.ts';

/**
 * 20 ms of slack for a host built without a configured margin (tests, benches):
 * timer jitter on a loaded 2-core machine is ~5–10 ms. The server passes
 * `world.watchdogMarginMs` (100 ms by default, engine/config/defaults.ts says why).
 */
export const FALLBACK_WATCHDOG_MARGIN_MS = 20;

/** 5 ms between looks: a runaway is stopped within its budget + margin + 5 ms. */
export const DEFAULT_WATCHDOG_INTERVAL_MS = 5;

/** What the watchdog looks at: the running world, and whether a batch is in flight. */
export interface Watched {
  readonly watch: WatchReader;
  readonly specs: readonly LoadedPackSpec[];
}

export interface Overrun {
  readonly pack: string;
  readonly budgetMs: number;
  readonly reqId: number;
  readonly runningMs: number;
}

export class Watchdog {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly opts: {
      readonly marginMs?: number;
      readonly intervalMs?: number;
      /** The world to watch while a batch is in flight; null otherwise. */
      readonly watched: () => Watched | null;
      readonly onOverrun: (overrun: Overrun) => void;
    },
  ) {}

  start(): void {
    if (this.timer) return;
    const margin = this.opts.marginMs ?? FALLBACK_WATCHDOG_MARGIN_MS;
    this.timer = setInterval(() => {
      const live = this.opts.watched();
      const reading = live?.watch.read();
      if (!live || !reading) return;
      const pack = live.specs[reading.packIndex];
      const budget = pack?.limits.wallMs ?? DEFAULT_PACK_LIMITS.wallMs;
      if (reading.runningMs > budget + margin) this.opts.onOverrun({ pack: pack?.manifest.name ?? 'unknown', budgetMs: budget, reqId: reading.reqId, runningMs: reading.runningMs });
    }, this.opts.intervalMs ?? DEFAULT_WATCHDOG_INTERVAL_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
