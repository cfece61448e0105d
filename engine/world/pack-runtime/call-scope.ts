/**
 * Everything one pack call may touch, handed to the host functions through
 * Extism's per-call host context. It also keeps the call's budgets: host calls,
 * effects, output and log bytes. Going over a budget fails the whole call (its
 * effects are rolled back), whatever the pack does with the error it gets.
 */
import type { ErrorCode } from '../../errors.ts';
import type { Log } from '../../logger.ts';
import type { NewEvent } from '../../store/types.ts';
import type { Cause, WorldTransaction } from '../transaction.ts';
import type { Capabilities, PackLimits } from '../../packs/types.ts';

export interface PackInfo {
  readonly name: string;
  readonly version: string;
  readonly grants: Capabilities;
  readonly limits: PackLimits;
  readonly config: Readonly<Record<string, unknown>>;
  readonly declaredEmits: ReadonlySet<string>;
  /** Entity kinds its manifest may spawn (`spawns`); never "character". */
  readonly spawns: ReadonlySet<string>;
  /** Other packs' components it may write: granted `build` and declared `buildable` by their owner. */
  readonly buildable: ReadonlySet<string>;
}

/** A command line an NPC is to run (myriad_act), run by the world after the call succeeds. */
export interface NpcAct {
  readonly npc: string;
  readonly line: string;
  readonly by: string;
}

export interface ActorInfo {
  readonly id: string;
  readonly name: string;
  readonly location: string | null;
}

export interface ScopeEnv {
  random(): bigint;
  now(): number;
  newId(): string;
  /** The engine's one signature (engine/logger.ts); records carry the pack's name. */
  readonly log: Log;
  denied(pack: string, code: ErrorCode, msg: string): void;
  /**
   * Check a component value against its owning pack's schema without writing it:
   * the problem as "field: rule", or null when it passes. What lets a builder's
   * bad `@set` be answered with a message instead of a rolled-back (faulting) call.
   */
  checkComponent(key: string, value: unknown): string | null;
  /** Whether one more timer may be scheduled (TimerQuota); a refusal names the limit. */
  scheduleTimer(pack: PackInfo, uncommitted: number): { readonly limit: string; readonly value: number } | null;
}

export class CallScope {
  private hostCalls = 0;
  private effects = 0;
  private outputBytes = 0;
  private logBytes = 0;
  private kernelBytes = 0;
  /** Why the call must fail even if the pack returns 0 (first budget exceeded). */
  overBudget: string | null = null;
  /** The catalogue code of that failure (PACK_BUDGET unless a more precise one applies). */
  overBudgetCode: ErrorCode = 'PACK_BUDGET';
  private doomed: Error | null = null;
  /** NPC commands queued by myriad_act; dropped with the call if it fails. */
  readonly acts: NpcAct[] = [];

  constructor(
    readonly pack: PackInfo,
    readonly tx: WorldTransaction,
    readonly cause: Cause,
    readonly actor: ActorInfo | null,
    private readonly env: ScopeEnv,
  ) {}

  countHostCall(): void {
    // A doomed call's further host calls are refused at once with the first
    // reason: a pack looping over 100 blows past its budget built a new Error
    // (with its stack) for every one of them, ~0.2 ms each.
    if (this.doomed) throw this.doomed;
    if (++this.hostCalls > this.pack.limits.maxHostCalls) this.exceed(`more than ${this.pack.limits.maxHostCalls} host calls (maxHostCalls)`);
  }

  countEffect(): void {
    if (++this.effects > this.pack.limits.maxEffects) this.exceed(`more than ${this.pack.limits.maxEffects} effects (maxEffects)`);
  }

  /** One host request's size: a request over maxInputBytes fails the whole call, it is not just refused. */
  countRequest(bytes: number): void {
    if (bytes > this.pack.limits.maxInputBytes) this.exceed(`a host request of ${bytes} bytes (maxInputBytes ${this.pack.limits.maxInputBytes})`);
  }

  countOutput(bytes: number): void {
    this.outputBytes += bytes;
    if (this.outputBytes > this.pack.limits.maxOutputBytes) this.exceed(`more than ${this.pack.limits.maxOutputBytes} output bytes (maxOutputBytes)`);
  }

  /** Extism kernel memory the guest allocated in this call (runtime.ts kernelFunctions). */
  countKernelBytes(bytes: number, cap: number): void {
    this.kernelBytes += bytes;
    if (this.kernelBytes > cap) this.exceed(`${this.kernelBytes} bytes of Extism kernel memory in one call (the cap is limits.memoryPages × 64 KiB = ${cap})`, 'PACK_KERNEL_MEMORY');
  }

  /** One timer scheduled: past maxPendingTimers or timerCallsPerSecond the call fails as a fault. */
  countTimer(): void {
    const uncommitted = this.tx.timersAdded.reduce((n, t) => (t.pack === this.pack.name ? n + 1 : n), 0);
    const refusal = this.env.scheduleTimer(this.pack, uncommitted);
    if (refusal) this.exceed(`more timers than ${refusal.limit} ${refusal.value} allows (${this.pack.name} has ${uncommitted} scheduled in this call)`, 'PACK_TIMER_LIMIT');
  }

  log(level: 'info' | 'warn' | 'error', msg: string): void {
    this.logBytes += msg.length;
    if (this.logBytes > this.pack.limits.maxLogBytes) return; // over the log budget: dropped, not fatal
    this.env.log[level]({ pack: this.pack.name }, msg);
  }

  denied(code: ErrorCode, msg: string): void {
    this.env.denied(this.pack.name, code, msg);
  }

  random(): bigint {
    return this.env.random();
  }

  now(): number {
    return this.env.now();
  }

  newId(): string {
    return this.env.newId();
  }

  checkComponent(key: string, value: unknown): string | null {
    return this.env.checkComponent(key, value);
  }

  /** Deliver an event's display: `actor` to the actor, `others` to whoever else sees the stream. */
  deliverDisplay(event: NewEvent): void {
    const display = event.display;
    if (!display) return;
    const state = this.tx.state;
    const actorId = event.actor?.kind === 'character' ? event.actor.id : null;
    if (display.actor && actorId && state.online.has(actorId)) this.tx.deliver(actorId, display.actor);
    if (!display.others) return;
    const [kind, id] = splitStream(event.stream);
    if (kind === 'room' && id) {
      for (const viewer of state.contents(id)) {
        if (viewer !== actorId && state.online.has(viewer)) this.tx.deliver(viewer, display.others);
      }
    } else if (kind === 'char' && id && id !== actorId && state.online.has(id)) {
      this.tx.deliver(id, display.others);
    } else if (kind === 'world') {
      for (const viewer of state.online) if (viewer !== actorId) this.tx.deliver(viewer, display.others);
    }
  }

  private exceed(reason: string, code: ErrorCode = 'PACK_BUDGET'): never {
    if (this.overBudget === null) this.overBudgetCode = code;
    this.overBudget ??= reason;
    this.doomed ??= new Error(`budget exceeded: ${this.overBudget}`);
    throw this.doomed;
  }
}

export function splitStream(stream: string): [string, string | undefined] {
  const i = stream.indexOf(':');
  return i < 0 ? [stream, undefined] : [stream.slice(0, i), stream.slice(i + 1)];
}
