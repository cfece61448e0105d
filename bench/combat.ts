/**
 * Combat through the real pack runtime, in-process (no worker, no sockets, no
 * database): `World.handle` with the default packs on the seeded village, the
 * world clock in the benchmark's hands.
 *
 * - 100 combatants' actions in one tick: 50 characters each fighting its own
 *   creature (100 combatants), every queued action made due at the same tick;
 *   the tick's `World.handle` time is what one 100 ms world tick costs (§7.1:
 *   < 100 ms per tick; aim < 5 ms);
 * - 1,000 damage calculations: `@combat sim … 1000` — one command, 1,000 blows
 *   through the pack's formula with a host `rand()` each (§7.2: < 50 ms; aim < 2 ms);
 * - 100 status effects in one sweep: poison and bleed on 100 entities, all due,
 *   the tick that crosses a world second (§7.3: < 50 ms; aim < 1 ms).
 *
 *   npx tsx bench/combat.ts [tiny|full]
 */
import { collectingLog } from '../engine/logger.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

const SIZES = { tiny: { rounds: 5 }, full: { rounds: 50 } } as const;
const PACKS = ['rooms', 'social', 'inventory', 'skills', 'time', 'spatial', 'stamina', 'character', 'combat', 'creatures'];
const PAIRS = Number(process.env['BENCH_COMBAT_PAIRS'] ?? 50);

/** 50 unkillable practice dummies in the square: the fights never end during the run. */
function dummies(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'myriad-bench-combat-'));
  const file = path.join(dir, 'dummies.json');
  writeFileSync(
    file,
    JSON.stringify({
      templates: {
        dummy: {
          name: 'a straw dummy',
          desc: 'A practice dummy.',
          keywords: ['dummy'],
          species: 'dummy',
          level: 1,
          hp: 1e9,
          attributes: { might: 50, agility: 50, cunning: 50, vitality: 50 },
          skill: 20,
          weapon: { name: 'a stick', type: 'bludgeoning', damage: 5, verb: 'poke' },
          behaviour: { mode: 'stationary' },
          loot: [],
        },
      },
      spawns: [{ template: 'dummy', room: 'square', count: PAIRS, respawnMs: 60000 }],
    }),
  );
  return file;
}

function config(): Config {
  const d = structuredClone(DEFAULTS);
  return { ...d, packs: { ...d.packs, enabled: PACKS, settings: { creatures: { world: dummies() } } }, log: { level: 'silent', pretty: false }, configFile: null };
}

/** Pack faults logged during the run: a tick whose combat call failed is rolled back and must not count as measured. */
const faults: string[] = [];

export interface CombatRaw {
  /** All 100 actions: the two ticks that resolve them (64 + 36), summed. */
  readonly actions: Summary;
  /** One of those ticks (at most 64 actions). */
  readonly tick: Summary;
  readonly actionsResolved: number;
  readonly damage: Summary;
  readonly sweep: Summary;
  readonly sweepEffects: number;
}

class Bench {
  private reqId = 1;
  now = Date.UTC(2025, 0, 1);
  private tickNo = 0;
  private constructor(
    readonly world: World,
    readonly packs: readonly PackInstance[],
  ) {}

  static async start(): Promise<Bench> {
    const packs: PackInstance[] = [];
    for (const spec of loadPacks(config())) packs.push(await PackInstance.create(spec));
    let b: Bench | null = null;
    const world = new World(
      new WorldState(),
      packs,
      null,
      {
        log: collectingLog((level, fields, msg) => {
          if (level === 'error') faults.push(`${String(fields['pack'])}: ${msg}`);
        }),
      },
      1,
      () => b!.now,
    );
    b = new Bench(world, packs);
    await world.seed();
    return b;
  }

  async handle(req: Parameters<World['handle']>[0]): Promise<WorldResult> {
    const r = await this.world.handle(req);
    if (r.failure) throw new Error(`${req.kind}: ${r.failure.code} ${r.failure.message}`);
    return r;
  }

  command(charId: string, line: string, admin = false): Promise<WorldResult> {
    return this.handle({ kind: 'command', reqId: this.reqId++, charId, line, admin, corr: '' });
  }

  async character(charId: string, name: string): Promise<void> {
    await this.handle({ kind: 'spawn-character', reqId: this.reqId++, charId, name, corr: '' });
    await this.handle({ kind: 'session', reqId: this.reqId++, charId, online: true, corr: '' });
  }

