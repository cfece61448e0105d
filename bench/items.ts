/**
 * Items and skills through the real pack runtime, in-process (no worker, no
 * sockets, no database): `World.handle` with the rooms, inventory and skills
 * packs on the seeded village.
 *
 * - 10,000 inventory operations: rounds of get, wield, unequip, drop, inventory
 *   on the practice sword (each one command, one inventory call);
 * - 10,000 skill checks: `use sword` with the sword wielded — the inventory
 *   command emits `inventory.skill_check`, the skills pack rolls the check,
 *   awards experience (diminishing returns, level-ups) and answers with
 *   `skills.check_result`, which inventory reads back: three pack calls per
 *   check. The sword's durability is removed, so it lasts 10,000 drills.
 *
 * The pack-call share is the wall time of the pack calls (as `World.handle`
 * reports them in `calls`) over the wall time of the whole command.
 *
 *   npx tsx bench/items.ts [tiny|full]
 */
import { silentLog } from '../engine/logger.ts';
import { pathToFileURL } from 'node:url';
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

const SIZES = {
  tiny: { warmup: 20, ops: 200 },
  full: { warmup: 500, ops: 10_000 },
} as const;

const PACKS = ['rooms', 'inventory', 'skills'];
const CHAR = '01BENCHITEMS00000000000000';

export interface SeriesTiming {
  readonly ops: number;
  readonly totalMs: number;
  readonly packMs: number;
  readonly packCallsPerOp: number;
  readonly us: Summary;
}

export interface ItemsRaw {
  readonly inventory: SeriesTiming;
  readonly checks: SeriesTiming;
  readonly levels: Record<string, { level: number; xp: number }>;
}

function config(): Config {
  const d = structuredClone(DEFAULTS);
  return { ...d, packs: { ...d.packs, enabled: PACKS }, log: { level: 'silent', pretty: false }, configFile: null };
}

class Bench {
  private reqId = 1;
  private constructor(
    readonly world: World,
    readonly packs: readonly PackInstance[],
  ) {}

  static async start(): Promise<Bench> {
    const packs: PackInstance[] = [];
    for (const spec of loadPacks(config())) packs.push(await PackInstance.create(spec));
    const world = new World(new WorldState(), packs, null, { log: silentLog }, 1);
    const b = new Bench(world, packs);
    await world.seed();
    await b.handle({ kind: 'spawn-character', reqId: b.reqId++, charId: CHAR, name: 'Alice', corr: '' });
    await b.handle({ kind: 'session', reqId: b.reqId++, charId: CHAR, online: true, corr: '' });
    return b;
  }

  private async handle(req: Parameters<World['handle']>[0]): Promise<WorldResult> {
    const r = await this.world.handle(req);
    if (r.failure) throw new Error(`${req.kind}: ${r.failure.code} ${r.failure.message}`);
    return r;
  }

  command(line: string): Promise<WorldResult> {
    return this.handle({ kind: 'command', reqId: this.reqId++, charId: CHAR, line, admin: false, corr: '' });
  }

  async close(): Promise<void> {
    for (const p of this.packs) await p.close();
  }
}

async function series(b: Bench, lines: readonly string[], ops: number, warmup: number): Promise<SeriesTiming> {
  for (let i = 0; i < warmup; i++) await b.command(lines[i % lines.length]!);
  const samples = new Float64Array(ops);
  let totalMs = 0;
  let packMs = 0;
  let calls = 0;
  for (let i = 0; i < ops; i++) {
    const t0 = performance.now();
    const r = await b.command(lines[i % lines.length]!);
    const dt = performance.now() - t0;
    samples[i] = dt * 1000;
    totalMs += dt;
    for (const c of r.calls ?? []) {
      packMs += c.ms;
      calls++;
    }
  }
  return { ops, totalMs, packMs, packCallsPerOp: calls / ops, us: summarize(samples) };
}

