/**
 * The gateway's side of the world: starts the world worker, batches requests to
 * it (one message per event-loop turn), runs the watchdog, keeps per-pack status,
 * quarantines packs that keep faulting, and swaps in a new pack set (reload).
 *
 * Watchdog: while a batch is in flight, every `watchdogIntervalMs` the gateway
 * reads which pack call is running (a SharedArrayBuffer the world writes). A call
 * past its pack's wall budget (+ margin) gets the worker terminated; the culprit
 * request fails with PACK_TIMEOUT, the other requests of the batch are re-queued,
 * and a new worker starts from the committed state. No connection drops.
 *
 * Reload: the same path as a restart, but the old worker stays alive (idle) until
 * the new one, with the new pack set, is ready; if the new set is refused (an
 * incompatible schema change, a pack that will not instantiate) the old one
 * simply carries on.
 */
import { receivesGmcp } from '../packs/capabilities.ts';
import { Worker } from 'node:worker_threads';
import { DEFAULT_QUARANTINE, FaultLog, type QuarantinePolicy } from '../packs/quarantine.ts';
import type { ErrorCode } from '../errors.ts';
import { stripControl } from '../output/message.ts';
import type { LoadedPackSpec } from '../packs/types.ts';
import type { QuarantineRow } from '../store/types.ts';
import type { CommandInfo, FromWorld, PackFault, WorldRequest, WorldResult, UpgradeNote } from '../world/protocol.ts';
import { WATCH_BYTES, WatchReader } from '../world/watch.ts';
import { pathToFileURL } from 'node:url';
import { BUNDLED, repoPath } from '../paths.ts';

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
  readonly log: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
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
  readonly onPackFault?: (pack: string, kind: string) => void;
  readonly onRestart?: (reason: string, ms: number) => void;
  /** A pack was quarantined: the gateway stores it (it stays off across restarts and reloads). */
  readonly onQuarantine?: (record: QuarantineRow) => void;
  readonly onDenied?: (pack: string, code: string) => void;
}

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

export interface ReloadOutcome {
  readonly upgrades: readonly UpgradeNote[];
  /** From the call to the new world serving requests, ms. */
  readonly ms: number;
}

interface Pending {
  readonly req: WorldRequest;
  readonly resolve: (r: WorldResult) => void;
  attempts: number;
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

interface Counters {
  calls: number;
  totalMs: number;
  faults: number;
  denied: number;
  lastFault: string | null;
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
  private watchdogTimer: NodeJS.Timeout | null = null;
  private spare: Worker | null = null;
  private spareLoaded = false;
  private spareTimer: NodeJS.Timeout | null = null;
  private readonly booting = new Map<Worker, Booting>();
  private readonly faultLog: FaultLog;
  private counters = new Map<string, Counters>();
  private stopped = false;
  commands: readonly CommandInfo[] = [];
  restarts = 0;

