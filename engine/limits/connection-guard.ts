/**
 * Per-connection input limits: a token bucket on input lines (warn on the first
 * refused line, disconnect after `floodDisconnectAfter` refused lines in one flood),
 * and the timestamps the idle sweeper reads.
 */
import { formatError } from '../errors.ts';
import { textMessage } from '../output/message.ts';
import type { ClientConnection } from '../sessions/connection.ts';
import type { LimitOptions } from './options.ts';
import { TokenBucket } from './rate.ts';

export class ConnectionGuard {
  readonly openedAt: number;
  lastInputAt: number;
  private readonly bucket: TokenBucket;
  private refusedInFlood = 0;
  private lastRefusedAt = -Infinity;
  /** Lines refused over the connection's life (metrics, tests). */
  refused = 0;
  /** Set once a limit closed the connection (the transport reports the close later). */
  closing = false;

  constructor(
    private readonly conn: ClientConnection,
    private readonly opts: Pick<LimitOptions, 'commands' | 'floodDisconnectAfter'>,
    private readonly clock: () => number = Date.now,
  ) {
    this.openedAt = this.lastInputAt = clock();
    this.bucket = new TokenBucket(opts.commands, this.openedAt);
  }

  /** Called for every input line; true when the line may run. */
  admit(): boolean {
    const now = this.clock();
    this.lastInputAt = now;
    if (this.bucket.take(now)) {
      // A flood ends once the client has kept to the rate for a whole window.
      if (now - this.lastRefusedAt > this.opts.commands.windowMs) this.refusedInFlood = 0;
      return true;
    }
    this.refused++;
    this.refusedInFlood++;
    this.lastRefusedAt = now;
    if (this.refusedInFlood >= this.opts.floodDisconnectAfter) {
      this.close(formatError('NET_FLOODING', { count: this.refusedInFlood }));
    } else if (this.refusedInFlood === 1) {
      this.conn.send(textMessage('error', formatError('NET_TOO_FAST', { perSecond: perSecond(this.opts.commands.count, this.opts.commands.windowMs) }), 'error'));
    }
    return false;
  }

  /** Close once, saying why. */
  close(reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.conn.close(reason);
  }
}

/** 1500 → "1.5 seconds", 120000 → "2 minutes", 3600000 → "1 hour". */
export function duration(ms: number): string {
  const unit = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (ms < 60_000) return unit(Number((ms / 1000).toFixed(ms < 10_000 ? 1 : 0)), 'second');
  if (ms < 3_600_000) return unit(Math.round(ms / 60_000), 'minute');
  return unit(Number((ms / 3_600_000).toFixed(1)), 'hour');
}

function perSecond(count: number, windowMs: number): string {
  const r = (count * 1000) / windowMs;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}