export async function runItems(size: Size, progress: (m: string) => void = () => {}): Promise<ItemsRaw> {
  const { warmup, ops } = SIZES[size];
  await ensureFirstPartyPacks(progress, PACKS);
  const b = await Bench.start();
  try {
    progress(`items: ${ops} inventory operations`);
    // A round leaves the world as it found it: the sword back on the floor.
    const inventory = await series(b, ['get sword', 'wield sword', 'unequip sword', 'drop sword', 'inventory'], ops, warmup - (warmup % 5));

    await b.command('get sword');
    await b.command('wield sword');
    // A practice sword without durability (it never wears, fumbles included), so it lasts the whole run.
    const sword = [...b.world.state.contents(CHAR)].find((id) => b.world.state.get(id, 'inventory.item') !== undefined)!;
    const { durability: _, ...data } = b.world.state.get(sword, 'inventory.item') as Record<string, unknown>;
    b.world.state.set(sword, 'inventory.item', data);
    progress(`items: ${ops} skill checks`);
    const checks = await series(b, ['use sword'], ops, warmup);
    const levels = b.world.state.get(CHAR, 'skills.levels') as ItemsRaw['levels'];
    return { inventory, checks, levels };
  } finally {
    await b.close();
  }
}

function rowsFor(label: string, s: SeriesTiming): Row[] {
  const share = s.packMs / s.totalMs;
  return [
    { metric: `${s.ops.toLocaleString('en-US')} ${label}, total`, value: figure(s.totalMs / 1000), unit: 's', note: `${fmt(s.ops / (s.totalMs / 1000))} a second` },
    { metric: `${label}: one, p50`, value: figure(s.us.p50), unit: 'µs', note: `p99 ${fmt(s.us.p99)} µs; ${fmt(s.packCallsPerOp, 2)} pack calls each` },
    { metric: `${label}: pack-call share`, value: figure(share * 100), unit: '%', note: `${fmt(s.packMs / 1000)} s of ${fmt(s.totalMs / 1000)} s inside pack calls; the rest is World.handle (routing, transaction, dispatch, result)` },
  ];
}

export const itemsBench: BenchFn = async (ctx: BenchContext) => {
  const raw = await runItems(ctx.size, ctx.progress);
  const { inventory, checks } = raw;
  const goals: Goal[] = [
    {
      goal: '10,000 inventory operations through the real pack runtime (no reference target)',
      current: `${fmt(inventory.totalMs / 1000)} s for ${inventory.ops.toLocaleString('en-US')} (${fmt(inventory.us.p50)} µs p50), ${fmt((inventory.packMs / inventory.totalMs) * 100)}% in pack calls`,
      met: null,
    },
    {
      goal: '10,000 skill checks through the real pack runtime (no reference target)',
      current: `${fmt(checks.totalMs / 1000)} s for ${checks.ops.toLocaleString('en-US')} (${fmt(checks.us.p50)} µs p50), ${fmt((checks.packMs / checks.totalMs) * 100)}% in pack calls`,
      met: null,
    },
  ];
  const slashing = raw.levels['slashing'];
  return {
    title: 'Items and skills',
    method: [
      'In one process, no worker: `World.handle` with the first-party `rooms`, `inventory` and `skills` packs (Extism foreground) on the seeded village, one character online.',
      'Inventory operations: rounds of `get sword`, `wield sword`, `unequip sword`, `drop sword`, `inventory` — one inventory call each, each reading the carried items, weight and equipment.',
      'Skill checks: `use sword` with the practice sword wielded — inventory emits `inventory.skill_check`, skills rolls d100, applies synergies, diminishing returns and the curve, writes `skills.levels`/`skills.recent`, emits `skills.check_result` (and `skills.used`, `skills.increased`), which inventory reads back: three pack calls a check.',
      "The pack-call share is the sum of the pack calls' wall times (`WorldResult.calls`) over the commands' wall time, timed with `performance.now()` around `World.handle`.",
    ].join(' '),
    rows: [...rowsFor('inventory operations', inventory), ...rowsFor('skill checks', checks)],
    goals,
    findings: [`After the run the character's Slashing is ${slashing ? `${slashing.level} (${fmt(slashing.xp)} xp into the next level)` : 'unset'}: repeated drills with one sword earn 10% from the 10th on, so the curve, not the benchmark, limits the level.`],
    raw,
  };
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const size = (process.argv[2] ?? 'tiny') as Size;
  const raw = await runItems(size, (m) => process.stderr.write(`${m}\n`));
  for (const [name, s] of [
    ['inventory', raw.inventory],
    ['checks', raw.checks],
  ] as const) {
    console.log(name.padEnd(10), `${s.ops} ops`, `${fmt(s.totalMs)} ms`, `p50 ${fmt(s.us.p50)} µs`, `p99 ${fmt(s.us.p99)} µs`, `pack share ${fmt((s.packMs / s.totalMs) * 100)}%`, `${fmt(s.packCallsPerOp, 2)} calls/op`);
  }
}
