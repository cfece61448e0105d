/**
 * The gateway (main thread): wiring only. It builds the parts of the command path,
 * hands them to each other, and owns their lifetimes (start, reload, stop); it never
 * runs pack code. The parts see it through narrow interfaces (engine/play/services.ts,
 * engine/net/http/host.ts, engine/world-host/reload.ts), so only the server and the
 * CLI import this file.
 *
 *   socket → net/telnet|net/websocket adapter → limits/ → play/ClientHandler (login, play)
 *          → commit/Pipeline: world-host/WorldHost (worker: world/router → world/pack-runtime)
 *          → commit/Committer (group commit) → store/ → sessions/SessionManager.deliver → socket
 */
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { Accounts } from '../accounts/accounts.ts';
import { DEFAULT_PACK_LIMITS, type Config } from '../config/defaults.ts';
import { loadPacks } from '../packs/loader.ts';
import type { LoadedPackSpec } from '../packs/types.ts';
import { formatError } from '../errors.ts';
import { textMessage } from '../output/message.ts';
import type { ClientConnection } from '../sessions/connection.ts';
import { SessionManager } from '../sessions/sessions.ts';
import { openStore } from '../store/open.ts';
import type { EventStore, StoredEvent } from '../store/types.ts';
import { ClientHandler } from '../play/client.ts';
import { Committer } from '../commit/committer.ts';
import { AddressGuard } from '../limits/address-guard.ts';
import { Mutes } from '../play/mutes.ts';
import { ConnectionGuard } from '../limits/connection-guard.ts';
import { DiskGuard } from '../limits/disk-guard.ts';
import { IdleSweeper } from '../limits/idle.ts';
import { Metrics } from '../metrics.ts';
import { Pipeline } from '../commit/pipeline.ts';
import { GatewayProjection } from '../commit/projection.ts';
import { reloadPacks, type ReloadReport } from '../world-host/reload.ts';
import { TickClock } from '../schedule/ticks.ts';
import { TimerPump, timersPerLook } from '../schedule/timers.ts';
import { WorldHost } from '../world-host/host.ts';
import { PrewarmedWorker } from '../world-host/workers.ts';

export class Gateway {
  readonly metrics = new Metrics();
  /**
   * Emits 'committed' (events: StoredEvent[]) after every durable commit, in order: live tails, admin streams;
   * 'shutdown' (message) when an admin asks for a clean stop (@shutdown): whoever runs the server stops it.
   */
  readonly events = new EventEmitter<{ committed: [readonly StoredEvent[]]; shutdown: [string] }>();
  readonly projection: GatewayProjection;
  readonly startedAt = Date.now();
  /**
   * The bound telnet-over-TLS port, null without one: MSSP's `SSL` on every telnet
   * stream (the telnet ports and telnet over WebSocket). Set by engine/gateway/server.ts
   * once that listener is bound.
   */
  tlsTelnetPort: number | null = null;
  readonly store: EventStore;
  readonly committer: Committer;
  readonly world: WorldHost;
  /** world.tick for subscribed packs (engine/schedule/ticks.ts). */
  readonly ticks: TickClock;
  /** Fires persisted pack timers (engine/schedule/timers.ts). */
  readonly timers: TimerPump;
  readonly pipeline: Pipeline;
  readonly sessions: SessionManager;
  readonly accounts: Accounts;
  private readonly clients = new Map<ClientConnection, ClientHandler>();
  /** Per-address admission (telnet accept, WebSocket upgrade): engine/limits/. */
  readonly addresses: AddressGuard;
  readonly mutes = new Mutes();
  private readonly guards = new Map<ClientConnection, ConnectionGuard>();
  private readonly sweeper: IdleSweeper;
  /** Free space under a PGlite data directory (null for PostgreSQL and in-memory). */
  readonly disk: DiskGuard | null;
  private stopping = false;

