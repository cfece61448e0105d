/**
 * The world: applies requests (commands, new characters, sessions, timers, ticks)
 * to the state by calling packs, one request = one transaction. A pack call that
 * fails, traps or exceeds a budget rolls its whole request back; the world goes on.
 */
import { monotonicFactory } from 'ulidx';
import { textMessage, type OutputMessage, type Span } from '../output/message.ts';
import { CallScope, type ActorInfo, type ScopeEnv } from '../packs/call-scope.ts';
import type { PackInstance, PackExport } from '../packs/runtime.ts';
import type { NewEvent, TimerRow } from '../store/types.ts';
import type { CommandInfo, PackCallTiming, WorldRequest, WorldResult } from './protocol.ts';
import { Router } from './router.ts';
import type { WorldState } from './state.ts';
import { WorldTransaction, type Cause } from './transaction.ts';
import type { WatchWriter } from './watch.ts';
import { Random } from './random.ts';

/** Subscriber calls one request may trigger: stops event ping-pong between packs. */
const MAX_CASCADE_CALLS = 64;
/** The entity holding world-level engine components (which packs seeded it). */
export const WORLD_ENTITY = 'world';

export interface WorldHooks {
  log(level: 'info' | 'warn' | 'error', msg: string, pack?: string, corr?: string): void;
}

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
  private readonly newId = monotonicFactory();
  private readonly random: Random;
  private corr = '';
  /** Pack calls of the current request, returned with its result. */
  private calls: PackCallTiming[] = [];

  constructor(
    readonly state: WorldState,
    readonly packs: readonly PackInstance[],
    private readonly watch: WatchWriter | null,
    private readonly hooks: WorldHooks,
    seed: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.random = new Random(seed);
    const commands: CommandInfo[] = [];
    packs.forEach((pack, i) => {
      this.packIndex.set(pack, i);
      const m = pack.spec.manifest;
      for (const c of m.commands ?? []) {
        commands.push({ verb: c.verb, aliases: c.aliases ?? [], help: c.help, usage: c.usage ?? c.verb, pack: m.name, admin: (c as { admin?: boolean }).admin === true });
      }
      for (const type of m.events?.subscribes ?? []) {
        if (!(pack.spec.grants.subscribe ?? []).includes(type)) continue;
        const list = this.subscribers.get(type) ?? [];
        list.push(pack);
        this.subscribers.set(type, list);
      }
    });
    this.router = new Router(commands);
  }

  /** Seed every pack that has a world file and has not seeded this world yet. */
  async seed(): Promise<WorldResult[]> {
    const results: WorldResult[] = [];
    for (const pack of this.packs) {
      const seeded = (this.state.get(WORLD_ENTITY, 'engine.seeded') as string[] | undefined) ?? [];
      if (pack.spec.world === null || pack.spec.world === undefined || !pack.hasExport('myriad_seed') || seeded.includes(pack.name)) continue;
      const tx = this.tx();
      this.calls = [];
      const cause: Cause = { actor: { kind: 'system', id: 'seed' }, pack: pack.name, packVersion: pack.info.version };
      const failure = await this.callPack(pack, 'myriad_seed', JSON.stringify(pack.spec.world), tx, cause, null, -1);
      if (failure) {
        this.hooks.log('error', `seeding failed: ${failure.message}`, pack.name);
        results.push(this.result(-1, tx, failure));
        continue;
      }
      tx.setComponent(WORLD_ENTITY, 'engine.seeded', [...seeded, pack.name], { actor: { kind: 'system', id: 'seed' }, pack: null, packVersion: null });
      results.push(this.result(-1, tx));
      this.hooks.log('info', `seeded the world`, pack.name);
    }
    return results;
  }

  async handle(req: WorldRequest): Promise<WorldResult> {
    this.corr = req.corr;
    this.calls = [];
    switch (req.kind) {
      case 'command':
        return this.command(req.reqId, req.charId, req.line, req.admin);
      case 'spawn-character':
        return this.spawnCharacter(req.reqId, req.charId, req.name);
      case 'session':
        return this.session(req.reqId, req.charId, req.online);
      case 'timer':
        return this.timer(req.reqId, req.timer);
      case 'tick':
        return this.result(req.reqId, this.tx());
    }
  }

  private async command(reqId: number, charId: string, line: string, admin: boolean): Promise<WorldResult> {
    const tx = this.tx();
    const route = this.router.resolve(line);
    switch (route.kind) {
      case 'empty':
        return this.result(reqId, tx);
      case 'help':
        tx.deliver(charId, this.help(route.args, admin));
        return this.result(reqId, tx);
      case 'ambiguous':
        tx.deliver(charId, textMessage('error', `"${route.word}" could mean ${orList(route.candidates)}. Which one?`, 'error'));
        return this.result(reqId, tx);
      case 'unknown': {
        const hint = route.suggestions.length ? ` Did you mean ${orList(route.suggestions)}?` : ' Type "help" for a list of commands.';
        tx.deliver(charId, textMessage('error', `Unknown command "${route.word}".${hint}`, 'error'));
        return this.result(reqId, tx);
      }
      case 'command':
        break;
    }
    const { command, args } = route;
    if (command.admin && !admin) {
      tx.deliver(charId, textMessage('error', `Only admins may use "${command.verb}".`, 'error'));
      return this.result(reqId, tx);
    }
    const pack = this.packs.find((p) => p.name === command.pack);
    const actor = this.actor(charId);
    if (!pack || !actor) {
      tx.deliver(charId, textMessage('error', 'You are not in the world right now.', 'error'));
      return this.result(reqId, tx);
    }
    const cause: Cause = { actor: { kind: 'character', id: charId }, pack: pack.name, packVersion: pack.info.version };
    const input = JSON.stringify({ verb: command.verb, args, line, actor });
    const failure = await this.callPack(pack, 'myriad_command', input, tx, cause, actor, reqId);
    if (failure) {
      tx.rollback();
      tx.deliver(charId, failure.tell);
      return this.result(reqId, tx, failure);
    }
    return this.result(reqId, tx);
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
    if (online) this.state.online.add(charId);
    else this.state.online.delete(charId);
    const name = (this.state.get(charId, 'name') as string | undefined) ?? '';
    const cause: Cause = { actor: { kind: 'character', id: charId }, pack: null, packVersion: null };
    const type = online ? 'engine.session_started' : 'engine.session_ended';
    const event = tx.emit({ type, stream: `char:${charId}`, payload: { id: charId, name } }, cause);
    const failure = await this.dispatch([event], tx, this.actor(charId), reqId);
    if (failure) tx.rollback(); // presence itself stands: it is a fact about sockets, not game state
    return this.result(reqId, tx, failure ?? undefined);
  }

  private async timer(reqId: number, timer: TimerRow): Promise<WorldResult> {
    const tx = this.tx();
    tx.timersFired.push(timer.id);
    const pack = this.packs.find((p) => p.name === timer.pack);
    if (!pack) return this.result(reqId, tx); // the pack was removed: the timer is consumed
    const cause: Cause = { actor: { kind: 'pack', id: pack.name }, pack: pack.name, packVersion: pack.info.version };
    const event = tx.emit({ type: timer.type, stream: `pack:${pack.name}`, payload: timer.payload }, cause);
    const input = JSON.stringify({ id: event.id, type: event.type, stream: event.stream, actor: event.actor, payload: event.payload });
    const failure = await this.callPack(pack, 'myriad_event', input, tx, cause, null, reqId);
    if (failure) {
      tx.rollback();
      tx.timersFired.push(timer.id); // a failing timer is consumed, not retried forever
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
    const failure = await this.invoke(pack, fn, input, tx, cause, actor, reqId);
    if (failure) return failure;
    return this.dispatch(tx.events.slice(firstNew), tx, actor, reqId);
  }

  private async dispatch(initial: NewEvent[], tx: WorldTransaction, actor: ActorInfo | null, reqId: number): Promise<Failure | null> {
    const queue = [...initial];
    let calls = 0;
    while (queue.length) {
      const event = queue.shift()!;
      const subs = this.subscribers.get(event.type);
      if (!subs) continue;
      const input = JSON.stringify({ id: event.id, type: event.type, stream: event.stream, actor: event.actor, payload: event.payload });
      for (const pack of subs) {
        if (++calls > MAX_CASCADE_CALLS) {
          return this.failure('PACK_CASCADE', pack.name, `more than ${MAX_CASCADE_CALLS} event deliveries in one request`);
        }
        const before = tx.events.length;
        const cause: Cause = { actor: event.actor, pack: pack.name, packVersion: pack.info.version };
        const failure = await this.invoke(pack, 'myriad_event', input, tx, cause, actor, reqId);
        if (failure) return failure;
        queue.push(...tx.events.slice(before));
      }
    }
    return null;
  }

  private async invoke(pack: PackInstance, fn: PackExport, input: string, tx: WorldTransaction, cause: Cause, actor: ActorInfo | null, reqId: number): Promise<Failure | null> {
    const scope = new CallScope(pack.info, tx, cause, actor, this.scopeEnv);
    this.watch?.begin(this.packIndex.get(pack) ?? -1, reqId);
    let outcome;
    const t0 = performance.now();
    try {
      outcome = await pack.call(fn, input, scope);
    } finally {
      this.watch?.end();
      this.calls.push({ pack: pack.name, fn, ms: performance.now() - t0 });
    }
    if (outcome.ok) return null;
    if (outcome.kind === 'fail') {
      return { code: outcome.code, pack: pack.name, message: outcome.message, tell: textMessage('error', outcome.message || 'That did not work.', 'error') };
    }
    this.hooks.log('error', `${fn} ${outcome.kind}: ${outcome.message}`, pack.name, this.corr);
    return this.failure(outcome.code, pack.name, outcome.message);
  }

  private failure(code: string, pack: string, message: string): Failure {
    return { code, pack, message, tell: textMessage('error', `Something went wrong in the ${pack} pack; your command was not run.`, 'error') };
  }

  private readonly scopeEnv: ScopeEnv = {
    random: () => this.random.nextU64(),
    now: () => this.clock(),
    newId: () => this.newId(),
    log: (pack, level, msg) => this.hooks.log(level, msg, pack, this.corr),
    denied: (pack, code, msg) => this.hooks.log('warn', `${code}: ${msg}`, pack, this.corr),
  };

  private tx(): WorldTransaction {
    return new WorldTransaction({ state: this.state, newId: () => this.newId(), now: this.clock });
  }

  private actor(charId: string): ActorInfo | null {
    const name = this.state.get(charId, 'name');
    if (typeof name !== 'string') return null;
    const location = this.state.get(charId, 'location');
    return { id: charId, name, location: typeof location === 'string' ? location : null };
  }

  private result(reqId: number, tx: WorldTransaction, failure?: Failure): WorldResult {
    return {
      reqId,
      events: tx.events,
      changes: tx.changes(),
      deliveries: tx.deliveries,
      timersAdded: tx.timersAdded,
      timersFired: tx.timersFired,
      calls: this.calls,
      ...(failure ? { failure: { code: failure.code, message: failure.message, ...(failure.pack ? { pack: failure.pack } : {}) } } : {}),
    };
  }

  private help(args: string, admin: boolean): OutputMessage {
    const visible = this.router.commands.filter((c) => admin || !c.admin);
    if (args) {
      const word = args.toLowerCase();
      const c = visible.find((x) => x.verb === word || x.aliases.includes(word));
      if (!c) return textMessage('error', `No help for "${args}". Type "help" for the list of commands.`, 'error');
      const aliases = c.aliases.length ? ` (also: ${c.aliases.join(', ')})` : '';
      return { kind: 'help', spans: [{ text: c.usage, style: 'emphasis' }, { text: `${aliases}\n${c.help}` }] };
    }
    const width = Math.max(4, ...visible.map((c) => c.verb.length));
    const spans: Span[] = [{ text: 'Commands', style: 'emphasis' }, { text: ' (type "help <command>" for more):' }];
    const line = (verb: string, help: string): Span => ({ text: `\n  ${verb.padEnd(width)}  ${help}` });
    for (const c of [...visible].sort((a, b) => a.verb.localeCompare(b.verb))) {
      spans.push(line(c.verb, c.help + (c.aliases.length ? ` [${c.aliases.join(', ')}]` : '')));
    }
    spans.push(line('help', 'This list, or help on one command.'));
    spans.push(line('quit', 'Leave the game (your character stays where it is).'));
    return { kind: 'help', spans };
  }
}

function orList(words: readonly string[]): string {
  const quoted = words.map((w) => `"${w}"`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

