/** /health: 200 when every check passes, 503 when degraded, with each check's detail. */
import type { Gateway } from '../../gateway/gateway.ts';
import { ENGINE_VERSION } from '../../version.ts';

export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly checks: Record<string, { ok: boolean; detail?: string }>;
  readonly uptimeSeconds: number;
  readonly version: string;
  readonly lastEventPosition: number;
  readonly connections: number;
  readonly memory: { rssBytes: number; heapUsedBytes: number };
}

export function healthReport(gateway: Gateway): HealthReport {
  const db = gateway.committer.healthy;
  const world = gateway.world.healthy;
  const checks: HealthReport['checks'] = {
    database: db ? { ok: true, detail: gateway.store.backend } : { ok: false, detail: gateway.committer.error ?? 'unavailable' },
    world: world ? { ok: true, detail: `${gateway.world.restarts} restarts` } : { ok: false, detail: 'restarting' },
  };
  const mem = process.memoryUsage();
  return {
    status: Object.values(checks).every((c) => c.ok) ? 'ok' : 'degraded',
    checks,
    uptimeSeconds: Math.round((Date.now() - gateway.startedAt) / 1000),
    version: ENGINE_VERSION,
    lastEventPosition: gateway.committer.head,
    connections: gateway.connectionCount,
    memory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed },
  };
}