  private constructor(
    readonly config: Config,
    readonly log: Logger,
    store: EventStore,
    packs: readonly LoadedPackSpec[],
    prewarmed: PrewarmedWorker,
  ) {
    this.store = store;
    this.projection = new GatewayProjection(dayLengthMs(config));
    this.committer = new Committer(store, {
      maxUnitsPerCommit: config.storage.maxUnitsPerCommit,
      log,
      onCommit: (units, events, ms) => this.metrics.committed(units, events, ms),
      onHealthChange: (healthy) => this.databaseHealthChanged(healthy),
      blocked: () => this.disk?.blocked() ?? null,
    });
    this.world = new WorldHost({
      packs,
      prewarmed,
      seed: config.world.seed,
      precedence: config.packs.precedence,
      quarantine: config.packs.quarantine,
      watchdogMarginMs: config.world.watchdogMarginMs,
      loadState: async () => {
        await this.committer.drain();
        const snapshot = await store.loadSnapshot();
        this.projection.load(snapshot.components);
        return { snapshot: snapshot.components, online: this.sessions.onlineIds(), pendingTimers: await store.pendingTimers() };
      },
      log,
      onUnsolicited: async (results) => {
        for (const r of results) await this.pipeline.commit(r);
      },
      onPackFault: (pack, kind) => this.metrics.packFaults.inc({ pack, kind }),
      onQuarantine: (record) => {
        this.metrics.quarantines.inc({ pack: record.pack });
        // Stored so the pack stays off after a restart; if the database is down the
        // quarantine still holds in memory, and the failure is said.
        this.store.quarantinePack(record).catch((e: unknown) => log.error({ pack: record.pack, err: (e as Error).message }, 'could not store the quarantine; it holds until this server stops'));
      },
      onDenied: (pack) => this.metrics.packDenied.inc({ pack }),
      onRestart: (reason) => this.metrics.worldRestarts.inc({ reason: restartKind(reason) }),
    });
    this.pipeline = new Pipeline(this.world, this.committer, {
      onCommitted: ({ result, stored }) => {
        for (const call of result.calls ?? []) this.metrics.packCall(call.pack, call.ms);
        if (result.busyMs) this.metrics.worldBusy(result.busyMs);
        for (const c of result.changes) this.projection.apply(c);
        if (result.timersAdded.length) this.timers.scheduled(result.timersAdded);
        if (stored.length) this.events.emit('committed', stored);
        this.sessions.deliver(result.deliveries, stored.at(-1)?.position);
      },
    });
    this.ticks = new TickClock({
      hz: config.world.tickHz,
      wanted: () => this.world.hasSubscriber('world.tick'),
      run: (t) => this.pipeline.run({ kind: 'tick', ...t }),
      log,
    });
    this.timers = new TimerPump({
      resolutionMs: config.world.timerResolutionMs,
      // The query's per-pack share: the largest perLook (each pack's own is applied by the pump).
      due: (now, limit) => store.dueTimers(now, limit, { perPack: Math.max(1, ...this.world.packs.map((s) => timersPerLook(s.limits.timerCallsPerSecond, config.world.timerResolutionMs))), except: this.world.quarantined }),
      run: (timer, corr) => this.pipeline.run({ kind: 'timer', timer, corr }),
      hold: (pack) => this.world.isQuarantined(pack),
      perLook: (pack) => timersPerLook(this.world.packs.find((s) => s.manifest.name === pack)?.limits.timerCallsPerSecond ?? DEFAULT_PACK_LIMITS.timerCallsPerSecond, config.world.timerResolutionMs),
      log,
    });
    this.sessions = new SessionManager({
      store,
      replayLimit: config.world.replayLimit,
      locationOf: (id) => this.projection.locationOf(id),
      timeOf: (at) => this.projection.gameTimeAt(at),
      setOnline: async (charId, online, corr) => {
        const { stored } = await this.pipeline.run({ kind: 'session', charId, online, corr });
        return stored[stored.length - 1]?.position ?? this.committer.head;
      },
    });
    this.accounts = new Accounts(store, {
      minPasswordLength: config.accounts.minPasswordLength,
      maxPasswordLength: config.accounts.maxPasswordLength,
      firstAccountIsAdmin: config.accounts.firstAccountIsAdmin,
      argon2: config.accounts.argon2,
      limits: config.limits,
      onBackgroundError: (e) => log.warn({ err: e }, 'could not record a failed login'),
    });
    this.addresses = new AddressGuard(config.limits);
    this.disk = store.backend === 'pglite' && !config.storage.dataDir.startsWith('memory://') ? new DiskGuard(config.storage.dataDir, config.limits.minFreeDiskBytes) : null;
    this.sweeper = new IdleSweeper(() => [...this.guards].map(([conn, guard]) => ({ conn, guard, loggedIn: () => this.sessions.sessionOf(conn) !== undefined })), config.limits);
  }

