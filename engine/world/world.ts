/**
 * The world: applies requests (commands, new characters, sessions, timers, ticks)
 * to the state by calling packs, one request = one transaction. A pack call that
 * fails, traps or exceeds a budget rolls its whole request back; the world goes on.
 */
import { ownsComponent, receivesGmcp } from '../packs/capabilities.ts';
import { newUlid } from '../ids.ts';
import type { Log } from '../logger.ts';
import { type ErrorCode, formatError } from '../errors.ts';
import { stripControl, textMessage, type OutputMessage } from '../output/message.ts';
import { CallScope, type ActorInfo, type NpcAct, type ScopeEnv } from './pack-runtime/call-scope.ts';
import type { PackInstance, PackExport } from './pack-runtime/runtime.ts';
import { EngineSchemas, describeViolation } from './pack-runtime/schemas.ts';
import type { NewEvent, TimerRow } from '../store/types.ts';
import { availability, type Rank } from './availability.ts';
import { commandTable } from './commands.ts';
import { checkEffects } from './effects.ts';
import { helpAnswer } from './help.ts';
import type { HostHelpSection, PackCallTiming, PackFault, WorldRequest, WorldResult, UpgradeNote } from './protocol.ts';
import { Router } from './router.ts';
import type { WorldState } from './state.ts';
import { WorldTransaction, type Cause } from './transaction.ts';
import { upgradeStoredState } from './upgrade.ts';
import type { WatchWriter } from './watch.ts';
import { Random } from './random.ts';
import { TimerQuota } from './timer-quota.ts';

/**
 * How many generations deep events may cause events (an event's subscriber emits
 * one that another subscriber answers, …): stops ping-pong between packs, which
 * goes one generation deeper each bounce. Eight covers the longest real chain
 * (combat.skill_check → skills.check_result → inventory → …, four).
 */
const MAX_CASCADE_DEPTH = 8;
/**
 * Subscriber calls one request may trigger in all. Breadth is legitimate: a
 * combat tick with 100 blows tells skills and stamina ~300 times (a flat cap of
 * 64 rolled the whole tick back, so big fights froze); each delivery is a pack
 * call of ~40 µs, so 2,048 is ~80 ms, inside the watchdog.
 */
const MAX_CASCADE_CALLS = 2048;
/**
 * NPC commands (myriad_act) one request may run, including commands queued by
 * NPC commands: 200 creatures acting in one tick is 200 command calls, ~40 µs
 * each (docs/benchmarks.md), ~8 ms — well inside a 100 ms tick.
 */
const MAX_NPC_ACTS = 256;
/** The entity holding world-level engine components (which packs seeded it). */
export const WORLD_ENTITY = 'world';

export interface WorldHooks {
  /** The engine's one signature (engine/logger.ts); the world adds `corr` of the request it runs. */
  readonly log: Log;
  /** A host call refused by a capability or request check; default: logged as a warning. */
  denied?(pack: string, code: ErrorCode, msg: string, corr?: string): void;
}

export interface WorldOptions {
  /** verb or alias → the pack that wins when several register it (config packs.precedence). */
  readonly precedence?: Readonly<Record<string, string>>;
  /** Quarantined packs: their commands answer "<pack> is disabled"; they get no events, ticks or timers. */
  readonly disabled?: Iterable<string>;
  /** Timers waiting in the store per pack at start (TimerQuota). */
  readonly pendingTimers?: Readonly<Record<string, number>>;
}

/** Faults count towards quarantine; a deliberate fail() does not (it is the pack saying no). */
const FAULT_KINDS: ReadonlySet<string> = new Set(['trap', 'budget']);

interface Failure {
  readonly code: string;
  readonly pack?: string;
  readonly message: string;
  /** What the actor is told. */
  readonly tell: OutputMessage;
}

