/**
 * The pack test harness: the real `.wasm` of your pack (and any others it plays
 * with) in the engine's real world — loader checks, host functions, capability
 * and schema checks, transactions, subscribers — scripted from a Node test, with
 * the clock in the test's hands. No sockets, no database: a command costs
 * microseconds.
 *
 *   import { packWorld } from "<sdk>/tooling/harness.ts";
 *   const w = await packWorld({ pack: packDir, packs: ["rooms"] });
 *   const out = await w.command("Alice", "hello");
 *   assert.match(out.text, /Hello, Alice/);
 *   assert.equal(out.events[0]?.type, "greet.greeted");
 *   assert.equal(w.get(w.idOf("Alice"), "greet.count"), 1);
 *
 * Packs are found next to `pack`, in `dirs`, then among the engine's first-party
 * packs. Unless `settings` say otherwise, every pack is granted exactly what its
 * manifest asks for (capabilities and limits): the harness tests your pack's
 * behaviour; what an operator grants is the server's business. `myriad pack test`
 * builds the pack and runs its test/*.test.ts with this harness.
 */
import path from 'node:path';
import { DEFAULTS, type Config } from '../../engine/config/defaults.ts';
import { collectingLog } from '../../engine/logger.ts';
import { plainText, type OutputMessage } from '../../engine/output/message.ts';
import { buildableComponents, requested } from '../../engine/packs/capabilities.ts';
import { findPack, loadPacks } from '../../engine/packs/loader.ts';
import { readManifest } from '../../engine/packs/manifest.ts';
import { PackInstance } from '../../engine/world/pack-runtime/runtime.ts';
import type { NewEvent, TimerRow } from '../../engine/store/types.ts';
import type { WorldRequest, WorldResult } from '../../engine/world/protocol.ts';
import { WorldState } from '../../engine/world/state.ts';
import { STATE_EVENT_TYPES, applyEvent, type ComponentState } from '../../engine/store/rebuild.ts';
import { World } from '../../engine/world/world.ts';

type Settings = Config['packs']['settings'];

export interface PackWorldOptions {
  /** Directory of the pack under test; it is enabled, and its parent directory searched for other packs. */
  readonly pack?: string;
  /** More packs to enable, by name (dependencies first is not needed: the loader orders them). */
  readonly packs?: readonly string[];
  /** More directories to search for packs. */
  readonly dirs?: readonly string[];
  /** Operator settings per pack (grants, limits, config). Default: what each manifest asks for. */
  readonly settings?: Settings;
  /** verb → pack, when two packs register the same verb. */
  readonly precedence?: Readonly<Record<string, string>>;
  /** Seed of the packs' randomness (same seed, same commands: same outcomes). Default 1. */
  readonly seed?: number;
  /** World time at the start, ms since the epoch. Default 2025-01-01T00:00:00Z. */
  readonly startMs?: number;
}

/** What one command did. */
export interface CommandOutput {
  /** What the actor was shown, as plain text (lines joined with "\n"), without the prompt. */
  readonly text: string;
  /** The prompt shown after the command (a pack's `myriad_prompt`), or null. */
  readonly prompt: string | null;
  /** What the actor was shown, as structured messages. */
  readonly messages: readonly OutputMessage[];
  /** The events the command committed (none if it failed: a failure commits nothing). */
  readonly events: readonly NewEvent[];
  /** Set when the command failed and was rolled back: the pack's fail(), a trap, a budget, a schema violation. */
  readonly failure: WorldResult['failure'] | null;
}

const DEFAULT_START_MS = Date.UTC(2025, 0, 1);

export async function packWorld(opts: PackWorldOptions = {}): Promise<PackWorld> {
  const dirs = [...(opts.pack ? [path.dirname(path.resolve(opts.pack))] : []), ...(opts.dirs ?? []).map((d) => path.resolve(d))];
  const names = [...(opts.pack ? [readManifest(path.resolve(opts.pack), path.basename(path.resolve(opts.pack))).name] : []), ...(opts.packs ?? [])];
  const base = structuredClone(DEFAULTS);
  const config: Config = {
    ...base,
    packs: { ...base.packs, enabled: [...new Set(names)], dirs, precedence: { ...opts.precedence }, settings: {} },
    configFile: null,
  };
  const settings: Settings = {};
  for (const name of config.packs.enabled) {
    const { manifest } = findPack(name, config);
    settings[name] = { grants: requested(manifest) as Record<string, unknown>, ...(manifest.limits ? { limits: manifest.limits } : {}), ...opts.settings?.[name] };
  }
  const specs = loadPacks({ ...config, packs: { ...config.packs, settings } });
  const packs: PackInstance[] = [];
  const buildable = buildableComponents(specs.map((s) => s.manifest));
  for (const spec of specs) packs.push(await PackInstance.create(spec, buildable));
  return PackWorld.start(specs, packs, { ...config.packs.precedence }, opts.seed ?? 1, opts.startMs ?? DEFAULT_START_MS);
}

