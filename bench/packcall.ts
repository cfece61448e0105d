/**
 * Pack call cost, in-process (no worker, no sockets, no database):
 *
 * - one `myriad_command` call of the bench pack with 0, 2 and 10 host calls
 *   (myriad_get), timed at two levels: `PackInstance.call` alone, and
 *   `World.handle` (routing, input JSON, transaction, result);
 * - event fan-out: the bench pack emits `bench.ping` and 0, 1, 5 or 20 packs
 *   subscribed to it each get a `myriad_event` call (same transaction);
 * - the first-party packs' commands (look, say, pose, walk) through World.handle;
 * - each against a plain JavaScript function doing the same work (parse the
 *   input, read the same components / parse the event per subscriber): the ratio
 *   is the figure, both measured in the same process, interleaved.
 *
 *   npx tsx bench/packcall.ts [tiny|full]
 */
import { silentLog } from '../engine/logger.ts';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { monotonicFactory } from 'ulidx';
import { DEFAULTS, type Config } from '../engine/config/defaults.ts';
import { CallScope, type ScopeEnv } from '../engine/world/pack-runtime/call-scope.ts';
import { requested } from '../engine/packs/capabilities.ts';
import { loadPacks } from '../engine/packs/loader.ts';
import { readManifest } from '../engine/packs/manifest.ts';
import { PackInstance } from '../engine/world/pack-runtime/runtime.ts';
import type { LoadedPackSpec } from '../engine/packs/types.ts';
import type { WorldRequest } from '../engine/world/protocol.ts';
import { WorldState } from '../engine/world/state.ts';
import { WorldTransaction } from '../engine/world/transaction.ts';
import { WATCH_BYTES, WatchWriter } from '../engine/world/watch.ts';
import { World } from '../engine/world/world.ts';
import { BENCH_PACKS_DIR, ensureBenchPack, ensureFirstPartyPacks } from './lib/packs.ts';
import type { BenchContext, BenchFn, Goal, Row, Size } from './lib/result.ts';
import { fmt } from './lib/result.ts';
import { median, summarize, type Summary } from './lib/stats.ts';

const SIZES = {
  tiny: { warmup: 100, rounds: 3, perRound: 200 },
  full: { warmup: 2_000, rounds: 7, perRound: 3_000 },
} as const;

const ROOM = '01BENCHROOM0000000000000000';
const CHAR = '01BENCHCHAR0000000000000000';
const newId = monotonicFactory();

/** Timings in µs of one case: per-call samples over all rounds, and each round's mean. */
export interface CaseTiming {
  readonly name: string;
  readonly us: Summary;
  /** Median of the per-round means (µs): robust to one noisy round. */
  readonly meanUs: number;
  readonly roundMeansUs: readonly number[];
}

type Case = { readonly name: string; readonly run: () => unknown };

/**
 * Run the cases interleaved round by round (case A round 1, case B round 1, …), so
 * a burst of load from another process hits every case alike: ratios stay fair.
 */
async function timeCases(cases: readonly Case[], size: Size, progress: (m: string) => void): Promise<Map<string, CaseTiming>> {
  const { warmup, rounds, perRound } = SIZES[size];
  const samples = new Map(cases.map((c) => [c.name, [] as number[]]));
  const roundMeans = new Map(cases.map((c) => [c.name, [] as number[]]));
  for (const c of cases) for (let i = 0; i < warmup; i++) await c.run();
  for (let r = 0; r < rounds; r++) {
    progress(`pack call: round ${r + 1}/${rounds}`);
    for (const c of cases) {
      const out = samples.get(c.name)!;
      let total = 0;
      for (let i = 0; i < perRound; i++) {
        const t0 = performance.now();
        await c.run();
        const dt = (performance.now() - t0) * 1000;
        out.push(dt);
        total += dt;
      }
      roundMeans.get(c.name)!.push(total / perRound);
    }
  }
  const result = new Map<string, CaseTiming>();
  for (const c of cases) {
    const means = roundMeans.get(c.name)!;
    result.set(c.name, { name: c.name, us: summarize(samples.get(c.name)!), meanUs: median(means), roundMeansUs: means });
  }
  return result;
}