export class World {
  readonly router: Router;
  private readonly subscribers = new Map<string, PackInstance[]>();
  private readonly packIndex = new Map<PackInstance, number>();
  private readonly newId = (): string => newUlid();
  private readonly random: Random;
  private corr = '';
  /** `hooks.log` with the running request's `corr` in every record (pack calls log through it too). */
  private readonly log: Log = {
    debug: (fields, message) => this.hooks.log.debug(this.withCorr(fields), message),
    info: (fields, message) => this.hooks.log.info(this.withCorr(fields), message),
    warn: (fields, message) => this.hooks.log.warn(this.withCorr(fields), message),
    error: (fields, message) => this.hooks.log.error(this.withCorr(fields), message),
  };
  /** Pack calls of the current request, returned with its result. */
  private calls: PackCallTiming[] = [];
  /** Pack faults of the current request, returned with its result. */
  private faults: PackFault[] = [];
  private readonly disabled: Set<string>;
  private readonly engineSchemas = new EngineSchemas();
  private readonly timerQuota: TimerQuota;
  /** The pack whose timer the current request consumes (for TimerQuota), or null. */
  private firedPack: string | null = null;
  /** NPC commands queued by successful pack calls of the current request, not yet run. */
  private pendingActs: NpcAct[] = [];
  private actsRun = 0;

  constructor(
    readonly state: WorldState,
    readonly packs: readonly PackInstance[],
    private readonly watch: WatchWriter | null,
    private readonly hooks: WorldHooks,
    seed: number,
    private readonly clock: () => number = Date.now,
    options: WorldOptions = {},
  ) {
    this.random = new Random(seed);
    this.disabled = new Set(options.disabled ?? []);
    this.timerQuota = new TimerQuota(options.pendingTimers ?? {}, clock);
    packs.forEach((pack, i) => {
      this.packIndex.set(pack, i);
      const m = pack.spec.manifest;
      for (const type of m.events?.subscribes ?? []) {
        if (!(pack.spec.grants.subscribe ?? []).includes(type)) continue;
        const list = this.subscribers.get(type) ?? [];
        list.push(pack);
        this.subscribers.set(type, list);
      }
    });
    this.router = new Router(commandTable(packs, options.precedence));
  }

  /** Replace the set of quarantined packs. */
  setDisabled(packs: Iterable<string>): void {
    this.disabled.clear();
    for (const p of packs) this.disabled.add(p);
  }

  /**
   * Bring stored component values in line with the packs' current schemas
   * (engine/world/upgrade.ts). Throws UpgradeRefused when a schema changed
   * incompatibly without a migration; the world must then not start.
   */
  async upgrade(): Promise<{ results: WorldResult[]; notes: UpgradeNote[] }> {
    const tx = this.tx();
    this.calls = [];
    this.faults = [];
    const notes = await upgradeStoredState({
      state: this.state,
      packs: this.packs,
      tx,
      worldEntity: WORLD_ENTITY,
      migrate: async (pack, exportName, input) => {
        const scope = new CallScope(pack.info, tx, { actor: { kind: 'system', id: 'upgrade' }, pack: pack.name, packVersion: pack.info.version }, null, this.scopeEnv);
        const outcome = await pack.call(exportName, input, scope);
        return outcome.ok ? outcome : { ok: false, message: `${outcome.code}: ${outcome.message}` };
      },
    });
    return { results: tx.events.length ? [this.result(-1, tx)] : [], notes };
  }

  /** Seed every pack that has a world file and has not seeded this world yet. */
  async seed(): Promise<WorldResult[]> {
    const results: WorldResult[] = [];
    for (const pack of this.packs) {
      const seeded = (this.state.get(WORLD_ENTITY, 'engine.seeded') as string[] | undefined) ?? [];
      if (pack.spec.world === null || pack.spec.world === undefined || !pack.hasExport('myriad_seed') || seeded.includes(pack.name)) continue;
      const tx = this.tx();
      this.calls = [];
      this.faults = [];
      const cause: Cause = { actor: { kind: 'system', id: 'seed' }, pack: pack.name, packVersion: pack.info.version };
      const failure = await this.callPack(pack, 'myriad_seed', JSON.stringify(pack.spec.world), tx, cause, null, -1);
      if (failure) {
        this.log.error({ pack: pack.name }, `seeding failed: ${failure.message}`);
        results.push(this.result(-1, tx, failure));
        continue;
      }
      tx.setComponent(WORLD_ENTITY, 'engine.seeded', [...seeded, pack.name], { actor: { kind: 'system', id: 'seed' }, pack: null, packVersion: null });
      results.push(this.result(-1, tx));
      this.log.info({ pack: pack.name }, 'seeded the world');
    }
    return results;
  }