  /** One world tick of `dtMs`, timed. */
  async tick(dtMs: number): Promise<number> {
    this.now += dtMs;
    const t0 = performance.now();
    await this.handle({ kind: 'tick', reqId: this.reqId++, tick: ++this.tickNo, dtMs, now: this.now, corr: '' });
    return performance.now() - t0;
  }

  async close(): Promise<void> {
    for (const p of this.packs) await p.close();
  }
}

const charId = (i: number): string => `01BENCHCOMBAT${String(i).padStart(13, '0')}`;

export async function runCombat(size: Size, progress: (m: string) => void = () => {}): Promise<CombatRaw> {
  const { rounds } = SIZES[size];
  await ensureFirstPartyPacks(progress, PACKS);
  const b = await Bench.start();
  try {
    const s = b.world.state;
    progress(`combat: ${PAIRS} characters against ${PAIRS} dummies`);
    for (let i = 0; i < PAIRS; i++) {
      await b.character(charId(i), `Fighter${i}`);
      await b.command(charId(i), `attack ${i + 1}.dummy`);
    }
    const fighters = () => [...s.withComponent('combat.state')];
    if (fighters().length !== 2 * PAIRS) throw new Error(`expected ${2 * PAIRS} combatants, have ${fighters().length}`);
    // Tick in 10 ms steps, away from second boundaries, so the sweep and the creatures' thinking stay out of it.
    const actions = new Float64Array(rounds);
    const perTick = new Float64Array(2 * rounds);
    let resolved = 0;
    for (let r = 0; r < rounds; r++) {
      if ((b.now + 20) % 1000 < 30) await b.tick(40);
      for (const id of fighters()) {
        const st = s.get(id, 'combat.state') as Record<string, unknown>;
        s.set(id, 'combat.state', { ...st, action: 'attack', executeAt: b.now + 10, last: b.now - 1000 });
      }
      const due = b.now + 10;
      // Combat resolves at most 64 actions a tick (packs/combat/assembly/fight.ts):
      // the 100 take two ticks, the second 10 ms later.
      perTick[2 * r] = (await b.tick(10)) * 1000;
      perTick[2 * r + 1] = (await b.tick(10)) * 1000;
      actions[r] = perTick[2 * r]! + perTick[2 * r + 1]!;
      // A rolled-back tick is fast and wrong (the first version of this benchmark
      // timed ticks that failed): count the actions that really executed (a stun
      // or a heavy blow may cancel a few before their turn).
      const done = fighters().filter((id) => (s.get(id, 'combat.state') as { last?: number } | undefined)?.last === due).length;
      if (done < 1.8 * PAIRS || faults.length) throw new Error(`tick ${r}: ${done} of ${2 * PAIRS} actions executed${faults.length ? `; ${faults.join('; ')}` : ''}`);
      resolved += done;
    }

    progress('combat: 1,000 damage calculations');
    const damage = new Float64Array(rounds);
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      await b.command(charId(0), '@combat sim slashing 22 50 50 50 50 attack chain 1000', true);
      damage[r] = (performance.now() - t0) * 1000;
    }

    progress('combat: 100 status effects in a sweep');
    for (const id of fighters()) s.set(id, 'combat.state', undefined);
    const targets = [...s.withComponent('creatures.body')].slice(0, PAIRS).concat(Array.from({ length: PAIRS }, (_, i) => charId(i)));
    const sweep = new Float64Array(rounds);
    for (let r = 0; r < rounds; r++) {
      b.now += 1000 - (b.now % 1000) - 5; // 5 ms before a world second
      for (const id of targets) {
        s.set(id, 'combat.effects', { list: [{ k: r % 2 ? 'bleed' : 'poison', stacks: 2, until: b.now + 60_000, next: b.now, v: r % 2 ? 5 : 3, moves: 0 }] });
        s.set(id, 'combat.health', { hp: 1e8, max: 1e9, at: b.now });
      }
      sweep[r] = (await b.tick(10)) * 1000;
    }
    return { actions: summarize(actions), tick: summarize(perTick), actionsResolved: resolved / rounds, damage: summarize(damage), sweep: summarize(sweep), sweepEffects: targets.length };
  } finally {
    await b.close();
  }
}

