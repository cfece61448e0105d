/**
 * /health: 200 when every check passes, 503 when degraded, with each check's
 * detail — usable as a liveness and readiness probe (docs/operators.md, Health).
 *
 * Checks:
 *   database  the committer is not retrying a failed commit AND a live query
 *             answers within PROBE_TIMEOUT_MS (an idle server with a dead database
 *             has no commit failing yet; the probe sees it)
 *   world     the world worker is running (not restarting after a watchdog kill or crash)
 *   packs     no pack is quarantined (a quarantined pack's commands are switched off)
 *   nats      only when the bus is configured (scale-out; not yet)
 */
import type { HttpHost } from './host.ts';
import { ENGINE_VERSION } from '../../version.ts';

export interface HealthCheck {
  readonly ok: boolean;
  readonly detail?: string;
}

export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly checks: Record<string, HealthCheck>;
  readonly uptimeSeconds: number;
  readonly version: string;
  /** Position of the last event committed to the log. */
  readonly lastEventPosition: number;
  readonly connections: number;
  readonly playersOnline: number;
  readonly memory: { rssBytes: number; heapUsedBytes: number; heapTotalBytes: number; externalBytes: number };
}

/** 1 s: a healthy PGlite or local PostgreSQL answers `SELECT` in well under 10 ms. */
export const PROBE_TIMEOUT_MS = 1_000;
/** Probes younger than this are reused: a probe storm cannot load the database. */
export const PROBE_REUSE_MS = 1_000;

interface Probe {
  readonly at: number;
  readonly result: Promise<HealthCheck>;
}
const probes = new WeakMap<HttpHost, Probe>();
const lastProbe = new WeakMap<HttpHost, HealthCheck>();

/** Run (or reuse) a live database probe, then report. This is what GET /health answers. */
export async function probeHealth(gateway: HttpHost): Promise<HealthReport> {
  await probeDatabase(gateway);
  return healthReport(gateway);
}

/** The report from what is known now (the last database probe); synchronous, for the admin page. */
export function healthReport(gateway: HttpHost): HealthReport {
  const checks: Record<string, HealthCheck> = {
    database: databaseCheck(gateway),
    world: gateway.world.healthy ? { ok: true, detail: `running, ${gateway.world.restarts} restart(s) since start` } : { ok: false, detail: 'restarting' },
    packs: packsCheck(gateway),
  };
  const mem = process.memoryUsage();
  return {
    status: Object.values(checks).every((c) => c.ok) ? 'ok' : 'degraded',
    checks,
    uptimeSeconds: Math.round((Date.now() - gateway.startedAt) / 1000),
    version: ENGINE_VERSION,
    lastEventPosition: gateway.committer.head,
    connections: gateway.connectionCount,
    playersOnline: gateway.sessions.online.length,
    memory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed, heapTotalBytes: mem.heapTotal, externalBytes: mem.external },
  };
}

function databaseCheck(gateway: HttpHost): HealthCheck {
  if (!gateway.committer.healthy) {
    return { ok: false, detail: `commits failing (${gateway.committer.backlog} waiting, retrying): ${gateway.committer.error ?? 'unknown error'}` };
  }
  const probe = lastProbe.get(gateway);
  if (probe && !probe.ok) return probe;
  return { ok: true, detail: `${gateway.store.backend}${probe?.detail ? `, ${probe.detail}` : ''}` };
}

function probeDatabase(gateway: HttpHost): Promise<HealthCheck> {
  const now = Date.now();
  const recent = probes.get(gateway);
  if (recent && now - recent.at < PROBE_REUSE_MS) return recent.result;
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<HealthCheck>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${PROBE_TIMEOUT_MS} ms` }), PROBE_TIMEOUT_MS);
  });
  const query = gateway.store.headPosition().then(
    (): HealthCheck => ({ ok: true, detail: `answered in ${(performance.now() - t0).toFixed(1)} ms` }),
    (e: unknown): HealthCheck => ({ ok: false, detail: `unreachable: ${e instanceof Error ? e.message : String(e)}` }),
  );
  const result = Promise.race([query, timeout]).then((check) => {
    clearTimeout(timer);
    lastProbe.set(gateway, check);
    return check;
  });
  probes.set(gateway, { at: now, result });
  return result;
}

/** Quarantined packs (a pack that keeps faulting has its commands switched off until a reload). */
function packsCheck(gateway: HttpHost): HealthCheck {
  const status = gateway.world.packStatus();
  const quarantined = status.filter((p) => p.quarantined).map((p) => `${p.name} (since ${p.quarantinedAt ?? '?'}${p.lastFault ? `, last fault ${p.lastFault}` : ''})`);
  if (quarantined.length) return { ok: false, detail: `quarantined: ${quarantined.join('; ')}` };
  return { ok: true, detail: `${status.length} loaded, none quarantined` };
}
