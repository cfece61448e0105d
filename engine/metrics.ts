/**
 * Prometheus metrics (prom-client), one registry per server so several servers
 * in one process (tests) do not collide. Served at /metrics.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Event-loop delay sampling interval (ms): fine enough for a 50 ms p99 goal, cheap. */
const LAG_RESOLUTION_MS = 10;

/** Latency buckets in seconds: 0.5 ms to 2.5 s, dense under the 50 ms p99 goal. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
/** Pack calls take 10–50 µs on this machine; the top bucket is the 100 ms default wall budget. */
const PACK_BUCKETS = [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.01, 0.025, 0.1];

export class Metrics {
  readonly registry = new Registry();
  readonly connections = new Gauge({ name: 'myriad_connections', help: 'Open client connections by transport', labelNames: ['transport'], registers: [this.registry] });
  readonly commands = new Counter({ name: 'myriad_commands_total', help: 'Player commands handled', registers: [this.registry] });
  readonly commandLatency = new Histogram({ name: 'myriad_command_latency_seconds', help: 'Input received to output released (after commit)', buckets: LATENCY_BUCKETS, registers: [this.registry] });
  readonly packCallLatency = new Histogram({ name: 'myriad_pack_call_latency_seconds', help: 'Wall time of one pack call (command, event delivery, seed), by pack', labelNames: ['pack'], buckets: PACK_BUCKETS, registers: [this.registry] });
  readonly packFaults = new Counter({ name: 'myriad_pack_faults_total', help: 'Pack traps, budget overruns and timeouts', labelNames: ['pack', 'kind'], registers: [this.registry] });
  readonly packDenied = new Counter({ name: 'myriad_pack_denied_total', help: 'Host calls denied by capability checks', labelNames: ['pack'], registers: [this.registry] });
  readonly quarantines = new Counter({ name: 'myriad_pack_quarantines_total', help: 'Packs quarantined after repeated faults', labelNames: ['pack'], registers: [this.registry] });
  readonly commitBatch = new Histogram({ name: 'myriad_commit_batch_units', help: 'Requests per group commit', buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000], registers: [this.registry] });
  readonly commitLatency = new Histogram({ name: 'myriad_commit_latency_seconds', help: 'Group commit transaction time', buckets: LATENCY_BUCKETS, registers: [this.registry] });
  readonly eventsAppended = new Counter({ name: 'myriad_events_appended_total', help: 'Events committed to the log', registers: [this.registry] });
  readonly worldBusySeconds = new Gauge({ name: 'myriad_world_busy_seconds', help: 'Wall time the world thread has spent on requests since it (re)started, by request kind (tick: creatures, NPC actions, fights)', labelNames: ['request'], registers: [this.registry] });
  readonly worldRestarts = new Counter({ name: 'myriad_world_restarts_total', help: 'World worker restarts (watchdog, crash, reload)', labelNames: ['reason'], registers: [this.registry] });
  private readonly lag: IntervalHistogram = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });

  constructor() {
    // Default metrics are named process_* and nodejs_*: the prefix gives myriad_process_resident_memory_bytes etc.
    collectDefaultMetrics({ register: this.registry, prefix: 'myriad_' });
    this.lag.enable();
    const lag = this.lag;
    new Gauge({
      name: 'myriad_event_loop_lag_seconds',
      help: 'Gateway event-loop delay beyond the sampling timer, p99 since the last scrape',
      registers: [this.registry],
      collect() {
        // The histogram records each 10 ms sampling timer's whole wait, so an idle loop
        // reads 10 ms; what is beyond it is the delay.
        this.set(Math.max(0, lag.percentile(99) / 1e6 - LAG_RESOLUTION_MS) / 1e3);
        lag.reset();
      },
    });
  }

  commandDone(ms: number): void {
    this.commands.inc();
    this.commandLatency.observe(ms / 1000);
  }

  /** The world's cumulative busy time by request kind (WorldResult.busyMs). */
  worldBusy(busyMs: Readonly<Record<string, number>>): void {
    for (const [request, ms] of Object.entries(busyMs)) this.worldBusySeconds.set({ request }, ms / 1000);
  }

  packCall(pack: string, ms: number): void {
    this.packCallLatency.observe({ pack }, ms / 1000);
  }

  committed(units: number, events: number, ms: number): void {
    this.commitBatch.observe(units);
    this.commitLatency.observe(ms / 1000);
    this.eventsAppended.inc(events);
  }

  stop(): void {
    this.lag.disable();
  }
}
