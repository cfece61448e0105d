/**
 * Messages between the gateway (main thread) and the world (worker thread).
 * Everything here is plain serialisable data, so a process boundary (NATS) can
 * replace the thread boundary later without changing either side.
 *
 * Traffic is batched: the gateway sends one `batch` per event-loop turn carrying
 * every pending request, and the world answers with one `results` message
 * (a postMessage round trip costs tens of microseconds; one per command would
 * dominate at 5,000 commands/s).
 */
import type { ErrorCode } from '../errors.ts';
import type { StateSpec } from '../packs/types.ts';
import type { OutputMessage } from '../output/message.ts';
import type { ComponentChange, NewEvent, TimerRow } from '../store/types.ts';
import type { LoadedPackSpec } from '../packs/types.ts';

/** Something the world is asked to do. Every request has an id for its result. */
export type WorldRequest =
  /** `hostHelp`: the host's own commands, sent with a `help` line so the world answers it whole (engine/world/help.ts). */
  | { readonly kind: 'command'; readonly reqId: number; readonly charId: string; readonly line: string; readonly admin: boolean; readonly builder?: boolean; readonly muted?: string; readonly corr: string; readonly hostHelp?: readonly HostHelpSection[] }
  | { readonly kind: 'spawn-character'; readonly reqId: number; readonly charId: string; readonly name: string; readonly corr: string }
  | { readonly kind: 'session'; readonly reqId: number; readonly charId: string; readonly online: boolean; readonly corr: string }
  | { readonly kind: 'timer'; readonly reqId: number; readonly timer: TimerRow; readonly corr: string }
  /** A GMCP message from a client, for the packs granted `gmcpReceive` for its package. */
  | { readonly kind: 'gmcp'; readonly reqId: number; readonly charId: string; readonly package: string; readonly data: unknown; readonly corr: string }
  /** The world clock: `world.tick` with payload {tick, dtMs, now} for the packs that subscribe. */
  | { readonly kind: 'tick'; readonly reqId: number; readonly tick: number; readonly dtMs: number; readonly now: number; readonly corr: string };

/** A pack misbehaving (trap, budget, schema violation, timeout): counted towards quarantine. */
export interface PackFault {
  readonly pack: string;
  readonly code: ErrorCode;
  readonly message: string;
}

/** One output line for one character. */
export interface Delivery {
  readonly to: string;
  readonly msg: OutputMessage;
}

export interface WorldResult {
  readonly reqId: number;
  readonly events: readonly NewEvent[];
  readonly changes: readonly ComponentChange[];
  readonly deliveries: readonly Delivery[];
  readonly timersAdded: readonly TimerRow[];
  readonly timersFired: readonly string[];
  /** Set when the request failed; its effects were rolled back. `code`: a catalogue code, or the pack's own from fail() (COMBAT_ENGAGED, …). */
  readonly failure?: { readonly code: string; readonly pack?: string; readonly message: string };
  /** Every pack call the request made, with its wall time: metrics and debug logs (corr) on the gateway. */
  readonly calls?: readonly PackCallTiming[];
  /** Every pack fault during the request (a tick isolates each subscriber, so there may be several). */
  readonly faults?: readonly PackFault[];
  /**
   * Wall ms the world has spent on each kind of request since it started
   * (command, tick, timer, …), this one included: ticks are where creatures think,
   * NPCs act and fights resolve, so tick / all is the world's share spent on NPCs.
   */
  readonly busyMs?: Readonly<Record<string, number>>;
  /** Wall ms of this request in World.handle (the world thread's clock): the per-command breakdown (engine/commit/trace.ts). */
  readonly ms?: number;
}

export interface PackCallTiming {
  readonly pack: string;
  readonly fn: string;
  readonly ms: number;
}

export interface CommandInfo {
  readonly verb: string;
  readonly aliases: readonly string[];
  readonly help: string;
  readonly usage: string;
  readonly pack: string;
  readonly admin: boolean;
  /** Builders' (and admins') only: in-game building. */
  readonly builder?: boolean;
  /** Talking to others: refused while muted (docs/decisions/0041). */
  readonly talk?: boolean;
  /** Offered every line whose first word is no command (a named exit typed as a verb). */
  readonly fallback?: boolean;
  /** Listed and run only for a character in this state (the pack's `states`, engine/world/availability.ts). */
  readonly when?: StateSpec;
}

/**
 * Commands the host answers before the world sees the line (aliases, admins' @commands),
 * as data for `help`: the world lists them after the pack commands, in the same answer,
 * so the whole list comes before the one prompt.
 */
export interface HostHelpSection {
  /** e.g. "Admin commands"; `note` follows it, e.g. " (host level, admins only):". */
  readonly title: string;
  readonly note: string;
  readonly commands: readonly HostCommandHelp[];
}

export interface HostCommandHelp {
  /** The word `help <verb>` finds it by; several usages may share one verb (`alias`). */
  readonly verb: string;
  readonly usage: string;
  readonly help: string;
  /** Shown to admins only (the availability rule of engine/world/availability.ts). */
  readonly admin: boolean;
}

export interface WorldInit {
  readonly t: 'init';
  readonly snapshot: ReadonlyArray<readonly [entity: string, key: string, value: unknown]>;
  readonly online: readonly string[];
  readonly packs: readonly LoadedPackSpec[];
  readonly seed: number;
  /** SharedArrayBuffer the world writes "which pack is running" into (the watchdog reads it). */
  readonly watch: SharedArrayBuffer;
  /** verb → pack that wins when two packs register it (config packs.precedence). */
  readonly precedence: Readonly<Record<string, string>>;
  /** Quarantined packs: their commands answer "<pack> is disabled", they get no events. */
  readonly disabled: readonly string[];
  /** Timers waiting in the store per pack (the world's TimerQuota starts from it). */
  readonly pendingTimers: Readonly<Record<string, number>>;
}

export type ToWorld =
  | WorldInit
  | { readonly t: 'batch'; readonly batchId: number; readonly requests: readonly WorldRequest[] }
  /** Replace the set of quarantined packs (ordered with the batches). */
  | { readonly t: 'disable'; readonly packs: readonly string[] };

export type FromWorld =
  | { readonly t: 'ready'; readonly commands: readonly CommandInfo[]; readonly seedResults: readonly WorldResult[]; readonly upgrades: readonly UpgradeNote[] }
  /** A host call refused by a capability check (the gateway logs it and counts it per pack). */
  | { readonly t: 'denied'; readonly pack: string; readonly code: ErrorCode; readonly msg: string; readonly corr?: string }
  /** The worker's modules are loaded; it waits for init (a spare kept for fast restarts). */
  | { readonly t: 'loaded' }
  /** The world cannot start with this pack set (an upgrade refused, a pack that does not instantiate). */
  | { readonly t: 'init-failed'; readonly message: string }
  | { readonly t: 'results'; readonly batchId: number; readonly results: readonly WorldResult[] }
  /** One record of the world's `Log` (engine/logger.ts): the main thread's logger writes it as it is. */
  | { readonly t: 'log'; readonly level: 'debug' | 'info' | 'warn' | 'error'; readonly fields: Record<string, unknown>; readonly msg: string }
  | { readonly t: 'fatal'; readonly message: string };

/** What happened to one component key, for the start/reload report. */
export interface UpgradeNote {
  readonly pack: string;
  readonly key: string;
  readonly from: string | null;
  readonly to: string;
  /** Stored values checked against the new schema (no migration needed). */
  readonly checked: number;
  /** Stored values rewritten by the pack's migration export. */
  readonly migrated: number;
}
