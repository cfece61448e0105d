/**
 * The lives pack's computations through the real pack runtime, in-process
 * (`World.handle`, no worker, no sockets, no database), admin `@lives sim`
 * commands on the seeded village with the rooms and time packs:
 *
 * - desires: `@lives sim desires 1000` — 1,000 people's 13 needs grown one game
 *   hour by §5.1's rates and a personality-weighted goal picked for each;
 * - inheritances: `@lives sim inherit 1000` — 1,000 children of two whole
 *   genomes (30 genes, mutation at 5%);
 * - appearances: `@lives sim appear 1000` — 1,000 texts from genotype, age, species.
 *
 * Each figure is the pack call's wall time (`WorldResult.calls`) for one command
 * doing all 1,000, median over the runs; the whole command (route, transaction) is shown beside it.
 *
 *   npx tsx bench/lives.ts [tiny|full]
 */
import { pathToFileURL } from 'node:url';
import { silentLog } from '../engine/logger.ts';
import { DEFAULTS, type Config } from '../engine/config/defaults.ts';
import { loadPacks } from '../engine/packs/loader.ts';
import { PackInstance } from '../engine/world/pack-runtime/runtime.ts';
import type { WorldResult } from '../engine/world/protocol.ts';
import { WorldState } from '../engine/world/state.ts';
import { World } from '../engine/world/world.ts';
import { ensureFirstPartyPacks } from './lib/packs.ts';
import type { BenchContext, BenchFn, Goal, Row, Size } from './lib/result.ts';
import { figure, fmt } from './lib/result.ts';
import { summarize, type Summary } from './lib/stats.ts';

const SIZES = { tiny: { runs: 5, warmup: 2 }, full: { runs: 30, warmup: 5 } } as const;
const PACKS = ['rooms', 'time', 'lives'];
const ADMIN = '01BENCHLIVES00000000000000';
const N = 1000;

export interface LivesRaw {
  readonly desires: { packMs: Summary; commandMs: Summary };
  readonly inherit: { packMs: Summary; commandMs: Summary };
  readonly appear: { packMs: Summary; commandMs: Summary };
}

function config(): Config {
  const d = structuredClone(DEFAULTS);
  return { ...d, packs: { ...d.packs, enabled: PACKS }, log: { level: 'silent', pretty: false }, configFile: null };
}

async function measure(command: (line: string) => Promise<WorldResult>, line: string, runs: number, warmup: number): Promise<{ packMs: Summary; commandMs: Summary }> {
  for (let i = 0; i < warmup; i++) await command(line);
  const pack = new Float64Array(runs);
  const whole = new Float64Array(runs);
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = await command(line);
    whole[i] = performance.now() - t0;
    pack[i] = (r.calls ?? []).reduce((s, c) => s + c.ms, 0);
  }
  return { packMs: summarize(pack), commandMs: summarize(whole) };
}

export async function runLives(size: Size, progress: (m: string) => void = () => {}): Promise<LivesRaw> {
  const n = SIZES[size];
  await ensureFirstPartyPacks(progress, PACKS);
  const packs: PackInstance[] = [];
  for (const spec of loadPacks(config())) packs.push(await PackInstance.create(spec));
  const world = new World(new WorldState(), packs, null, { log: silentLog }, 1);
  try {
    await world.seed();
    let reqId = 1;
    const handle = async (req: Parameters<World['handle']>[0]): Promise<WorldResult> => {
      const r = await world.handle(req);
      if (r.failure) throw new Error(`${req.kind}: ${r.failure.code} ${r.failure.message}`);
      return r;
    };
    await handle({ kind: 'spawn-character', reqId: reqId++, charId: ADMIN, name: 'Admin', corr: '' });
    await handle({ kind: 'session', reqId: reqId++, charId: ADMIN, online: true, corr: '' });
    const command = (line: string): Promise<WorldResult> => handle({ kind: 'command', reqId: reqId++, charId: ADMIN, line, admin: true, corr: '' });
    progress(`lives: ${n.runs} runs of each`);
    const desires = await measure(command, `@lives sim desires ${N}`, n.runs, n.warmup);
    const inherit = await measure(command, `@lives sim inherit ${N}`, n.runs, n.warmup);
    const appear = await measure(command, `@lives sim appear ${N}`, n.runs, n.warmup);
    return { desires, inherit, appear };
  } finally {
    for (const p of packs) await p.close();
  }
}

function row(label: string, s: { packMs: Summary; commandMs: Summary }): Row {
  return { metric: `${label} (pack call, p50)`, value: figure(s.packMs.p50), unit: 'ms', note: `p99 ${fmt(s.packMs.p99)} ms; the whole command ${fmt(s.commandMs.p50)} ms p50` };
}

export const livesBench: BenchFn = async (ctx: BenchContext) => {
  const raw = await runLives(ctx.size, ctx.progress);
  const { desires, inherit, appear } = raw;
  const goals: Goal[] = [
    { goal: 'desires for 1,000 NPCs < 100 ms (aim < 5 ms)', current: `${fmt(desires.packMs.p50)} ms p50`, met: desires.packMs.p50 < 100, note: 'the computation; the world runs it 32 townsfolk a tick with their components read and written' },
    { goal: '1,000 inheritances < 1 s', current: `${fmt(inherit.packMs.p50)} ms p50`, met: inherit.packMs.p50 < 1000 },
    { goal: '1,000 appearances < 500 ms', current: `${fmt(appear.packMs.p50)} ms p50`, met: appear.packMs.p50 < 500 },
  ];
  return {
    title: 'NPC lives: desires, inheritance, appearance',
    method: [
      "`World.handle` in one process with the first-party `rooms`, `time` and `lives` packs on the seeded village; admin `@lives sim desires|inherit|appear 1000`, each one pack call doing 1,000 of the operation in WebAssembly with the pack's own SplitMix64 generator seeded from the host.",
      "The figure is the pack call's wall time (`WorldResult.calls`), the median over the runs; the whole command beside it.",
    ].join(' '),
    rows: [row(`${N.toLocaleString('en-US')} desire updates`, desires), row(`${N.toLocaleString('en-US')} inheritances`, inherit), row(`${N.toLocaleString('en-US')} appearances`, appear)],
    goals,
    findings: [
      'A host call per random number would have spent 90,000 host calls on 1,000 inheritances (past the 2,000-a-call budget); one host `rand()` seeds a local generator per call instead.',
      "Genotype strings are interned (16 two-letter strings), so 1,000 genomes of 30 genes allocate no per-gene strings; before that the five-generation simulation ran out of the pack's memory.",
    ],
    raw,
  };
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const raw = await runLives((process.argv[2] ?? 'tiny') as Size, (m) => process.stderr.write(`${m}\n`));
  for (const [name, s] of Object.entries(raw)) console.log(name.padEnd(10), `pack p50 ${fmt(s.packMs.p50)} ms`, `p99 ${fmt(s.packMs.p99)} ms`, `command p50 ${fmt(s.commandMs.p50)} ms`);
}
