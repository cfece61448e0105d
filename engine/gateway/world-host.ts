/**
 * The gateway's side of the world: starts the world worker, batches requests to
 * it (one message per event-loop turn), and runs the watchdog.
 *
 * Watchdog: while a batch is in flight, every `watchdogIntervalMs` the gateway
 * reads which pack call is running (a SharedArrayBuffer the world writes). A call
 * past its pack's wall budget (+ margin) gets the worker terminated; the culprit
 * request fails with PACK_TIMEOUT, the other requests of the batch are re-queued,
 * and a new worker starts from the committed state. No connection drops.
 */
import { Worker } from 'node:worker_threads';
import type { LoadedPackSpec } from '../packs/types.ts';
import type { CommandInfo, FromWorld, WorldRequest, WorldResult } from '../world/protocol.ts';
import { WATCH_BYTES, WatchReader } from '../world/watch.ts';

type RequestBody = WorldRequest extends infer R ? (R extends WorldRequest ? Omit<R, 'reqId'> : never) : never;

export interface WorldHostOptions {
  readonly packs: readonly LoadedPackSpec[];
  readonly seed: number;
  /** Called before every (re)start: must wait for pending commits, then read the snapshot. */
  readonly loadState: () => Promise<{ snapshot: ReadonlyArray<readonly [string, string, unknown]>; online: readonly string[] }>;
  readonly log: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
  /** Slack over a pack's wallMs before the worker is killed: timer jitter on a loaded 2-core box is ~5–10 ms. */
  readonly watchdogMarginMs?: number;
  readonly watchdogIntervalMs?: number;
  /** Results produced outside any request (seeding at start): commit them before play. */
  readonly onUnsolicited: (results: readonly WorldResult[]) => Promise<void>;
  readonly onPackFault?: (pack: string, kind: string) => void;
  readonly onRestart?: (reason: string, ms: number) => void;
}

interface Pending {
  readonly req: WorldRequest;
  readonly resolve: (r: WorldResult) => void;
  attempts: number;
}

export class WorldHost {
  private worker: Worker | null = null;
  private readonly watch = new SharedArrayBuffer(WATCH_BYTES);
  private readonly watchReader = new WatchReader(this.watch);
  private queue: Pending[] = [];
  private inFlight: { batchId: number; items: Pending[] } | null = null;
  private nextReqId = 1;
  private nextBatchId = 1;
  private flushScheduled = false;
  private restarting: Promise<void> | null = null;
  private watchdogTimer: NodeJS.Timeout | null = null;
  private readyWaiter: { resolve: (c: readonly CommandInfo[]) => void; reject: (e: Error) => void } | null = null;
  private stopped = false;
  commands: readonly CommandInfo[] = [];
  restarts = 0;

  constructor(private readonly opts: WorldHostOptions) {}

  get packs(): readonly LoadedPackSpec[] {
    return this.opts.packs;
  }

  async start(): Promise<void> {
    await this.spawn();
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
    return this.worker !== null && this.restarting === null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopWatchdog();
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
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
    if (!this.worker || this.inFlight || this.restarting || this.queue.length === 0) return;
    const items = this.queue;
    this.queue = [];
    const batchId = this.nextBatchId++;
    this.inFlight = { batchId, items };
    this.worker.postMessage({ t: 'batch', batchId, requests: items.map((p) => p.req) });
    this.startWatchdog();
  }

  private async spawn(): Promise<void> {
    const t0 = performance.now();
    const { snapshot, online } = await this.opts.loadState();
    const worker = new Worker(new URL('../world/boot.mjs', import.meta.url), {
      workerData: { entry: new URL('../world/worker.ts', import.meta.url).href },
    });
    this.worker = worker;
    worker.on('message', (msg: FromWorld) => this.onMessage(worker, msg));
    worker.on('error', (e) => this.onCrash(worker, `world worker error: ${e.message}`));
    worker.on('exit', (code) => {
      if (this.worker === worker && !this.stopped) this.onCrash(worker, `world worker exited with code ${code}`);
    });
    const ready = new Promise<readonly CommandInfo[]>((resolve, reject) => (this.readyWaiter = { resolve, reject }));
    worker.postMessage({ t: 'init', snapshot, online, packs: this.opts.packs, seed: this.opts.seed, watch: this.watch });
    this.commands = await ready;
    this.opts.log('info', 'world ready', { ms: Math.round(performance.now() - t0), entities: new Set(snapshot.map((r) => r[0])).size, packs: this.opts.packs.length });
  }