function baseConfig(): Config {
  const d = structuredClone(DEFAULTS);
  return { ...d, packs: { ...d.packs, enabled: ['rooms', 'social', 'bench'], dirs: [BENCH_PACKS_DIR] }, log: { level: 'silent', pretty: false }, configFile: null };
}

/** The bench pack's spec through the real loader; a third-party pack gets exactly its grants: grant what it asks. */
function benchSpec(): LoadedPackSpec {
  const config = baseConfig();
  const manifest = readManifest(path.join(BENCH_PACKS_DIR, 'bench'), 'bench');
  config.packs.enabled = ['bench'];
  config.packs.settings = { bench: { grants: requested(manifest) as Record<string, unknown> } };
  return loadPacks(config)[0]!;
}

/** The emitter: the bench pack with its commands, not subscribed to its own event. */
function emitterSpec(spec: LoadedPackSpec): LoadedPackSpec {
  return {
    ...spec,
    manifest: { ...spec.manifest, events: { emits: ['bench.ping'], subscribes: [] } },
    grants: { emit: ['bench.ping'] },
  };
}

/** Subscriber i: the same module under another name, no commands, subscribed to bench.ping. */
function subscriberSpec(spec: LoadedPackSpec, i: number): LoadedPackSpec {
  return {
    ...spec,
    manifest: { ...spec.manifest, name: `bench-sub-${i}`, commands: [], events: { emits: [], subscribes: ['bench.ping'] } },
    grants: { subscribe: ['bench.ping'] },
  };
}

function benchState(): WorldState {
  const state = WorldState.fromSnapshot([
    [ROOM, 'name', 'The Bench'],
    [ROOM, 'kind', 'room'],
    [CHAR, 'name', 'Alice'],
    [CHAR, 'kind', 'character'],
    [CHAR, 'location', ROOM],
  ]);
  state.online.add(CHAR);
  return state;
}

const quietHooks = { log: silentLog };

function world(state: WorldState, packs: PackInstance[]): World {
  return new World(state, packs, new WatchWriter(new SharedArrayBuffer(WATCH_BYTES)), quietHooks, 1);
}

let reqId = 1;
function command(line: string, charId = CHAR): WorldRequest {
  return { kind: 'command', reqId: reqId++, charId, line, admin: false, corr: '' };
}

// --- the plain JavaScript equivalents ---------------------------------------

/** hN in JS: parse the command input, read the actor's name N times. */
function jsCommand(state: WorldState, input: string, n: number): number {
  const cmd = JSON.parse(input) as { actor: { id: string } };
  for (let i = 0; i < n; i++) if (state.get(cmd.actor.id, 'name') === undefined) return 1;
  return 0;
}

/** ping in JS: parse the input, emit an event, hand its JSON to every subscriber, each parses it. */
function jsFanout(input: string, subscribers: number): number {
  const cmd = JSON.parse(input) as { actor: { id: string; location: string } };
  const event = { id: newId(), type: 'bench.ping', stream: `room:${cmd.actor.location}`, actor: { kind: 'character', id: cmd.actor.id }, payload: { n: 1 } };
  const text = JSON.stringify({ id: event.id, type: event.type, stream: event.stream, actor: event.actor, payload: event.payload });
  let ok = 0;
  for (let i = 0; i < subscribers; i++) {
    const e = JSON.parse(text) as { type: string };
    if (e.type.length > 0) ok++;
  }
  return ok;
}

export interface PackCallRaw {
  readonly cases: Record<string, CaseTiming>;
}

export interface PackCallOptions {
  /** Run only the cases whose name matches (profiling). */
  readonly only?: RegExp;
  /** Replace a pack's wasm by name (profiling with a build that keeps function names). */
  readonly wasm?: Readonly<Record<string, Uint8Array<ArrayBuffer>>>;
}