  /** Open the store, load the packs, start the world. Throws MyriadError/PackLoadError with a clear message. */
  static async start(config: Config, log: Logger): Promise<Gateway> {
    const prewarmed = new PrewarmedWorker();
    let packs: LoadedPackSpec[];
    let store: EventStore;
    try {
      packs = loadPacks(config);
      log.info({ packs: packs.map((p) => `${p.manifest.name}@${p.manifest.version}`) }, 'packs loaded');
      store = await openStore({ databaseUrl: config.storage.databaseUrl ?? undefined, dataDir: config.storage.dataDir, pgliteSharedBuffersMiB: config.storage.pgliteSharedBuffersMiB });
    } catch (e) {
      await prewarmed.dispose();
      throw e;
    }
    const gateway = new Gateway(config, log, store, packs, prewarmed);
    gateway.committer.head = await store.headPosition();
    gateway.sessions.startAt(gateway.committer.head);
    try {
      // Bans by address and mutes are asked at every connect and every command: held in memory.
      gateway.addresses.bans.load(await store.addressBans());
      gateway.mutes.load(await store.mutes());
      const quarantined = await store.quarantinedPacks();
      for (const q of quarantined) {
        log.warn({ pack: q.pack, since: new Date(q.since).toISOString(), reason: q.reason, faults: q.faults }, `pack ${q.pack} is quarantined (since ${new Date(q.since).toISOString()}, ${q.reason}) and stays disabled until an operator lifts it: @packs unquarantine ${q.pack}, or myriad unquarantine ${q.pack}`);
      }
      await gateway.world.start(quarantined);
    } catch (e) {
      await gateway.world.stop();
      await store.close();
      throw e;
    }
    gateway.ticks.start();
    gateway.timers.start();
    return gateway;
  }

  /**
   * Reload the packs (SIGHUP, `myriad reload`, `@reload`): re-read the config file
   * and the packs, swap in a world with the new set; connections stay. Never
   * throws; a refused reload leaves the old set running (engine/world-host/reload.ts).
   */
  reloadPacks(next?: Config): Promise<ReloadReport> {
    return reloadPacks(this, next);
  }

  /**
   * Lift a pack's quarantine (`@packs unquarantine`, `myriad unquarantine`):
   * in the store and in the running world. `by` is who asked, kept with the row.
   */
  async unquarantine(pack: string, by: string): Promise<boolean> {
    const stored = await this.store.liftQuarantine(pack, by, Date.now());
    const live = this.world.release(pack, by);
    this.timers.wake(); // its timers were left out of the due query while it was held
    if (stored && !live) this.log.warn({ pack, by }, `pack ${pack}'s stored quarantine lifted by ${by}`);
    return stored || live;
  }

  /** Ask whoever runs the server (server.ts, `myriad start`) for a clean stop; `message` is shown to everyone. */
  requestShutdown(message: string): void {
    this.events.emit('shutdown', message);
  }

