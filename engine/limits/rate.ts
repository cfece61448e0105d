/**
 * Token buckets: `count` actions per `windowMs`, refilled continuously, so a
 * client may burst up to `count` and then sustain count/windowMs. The bucket says
 * exactly when the next action is allowed ("try again in N s").
 *
 * KeyedBuckets holds one bucket per key (an address, a character name) in a Map
 * bounded by `maxKeys`: an attacker cycling through addresses or names cannot
 * grow it without limit. Full buckets carry no information and are the first to go.
 */

export interface Rate {
  /** Actions allowed in a burst (the bucket's size). */
  readonly count: number;
  /** Time for an empty bucket to refill completely. */
  readonly windowMs: number;
}

/**
 * Refills are fractions (count / windowMs per ms) and do not add up exactly: 1/3 + 2/3
 * of a token can come to 0.9999999999999999, and a client told to come back in 2 ms
 * was refused again at 2 ms (found by the property test). A token this close to whole
 * counts as whole.
 */
const WHOLE = 1 - 1e-9;

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly rate: Rate,
    now: number,
  ) {
    this.tokens = rate.count;
    this.updatedAt = now;
  }

  /** Take one token if there is one. */
  take(now: number): boolean {
    this.refill(now);
    if (this.tokens < WHOLE) return false;
    this.tokens = Math.max(0, this.tokens - 1);
    return true;
  }

  /** Milliseconds until one token is available (0 if one is available now). */
  retryAfterMs(now: number): number {
    this.refill(now);
    if (this.tokens >= WHOLE) return 0;
    return Math.ceil((1 - this.tokens) * (this.rate.windowMs / this.rate.count));
  }

  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.rate.count;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.updatedAt = Math.max(this.updatedAt, now);
    this.tokens = Math.min(this.rate.count, this.tokens + (elapsed * this.rate.count) / this.rate.windowMs);
  }
}

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };

export class KeyedBuckets {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly rate: Rate,
    private readonly maxKeys: number,
  ) {}

  get size(): number {
    return this.buckets.size;
  }

  take(key: string, now: number): Verdict {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.evict(now);
      bucket = new TokenBucket(this.rate, now);
      this.buckets.set(key, bucket);
    }
    if (bucket.take(now)) return { ok: true };
    return { ok: false, retryAfterMs: bucket.retryAfterMs(now) };
  }

  /** Would `take` succeed? (Does not take.) */
  peek(key: string, now: number): Verdict {
    const bucket = this.buckets.get(key);
    const wait = bucket?.retryAfterMs(now) ?? 0;
    return wait === 0 ? { ok: true } : { ok: false, retryAfterMs: wait };
  }

  /** Drop full buckets; if none is full, the oldest tenth (Map order is insertion order). */
  private evict(now: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.isFull(now)) this.buckets.delete(key);
    if (this.buckets.size < this.maxKeys) return;
    let drop = Math.max(1, Math.floor(this.maxKeys / 10));
    for (const key of this.buckets.keys()) {
      if (drop-- <= 0) break;
      this.buckets.delete(key);
    }
  }
}

/** "try again in N s": whole seconds, at least 1. */
export function retrySeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
