/**
 * The main thread's side of the world: starts the world worker, batches requests
 * to it (one message per event-loop turn), restarts it, quarantines packs that
 * keep faulting, and swaps in a new pack set (reload). Beside it: the watchdog
 * (watchdog.ts), the worker threads (workers.ts), per-pack counters
 * (pack-status.ts) and the results of requests the world never finished (failures.ts).
 *
 * Restart: when the watchdog sees an overrun the worker is terminated; the culprit
 * request fails with PACK_TIMEOUT, the other requests of the batch are re-queued,
 * and a new worker starts from the committed state. No connection drops.
 *
 * Reload: the same path as a restart, but the old worker stays alive (idle) until
 * the new one, with the new pack set, is ready; if the new set is refused (an
 * incompatible schema change, a pack that will not instantiate) the old one
 * simply carries on.
 */
import type { CommandStamps } from '../commit/trace.ts';
import type { Log } from '../logger.ts';
import type { Worker } from 'node:worker_threads';
import type { ErrorCode } from '../errors.ts';
import { receivesGmcp } from '../packs/capabilities.ts';
import { DEFAULT_QUARANTINE, FaultLog, type QuarantinePolicy } from '../packs/quarantine.ts';
import type { LoadedPackSpec } from '../packs/types.ts';
import type { QuarantineRow } from '../store/types.ts';
import type { CommandInfo, FromWorld, PackFault, WorldRequest, WorldResult, UpgradeNote } from '../world/protocol.ts';
import { WATCH_BYTES, WatchReader } from '../world/watch.ts';
import { failedResult, timeoutResult } from './failures.ts';
import { PackCounters, type PackStatus } from './pack-status.ts';
import { Watchdog, type Overrun } from './watchdog.ts';
import { type PrewarmedWorker, spawnWorldWorker } from './workers.ts';

/** Refusals an operator lifts with a grant (the warning names the config key). */
const GRANT_CODES: ReadonlySet<string> = new Set(['PACK_DENIED', 'PACK_DISPLAY_DENIED']);

type RequestBody = WorldRequest extends infer R ? (R extends WorldRequest ? Omit<R, 'reqId'> : never) : never;

/**
 * 30 s for a new world to be ready: booting the worker, instantiating packs and
 * loading 10,000 entities takes well under 2 s here; past 30 s a pack's seed or
 * migration is stuck, and the start (or reload) is refused.
 */
export const DEFAULT_BOOT_TIMEOUT_MS = 30_000;

/**
 * A spare worker is kept loaded (tsx, the engine's modules; no state) so a
 * restart skips the ~0.5–0.7 s of module loading and only initialises: the
 * watchdog's pause drops from ~0.8 s to ~0.2 s here. It is made 1 s after a world
 * comes up, so loading it does not compete with the requests that waited.
 */
const SPARE_DELAY_MS = 1_000;

export interface WorldHostOptions {
  readonly packs: readonly LoadedPackSpec[];
  readonly seed: number;
  /** verb → pack that wins when two packs register it (config packs.precedence). */
  readonly precedence?: Readonly<Record<string, string>>;
  /** Faults within a window that quarantine a pack (default 3 in 10 minutes). */
  readonly quarantine?: QuarantinePolicy;
  /** Called before every (re)start: must wait for pending commits, then read the snapshot. */
  readonly loadState: () => Promise<{ snapshot: ReadonlyArray<readonly [string, string, unknown]>; online: readonly string[]; pendingTimers: Readonly<Record<string, number>> }>;
  readonly log: Log;
  /** Slack over a pack's wallMs before the worker is killed: timer jitter on a loaded 2-core box is ~5–10 ms. */
  readonly watchdogMarginMs?: number;
  readonly watchdogIntervalMs?: number;
  /** How long a new world may take to be ready (default DEFAULT_BOOT_TIMEOUT_MS). */
  readonly bootTimeoutMs?: number;
  /** A worker started early (PrewarmedWorker), adopted as the first spare. */
  readonly prewarmed?: PrewarmedWorker;
  /** Keep a loaded spare worker for fast restarts (default true; costs one idle thread, ~40 MB). */
  readonly spareWorker?: boolean;
  /** Results produced outside any request (upgrades and seeding at start): commit them before play. */
  readonly onUnsolicited: (results: readonly WorldResult[]) => Promise<void>;
  readonly onPackFault?: (pack: string, code: ErrorCode) => void;
  readonly onRestart?: (reason: string, ms: number) => void;
  /** A pack was quarantined: the gateway stores it (it stays off across restarts and reloads). */
  readonly onQuarantine?: (record: QuarantineRow) => void;
  readonly onDenied?: (pack: string, code: ErrorCode) => void;
}

