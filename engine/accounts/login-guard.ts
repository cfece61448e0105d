/**
 * Login and creation limits: token buckets per address and per name, and the
 * lockout after repeated failures. Names are counted whether or not an account
 * exists, and an unknown name locks exactly like a real one, so neither the
 * answer nor its timing tells an attacker which names exist.
 *
 * The failure counts live here (bounded by maxTrackedKeys); for real accounts
 * they are also written to the accounts row (`failedLogins`, `lockedUntil`) so a
 * lockout survives a restart.
 */
import { addressKey } from '../limits/address.ts';
import type { LimitOptions } from '../limits/options.ts';
import { KeyedBuckets, type Verdict } from '../limits/rate.ts';

export type LoginLimitOptions = Pick<LimitOptions, 'exemptAddresses' | 'loginsPerAddress' | 'loginsPerName' | 'createsPerAddress' | 'lockoutFailures' | 'lockoutMs' | 'maxTrackedKeys'>;

interface Failures {
  count: number;
  lastAt: number;
  lockedUntil: number;
}

export class LoginGuard {
  private readonly perAddress: KeyedBuckets;
  private readonly perName: KeyedBuckets;
  private readonly creates: KeyedBuckets;
  private readonly failures = new Map<string, Failures>();
  private readonly exempt: ReadonlySet<string>;

  constructor(
    private readonly opts: LoginLimitOptions,
    readonly clock: () => number = Date.now,
  ) {
    this.perAddress = new KeyedBuckets(opts.loginsPerAddress, opts.maxTrackedKeys);
    this.perName = new KeyedBuckets(opts.loginsPerName, opts.maxTrackedKeys);
    this.creates = new KeyedBuckets(opts.createsPerAddress, opts.maxTrackedKeys);
    this.exempt = new Set(opts.exemptAddresses.map(addressKey));
  }

  /** One login attempt: the address bucket first, then the name's. */
  attemptLogin(address: string, name: string): Verdict {
    const now = this.clock();
    const key = addressKey(address);
    if (!this.exempt.has(key)) {
      const a = this.perAddress.take(key, now);
      if (!a.ok) return a;
    }
    return this.perName.take(nameKey(name), now);
  }

  /** A name looked up without a login (a "name taken" answer): the address's login bucket. */
  attemptLookup(address: string): Verdict {
    const key = addressKey(address);
    if (this.exempt.has(key)) return { ok: true };
    return this.perAddress.take(key, this.clock());
  }

  attemptCreate(address: string): Verdict {
    const key = addressKey(address);
    if (this.exempt.has(key)) return { ok: true };
    return this.creates.take(key, this.clock());
  }

  /** Milliseconds the name stays locked (0: not locked). */
  lockedFor(name: string, persistedUntil: number = 0): number {
    const now = this.clock();
    const f = this.failures.get(nameKey(name));
    return Math.max(0, (f?.lockedUntil ?? 0) - now, persistedUntil - now);
  }

  /** Count a failure; returns the state to persist for a real account. */
  failed(name: string, persistedCount = 0): { failedLogins: number; lockedUntil: number | null } {
    const now = this.clock();
    const key = nameKey(name);
    let f = this.failures.get(key);
    // Failures older than the lockout period are forgiven.
    if (f && now - f.lastAt > this.opts.lockoutMs) f = undefined;
    if (!f) {
      if (this.failures.size >= this.opts.maxTrackedKeys) this.evict(now);
      f = { count: persistedCount, lastAt: now, lockedUntil: 0 };
      this.failures.set(key, f);
    }
    f.count = Math.max(f.count, persistedCount) + 1;
    f.lastAt = now;
    if (f.count >= this.opts.lockoutFailures) {
      f.lockedUntil = now + this.opts.lockoutMs;
      f.count = 0;
      return { failedLogins: 0, lockedUntil: f.lockedUntil };
    }
    return { failedLogins: f.count, lockedUntil: null };
  }

  succeeded(name: string): void {
    this.failures.delete(nameKey(name));
  }

  private evict(now: number): void {
    for (const [k, f] of this.failures) if (f.lockedUntil < now && now - f.lastAt > this.opts.lockoutMs) this.failures.delete(k);
    let drop = Math.max(1, Math.floor(this.opts.maxTrackedKeys / 10));
    for (const k of this.failures.keys()) {
      if (this.failures.size < this.opts.maxTrackedKeys || drop-- <= 0) break;
      this.failures.delete(k);
    }
  }
}

/** Case-insensitive, and bounded: a 10 KB "name" is not a 10 KB key. */
function nameKey(name: string): string {
  return name.trim().toLowerCase().slice(0, 64);
}