export const combatBench: BenchFn = async (ctx: BenchContext) => {
  const load = os.loadavg()[0]!;
  const raw = await runCombat(ctx.size, ctx.progress);
  const ms = (us: number): number => us / 1000;
  const goals: Goal[] = [
    { goal: "§7.1: 100 combatants' actions in one tick < 100 ms (aim < 5 ms)", current: `${fmt(ms(raw.actions.p50))} ms p50, ${fmt(ms(raw.actions.max))} ms max for all 100 (two ticks of ≤ 64); one tick ${fmt(ms(raw.tick.max))} ms max`, met: ms(raw.actions.max) < 100 },
    { goal: '§7.2: 1,000 damage calculations < 50 ms (aim < 2 ms)', current: `${fmt(ms(raw.damage.p50))} ms p50 (one command, in the pack)`, met: ms(raw.damage.max) < 50 },
    { goal: '§7.3: 100 active status effects in one sweep < 50 ms (aim < 1 ms)', current: `${fmt(ms(raw.sweep.p50))} ms p50, ${fmt(ms(raw.sweep.max))} ms max`, met: ms(raw.sweep.max) < 50 },
  ];
  const rows: Row[] = [
    {
      metric: "100 combatants' actions, all due at once, p50",
      value: figure(ms(raw.actions.p50)),
      unit: 'ms',
      note: `max ${fmt(ms(raw.actions.max))} ms; ${fmt(raw.actionsResolved)} actions executed, each a bare-handed blow with its events (hit, skill check → skills, exertion → stamina); resolved over two ticks (at most 64 a tick), summed`,
    },
    { metric: 'one of those ticks (≤ 64 actions), p50', value: figure(ms(raw.tick.p50)), unit: 'ms', note: `p99 ${fmt(ms(raw.tick.p99))} ms, max ${fmt(ms(raw.tick.max))} ms: how long the world thread is held at once` },
    { metric: '1,000 damage calculations, p50', value: figure(ms(raw.damage.p50)), unit: 'ms', note: `p99 ${fmt(ms(raw.damage.p99))} ms; one \`@combat sim\` command, a host rand() a blow` },
    { metric: '100 status effects, one sweep, p50', value: figure(ms(raw.sweep.p50)), unit: 'ms', note: `p99 ${fmt(ms(raw.sweep.p99))} ms; poison or bleed due on ${raw.sweepEffects} entities` },
  ];
  return {
    title: 'Combat',
    method: [
      'In one process, no worker: `World.handle` with the ten default packs (Extism foreground) on the seeded village, the world clock set by the benchmark.',
      `Actions: ${PAIRS} characters each attack their own straw dummy (a creature with 10⁹ HP), so 100 combatants; before each measured round every combat.state is made due at the next tick, and the ticks that resolve them are timed (combat resolves at most 64 actions a tick in executeAt order, so two ticks 10 ms apart: 64 + 36 blows, with hit, skill-check and exertion events delivered to skills and stamina, and the auto-attacks queued); the benchmark fails if the actions did not really execute.`,
      'Damage: `@combat sim slashing 22 50 50 50 50 attack chain 1000`, one admin command doing 1,000 blows through the same `blow()` the fights use.',
      'Sweep: poison or bleed due on 100 entities, timed on the tick that crosses a world second.',
    ].join(' '),
    rows,
    goals,
    findings: [
      `Load average at the start of the run: ${fmt(load)} on ${os.cpus().length} cores (the machine is shared with other work): every figure here grows with it.`,
      'Before 2026-12-07 this benchmark timed ticks that failed: 100 blows overran combat\'s 256-effect budget and the engine\'s 64-delivery cascade cap, so the tick was rolled back (fast, and big fights froze in play); the sweep likewise. Now every timed action really executes (checked), so the figures are higher on the same machine (bench/notes.md, "Combat tick and sweep").',
      "A blow is ~19 host calls in the combat pack (reads remembered within the call: each fighter once a tick; ~4 writes, 3 sends, ~2.5 events) plus the stamina, skills and inventory calls its events cause (~2 deliveries a blow): the cost is host calls and pack calls, and it scales with the machine's load.",
    ],
    raw,
  };
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const size = (process.argv[2] ?? 'tiny') as Size;
  const raw = await runCombat(size, (m) => process.stderr.write(`${m}\n`));
  console.log(JSON.stringify(raw, null, 1));
}