export interface ReloadOutcome {
  readonly upgrades: readonly UpgradeNote[];
  /** From the call to the new world serving requests, ms. */
  readonly ms: number;
}

interface Pending {
  readonly req: WorldRequest;
  readonly resolve: (r: WorldResult) => void;
  attempts: number;
  /** Set while the pipeline traces this command (engine/commit/trace.ts). */
  readonly stamps?: CommandStamps;
}

interface Live {
  readonly worker: Worker;
  readonly watch: WatchReader;
  readonly specs: readonly LoadedPackSpec[];
}

interface Booting {
  readonly resolve: (ready: { commands: readonly CommandInfo[]; upgrades: readonly UpgradeNote[] }) => void;
  readonly reject: (e: Error) => void;
}

export class WorldHost {
  private live: Live | null = null;
  private specs: readonly LoadedPackSpec[];
  private precedence: Readonly<Record<string, string>>;
  private queue: Pending[] = [];
  private inFlight: { batchId: number; items: Pending[] } | null = null;
  private nextReqId = 1;
  private nextBatchId = 1;
  private flushScheduled = false;
  private restarting: Promise<void> | null = null;
  private reloading: Promise<ReloadOutcome> | null = null;
  /** While true no batch is sent (a reload waits for the world to be idle). */
  private paused = false;
  private idleWaiters: Array<() => void> = [];
  private readonly watchdog: Watchdog;
  private spare: Worker | null = null;
  private spareLoaded = false;
  private spareTimer: NodeJS.Timeout | null = null;
  private readonly booting = new Map<Worker, Booting>();
  private readonly faultLog: FaultLog;
  private readonly counters = new PackCounters();
  private stopped = false;
  commands: readonly CommandInfo[] = [];
  restarts = 0;

  constructor(private readonly opts: WorldHostOptions) {
    this.specs = opts.packs;
    this.precedence = opts.precedence ?? {};
    this.faultLog = new FaultLog(opts.quarantine ?? DEFAULT_QUARANTINE);
    this.watchdog = new Watchdog({
      ...(opts.watchdogMarginMs !== undefined ? { marginMs: opts.watchdogMarginMs } : {}),
      ...(opts.watchdogIntervalMs !== undefined ? { intervalMs: opts.watchdogIntervalMs } : {}),
      watched: () => (this.inFlight ? this.live : null),
      onOverrun: (overrun) => this.overrun(overrun),
    });
    if (opts.prewarmed) {
      this.spare = opts.prewarmed.adopt((worker) => this.listen(worker));
      this.spareLoaded = opts.prewarmed.loaded;
    }
  }

  /** The pack set the world runs now. */
  get packs(): readonly LoadedPackSpec[] {
    return this.specs;
  }

  /** Boot the first world; `quarantined` (from the store) are off from the first request. */
  async start(quarantined: readonly QuarantineRow[] = []): Promise<void> {
    for (const q of quarantined) this.faultLog.restore(q.pack, { since: q.since, faults: q.faults });
    const booted = await this.boot(this.specs);
    this.install(booted.live, booted.commands);
  }

  /** Queue a request; resolves with its result once the world has run it. */
  /** stamps: filled with the batch's post and return times when the pipeline traces this request. */
  submit(body: RequestBody, stamps?: CommandStamps): Promise<WorldResult> {
    return new Promise((resolve) => {
      this.queue.push({ req: { ...body, reqId: this.nextReqId++ } as WorldRequest, resolve, attempts: 0, ...(stamps ? { stamps } : {}) });
      this.scheduleFlush();
    });
  }

  get queued(): number {
    return this.queue.length + (this.inFlight?.items.length ?? 0);
  }

  get healthy(): boolean {
    return this.live !== null && this.restarting === null;
  }

  /** Whether an enabled, non-quarantined pack subscribes to (and is granted) an event type, e.g. `world.tick`. */
  hasSubscriber(type: string): boolean {
    return this.specs.some((s) => !this.faultLog.isQuarantined(s.manifest.name) && (s.manifest.events?.subscribes ?? []).includes(type) && (s.grants.subscribe ?? []).includes(type));
  }

  /** Every quarantined pack's name. */
  get quarantined(): string[] {
    return this.faultLog.names;
  }