export class PackWorld {
  /** World time in ms, as packs see it through now(). Moved by advance() and tick(). */
  now: number;
  /** Every committed event, in order. */
  readonly events: NewEvent[] = [];
  /** Log lines from the packs and the engine: `<level> <pack>: <message>`. */
  readonly logs: string[] = [];
  /** Timers scheduled and not yet fired. */
  readonly timers: TimerRow[] = [];
  private readonly output = new Map<string, OutputMessage[]>();
  private readonly ids = new Map<string, string>();
  private reqId = 1;
  private tickNo = 0;
  private world!: World;

  private constructor(
    private readonly specs: ReturnType<typeof loadPacks>,
    private packs: readonly PackInstance[],
    private readonly precedence: Record<string, string>,
    private readonly seed: number,
    startMs: number,
  ) {
    this.now = startMs;
  }

  /** @internal use packWorld() */
  static async start(specs: ReturnType<typeof loadPacks>, packs: readonly PackInstance[], precedence: Record<string, string>, seed: number, startMs: number): Promise<PackWorld> {
    const w = new PackWorld(specs, packs, precedence, seed, startMs);
    w.world = w.makeWorld(new WorldState());
    const upgraded = await w.world.upgrade();
    for (const r of [...upgraded.results, ...(await w.world.seed())]) w.absorb(r);
    return w;
  }

  private makeWorld(state: WorldState): World {
    const log = collectingLog((level, fields, msg) => void this.logs.push(`${level} ${String(fields['pack'] ?? 'engine')}: ${msg}`));
    return new World(state, this.packs, null, { log }, this.seed, () => this.now, { precedence: this.precedence });
  }

  /**
   * A restart, as a server does one: the packs' instances are thrown away (nothing
   * a pack kept in memory survives) and the world state is rebuilt from the
   * committed events alone (engine/store/rebuild.ts's applyEvent, what a rebuild
   * from the event log does), then upgraded and seeded as at start-up. Pending timers survive, as stored timers do;
   * characters who were online come back online (they reconnect).
   */
  async restart(): Promise<void> {
    const online = [...this.state.online];
    const rebuilt: ComponentState = new Map();
    for (const e of this.events) if (STATE_EVENT_TYPES.includes(e.type)) applyEvent(rebuilt, e);
    const rows: Array<[string, string, unknown]> = [];
    for (const [entity, comps] of rebuilt) for (const [key, value] of comps) rows.push([entity, key, value]);
    for (const p of this.packs) await p.close();
    const packs: PackInstance[] = [];
    const buildable = buildableComponents(this.specs.map((s) => s.manifest));
    for (const spec of this.specs) packs.push(await PackInstance.create(spec, buildable));
    this.packs = packs;
    this.world = this.makeWorld(WorldState.fromSnapshot(rows));
    const upgraded = await this.world.upgrade();
    for (const r of [...upgraded.results, ...(await this.world.seed())]) this.absorb(r);
    for (const id of online) this.absorb(await this.run({ kind: 'session', charId: id, online: true, corr: 'test' }));
  }

  get state(): WorldState {
    return this.world.state;
  }

  /**
   * The id of a character, creating it (engine.character_created, which packs
   * such as rooms use to place it) and bringing it online the first time.
   */
  async character(name: string): Promise<string> {
    const known = this.ids.get(name);
    if (known) return known;
    const id = `char-${name.toLowerCase().replace(/[^a-z0-9_-]/g, '-')}`;
    this.ids.set(name, id);
    this.absorb(await this.run({ kind: 'spawn-character', charId: id, name, corr: 'test' }));
    this.absorb(await this.run({ kind: 'session', charId: id, online: true, corr: 'test' }));
    return id;
  }

