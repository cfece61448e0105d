/**
 * What the command path's play stage needs from the rest of the host, and no
 * more: the gateway (engine/gateway/gateway.ts) satisfies these interfaces and
 * hands itself in, so play/ and the transports never import the wiring (no
 * import cycle, and a test can hand in a small fake).
 */
import type { Logger } from 'pino';
import type { Accounts } from '../accounts/accounts.ts';
import type { Pipeline } from '../commit/pipeline.ts';
import type { Config } from '../config/defaults.ts';
import type { AddressGuard } from '../limits/address-guard.ts';
import type { Mutes } from './mutes.ts';
import type { Metrics } from '../metrics.ts';
import type { ClientConnection } from '../sessions/connection.ts';
import type { SessionManager } from '../sessions/sessions.ts';
import type { EventStore } from '../store/types.ts';
import type { ReloadReport } from '../world-host/reload.ts';
import type { WorldHost } from '../world-host/host.ts';

/** What a connection feeds its input to (returned by PlayerEntry.connect). */
export interface ConnectionInput {
  line(text: string): void;
  gmcp(pkg: string, data: unknown): void;
}

/** The transports' side of play: telnet and WebSocket adapters hand connections in here. */
export interface PlayerEntry {
  readonly log: Logger;
  /** Per-address admission (telnet accept, WebSocket upgrade): engine/limits/address-guard.ts. */
  readonly addresses: AddressGuard;
  /** Telnet limits and the MSSP block, for telnet carried over WebSocket (engine/net/websocket/telnet-stream.ts). */
  readonly config: Pick<Config, 'telnet' | 'server'>;
  readonly sessions: Pick<SessionManager, 'online'>;
  /** The telnet-over-TLS port once it listens (MSSP `SSL` on every telnet stream), else null. */
  readonly tlsTelnetPort: number | null;
  connect(conn: ClientConnection): ConnectionInput;
  disconnected(conn: ClientConnection): void;
}

/** What the moderation actions need (engine/play/moderation.ts): the @commands and the admin page alike. */
export type ModerationServices = Pick<AdminServices, 'log' | 'sessions' | 'accounts' | 'store' | 'addresses' | 'mutes'>;

/** The host-level admin commands (@packs, @reload, @shutdown, @announce, @role). */
export interface AdminServices {
  readonly log: Logger;
  readonly world: Pick<WorldHost, 'packStatus'>;
  readonly sessions: Pick<SessionManager, 'broadcast' | 'setRole' | 'disconnect' | 'disconnectAddress' | 'tell'>;
  readonly accounts: Pick<Accounts, 'resetPassword'>;
  readonly store: Pick<EventStore, 'findAccount' | 'updateAccount' | 'listAccounts' | 'banAccount' | 'unbanAccount' | 'banOf' | 'addAudit' | 'readAudit' | 'banAddress' | 'unbanAddress' | 'muteAccount' | 'unmuteAccount'>;
  /** Bans by address in force (checked at connect), kept with the store's. */
  readonly addresses: Pick<AddressGuard, 'bans'>;
  /** Mutes in force (checked at each command), kept with the store's. */
  readonly mutes: Mutes;
  unquarantine(pack: string, by: string): Promise<boolean>;
  reloadPacks(): Promise<ReloadReport>;
  requestShutdown(message: string): void;
}

/** One connection's login and play (engine/play/client.ts). */
export interface PlayServices extends AdminServices {
  readonly config: Pick<Config, 'server'>;
  readonly store: EventStore;
  readonly accounts: Accounts;
  readonly world: Pick<WorldHost, 'packStatus' | 'hasGmcpReceiver'>;
  readonly pipeline: Pick<Pipeline, 'run'>;
  readonly sessions: SessionManager;
  readonly metrics: Pick<Metrics, 'commandDone'>;
  worldHasEntity(id: string): boolean;
}