  /** Wall ms spent on each kind of request since start (WorldResult.busyMs). */
  private readonly busyMs: Record<string, number> = {};

  async handle(req: WorldRequest): Promise<WorldResult> {
    const t0 = performance.now();
    const result = await this.run(req);
    const ms = performance.now() - t0;
    this.busyMs[req.kind] = (this.busyMs[req.kind] ?? 0) + ms;
    return { ...result, ms, busyMs: { ...this.busyMs } };
  }

  private async run(req: WorldRequest): Promise<WorldResult> {
    this.corr = req.corr;
    this.calls = [];
    this.faults = [];
    this.pendingActs = [];
    this.actsRun = 0;
    switch (req.kind) {
      case 'command':
        return this.command(req.reqId, req.charId, req.line, { admin: req.admin, builder: req.admin || req.builder === true, ...(req.muted ? { muted: req.muted } : {}) }, req.hostHelp ?? []);
      case 'spawn-character':
        return this.spawnCharacter(req.reqId, req.charId, req.name);
      case 'session':
        return this.session(req.reqId, req.charId, req.online);
      case 'timer':
        return this.timer(req.reqId, req.timer);
      case 'tick':
        return this.tick(req.reqId, { tick: req.tick, dtMs: req.dtMs, now: req.now });
      case 'gmcp':
        return this.gmcp(req.reqId, req.charId, req.package, req.data);
    }
  }

  /** Whether any enabled pack would receive `world.tick` (the gateway's clock skips otherwise). */
  get ticks(): boolean {
    return (this.subscribers.get('world.tick') ?? []).some((p) => !this.disabled.has(p.name));
  }

  /**
   * One clock tick. Each subscriber's tick is isolated: a pack that faults on a
   * tick loses only its own effects. A tick that changes nothing leaves nothing
   * to commit: the `world.tick` event is logged only with the effects it caused.
   */
  private async tick(reqId: number, payload: { tick: number; dtMs: number; now: number }): Promise<WorldResult> {
    const tx = this.tx();
    const event = tx.emit({ type: 'world.tick', stream: 'world', payload }, { actor: null, pack: null, packVersion: null });
    const input = eventInput(event);
    for (const pack of this.subscribers.get('world.tick') ?? []) {
      if (this.disabled.has(pack.name)) continue;
      const mark = tx.mark();
      const cause: Cause = { actor: null, pack: pack.name, packVersion: pack.info.version };
      if (await this.callPack(pack, 'myriad_event', input, tx, cause, null, reqId)) tx.rollback(mark);
    }
    if (tx.events.length === 1 && tx.deliveries.length === 0 && tx.timersAdded.length === 0 && tx.changes().length === 0) tx.rollback();
    await this.promptAfterCombat(tx, reqId);
    return this.result(reqId, tx);
  }

  /**
   * A combat line between a player's commands (a rat's bite on a tick) ends with
   * a fresh prompt, as a command's answer does, so a MUD client sees the new HP
   * and telnet gets its EOR/GA. Only for `combat` lines: room chatter (a creature
   * wandering past) would cost a prompt call per player per tick.
   */
  private async promptAfterCombat(tx: WorldTransaction, reqId: number): Promise<void> {
    const hit = new Set<string>();
    for (const d of tx.deliveries) if (d.msg.kind === 'combat' && this.state.online.has(d.to)) hit.add(d.to);
    for (const charId of hit) await this.prompt(tx, reqId, charId);
  }

