/**
 * What the HTTP side (the web client's WebSocket upgrade, /health, /metrics, the
 * admin API and page) reads from the running server. The gateway
 * (engine/gateway/gateway.ts) satisfies it and hands itself in, so net/http
 * never imports the wiring.
 */
import type { EventEmitter } from 'node:events';
import type { Accounts } from '../../accounts/accounts.ts';
import type { Committer } from '../../commit/committer.ts';
import type { Config } from '../../config/defaults.ts';
import type { Metrics } from '../../metrics.ts';
import type { Mutes } from '../../play/mutes.ts';
import type { PlayerEntry } from '../../play/services.ts';
import type { SessionManager } from '../../sessions/sessions.ts';
import type { EventStore, StoredEvent } from '../../store/types.ts';
import type { WorldHost } from '../../world-host/host.ts';
import type { ReloadReport } from '../../world-host/reload.ts';

export interface HttpHost extends PlayerEntry {
  readonly config: Config;
  readonly startedAt: number;
  readonly store: EventStore;
  readonly committer: Committer;
  readonly world: WorldHost;
  readonly sessions: SessionManager;
  readonly metrics: Metrics;
  readonly accounts: Accounts;
  /** 'committed' after every durable commit (the admin event stream follows it). */
  readonly events: EventEmitter<{ committed: [readonly StoredEvent[]]; shutdown: [string] }>;
  readonly connectionCount: number;
  /** Mutes in force (the admin page's moderation section). */
  readonly mutes: Mutes;
  reloadPacks(): Promise<ReloadReport>;
  unquarantine(pack: string, by: string): Promise<boolean>;
}
