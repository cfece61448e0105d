/**
 * Admission at accept time, before any protocol work: at most
 * `connectionsPerAddress` open connections per address and `newConnectionsPerAddress`
 * new ones per window. Telnet refuses with one line of text and closes; WebSocket
 * answers the upgrade with HTTP 429. Both transports share the counts. A banned
 * address (`@ban <address>`, engine/limits/address-bans.ts) is refused first, exempt
 * or not: an operator's ban outranks a limit's exemption.
 */
import { formatError } from '../errors.ts';
import { addressKey } from './address.ts';
import { AddressBans } from './address-bans.ts';
import type { LimitOptions } from './options.ts';
import { KeyedBuckets, retrySeconds } from './rate.ts';

export type Admission = { readonly ok: true; readonly release: () => void } | { readonly ok: false; readonly code: 'NET_ADDRESS_BANNED' | 'NET_TOO_MANY_CONNECTIONS' | 'NET_CONNECTING_TOO_FAST'; readonly message: string; readonly retryAfterSeconds: number };

export class AddressGuard {
  private readonly open = new Map<string, number>();
  private readonly arrivals: KeyedBuckets;
  private readonly exempt: ReadonlySet<string>;
  /** Bans by address, loaded from the store at start (Gateway.start) and changed by @ban / @unban. */
  readonly bans: AddressBans;
  refused = 0;

  constructor(
    private readonly opts: Pick<LimitOptions, 'exemptAddresses' | 'connectionsPerAddress' | 'newConnectionsPerAddress' | 'maxTrackedKeys'>,
    private readonly clock: () => number = Date.now,
  ) {
    this.arrivals = new KeyedBuckets(opts.newConnectionsPerAddress, opts.maxTrackedKeys);
    this.exempt = new Set(opts.exemptAddresses.map(addressKey));
    this.bans = new AddressBans(clock);
  }

  isExempt(address: string | undefined): boolean {
    return this.exempt.has(addressKey(address));
  }

  /** Open connections counted for an address. */
  openFrom(address: string | undefined): number {
    return this.open.get(addressKey(address)) ?? 0;
  }

  admit(address: string | undefined): Admission {
    const ban = this.bans.covering(address);
    if (ban) {
      this.refused++;
      return { ok: false, code: 'NET_ADDRESS_BANNED', message: formatError('NET_ADDRESS_BANNED', { until: banEnd(ban.until), reason: ban.reason }), retryAfterSeconds: ban.until === null ? 86_400 : Math.max(1, Math.ceil((ban.until - this.clock()) / 1_000)) };
    }
    const key = addressKey(address);
    if (this.exempt.has(key)) return { ok: true, release: () => undefined };
    const count = this.open.get(key) ?? 0;
    if (count >= this.opts.connectionsPerAddress) {
      this.refused++;
      return { ok: false, code: 'NET_TOO_MANY_CONNECTIONS', message: formatError('NET_TOO_MANY_CONNECTIONS', { limit: this.opts.connectionsPerAddress }), retryAfterSeconds: 60 };
    }
    const arrival = this.arrivals.take(key, this.clock());
    if (!arrival.ok) {
      this.refused++;
      const seconds = retrySeconds(arrival.retryAfterMs);
      return { ok: false, code: 'NET_CONNECTING_TOO_FAST', message: formatError('NET_CONNECTING_TOO_FAST', { seconds }), retryAfterSeconds: seconds };
    }
    this.open.set(key, count + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        const n = (this.open.get(key) ?? 1) - 1;
        if (n <= 0) this.open.delete(key);
        else this.open.set(key, n);
      },
    };
  }
}

/** `until 2026-12-07 06:00 UTC`, or `until an admin lifts it`: how a ban's end is told (account and address bans alike). */
export function banEnd(until: number | null): string {
  return until === null ? 'until an admin lifts it' : `until ${new Date(until).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}