  /**
   * Client GMCP for the packs granted `gmcpReceive` for its package, as a
   * `gmcp.received` event {package, data} in the character's stream. Like a tick,
   * it is logged only with the effects it caused; each pack's call is isolated.
   */
  private async gmcp(reqId: number, charId: string, pkg: string, data: unknown): Promise<WorldResult> {
    const tx = this.tx();
    const actor = this.actor(charId);
    if (!actor) return this.result(reqId, tx);
    const cause: Cause = { actor: { kind: 'character', id: charId }, pack: null, packVersion: null };
    const event = tx.emit({ type: 'gmcp.received', stream: `char:${charId}`, payload: { package: pkg, data: data ?? null } }, cause);
    const input = eventInput(event);
    for (const pack of this.packs) {
      if (this.disabled.has(pack.name) || !receivesGmcp(pack.spec.grants.gmcpReceive, pkg)) continue;
      const mark = tx.mark();
      if (await this.callPack(pack, 'myriad_event', input, tx, { ...cause, pack: pack.name, packVersion: pack.info.version }, actor, reqId)) tx.rollback(mark);
    }
    if (tx.events.length === 1 && tx.deliveries.length === 0 && tx.timersAdded.length === 0 && tx.changes().length === 0) tx.rollback();
    return this.result(reqId, tx);
  }

  private async command(reqId: number, charId: string, line: string, rank: Rank, hostHelp: readonly HostHelpSection[]): Promise<WorldResult> {
    const tx = this.tx();
    this.state.lastActive.set(charId, this.clock());
    const failure = await this.runCommand(tx, reqId, charId, line, rank, hostHelp);
    await this.prompt(tx, reqId, charId);
    return this.result(reqId, tx, failure);
  }

  /**
   * After every command (an empty line too, as MUD players expect), packs that
   * export `myriad_prompt` show the character their prompt (a `prompt` message:
   * telnet ends it with EOR/GA). A prompt that fails is dropped, never the command.
   */
  private async prompt(tx: WorldTransaction, reqId: number, charId: string): Promise<void> {
    const actor = this.actor(charId);
    if (!actor) return;
    for (const pack of this.packs) {
      if (!pack.hasExport('myriad_prompt') || this.disabled.has(pack.name)) continue;
      const mark = tx.mark();
      const cause: Cause = { actor: { kind: 'character', id: charId }, pack: pack.name, packVersion: pack.info.version };
      if (await this.invoke(pack, 'myriad_prompt', JSON.stringify({ actor }), tx, cause, actor, reqId)) tx.rollback(mark);
    }
  }

  private async runCommand(tx: WorldTransaction, reqId: number, charId: string, line: string, rank: Rank, hostHelp: readonly HostHelpSection[]): Promise<Omit<Failure, 'tell'> | undefined> {
    const route = this.router.resolve(line);
    switch (route.kind) {
      case 'empty':
        return undefined;
      case 'help':
        tx.deliver(charId, helpAnswer({ commands: this.router.commands, hostHelp, rank, read: (component) => this.state.get(charId, component) }, route.args));
        return undefined;
      case 'ambiguous':
        tx.deliver(charId, textMessage('error', `"${route.word}" could mean ${orList(route.candidates)}. Which one?`, 'error'));
        return undefined;
      case 'unknown': {
        const offered = await this.offerFallback(tx, reqId, charId, line);
        if (offered !== 'unhandled') return offered;
        const hint = route.suggestions.length ? ` Did you mean ${orList(route.suggestions)}?` : ' Type "help" for a list of commands.';
        tx.deliver(charId, textMessage('error', `Unknown command "${route.word}".${hint}`, 'error'));
        return undefined;
      }
      case 'command':
        break;
    }
    const { command, args } = route;
    const available = availability(command, rank, (component) => this.state.get(charId, component));
    if (!available.ok) {
      tx.deliver(charId, textMessage('error', available.reason, 'error'));
      return undefined;
    }
    // Muted: refused here, not hidden from help (availability) — they should see what they may do again later.
    if (command.talk && rank.muted) {
      tx.deliver(charId, textMessage('error', rank.muted, 'error'));
      return undefined;
    }
    if (this.disabled.has(command.pack)) {
      tx.deliver(charId, textMessage('error', `${formatError('PACK_QUARANTINED', { pack: command.pack })}.`, 'error'));
      return { code: 'PACK_QUARANTINED', pack: command.pack, message: 'the pack is quarantined' };
    }
    const pack = this.packs.find((p) => p.name === command.pack);
    const actor = this.actor(charId);
    if (!pack || !actor) {
      tx.deliver(charId, textMessage('error', 'You are not in the world right now.', 'error'));
      return undefined;
    }
    const cause: Cause = { actor: { kind: 'character', id: charId }, pack: pack.name, packVersion: pack.info.version };
    // `admin` and `builder` only when true: what a pack needs to let admins alone post to a board, or builders
    // alone describe more than themselves, without a grant per verb.
    const input = JSON.stringify({ verb: command.verb, args, line, actor: { ...actor, ...(rank.admin ? { admin: true } : {}), ...(rank.builder ? { builder: true } : {}) } });
    const failure = await this.callPack(pack, 'myriad_command', input, tx, cause, actor, reqId);
    if (failure) {
      tx.rollback();
      tx.deliver(charId, failure.tell);
      return failure;
    }
    return undefined;
  }