export async function runPackCall(size: Size, progress: (m: string) => void = () => {}, options: PackCallOptions = {}): Promise<PackCallRaw> {
  const { only } = options;
  const swap = (s: LoadedPackSpec): LoadedPackSpec => (options.wasm?.[s.manifest.name] ? { ...s, wasm: options.wasm[s.manifest.name]! } : s);
  await ensureFirstPartyPacks(progress);
  await ensureBenchPack(progress);
  const spec = swap(benchSpec());
  const cases: Case[] = [];

  // 1. One call with 0 / 2 / 10 host calls: PackInstance.call, World.handle, JS.
  const state = benchState();
  const emitter = await PackInstance.create(emitterSpec(spec));
  const plainWorld = world(state, [emitter]);
  const env: ScopeEnv = { random: () => 4n, now: () => Date.now(), newId: () => newId(), log: silentLog, denied: () => undefined, scheduleTimer: () => null, checkComponent: () => null };
  const actor = { id: CHAR, name: 'Alice', location: ROOM };
  const cause = { actor: { kind: 'character' as const, id: CHAR }, pack: 'bench', packVersion: '0.1.0' };
  for (const n of [0, 2, 10]) {
    const verb = `h${n}`;
    const input = JSON.stringify({ verb, args: '', line: verb, actor });
    cases.push({
      name: `call.h${n}.pack`,
      run: async () => {
        const tx = new WorldTransaction({ state, newId, now: Date.now });
        const out = await emitter.call('myriad_command', input, new CallScope(emitter.info, tx, cause, actor, env));
        if (!out.ok) throw new Error(`${verb}: ${out.message}`);
      },
    });
    cases.push({
      name: `call.h${n}.world`,
      run: async () => {
        const r = await plainWorld.handle(command(verb));
        if (r.failure) throw new Error(`${verb}: ${r.failure.message}`);
      },
    });
    cases.push({ name: `call.h${n}.js`, run: () => jsCommand(state, input, n) });
  }

  // 2. Fan-out: ping emitted by the bench pack, delivered to K subscriber packs.
  for (const k of [0, 1, 5, 20]) {
    const s = benchState();
    const packs = [await PackInstance.create(emitterSpec(spec))];
    for (let i = 1; i <= k; i++) packs.push(await PackInstance.create(subscriberSpec(spec, i)));
    const w = world(s, packs);
    cases.push({
      name: `fanout.${k}.world`,
      run: async () => {
        const r = await w.handle(command('ping'));
        if (r.failure) throw new Error(`ping: ${r.failure.message}`);
      },
    });
    const input = JSON.stringify({ verb: 'ping', args: '', line: 'ping', actor });
    cases.push({ name: `fanout.${k}.js`, run: () => jsFanout(input, k) });
  }

  // 3. First-party packs through World.handle: what a real command costs in the world.
  const config = baseConfig();
  config.packs.enabled = ['rooms', 'social'];
  const specs = loadPacks(config).map(swap);
  const fpState = new WorldState();
  const fp = world(fpState, await Promise.all(specs.map((s) => PackInstance.create(s))));
  await fp.seed().then((results) => {
    // Seeding's writes are already in the state (the transaction applied them).
    if (results.some((r) => r.failure)) throw new Error('seeding the starter village failed');
  });
  const others = 9; // a room with ten characters online: says and looks list and reach them
  const chars = Array.from({ length: others + 1 }, (_, i) => `01BENCHCHARFP${String(i).padStart(14, '0')}`);
  for (const [i, id] of chars.entries()) {
    const r = await fp.handle({ kind: 'spawn-character', reqId: reqId++, charId: id, name: `Bencher${String.fromCharCode(97 + i)}`, corr: '' });
    if (r.failure) throw new Error(`spawn: ${r.failure.message}`);
    fpState.online.add(id);
  }
  const me = chars[0]!;
  let north = true;
  cases.push({ name: 'firstparty.look.world', run: () => fp.handle(command('look', me)) });
  cases.push({ name: 'firstparty.say.world', run: () => fp.handle(command('say hello there, how are you?', me)) });
  cases.push({ name: 'firstparty.pose.world', run: () => fp.handle(command('pose waves.', me)) });
  cases.push({
    name: 'firstparty.walk.world',
    run: async () => {
      const r = await fp.handle(command(north ? 'north' : 'south', me));
      north = !north;
      if (r.failure) throw new Error(`walk: ${r.failure.message}`);
    },
  });

  const timings = await timeCases(only ? cases.filter((c) => only.test(c.name)) : cases, size, progress);
  for (const p of [emitter]) await p.close();
  return { cases: Object.fromEntries(timings) };
}

