/**
 * Per-pack counters the host keeps from the world's results (calls, latency,
 * faults, denials) and the status operators read from them (`@packs`, /health,
 * the admin page). Counters run since the pack set was (re)loaded.
 */
import type { ErrorCode } from '../errors.ts';
import type { FaultLog } from '../packs/quarantine.ts';
import type { LoadedPackSpec } from '../packs/types.ts';
import { stripControl } from '../output/message.ts';

/** One pack as operators see it (`@packs`, the admin page). Counters run since the pack set was (re)loaded. */
export interface PackStatus {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly calls: number;
  /** Mean wall time of a call, ms; null before the first call. */
  readonly meanLatencyMs: number | null;
  /** Traps, budget overruns, timeouts and schema violations. */
  readonly faults: number;
  /** Host calls refused by capability checks. */
  readonly denied: number;
  readonly quarantined: boolean;
  /** ISO time the pack was quarantined, or null. */
  readonly quarantinedAt: string | null;
  /** The last fault, `CODE: message`, or null. */
  readonly lastFault: string | null;
}

interface Counters {
  calls: number;
  totalMs: number;
  faults: number;
  denied: number;
  lastFault: string | null;
}

export class PackCounters {
  private counters = new Map<string, Counters>();

  /** One pack call of `ms` wall time. */
  call(pack: string, ms: number): void {
    const c = this.counter(pack);
    c.calls++;
    c.totalMs += ms;
  }

  /** A host call refused by a capability or identity check. */
  denied(pack: string): void {
    this.counter(pack).denied++;
  }

  /**
   * A fault; returns it as one clean line, `CODE: message`. A trap's message can be
   * the pack's own text (its abort message): cleaned like all pack text, and one
   * line, before @packs, /health, the admin page and the store show it.
   */
  fault(pack: string, code: ErrorCode, message: string): string {
    const c = this.counter(pack);
    c.faults++;
    c.lastFault = stripControl(`${code}: ${message}`).replace(/\n/g, ' ');
    return c.lastFault;
  }

  /** After a reload: counters of a pack whose version is unchanged carry on; a new version starts afresh. */
  keepUnchanged(before: ReadonlyMap<string, string>, packs: readonly LoadedPackSpec[]): void {
    this.counters = new Map([...this.counters].filter(([name]) => packs.some((p) => p.manifest.name === name && p.manifest.version === before.get(name))));
  }

  status(specs: readonly LoadedPackSpec[], faultLog: FaultLog): PackStatus[] {
    return specs.map((s) => {
      const name = s.manifest.name;
      const c = this.counters.get(name);
      const q = faultLog.get(name);
      return {
        name,
        version: s.manifest.version,
        ...(s.manifest.description ? { description: s.manifest.description } : {}),
        calls: c?.calls ?? 0,
        meanLatencyMs: c && c.calls > 0 ? c.totalMs / c.calls : null,
        faults: c?.faults ?? 0,
        denied: c?.denied ?? 0,
        quarantined: q !== undefined,
        quarantinedAt: q ? new Date(q.since).toISOString() : null,
        lastFault: c?.lastFault ?? null,
      };
    });
  }

  private counter(pack: string): Counters {
    let c = this.counters.get(pack);
    if (!c) {
      c = { calls: 0, totalMs: 0, faults: 0, denied: 0, lastFault: null };
      this.counters.set(pack, c);
    }
    return c;
  }
}
