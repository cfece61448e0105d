/**
 * GET /admin/api/overview: one JSON snapshot for the monitor page — health,
 * who is connected and how, and each pack with its version and call figures.
 *
 * Pack figures come from the Prometheus metrics (calls and latency per pack,
 * faults, quarantines); when the world host offers a richer `packStatus()` its
 * fields are merged over them, so the page shows whatever the engine knows.
 */
import type { HttpHost } from '../host.ts';
import { healthReport, type HealthReport } from '../health.ts';

export interface PackOverview {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  calls: number | null;
  meanLatencyMs: number | null;
  faults: number | null;
  quarantined: boolean | null;
  readonly [extra: string]: unknown;
}

export interface Overview {
  readonly health: HealthReport;
  readonly connections: { readonly total: number; readonly byTransport: Record<string, number> };
  readonly sessions: ReadonlyArray<{
    readonly name: string;
    readonly role: string;
    readonly connections: ReadonlyArray<{ readonly id: string; readonly transport: string; readonly remoteAddress: string }>;
  }>;
  readonly world: { readonly restarts: number; readonly queued: number; readonly commands: number; readonly head: number };
  readonly packs: readonly PackOverview[];
  readonly eventStreams: number;
  readonly generatedAt: string;
}

export async function overview(gateway: HttpHost, eventStreams: number): Promise<Overview> {
  const byTransport: Record<string, number> = {};
  for (const v of (await gateway.metrics.connections.get()).values) {
    const t = String(v.labels['transport'] ?? 'unknown');
    byTransport[t] = (byTransport[t] ?? 0) + v.value;
  }
  return {
    health: healthReport(gateway),
    connections: { total: gateway.connectionCount, byTransport },
    sessions: gateway.sessions.online.map((s) => ({
      name: s.name,
      role: s.role,
      connections: [...s.connections].map((c) => ({ id: c.id, transport: c.transport, remoteAddress: c.remoteAddress })),
    })),
    world: { restarts: gateway.world.restarts, queued: gateway.world.queued, commands: gateway.world.commands.length, head: gateway.committer.head },
    packs: await packs(gateway),
    eventStreams,
    generatedAt: new Date().toISOString(),
  };
}

async function packs(gateway: HttpHost): Promise<PackOverview[]> {
  const { metrics } = gateway;
  const calls = new Map<string, { count: number; sum: number }>();
  for (const v of (await metrics.packCallLatency.get()).values) {
    const pack = String(v.labels['pack'] ?? '');
    const entry = calls.get(pack) ?? { count: 0, sum: 0 };
    if (v.metricName?.endsWith('_count')) entry.count += v.value;
    else if (v.metricName?.endsWith('_sum')) entry.sum += v.value;
    calls.set(pack, entry);
  }
  const faults = sumByPack((await metrics.packFaults.get()).values);
  const quarantines = sumByPack((await metrics.quarantines.get()).values);

  const list: PackOverview[] = gateway.world.packs.map((p) => {
    const c = calls.get(p.manifest.name);
    return {
      name: p.manifest.name,
      version: p.manifest.version,
      ...(p.manifest.description ? { description: p.manifest.description } : {}),
      calls: c ? c.count : 0,
      meanLatencyMs: c && c.count > 0 ? (c.sum / c.count) * 1000 : null,
      faults: faults.get(p.manifest.name) ?? 0,
      quarantined: (quarantines.get(p.manifest.name) ?? 0) > 0,
    };
  });
  return mergeStatus(list, packStatusOf(gateway));
}

function sumByPack(values: ReadonlyArray<{ labels: Record<string, unknown>; value: number }>): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of values) {
    const pack = String(v.labels['pack'] ?? '');
    out.set(pack, (out.get(pack) ?? 0) + v.value);
  }
  return out;
}

/** The world host's own per-pack status, when it has one (an array of objects with a `name`). */
function packStatusOf(gateway: HttpHost): ReadonlyArray<Record<string, unknown>> {
  const host = gateway.world as unknown as { packStatus?: () => unknown };
  if (typeof host.packStatus !== 'function') return [];
  try {
    const status = host.packStatus();
    if (Array.isArray(status)) return status.filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null && typeof (s as Record<string, unknown>)['name'] === 'string');
    if (typeof status === 'object' && status !== null) {
      return Object.entries(status as Record<string, unknown>).map(([name, s]) => ({ ...(typeof s === 'object' && s !== null ? s : {}), name }));
    }
  } catch (e) {
    gateway.log.warn({ err: e }, 'packStatus() failed; the admin page shows metrics only');
  }
  return [];
}

function mergeStatus(list: PackOverview[], status: ReadonlyArray<Record<string, unknown>>): PackOverview[] {
  if (status.length === 0) return list;
  const byName = new Map(status.map((s) => [String(s['name']), s]));
  return list.map((p) => {
    const s = byName.get(p.name);
    if (!s) return p;
    const merged: PackOverview = { ...p };
    for (const [k, v] of Object.entries(s)) {
      if (k === 'name' || k === 'version' || v === undefined) continue;
      (merged as Record<string, unknown>)[k] = v;
    }
    return merged;
  });
}