  /**
   * A line whose first word is no command goes to the pack's `fallback` command
   * (rooms: a named exit typed as a verb, `hollow`). The pack answering
   * fail('PACK_UNHANDLED') hands it back for "Unknown command".
   */
  private async offerFallback(tx: WorldTransaction, reqId: number, charId: string, line: string): Promise<Omit<Failure, 'tell'> | undefined | 'unhandled'> {
    const command = this.router.fallback;
    const pack = command ? this.packs.find((p) => p.name === command.pack) : undefined;
    const actor = this.actor(charId);
    if (!command || !pack || !actor || this.disabled.has(pack.name)) return 'unhandled';
    const cause: Cause = { actor: { kind: 'character', id: charId }, pack: pack.name, packVersion: pack.info.version };
    const input = JSON.stringify({ verb: command.verb, args: line.trim(), line, actor });
    const failure = await this.callPack(pack, 'myriad_command', input, tx, cause, actor, reqId);
    if (!failure) return undefined;
    tx.rollback();
    if (failure.code === 'PACK_UNHANDLED') return 'unhandled';
    tx.deliver(charId, failure.tell);
    return failure;
  }

  private async spawnCharacter(reqId: number, charId: string, name: string): Promise<WorldResult> {
    const tx = this.tx();
    const cause: Cause = { actor: { kind: 'character', id: charId }, pack: null, packVersion: null };
    if (!this.state.has(charId)) tx.spawn({ name, kind: 'character' }, cause, charId);
    const event = tx.emit({ type: 'engine.character_created', stream: `char:${charId}`, payload: { id: charId, name } }, cause);
    const failure = await this.dispatch([event], tx, this.actor(charId), reqId);
    if (failure) {
      tx.rollback();
      return this.result(reqId, tx, failure);
    }
    return this.result(reqId, tx);
  }

  private async session(reqId: number, charId: string, online: boolean): Promise<WorldResult> {
    const tx = this.tx();
    if (online) {
      this.state.online.add(charId);
      this.state.lastActive.set(charId, this.clock());
    } else {
      this.state.online.delete(charId);
      this.state.lastActive.delete(charId);
    }
    const name = (this.state.get(charId, 'name') as string | undefined) ?? '';
    const cause: Cause = { actor: { kind: 'character', id: charId }, pack: null, packVersion: null };
    const type = online ? 'engine.session_started' : 'engine.session_ended';
    const event = tx.emit({ type, stream: `char:${charId}`, payload: { id: charId, name } }, cause);
    const failure = await this.dispatch([event], tx, this.actor(charId), reqId);
    if (failure) tx.rollback(); // presence itself stands: it is a fact about sockets, not game state
    if (online) await this.prompt(tx, reqId, charId); // entering the game ends with the prompt too
    return this.result(reqId, tx, failure ?? undefined);
  }