  constructor(private readonly opts: WorldHostOptions) {
    this.specs = opts.packs;
    this.precedence = opts.precedence ?? {};
    this.faultLog = new FaultLog(opts.quarantine ?? DEFAULT_QUARANTINE);
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
  submit(body: RequestBody): Promise<WorldResult> {
    return new Promise((resolve) => {
      this.queue.push({ req: { ...body, reqId: this.nextReqId++ } as WorldRequest, resolve, attempts: 0 });
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
    this.opts.log('warn', `pack ${pack} released from quarantine by ${by}`, { pack, by });
    this.live?.worker.postMessage({ t: 'disable', packs: this.faultLog.names });
    return true;
  }

  packStatus(): PackStatus[] {
    return this.specs.map((s) => {
      const name = s.manifest.name;
      const c = this.counters.get(name);
      const q = this.faultLog.get(name);
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
        // Counters of a pack whose version is unchanged carry on; a new version starts afresh.
        this.counters = new Map([...this.counters].filter(([name]) => packs.some((p) => p.manifest.name === name && p.manifest.version === before.get(name))));
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
    this.stopWatchdog();
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
    this.startWatchdog();
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
      this.opts.log('info', 'world ready', { ms: Math.round(performance.now() - t0), entities: new Set(snapshot.map((r) => r[0])).size, packs: specs.length });
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
        this.stopWatchdog();
        const byId = new Map(batch.items.map((p) => [p.req.reqId, p]));
        for (const r of msg.results) {
          for (const call of r.calls ?? []) {
            const c = this.counter(call.pack);
            c.calls++;
            c.totalMs += call.ms;
          }
          for (const f of r.faults ?? []) this.fault(f);
          byId.get(r.reqId)?.resolve(r);
        }
        this.wakeIdle();
        this.scheduleFlush();
        return;
      }
      case 'log':
        this.opts.log(msg.level, msg.msg, { ...(msg.pack ? { pack: msg.pack } : {}), ...(msg.corr ? { corr: msg.corr } : {}) });
        return;
      case 'denied':
        this.counter(msg.pack).denied++;
        this.opts.log('warn', `${msg.code}: ${msg.msg}`, { pack: msg.pack, ...(msg.corr ? { corr: msg.corr } : {}) });
        // Refusals of a grant or an identity rule (PACK_DENIED, PACK_DISPLAY_DENIED, PACK_SPAWN_KIND, …); not malformed requests.
        if (msg.code !== 'PACK_BAD_REQUEST') this.opts.onDenied?.(msg.pack, msg.code);
        return;
      case 'fatal':
        this.onCrash(worker, `world worker failed: ${msg.message}`);
        return;
    }
  }

  private counter(pack: string): Counters {
    let c = this.counters.get(pack);
    if (!c) {
      c = { calls: 0, totalMs: 0, faults: 0, denied: 0, lastFault: null };
      this.counters.set(pack, c);
    }
    return c;
  }

  private fault(f: PackFault): void {
    const c = this.counter(f.pack);
    c.faults++;
    // A trap's message can be the pack's own text (its abort message): cleaned like all pack
    // text, and one line, before @packs, /health, the admin page and the store show it.
    c.lastFault = stripControl(`${f.code}: ${f.message}`).replace(/\n/g, ' ');
    this.opts.onPackFault?.(f.pack, f.code);
    if (!this.faultLog.record(f.pack, c.lastFault, Date.now())) return;
    const policy = this.opts.quarantine ?? DEFAULT_QUARANTINE;
    const reason = `${policy.faults} faults within ${Math.round(policy.windowMs / 60_000)} min`;
    const held = this.faultLog.get(f.pack);
    this.opts.log('error', `pack ${f.pack} is quarantined after ${reason}: its commands answer "${f.pack} is disabled", across restarts and reloads, until an operator lifts it (@packs unquarantine ${f.pack}, or myriad unquarantine ${f.pack})`, {
      pack: f.pack,
      faults: held?.faults,
    });
    this.opts.onQuarantine?.({ pack: f.pack, since: held?.since ?? Date.now(), reason, faults: held?.faults ?? [] });
    this.live?.worker.postMessage({ t: 'disable', packs: this.faultLog.names });
  }

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private startWatchdog(): void {
    if (this.watchdogTimer) return;
    const margin = this.opts.watchdogMarginMs ?? 20;
    this.watchdogTimer = setInterval(() => {
      const live = this.live;
      const reading = live?.watch.read();
      if (!live || !reading || !this.inFlight) return;
      const pack = live.specs[reading.packIndex];
      const budget = pack?.limits.wallMs ?? 100;
      if (reading.runningMs > budget + margin) {
        const name = pack?.manifest.name ?? 'unknown';
        // corr: the command's correlation id, so this line joins the rest of that command's log.
        const corr = this.inFlight.items.find((p) => p.req.reqId === reading.reqId)?.req.corr;
        this.opts.log('error', `pack ${name} ran past its ${budget} ms budget; restarting the world`, { pack: name, reqId: reading.reqId, runningMs: reading.runningMs, ...(corr ? { corr } : {}) });
        this.fault({ pack: name, code: 'PACK_TIMEOUT', message: `ran past its ${budget} ms budget` });
        void this.restart(`pack ${name} timed out`, { reqId: reading.reqId, pack: name, budgetMs: budget });
      }
    }, this.opts.watchdogIntervalMs ?? 5);
  }

  private stopWatchdog(): void {
    if (this.watchdogTimer) clearInterval(this.watchdogTimer);
    this.watchdogTimer = null;
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
    this.opts.log('error', reason);
    void this.restart(reason, null);
  }

  /** Kill the worker, fail the culprit, requeue the rest, start again from committed state. */
  restart(reason: string, culprit: { reqId: number; pack: string; budgetMs: number } | null): Promise<void> {
    if (this.restarting) return this.restarting;
    this.restarting = (async () => {
      const t0 = performance.now();
      this.stopWatchdog();
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
          this.opts.log('error', `world restart failed, retrying in 1 s: ${(e as Error).message}`);
          await new Promise((r) => setTimeout(r, 1000));
          if (this.stopped) return;
        }
      }
      const ms = performance.now() - t0;
      this.opts.onRestart?.(reason, ms);
      this.opts.log('warn', `world restarted (${reason})`, { ms: Math.round(ms) });
    })().finally(() => {
      this.restarting = null;
      this.wakeIdle();
      this.scheduleFlush();
    });
    return this.restarting;
  }
}

function failedResult(req: WorldRequest, code: ErrorCode, message: string): WorldResult {
  const deliveries = 'charId' in req && req.kind === 'command' ? [{ to: req.charId, msg: { kind: 'error' as const, spans: [{ text: 'Something went wrong on the server; your command was not run.', style: 'error' as const }] } }] : [];
  return { reqId: req.reqId, events: [], changes: [], deliveries, timersAdded: [], timersFired: [], failure: { code, message } };
}

function timeoutResult(req: WorldRequest, pack: string, budgetMs: number): WorldResult {
  const deliveries = req.kind === 'command' ? [{ to: req.charId, msg: { kind: 'error' as const, spans: [{ text: `That took too long in the ${pack} pack (over ${budgetMs} ms) and was stopped; nothing changed.`, style: 'error' as const }] } }] : [];
  return { reqId: req.reqId, events: [], changes: [], deliveries, timersAdded: [], timersFired: [], failure: { code: 'PACK_TIMEOUT', pack, message: `ran past ${budgetMs} ms` } };
}

/**
 * Bundled, the world worker is dist/world-worker.mjs (plain JavaScript). From
 * source, worker threads do not inherit tsx's loader (Node 20): boot.mjs registers
 * it, then imports worker.ts.
 */
function spawnWorldWorker(): Worker {
  if (BUNDLED) return new Worker(repoPath('dist', 'world-worker.mjs'));
  return new Worker(repoPath('engine', 'world', 'boot.mjs'), {
    workerData: { entry: pathToFileURL(repoPath('engine', 'world', 'worker.ts')).href },
  });
}

/**
 * A world worker started before the world host exists, so that loading its
 * modules (tsx and the engine's TypeScript graph: 0.2–0.5 s here) runs on the
 * other core while the gateway loads the packs and opens and migrates the store,
 * instead of after them: cold start is the longer of the two, not their sum.
 * The first WorldHost adopts it as its spare (its first boot takes the spare).
 */
export class PrewarmedWorker {
  private readonly worker = spawnWorldWorker();
  private sawLoaded = false;
  private readonly onEarly = (msg: FromWorld): void => {
    if (msg.t === 'loaded') this.sawLoaded = true;
  };
  private readonly onEarlyError = (): void => undefined;
  private adopted = false;

  constructor() {
    this.worker.on('message', this.onEarly);
    // An early crash is seen by the host that adopts it (exit code) or ended by dispose().
    this.worker.on('error', this.onEarlyError);
  }

  get loaded(): boolean {
    return this.sawLoaded;
  }

  adopt(listen: (worker: Worker) => Worker): Worker {
    this.adopted = true;
    this.worker.off('message', this.onEarly);
    this.worker.off('error', this.onEarlyError);
    return listen(this.worker);
  }

  /** Start-up failed before a host adopted it: end the thread so the process can exit. */
  async dispose(): Promise<void> {
    if (!this.adopted) await this.worker.terminate();
  }
}