  /**
   * A transport accepted a connection; returns what it feeds lines to. Every line
   * passes the connection's rate limit first (limits.commands); while the database
   * is down, commands of logged-in players are refused with ENGINE_WORLD_UNAVAILABLE
   * instead of piling up behind the failed commit.
   */
  connect(conn: ClientConnection): { line(text: string): void; gmcp(pkg: string, data: unknown): void } {
    const handler = new ClientHandler(conn, this);
    const guard = new ConnectionGuard(conn, this.config.limits);
    this.clients.set(conn, handler);
    this.guards.set(conn, guard);
    this.metrics.connections.inc({ transport: conn.transport });
    return {
      line: (text) => {
        if (!guard.admit()) return;
        if (!this.committer.healthy && this.sessions.sessionOf(conn) && text.trim().toLowerCase() !== 'quit') {
          conn.send(textMessage('error', formatError('ENGINE_WORLD_UNAVAILABLE'), 'error'));
          return;
        }
        handler.line(text);
      },
      // Client GMCP beyond Core.* shares the connection's command rate (limits.commands).
      gmcp: (pkg, data) => {
        if (/^core\./i.test(pkg) || !guard.admit()) return;
        handler.gmcp(pkg, data);
      },
    };
  }

  disconnected(conn: ClientConnection): void {
    const handler = this.clients.get(conn);
    if (!handler) return;
    this.clients.delete(conn);
    this.guards.delete(conn);
    this.metrics.connections.dec({ transport: conn.transport });
    handler.closed();
  }

  worldHasEntity(id: string): boolean {
    return this.projection.hasCharacter(id);
  }

  get connectionCount(): number {
    return this.clients.size;
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Tell everyone in the game when the database stops (and starts) answering. */
  private databaseHealthChanged(healthy: boolean): void {
    if (healthy) {
      this.log.info('database is back; accepting commands again');
      this.sessions.broadcast(textMessage('system', 'The world is back. Carry on.', 'system'));
    } else {
      this.sessions.broadcast(textMessage('system', formatError('ENGINE_COMMIT_DELAYED'), 'system'));
    }
  }

  /** Clean shutdown: tell everyone, stop taking input, flush commits, store cursors, close. */
  async stop(message = 'The server is shutting down. Please come back soon.'): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.sweeper.stop();
    this.disk?.stop();
    for (const conn of this.clients.keys()) conn.send(textMessage('system', message, 'system'));
    const committed = await this.committer.drainWithin(STOP_COMMIT_DEADLINE_MS);
    if (committed) await this.sessions.saveCursors();
    for (const conn of [...this.clients.keys()]) conn.close();
    this.ticks.stop();
    this.timers.stop();
    await this.world.stop();
    if (committed && (await this.committer.drainWithin(STOP_COMMIT_DEADLINE_MS))) {
      this.metrics.stop();
      await this.store.close();
    } else {
      // The database is away: waiting longer would hang a supervisor's stop (and a
      // pool with a connection stuck in a commit would hang store.close too).
      const lost = this.committer.abandon();
      this.metrics.stop();
      this.log.error({ uncommitted: lost, error: this.committer.error }, `stopping without the database: ${lost} result(s) not committed within ${STOP_COMMIT_DEADLINE_MS / 1000} s were dropped; their output was never shown, so nothing a player saw is lost`);
      await Promise.race([this.store.close().catch(() => undefined), new Promise((r) => setTimeout(r, 2_000).unref())]);
    }
    this.log.info('server stopped');
  }
}

/**
 * How long a stopping server waits for its queued commits: 15 s covers a PostgreSQL
 * restart (recovery took ~1 s in the outage test); longer means the database is gone,
 * and a supervisor's stop should not hang on it (systemd's default is 90 s).
 */
const STOP_COMMIT_DEADLINE_MS = 15_000;

/** The time pack's day length (its `dayLengthSeconds` setting, at least 60 s as the pack reads it). */
function dayLengthMs(config: Config): number {
  const seconds = config.packs.settings['time']?.config?.['dayLengthSeconds'];
  return typeof seconds === 'number' && seconds >= 60 ? Math.floor(seconds) * 1000 : 86_400_000;
}

/** A low-cardinality label for a world restart reason (see WorldHost.restart callers). */
function restartKind(reason: string): 'watchdog' | 'reload' | 'crash' {
  if (/^pack \S+ timed out/.test(reason)) return 'watchdog';
  if (/reload/i.test(reason)) return 'reload';
  return 'crash';
}