  /** Take a character out of the game (its last connection closed), or bring it back. */
  async setOnline(name: string, online: boolean): Promise<void> {
    this.absorb(await this.run({ kind: 'session', charId: this.idOf(name), online, corr: 'test' }));
  }

  /** The id of a character created with character() or command(). */
  idOf(name: string): string {
    const id = this.ids.get(name);
    if (!id) throw new Error(`no character "${name}" yet: call character("${name}") or command("${name}", …) first`);
    return id;
  }

  /** Run a command as a character (created on first use); `admin` / `builder`: the account's role. */
  async command(who: string, line: string, opts: { admin?: boolean; builder?: boolean } = {}): Promise<CommandOutput> {
    const id = await this.character(who);
    const before = (this.output.get(id) ?? []).length;
    const result = this.absorb(await this.run({ kind: 'command', charId: id, line, admin: opts.admin === true, ...(opts.builder ? { builder: true } : {}), corr: 'test' }));
    const messages = (this.output.get(id) ?? []).slice(before);
    const prompts = messages.filter((m) => m.kind === 'prompt');
    // Data-only messages (GMCP such as Char.Items.Add, no text) are not part of what the actor read.
    const text = messages
      .filter((m) => m.kind !== 'prompt' && (m.spans.length > 0 || m.data === undefined))
      .map(plainText)
      .join('\n');
    return { text, prompt: prompts.length ? plainText(prompts.at(-1)!) : null, messages, events: result.failure ? [] : result.events, failure: result.failure ?? null };
  }

  /** Everything a character has been shown so far, one entry per message (not prompts, not data-only GMCP: see gmcp()). */
  seen(who: string): string[] {
    return (this.output.get(this.idOf(who)) ?? []).filter((m) => m.kind !== 'prompt' && (m.spans.length > 0 || m.data === undefined)).map(plainText);
  }

  /** The GMCP a character was sent (data messages), in order; only package `pkg`'s when given. */
  gmcp(who: string, pkg?: string): Array<{ readonly package: string; readonly value: unknown }> {
    const all = (this.output.get(this.idOf(who)) ?? []).flatMap((m) => (m.data ? [m.data] : []));
    return pkg === undefined ? all : all.filter((d) => d.package === pkg);
  }

  /** Deliver `count` world.tick events ({tick, dtMs, now}), moving the clock by dtMs each. */
  async tick(count = 1, dtMs = 100): Promise<WorldResult[]> {
    const results: WorldResult[] = [];
    for (let i = 0; i < count; i++) {
      this.now += dtMs;
      results.push(this.absorb(await this.run({ kind: 'tick', tick: ++this.tickNo, dtMs, now: this.now, corr: 'test' })));
    }
    return results;
  }

  /** Move the clock forward, firing every timer that falls due, each at its due time, in order. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      this.timers.sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1));
      const next = this.timers[0];
      if (!next || next.dueAt > end) break;
      this.now = Math.max(this.now, next.dueAt);
      this.absorb(await this.run({ kind: 'timer', timer: next, corr: 'test' }));
    }
    this.now = end;
  }

  /** A component's committed value. */
  get<T = unknown>(entity: string, key: string): T | undefined {
    return this.state.get(entity, key) as T | undefined;
  }

  /** Payloads of the committed events of one type. */
  payloads<T = Record<string, unknown>>(type: string): T[] {
    return this.events.filter((e) => e.type === type).map((e) => e.payload as T);
  }

  async close(): Promise<void> {
    for (const p of this.packs) await p.close();
  }

  private run(body: WorldRequest extends infer R ? (R extends WorldRequest ? Omit<R, 'reqId'> : never) : never): Promise<WorldResult> {
    return this.world.handle({ ...body, reqId: this.reqId++ } as WorldRequest);
  }

  private absorb(r: WorldResult): WorldResult {
    this.events.push(...r.events);
    this.timers.push(...r.timersAdded);
    for (const id of r.timersFired) {
      const i = this.timers.findIndex((t) => t.id === id);
      if (i >= 0) this.timers.splice(i, 1);
    }
    for (const d of r.deliveries) {
      const list = this.output.get(d.to) ?? [];
      list.push(d.msg);
      this.output.set(d.to, list);
    }
    return r;
  }
}
