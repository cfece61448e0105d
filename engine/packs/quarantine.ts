/**
 * Quarantine: a pack that faults (traps, runs over a budget or its time, writes
 * state that breaks its schema) `faults` times within `windowMs` is disabled.
 * Its commands answer "<pack> is disabled", it gets no events, ticks or timers
 * (its timers wait in the database), and the rest of the world runs on. It stays
 * disabled until an operator lifts it (`@packs unquarantine`, `myriad
 * unquarantine`): the gateway stores every quarantine (pack_quarantine) and
 * restores it here at start, so neither a restart nor a reload brings back a pack
 * that loops on committed state (docs/decisions/0013).
 *
 * Defaults: 3 faults in 10 minutes. One fault is bad luck (a rare input), two can
 * be a player retrying; three in ten minutes means every player who touches the
 * pack is paying for it, and each timeout costs everyone a world restart (~0.5 s).
 */

export interface QuarantinePolicy {
  /** Faults within the window that quarantine a pack. */
  readonly faults: number;
  /** The sliding window, ms. */
  readonly windowMs: number;
}

export const DEFAULT_QUARANTINE: QuarantinePolicy = { faults: 3, windowMs: 10 * 60_000 };

export interface Quarantined {
  readonly since: number;
  /** The faults that tipped it, oldest first. */
  readonly faults: readonly string[];
}

export class FaultLog {
  private readonly recent = new Map<string, Array<{ at: number; what: string }>>();
  private readonly held = new Map<string, Quarantined>();

  constructor(private readonly policy: QuarantinePolicy = DEFAULT_QUARANTINE) {}

  /** Record one fault; returns true when this fault puts the pack in quarantine. */
  record(pack: string, what: string, at: number): boolean {
    if (this.held.has(pack)) return false;
    const list = (this.recent.get(pack) ?? []).filter((f) => at - f.at < this.policy.windowMs);
    list.push({ at, what });
    this.recent.set(pack, list);
    if (list.length < this.policy.faults) return false;
    this.held.set(pack, { since: at, faults: list.map((f) => f.what) });
    this.recent.delete(pack);
    return true;
  }

  /** A quarantine read back from the store at start: in force at once, with its history. */
  restore(pack: string, q: Quarantined): void {
    this.recent.delete(pack);
    this.held.set(pack, q);
  }

  isQuarantined(pack: string): boolean {
    return this.held.has(pack);
  }

  get(pack: string): Quarantined | undefined {
    return this.held.get(pack);
  }

  /** Every quarantined pack's name. */
  get names(): string[] {
    return [...this.held.keys()];
  }

  /** Lift one pack's quarantine (its fault history starts over). */
  release(pack: string): boolean {
    this.recent.delete(pack);
    return this.held.delete(pack);
  }

  /** A reload forgets faults that did not quarantine; quarantines stay until lifted. */
  clearRecent(): void {
    this.recent.clear();
  }
}