export const packCallBench: BenchFn = async (ctx: BenchContext) => {
  const raw = await runPackCall(ctx.size, ctx.progress);
  const c = raw.cases;
  const p50 = (name: string): number => c[name]!.us.p50;
  const rows: Row[] = [];
  const ratio = (a: number, b: number): string => `${fmt(a / b, 2)}× JS`;
  for (const n of [0, 2, 10]) {
    const pack = c[`call.h${n}.pack`]!;
    rows.push({ metric: `pack call, ${n} host calls (PackInstance.call) p50`, value: Number(fmt(pack.us.p50)), unit: 'µs', note: `p99 ${fmt(pack.us.p99)} µs; ${ratio(pack.us.p50, p50(`call.h${n}.js`))} (${fmt(p50(`call.h${n}.js`))} µs)` });
    const w = c[`call.h${n}.world`]!;
    rows.push({ metric: `command with ${n} host calls (World.handle) p50`, value: Number(fmt(w.us.p50)), unit: 'µs', note: `p99 ${fmt(w.us.p99)} µs` });
  }
  const base = p50('fanout.0.world');
  const jsBase = p50('fanout.0.js');
  for (const k of [1, 5, 20]) {
    const total = p50(`fanout.${k}.world`);
    const delta = total - base;
    const jsDelta = p50(`fanout.${k}.js`) - jsBase;
    rows.push({ metric: `event fan-out to ${k} pack${k > 1 ? 's' : ''} p50`, value: Number(fmt(delta)), unit: 'µs', note: `command total ${fmt(total)} µs (0 subscribers: ${fmt(base)} µs); ${fmt(delta / k)} µs per subscriber; JS ${fmt(jsDelta)} µs (${fmt(delta / Math.max(jsDelta, 0.01), 2)}×)` });
  }
  for (const verb of ['look', 'say', 'pose', 'walk']) {
    const t = c[`firstparty.${verb}.world`]!;
    rows.push({ metric: `first-party ${verb} (World.handle) p50`, value: Number(fmt(t.us.p50)), unit: 'µs', note: `p99 ${fmt(t.us.p99)} µs; room of 10 online` });
  }
  const h2 = c['call.h2.pack']!.us.p50;
  const f5 = p50('fanout.5.world') - base;
  const goals: Goal[] = [
    { goal: 'A pack call with two host calls < 15 µs', current: `${fmt(h2)} µs p50 (PackInstance.call); ${fmt(p50('call.h2.world'))} µs as a whole World.handle command`, met: h2 < 15 },
    { goal: 'Event fan-out to 5 packs < 50 µs', current: `${fmt(f5)} µs p50 (added by 5 subscribers)`, met: f5 < 50 },
  ];
  const { warmup, rounds, perRound } = SIZES[ctx.size];
  return {
    title: 'Pack call',
    method: [
      `In one process, no worker: \`PackInstance\` (Extism foreground) + \`World\` + \`WorldState\`, the bench pack \`bench/packs/bench\` (AssemblyScript, built with \`buildPack\`).`,
      `\`hN\` parses its command input with the SDK and calls \`myriad_get\` N times; \`ping\` emits \`bench.ping\` and K copies of the module, loaded as packs \`bench-sub-1…K\` subscribed to it, each parse the event and return.`,
      `Fan-out is the p50 of the \`ping\` command with K subscribers minus the p50 with none.`,
      `The JavaScript baselines do the same logical work in plain JS (parse the input, read the same component from \`WorldState\`; JSON-encode the event once and parse it per subscriber).`,
      `Cases run interleaved, round by round (${rounds} rounds × ${perRound} calls after ${warmup} warm-up calls each), so load from other processes hits all alike; per-call times by \`performance.now()\`.`,
      `First-party rows run \`rooms\` and \`social\` on the seeded village with ten characters online in the room.`,
    ].join(' '),
    rows,
    goals,
    raw,
  };
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const size = (process.argv[2] ?? 'tiny') as Size;
  const raw = await runPackCall(size, (m) => process.stderr.write(`${m}\n`));
  for (const [name, t] of Object.entries(raw.cases)) console.log(name.padEnd(28), `p50 ${fmt(t.us.p50)} µs`, `p99 ${fmt(t.us.p99)} µs`, `mean ${fmt(t.meanUs)} µs`);
}