  private async timer(reqId: number, timer: TimerRow): Promise<WorldResult> {
    const tx = this.tx();
    if (this.disabled.has(timer.pack)) return this.result(reqId, tx); // kept for when the pack is back
    tx.timersFired.push(timer.id);
    this.firedPack = timer.pack;
    const pack = this.packs.find((p) => p.name === timer.pack);
    if (!pack) return this.result(reqId, tx); // the pack was removed: the timer is consumed
    // A timer whose payload names an online character as `actor` runs on their
    // behalf (a follower's walk after their leader): "actor" output reaches them,
    // and a refusal (the pack's fail()) is told to them, as for a command they typed.
    // Only for a pack that may already reach any character (`send: direct`): acting
    // on someone's behalf must not widen whom a pack can show output to.
    const onBehalf = (pack.spec.grants.send ?? []).includes('direct') ? this.timerActor(timer.payload) : null;
    const cause: Cause = { actor: onBehalf ? { kind: 'character', id: onBehalf.id } : { kind: 'pack', id: pack.name }, pack: pack.name, packVersion: pack.info.version };
    const event = tx.emit({ type: timer.type, stream: `pack:${pack.name}`, payload: timer.payload }, cause);
    const input = eventInput(event);
    const failure = await this.callPack(pack, 'myriad_event', input, tx, cause, onBehalf, reqId);
    if (failure) {
      tx.rollback();
      tx.timersFired.push(timer.id); // a failing timer is consumed, not retried forever
      if (onBehalf) tx.deliver(onBehalf.id, failure.tell);
      return this.result(reqId, tx, failure);
    }
    return this.result(reqId, tx);
  }

  /**
   * Call one pack export in the request's transaction; on success, deliver the
   * events it emitted to their subscribers (same transaction).
   */
  private async callPack(pack: PackInstance, fn: PackExport, input: string, tx: WorldTransaction, cause: Cause, actor: ActorInfo | null, reqId: number): Promise<Failure | null> {
    const firstNew = tx.events.length;
    const queued = this.pendingActs.length;
    const failure = (await this.invoke(pack, fn, input, tx, cause, actor, reqId)) ?? (await this.dispatch(tx.events.slice(firstNew), tx, actor, reqId));
    if (failure) {
      this.pendingActs.length = queued; // the acts of a failed call are rolled back with it
      return failure;
    }
    await this.runActs(tx, reqId);
    return null;
  }

  /**
   * Run the NPC commands queued by the calls that succeeded (decision 0018): each
   * is routed like a player's line and run by its pack with the NPC as the actor,
   * in this request's transaction. One that fails or is refused is rolled back
   * alone and logged; it never undoes the call that asked for it. The NPC is not
   * online, so what its command shows the actor is discarded; the room sees the rest.
   */
  private async runActs(tx: WorldTransaction, reqId: number): Promise<void> {
    while (this.pendingActs.length) {
      const act = this.pendingActs.shift()!;
      if (++this.actsRun > MAX_NPC_ACTS) {
        this.log.warn({ pack: act.by }, `more than ${MAX_NPC_ACTS} NPC commands in one request; the rest are dropped`);
        this.pendingActs = [];
        return;
      }
      const route = this.router.resolve(act.line);
      const actor = this.actor(act.npc);
      if (route.kind !== 'command' || route.command.admin || route.command.builder || this.disabled.has(route.command.pack) || !actor || this.state.get(act.npc, 'kind') !== 'npc') {
        this.log.info({ pack: act.by }, `NPC ${act.npc} could not run "${act.line}" (${route.kind === 'command' ? 'not allowed now' : route.kind})`);
        continue;
      }
      const pack = this.packs.find((p) => p.name === route.command.pack)!;
      const cause: Cause = { actor: { kind: 'npc', id: act.npc }, pack: pack.name, packVersion: pack.info.version };
      const input = JSON.stringify({ verb: route.command.verb, args: route.args, line: act.line, actor: { ...actor, kind: 'npc' } });
      const mark = tx.mark();
      const queued = this.pendingActs.length;
      const failure = (await this.invoke(pack, 'myriad_command', input, tx, cause, actor, reqId)) ?? (await this.dispatch(tx.events.slice(mark.events), tx, actor, reqId));
      if (failure) {
        tx.rollback(mark);
        this.pendingActs.length = queued;
        this.log.info({ pack: act.by }, `NPC ${act.npc} "${act.line}" refused: ${failure.code} ${failure.message}`);
      }
    }
  }