  /** Whether an enabled, non-quarantined pack is granted client GMCP in `pkg` (`gmcpReceive`). */
  hasGmcpReceiver(pkg: string): boolean {
    return this.specs.some((s) => !this.faultLog.isQuarantined(s.manifest.name) && receivesGmcp(s.grants.gmcpReceive, pkg));
  }

  isQuarantined(pack: string): boolean {
    return this.faultLog.isQuarantined(pack);
  }

  /** Lift a pack's quarantine (an operator decided to give it another chance; the gateway updates the store). */
  release(pack: string, by: string): boolean {
    if (!this.faultLog.release(pack)) return false;
    this.opts.log.warn({ pack, by }, `pack ${pack} released from quarantine by ${by}`);
    this.live?.worker.postMessage({ t: 'disable', packs: this.faultLog.names });
    return true;
  }

  packStatus(): PackStatus[] {
    return this.counters.status(this.specs, this.faultLog);
  }

  /**
   * Replace the pack set: wait until the world is between batches, boot a world
   * with `packs` from the committed state (running upgrades and seeds), then
   * switch over. Requests arriving meanwhile wait in the queue; no connection is
   * touched. Throws (and the old set keeps running) if the new world will not
   * start. Quarantines stay: a pack that loops on committed state would loop
   * again (lift one with `@packs unquarantine`); faults short of one are forgotten.
   */
  reload(packs: readonly LoadedPackSpec[], precedence: Readonly<Record<string, string>> = this.precedence): Promise<ReloadOutcome> {
    if (this.reloading) return this.reloading.catch(() => undefined).then(() => this.reload(packs, precedence));
    this.reloading = (async () => {
      const t0 = performance.now();
      this.paused = true;
      try {
        await this.idle();
        const booted = await this.boot(packs, precedence);
        const old = this.live;
        const before = new Map(this.specs.map((s) => [s.manifest.name, s.manifest.version]));
        this.specs = packs;
        this.precedence = precedence;
        this.faultLog.clearRecent();
        this.counters.keepUnchanged(before, packs);
        this.install(booted.live, booted.commands);
        if (old) await old.worker.terminate();
        return { upgrades: booted.upgrades, ms: performance.now() - t0 };
      } finally {
        this.paused = false;
        this.scheduleFlush();
      }
    })().finally(() => {
      this.reloading = null;
    });
    return this.reloading;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.watchdog.stop();
    if (this.spareTimer) clearTimeout(this.spareTimer);
    const spare = this.spare;
    this.spare = null;
    if (spare) await spare.terminate();
    const live = this.live;
    this.live = null;
    for (const [worker, b] of this.booting) {
      b.reject(new Error('the world host is stopping'));
      void worker.terminate();
    }
    if (live) await live.worker.terminate();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (!this.live || this.inFlight || this.restarting || this.paused || this.queue.length === 0) return;
    const items = this.queue;
    this.queue = [];
    const batchId = this.nextBatchId++;
    this.inFlight = { batchId, items };
    this.live.worker.postMessage({ t: 'batch', batchId, requests: items.map((p) => p.req) });
    this.watchdog.start();
    const posted = performance.now();
    for (const p of items) if (p.stamps) p.stamps.posted = posted;
  }

