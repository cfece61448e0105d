/**
 * Gameplay packs in-process, against the real pack runtime (Extism, host
 * functions, transactions, subscribers) with the clock in the test's hands:
 * `advance(ms)` moves world time forward and fires the timers that fall due, in
 * order, each at its due time. No sockets, no database: a command costs
 * microseconds, so a test can play a game-year.
 */
import { collectingLog } from '../../engine/logger.ts';
import { DEFAULTS, type Config } from '../../engine/config/defaults.ts';
import { loadPacks } from '../../engine/packs/loader.ts';
import { PackInstance } from '../../engine/world/pack-runtime/runtime.ts';
import type { OutputMessage } from '../../engine/output/message.ts';
import type { NewEvent, TimerRow } from '../../engine/store/types.ts';
import type { WorldResult } from '../../engine/world/protocol.ts';
import { WorldState } from '../../engine/world/state.ts';
import { World } from '../../engine/world/world.ts';
import { testConfig } from './server.ts';

export interface PackWorldOptions {
  readonly packs: readonly string[];
  readonly settings?: Config['packs']['settings'];
  /** World seed (randomness). */
  readonly seed?: number;
  /** Real time the world starts at (ms since the epoch). */
  readonly startMs?: number;
}

export class PackWorld {
  /** World time (ms) as the packs see it through myriad_now. */
  now: number;
  readonly timers: TimerRow[] = [];
  /** Every committed event, in order. */
  readonly events: NewEvent[] = [];
  /** Output per character id, as plain text lines. */
  private readonly output = new Map<string, string[]>();
  /** Output per character id, as messages (spans and data). */
  readonly messages = new Map<string, OutputMessage[]>();
  readonly failures: Array<NonNullable<WorldResult['failure']>> = [];
  readonly logs: string[] = [];
  private reqId = 1;
  private charSeq = 0;

  private constructor(
    readonly world: World,
    readonly packs: readonly PackInstance[],
    startMs: number,
  ) {
    this.now = startMs;
  }

  static async start(opts: PackWorldOptions): Promise<PackWorld> {
    const config = testConfig({ packs: opts.packs, ...(opts.settings ? { settings: opts.settings } : {}) });
    const specs = loadPacks(config);
    const packs: PackInstance[] = [];
    for (const spec of specs) packs.push(await PackInstance.create(spec));
    const holder: { pw: PackWorld | null } = { pw: null };
    const world = new World(new WorldState(), packs, null, { log: collectingLog((level, fields, msg) => void holder.pw?.logs.push(`${level} ${String(fields['pack'] ?? '')}: ${msg}`)) }, opts.seed ?? DEFAULTS.world.seed, () => holder.pw!.now);
    const pw = new PackWorld(world, packs, opts.startMs ?? Date.UTC(2025, 0, 1));
    holder.pw = pw;
    for (const r of await world.seed()) pw.absorb(r);
    return pw;
  }

  get state(): WorldState {
    return this.world.state;
  }

  async close(): Promise<void> {
    for (const p of this.packs) await p.close();
  }

  /** Create a character (engine.character_created) and bring it online (engine.session_started). */
  async createCharacter(name: string): Promise<string> {
    const id = `char${String(++this.charSeq).padStart(4, '0')}`;
    this.absorb(await this.world.handle({ kind: 'spawn-character', reqId: this.reqId++, charId: id, name, corr: 'test' }));
    await this.session(id, true);
    return id;
  }

  async session(charId: string, online: boolean): Promise<WorldResult> {
    return this.absorb(await this.world.handle({ kind: 'session', reqId: this.reqId++, charId, online, corr: 'test' }));
  }

  /** Run a command; returns the text it showed the actor (lines joined by \n). */
  async command(charId: string, line: string, admin = false): Promise<string> {
    const before = this.lines(charId).length;
    this.absorb(await this.world.handle({ kind: 'command', reqId: this.reqId++, charId, line, admin, corr: 'test' }));
    return this.lines(charId).slice(before).join('\n');
  }

  /** Move world time forward by `ms`, firing each timer that falls due at its due time. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      this.timers.sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1));
      const next = this.timers[0];
      if (!next || next.dueAt > end) break;
      this.timers.shift();
      this.now = Math.max(this.now, next.dueAt);
      this.absorb(await this.world.handle({ kind: 'timer', reqId: this.reqId++, timer: next, corr: 'test' }));
    }
    this.now = end;
  }

  lines(charId: string): string[] {
    return this.output.get(charId) ?? [];
  }

  /** Committed events of a type (payloads). */
  payloads<T = Record<string, unknown>>(type: string): T[] {
    return this.events.filter((e) => e.type === type).map((e) => e.payload as T);
  }

  component<T = unknown>(entity: string, key: string): T {
    return this.state.get(entity, key) as T;
  }

  private absorb(r: WorldResult): WorldResult {
    if (r.failure) this.failures.push(r.failure);
    this.events.push(...r.events);
    for (const t of r.timersAdded) this.timers.push(t);
    for (const id of r.timersFired) {
      const i = this.timers.findIndex((t) => t.id === id);
      if (i >= 0) this.timers.splice(i, 1);
    }
    for (const d of r.deliveries) {
      const list = this.output.get(d.to) ?? [];
      list.push(
        ...d.msg.spans
          .map((s) => s.text)
          .join('')
          .split('\n'),
      );
      this.output.set(d.to, list);
      const msgs = this.messages.get(d.to) ?? [];
      msgs.push(d.msg);
      this.messages.set(d.to, msgs);
    }
    return r;
  }
}
