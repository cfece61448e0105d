/**
 * The idle sweeper: one timer for all connections (not one per connection),
 * closing those that stayed too long before logging in (`loginTimeoutMs`, counted
 * from the connect) or without input after it (`idleTimeoutMs`). It runs at a
 * quarter of the shorter timeout, at most once a second, so a timeout fires at
 * most 25% late.
 */
import { formatError } from '../errors.ts';
import type { ClientConnection } from '../sessions/connection.ts';
import { duration, type ConnectionGuard } from './connection-guard.ts';
import type { LimitOptions } from './options.ts';

export interface Watched {
  readonly conn: ClientConnection;
  readonly guard: ConnectionGuard;
  loggedIn(): boolean;
}

export class IdleSweeper {
  private readonly timer: NodeJS.Timeout;
  closedIdle = 0;
  closedLogin = 0;

  constructor(
    private readonly watched: () => Iterable<Watched>,
    private readonly opts: Pick<LimitOptions, 'idleTimeoutMs' | 'loginTimeoutMs'>,
    private readonly clock: () => number = Date.now,
  ) {
    const every = Math.max(50, Math.min(1_000, Math.floor(Math.min(opts.idleTimeoutMs, opts.loginTimeoutMs) / 4)));
    this.timer = setInterval(() => this.sweep(), every);
    this.timer.unref();
  }

  sweep(): void {
    const now = this.clock();
    for (const w of this.watched()) {
      if (w.guard.closing) continue;
      if (!w.loggedIn()) {
        if (now - w.guard.openedAt >= this.opts.loginTimeoutMs) {
          this.closedLogin++;
          w.guard.close(formatError('NET_LOGIN_TIMEOUT', { duration: duration(this.opts.loginTimeoutMs) }));
        }
      } else if (now - w.guard.lastInputAt >= this.opts.idleTimeoutMs) {
        this.closedIdle++;
        w.guard.close(formatError('NET_IDLE_TIMEOUT', { duration: duration(this.opts.idleTimeoutMs) }));
      }
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