  /** Resolves when no batch is in flight and no restart is running. */
  private async idle(): Promise<void> {
    while (this.inFlight || this.restarting) {
      if (this.restarting) await this.restarting;
      else await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
  }

  /** Start a worker with `specs` on the committed state and wait until it is ready (or refused). */
  private async boot(specs: readonly LoadedPackSpec[], precedence = this.precedence, disabled = this.faultLog.names): Promise<{ live: Live; commands: readonly CommandInfo[]; upgrades: readonly UpgradeNote[] }> {
    const t0 = performance.now();
    const { snapshot, online, pendingTimers } = await this.opts.loadState();
    // stop() may have run while the state loaded (a reload or restart racing a shutdown):
    // starting a worker now would keep the process alive with nobody to end it.
    if (this.stopped) throw new Error('the world host is stopping');
    const watch = new SharedArrayBuffer(WATCH_BYTES);
    const worker = this.spare ?? this.newWorker();
    this.spare = null;
    this.spareLoaded = false;
    const timeoutMs = this.opts.bootTimeoutMs ?? DEFAULT_BOOT_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const ready = new Promise<{ commands: readonly CommandInfo[]; upgrades: readonly UpgradeNote[] }>((resolve, reject) => {
      this.booting.set(worker, { resolve, reject });
      timer = setTimeout(() => reject(new Error(`the world was not ready within ${timeoutMs} ms (a pack's seed or migration may be stuck)`)), timeoutMs);
    });
    worker.postMessage({ t: 'init', snapshot, online, packs: specs, seed: this.opts.seed, watch, precedence, disabled, pendingTimers });
    try {
      const { commands, upgrades } = await ready;
      if (this.stopped) throw new Error('the world host is stopping');
      this.opts.log.info({ ms: Math.round(performance.now() - t0), entities: new Set(snapshot.map((r) => r[0])).size, packs: specs.length }, 'world ready');
      return { live: { worker, watch: new WatchReader(watch), specs }, commands, upgrades };
    } catch (e) {
      await worker.terminate();
      throw e;
    } finally {
      clearTimeout(timer);
      this.booting.delete(worker);
      this.prepareSpare();
    }
  }

  private newWorker(): Worker {
    return this.listen(spawnWorldWorker());
  }

  private listen(worker: Worker): Worker {
    worker.on('message', (msg: FromWorld) => this.onMessage(worker, msg));
    worker.on('error', (e) => this.onCrash(worker, `world worker error: ${e.message}`));
    worker.on('exit', (code) => this.onCrash(worker, `world worker exited with code ${code}`));
    return worker;
  }

  private prepareSpare(): void {
    if (this.opts.spareWorker === false || this.stopped || this.spare || this.spareTimer) return;
    this.spareTimer = setTimeout(() => {
      this.spareTimer = null;
      if (!this.stopped && !this.spare) {
        this.spare = this.newWorker();
        this.spareLoaded = false;
      }
    }, SPARE_DELAY_MS);
    this.spareTimer.unref();
  }

  private install(live: Live, commands: readonly CommandInfo[]): void {
    this.live = live;
    this.commands = commands;
    this.scheduleFlush();
  }

  /** Whether a loaded spare worker is waiting (the next restart skips module loading). */
  get spareReady(): boolean {
    return this.spare !== null && this.spareLoaded;
  }

  private onMessage(worker: Worker, msg: FromWorld): void {
    switch (msg.t) {
      case 'loaded':
        if (worker === this.spare) this.spareLoaded = true;
        return;
      case 'ready': {
        const waiter = this.booting.get(worker);
        void this.opts.onUnsolicited(msg.seedResults).then(
          () => waiter?.resolve({ commands: msg.commands, upgrades: msg.upgrades }),
          (e: Error) => waiter?.reject(e),
        );
        return;
      }
      case 'init-failed':
        this.booting.get(worker)?.reject(new Error(msg.message));
        return;
      case 'results': {
        const batch = this.inFlight;
        if (worker !== this.live?.worker || !batch || batch.batchId !== msg.batchId) return;
        this.inFlight = null;
        this.watchdog.stop();
        const byId = new Map(batch.items.map((p) => [p.req.reqId, p]));
        stampBatch(batch.items, msg.results);
        for (const r of msg.results) {
          for (const call of r.calls ?? []) this.counters.call(call.pack, call.ms);
          for (const f of r.faults ?? []) this.fault(f);
          byId.get(r.reqId)?.resolve(r);
        }
        this.wakeIdle();
        this.scheduleFlush();
        return;
      }
      case 'log':
        this.opts.log[msg.level](msg.fields, msg.msg);
        return;
      case 'denied':
        this.counters.denied(msg.pack);
        // A grant refusal names the key that grants it; the pack's name, never name@version.
        this.opts.log.warn({ pack: msg.pack, ...(msg.corr ? { corr: msg.corr } : {}) }, `${msg.code}: ${msg.msg}${GRANT_CODES.has(msg.code) ? ` (grant it in packs.settings.${msg.pack.split('@')[0]}.grants)` : ''}`);
        // Refusals of a grant or an identity rule (PACK_DENIED, PACK_DISPLAY_DENIED, PACK_SPAWN_KIND, …); not malformed requests.
        if (msg.code !== 'PACK_BAD_REQUEST') this.opts.onDenied?.(msg.pack, msg.code);
        return;
      case 'fatal':
        this.onCrash(worker, `world worker failed: ${msg.message}`);
        return;
    }
  }

  private fault(f: PackFault): void {
    const line = this.counters.fault(f.pack, f.code, f.message);
    this.opts.onPackFault?.(f.pack, f.code);
    if (!this.faultLog.record(f.pack, line, Date.now())) return;
    const policy = this.opts.quarantine ?? DEFAULT_QUARANTINE;
    const reason = `${policy.faults} faults within ${Math.round(policy.windowMs / 60_000)} min`;
    const held = this.faultLog.get(f.pack);
    this.opts.log.error(
      {
        pack: f.pack,
        faults: held?.faults,
      },
      `pack ${f.pack} is quarantined after ${reason}: its commands answer "${f.pack} is disabled", across restarts and reloads, until an operator lifts it (@packs unquarantine ${f.pack}, or myriad unquarantine ${f.pack})`,
    );
    this.opts.onQuarantine?.({ pack: f.pack, since: held?.since ?? Date.now(), reason, faults: held?.faults ?? [] });
    this.live?.worker.postMessage({ t: 'disable', packs: this.faultLog.names });
  }

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /** The watchdog saw a call past its budget: fault the pack, fail the culprit, restart the world. */
  private overrun({ pack, budgetMs, reqId, runningMs }: Overrun): void {
    // corr: the command's correlation id, so this line joins the rest of that command's log.
    const corr = this.inFlight?.items.find((p) => p.req.reqId === reqId)?.req.corr;
    this.opts.log.error({ pack, reqId, runningMs, ...(corr ? { corr } : {}) }, `pack ${pack} ran past its ${budgetMs} ms budget; restarting the world`);
    this.fault({ pack, code: 'PACK_TIMEOUT', message: `ran past its ${budgetMs} ms budget` });
    void this.restart(`pack ${pack} timed out`, { reqId, pack, budgetMs });
  }

  private onCrash(worker: Worker, reason: string): void {
    if (worker === this.spare) {
      this.spare = null; // made again after the next boot
      return;
    }
    const booting = this.booting.get(worker);
    if (booting) {
      booting.reject(new Error(reason));
      return;
    }
    if (worker !== this.live?.worker || this.stopped) return;
    this.opts.log.error({}, reason);
    void this.restart(reason, null);
  }

  /** Kill the worker, fail the culprit, requeue the rest, start again from committed state. */
  restart(reason: string, culprit: { reqId: number; pack: string; budgetMs: number } | null): Promise<void> {
    if (this.restarting) return this.restarting;
    this.restarting = (async () => {
      const t0 = performance.now();
      this.watchdog.stop();
      const old = this.live;
      this.live = null;
      if (old) await old.worker.terminate();
      const batch = this.inFlight;
      this.inFlight = null;
      const retry: Pending[] = [];
      for (const p of batch?.items ?? []) {
        if (culprit && p.req.reqId === culprit.reqId) {
          p.resolve(timeoutResult(p.req, culprit.pack, culprit.budgetMs));
        } else if (++p.attempts > 2) {
          // Twice in a batch that killed the world: do not let it take the world down again.
          p.resolve(failedResult(p.req, 'ENGINE_INTERNAL', 'the world restarted while running this request'));
        } else {
          retry.push(p);
        }
      }
      this.queue = [...retry, ...this.queue];
      this.restarts++;
      for (;;) {
        try {
          const booted = await this.boot(this.specs);
          this.install(booted.live, booted.commands);
          break;
        } catch (e) {
          if (this.stopped) return;
          this.opts.log.error({}, `world restart failed, retrying in 1 s: ${(e as Error).message}`);
          await new Promise((r) => setTimeout(r, 1000));
          if (this.stopped) return;
        }
      }
      const ms = performance.now() - t0;
      this.opts.onRestart?.(reason, ms);
      this.opts.log.warn({ ms: Math.round(ms) }, `world restarted (${reason})`);
    })().finally(() => {
      this.restarting = null;
      this.wakeIdle();
      this.scheduleFlush();
    });
    return this.restarting;
  }
}

/** The batch's return time and world durations, on the traced requests of a batch. */
function stampBatch(items: readonly Pending[], results: readonly WorldResult[]): void {
  if (!items.some((p) => p.stamps)) return;
  const received = performance.now();
  const msById = new Map(results.map((r) => [r.reqId, r.ms ?? 0]));
  let batchMs = 0;
  for (const ms of msById.values()) batchMs += ms;
  for (const p of items) {
    if (!p.stamps) continue;
    p.stamps.received = received;
    p.stamps.worldMs = msById.get(p.req.reqId) ?? 0;
    p.stamps.batchMs = batchMs;
    p.stamps.batchSize = results.length;
  }
}