  private onMessage(worker: Worker, msg: FromWorld): void {
    if (worker !== this.worker) return;
    switch (msg.t) {
      case 'ready': {
        const waiter = this.readyWaiter;
        this.readyWaiter = null;
        void this.opts.onUnsolicited(msg.seedResults).then(() => waiter?.resolve(msg.commands), (e: Error) => waiter?.reject(e));
        return;
      }
      case 'results': {
        const batch = this.inFlight;
        if (!batch || batch.batchId !== msg.batchId) return;
        this.inFlight = null;
        this.stopWatchdog();
        const byId = new Map(batch.items.map((p) => [p.req.reqId, p]));
        for (const r of msg.results) {
          if (r.failure?.pack && (r.failure.code === 'PACK_TRAP' || r.failure.code === 'PACK_BUDGET')) this.opts.onPackFault?.(r.failure.pack, r.failure.code);
          byId.get(r.reqId)?.resolve(r);
        }
        this.scheduleFlush();
        return;
      }
      case 'log':
        this.opts.log(msg.level, msg.msg, { ...(msg.pack ? { pack: msg.pack } : {}), ...(msg.corr ? { corr: msg.corr } : {}) });
        return;
      case 'fatal':
        this.onCrash(worker, `world worker failed: ${msg.message}`);
        return;
    }
  }

  private startWatchdog(): void {
    if (this.watchdogTimer) return;
    const margin = this.opts.watchdogMarginMs ?? 20;
    this.watchdogTimer = setInterval(() => {
      const reading = this.watchReader.read();
      if (!reading || !this.inFlight) return;
      const pack = this.opts.packs[reading.packIndex];
      const budget = pack?.limits.wallMs ?? 100;
      if (reading.runningMs > budget + margin) {
        const name = pack?.manifest.name ?? 'unknown';
        this.opts.log('error', `pack ${name} ran past its ${budget} ms budget; restarting the world`, { pack: name, reqId: reading.reqId, runningMs: reading.runningMs });
        this.opts.onPackFault?.(name, 'PACK_TIMEOUT');
        void this.restart(`pack ${name} timed out`, { reqId: reading.reqId, pack: name, budgetMs: budget });
      }
    }, this.opts.watchdogIntervalMs ?? 5);
  }

  private stopWatchdog(): void {
    if (this.watchdogTimer) clearInterval(this.watchdogTimer);
    this.watchdogTimer = null;
  }

  private onCrash(worker: Worker, reason: string): void {
    if (worker !== this.worker || this.stopped) return;
    this.opts.log('error', reason);
    if (this.readyWaiter) {
      const w = this.readyWaiter;
      this.readyWaiter = null;
      this.worker = null;
      void worker.terminate();
      w.reject(new Error(reason));
      return;
    }
    void this.restart(reason, null);
  }

  /** Kill the worker, fail the culprit, requeue the rest, start again from committed state. */
  restart(reason: string, culprit: { reqId: number; pack: string; budgetMs: number } | null): Promise<void> {
    if (this.restarting) return this.restarting;
    this.restarting = (async () => {
      const t0 = performance.now();
      this.stopWatchdog();
      const old = this.worker;
      this.worker = null;
      if (old) await old.terminate();
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
          await this.spawn();
          break;
        } catch (e) {
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
      this.scheduleFlush();
    });
    return this.restarting;
  }
}

function failedResult(req: WorldRequest, code: string, message: string): WorldResult {
  const deliveries = 'charId' in req && req.kind === 'command'
    ? [{ to: req.charId, msg: { kind: 'error' as const, spans: [{ text: 'Something went wrong on the server; your command was not run.', style: 'error' as const }] } }]
    : [];
  return { reqId: req.reqId, events: [], changes: [], deliveries, timersAdded: [], timersFired: [], failure: { code, message } };
}

function timeoutResult(req: WorldRequest, pack: string, budgetMs: number): WorldResult {
  const deliveries = req.kind === 'command'
    ? [{ to: req.charId, msg: { kind: 'error' as const, spans: [{ text: `That took too long in the ${pack} pack (over ${budgetMs} ms) and was stopped; nothing changed.`, style: 'error' as const }] } }]
    : [];
  return { reqId: req.reqId, events: [], changes: [], deliveries, timersAdded: [], timersFired: [], failure: { code: 'PACK_TIMEOUT', pack, message: `ran past ${budgetMs} ms` } };
}
