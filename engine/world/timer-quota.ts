/**
 * Per-pack timer accounting in the world (issue 11, timer bombs): how many of a
 * pack's timers are waiting (from the table at start, then from every committed
 * request), and how fast it schedules new ones (a token bucket of
 * `timerCallsPerSecond`, full at start). Before this, every call could schedule
 * 256 timers and every timer 256 more: 200 × 200 timers ran 40,200 calls, grew
 * the server by 150 MB and stalled everyone for 1.36 s without one fault.
 */
import type { PackLimits } from '../packs/types.ts';

export type TimerRefusal = { readonly limit: 'maxPendingTimers' | 'timerCallsPerSecond'; readonly value: number };

export class TimerQuota {
  private readonly pending = new Map<string, number>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    initial: Readonly<Record<string, number>>,
    private readonly clock: () => number,
  ) {
    for (const [pack, n] of Object.entries(initial)) this.pending.set(pack, n);
  }

  /**
   * One more timer for `pack`, on top of `uncommitted` scheduled earlier in the
   * same request: null if allowed, otherwise the limit it breaks.
   */
  schedule(pack: string, limits: PackLimits, uncommitted: number): TimerRefusal | null {
    if ((this.pending.get(pack) ?? 0) + uncommitted + 1 > limits.maxPendingTimers) return { limit: 'maxPendingTimers', value: limits.maxPendingTimers };
    const rate = limits.timerCallsPerSecond;
    const now = this.clock();
    const b = this.buckets.get(pack) ?? { tokens: rate, at: now };
    b.tokens = Math.min(rate, b.tokens + ((now - b.at) * rate) / 1000);
    b.at = now;
    this.buckets.set(pack, b);
    if (b.tokens < 1) return { limit: 'timerCallsPerSecond', value: rate };
    b.tokens -= 1;
    return null;
  }

  /** A request's timers were kept (added) and consumed (fired). */
  applied(added: readonly { readonly pack: string }[], firedPack: string | null): void {
    for (const t of added) this.pending.set(t.pack, (this.pending.get(t.pack) ?? 0) + 1);
    if (firedPack !== null) this.pending.set(firedPack, Math.max(0, (this.pending.get(firedPack) ?? 0) - 1));
  }

  pendingOf(pack: string): number {
    return this.pending.get(pack) ?? 0;
  }
}