  /**
   * Deliver events to their subscribers, then what those calls emit, generation by generation.
   * The first generation is what the request's own call did, already bounded by its effect
   * budget (limits.maxEffects): every move and spawn is an engine event, and the rooms pack (room
   * contents over GMCP) is called once for each — seeding 200 rooms, or a corpse taking 80
   * belongings, is that many calls and no runaway. Ping-pong between packs goes one generation
   * deeper each bounce and stops at MAX_CASCADE_DEPTH; breadth stops at MAX_CASCADE_CALLS.
   */
  private async dispatch(initial: NewEvent[], tx: WorldTransaction, actor: ActorInfo | null, reqId: number): Promise<Failure | null> {
    const queue = initial.map((event) => ({ event, depth: 1 }));
    let calls = 0;
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { event, depth } = next;
      const subs = this.subscribers.get(event.type);
      if (!subs) continue;
      const input = eventInput(event);
      for (const pack of subs) {
        if (this.disabled.has(pack.name)) continue;
        if (depth > MAX_CASCADE_DEPTH) {
          return this.failure('PACK_CASCADE', pack.name, `events causing events more than ${MAX_CASCADE_DEPTH} deep (${event.type})`);
        }
        if (++calls > MAX_CASCADE_CALLS) {
          return this.failure('PACK_CASCADE', pack.name, `more than ${MAX_CASCADE_CALLS} event deliveries in one request`);
        }
        const before = tx.events.length;
        const cause: Cause = { actor: event.actor, pack: pack.name, packVersion: pack.info.version };
        const failure = await this.invoke(pack, 'myriad_event', input, tx, cause, actor, reqId);
        if (failure) return failure;
        for (const caused of tx.events.slice(before)) queue.push({ event: caused, depth: depth + 1 });
      }
    }
    return null;
  }

  private async invoke(pack: PackInstance, fn: PackExport, input: string, tx: WorldTransaction, cause: Cause, actor: ActorInfo | null, reqId: number): Promise<Failure | null> {
    // The watchdog's window and the call's measured time cover the whole call:
    // re-creating a trapped instance, copying the input in, the guest, copying the
    // output out, and checking its effects against the schemas. A hostile call
    // once spent ~400 ms of which the metric saw ~80 ms (issue 11).
    const queuedBefore = this.pendingActs.length;
    this.watch?.begin(this.packIndex.get(pack) ?? -1, reqId);
    const t0 = performance.now();
    const mark = tx.mark();
    let outcome;
    let violation = null;
    let acts: readonly NpcAct[] = [];
    try {
      const scope = new CallScope(pack.info, tx, cause, actor, this.scopeEnv);
      outcome = await pack.call(fn, input, scope);
      acts = scope.acts;
      if (outcome.ok) violation = checkEffects(pack, this.engineSchemas, { events: tx.events.slice(mark.events), timers: tx.timersAdded.slice(mark.timers) }, (name) => this.packs.find((p) => p.name === name)?.schemas);
    } finally {
      this.watch?.end();
      this.calls.push({ pack: pack.name, fn, ms: performance.now() - t0 });
    }
    if (outcome.ok) {
      if (!violation) {
        this.pendingActs.length = queuedBefore;
        this.pendingActs.push(...acts);
        return null;
      }
      const message = describeViolation(violation);
      this.log.error({ pack: pack.name }, `${fn} rolled back: ${message}`);
      this.faults.push({ pack: pack.name, code: 'PACK_BAD_EFFECT', message });
      return this.failure('PACK_BAD_EFFECT', pack.name, message);
    }
    if (outcome.kind === 'fail') {
      // The pack's own words, cleaned like every other pack text (engine/output/message.ts stripControl).
      const said = stripControl(outcome.message);
      return { code: outcome.code, pack: pack.name, message: said, tell: textMessage('error', said || 'That did not work.', 'error') };
    }
    this.log.error({ pack: pack.name }, `${fn} ${outcome.kind}: ${outcome.message}`);
    if (FAULT_KINDS.has(outcome.kind)) this.faults.push({ pack: pack.name, code: outcome.code, message: outcome.message });
    return this.failure(outcome.code, pack.name, outcome.message);
  }

  private failure(code: ErrorCode, pack: string, message: string): Failure {
    return { code, pack, message, tell: textMessage('error', `Something went wrong in the ${pack} pack; your command was not run.`, 'error') };
  }

  private readonly scopeEnv: ScopeEnv = {
    random: () => this.random.nextU64(),
    now: () => this.clock(),
    newId: () => this.newId(),
    log: this.log,
    scheduleTimer: (pack, uncommitted) => this.timerQuota.schedule(pack.name, pack.limits, uncommitted),
    checkComponent: (key, value) => {
      const owner = this.packs.find((p) => ownsComponent(p.name, key));
      if (!this.engineSchemas.has(key) && !owner) return `(value): no loaded pack declares ${key}`;
      const found = owner ? owner.schemas.component('-', key, value) : this.engineSchemas.component('engine', '-', key, value);
      return found ? `${found.field}: ${found.rule}` : null;
    },
    denied: (pack, code, msg) => (this.hooks.denied ? this.hooks.denied(pack, code, msg, this.corr) : this.log.warn({ pack }, `${code}: ${msg}`)),
  };

  private withCorr(fields: Record<string, unknown>): Record<string, unknown> {
    return this.corr ? { ...fields, corr: this.corr } : fields;
  }

  private tx(): WorldTransaction {
    return new WorldTransaction({ state: this.state, newId: () => this.newId(), now: this.clock });
  }

  /** The online character a timer's payload names as `actor`, if any. */
  private timerActor(payload: unknown): ActorInfo | null {
    const id = payload && typeof payload === 'object' ? (payload as Record<string, unknown>)['actor'] : undefined;
    if (typeof id !== 'string' || this.state.get(id, 'kind') !== 'character' || !this.state.online.has(id)) return null;
    return this.actor(id);
  }

  private actor(charId: string): ActorInfo | null {
    const name = this.state.get(charId, 'name');
    if (typeof name !== 'string') return null;
    const location = this.state.get(charId, 'location');
    return { id: charId, name, location: typeof location === 'string' ? location : null };
  }

  private result(reqId: number, tx: WorldTransaction, failure?: Omit<Failure, 'tell'>): WorldResult {
    this.timerQuota.applied(tx.timersAdded, this.firedPack);
    this.firedPack = null;
    return {
      reqId,
      events: tx.events,
      changes: tx.changes(),
      deliveries: tx.deliveries,
      timersAdded: tx.timersAdded,
      timersFired: tx.timersFired,
      calls: this.calls,
      ...(this.faults.length ? { faults: this.faults } : {}),
      ...(failure ? { failure: { code: failure.code, message: failure.message, ...(failure.pack ? { pack: failure.pack } : {}) } } : {}),
    };
  }
}

/** What a subscriber's myriad_event receives (docs/abi.md). */
function eventInput(event: NewEvent): string {
  return JSON.stringify({ id: event.id, type: event.type, stream: event.stream, actor: event.actor, payload: event.payload });
}

function orList(words: readonly string[]): string {
  const quoted = words.map((w) => `"${w}"`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}
