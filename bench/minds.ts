/**
 * NPC minds (issue 20, part A) through the real pack runtime, in-process (no
 * worker, no sockets, no database): `World.handle` with the village, the
 * creatures' townsfolk and the memory and relationships packs.
 *
 * - retrieval: `ask marta about bread` with Marta holding `maxMemories` (50,
 *   the default bound; decision 0050) memories — one pack call that loads her stream,
 *   ranks every memory by §3.1 relevance, rehearses the best and saves;
 * - relationship updates: `say …` in the tavern, which the relationships pack
 *   turns into one bond update for each of the two townsfolk there (5,000 says
 *   are 10,000 updates), each with drift checked;
 * - conversations: `talk marta`, a player-NPC conversation (recall, feelings,
 *   the NPC's answer acted through the command path), 100 of them.
 *
 *   npx tsx bench/minds.ts [tiny|full]
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

const SIZES = {
  tiny: { warmup: 5, asks: 50, says: 200, talks: 20 },
  full: { warmup: 20, asks: 500, says: 5_000, talks: 100 },
} as const;

const PACKS = ['rooms', 'inventory', 'time', 'social', 'combat', 'skills', 'creatures', 'memory', 'relationships'];
const CHAR = '01BENCHMINDS00000000000000';
const MEMORIES = 50;

interface Series {
  readonly ops: number;
  readonly totalMs: number;
  readonly us: Summary;
}

export interface MindsRaw {
  readonly retrieval: Series;
  readonly updates: Series;
  readonly talks: Series;
}

function config(): Config {
  const d = structuredClone(DEFAULTS);
  // Conversations between NPCs off (chatChance 0): the series time the player's commands only.
  const settings = { memory: { config: { maxMemories: MEMORIES, chatChance: 0 } } };
  return { ...d, packs: { ...d.packs, enabled: PACKS, settings }, log: { level: 'silent', pretty: false }, configFile: null };
}

async function series(command: (line: string) => Promise<WorldResult>, lines: readonly string[], ops: number, warmup: number): Promise<Series> {
  for (let i = 0; i < warmup; i++) await command(lines[i % lines.length]!);
  const samples = new Float64Array(ops);
  let totalMs = 0;
  for (let i = 0; i < ops; i++) {
    const t0 = performance.now();
    await command(lines[i % lines.length]!);
    const dt = performance.now() - t0;
    samples[i] = dt * 1000;
    totalMs += dt;
  }
  return { ops, totalMs, us: summarize(samples) };
}

/** Marta's stream filled to the bound: a year of varied memories, one of them the bread. */
function fill(world: World, marta: string): void {
  const items = [];
  for (let i = 1; i <= MEMORIES; i++) {
    const bread = i === MEMORIES / 2;
    items.push({
      id: i,
      type: 'observation',
      at: i * 30_000_000,
      clarity: 1,
      ew: (i % 10) / 10,
      emotion: 'neutral',
      access: 0,
      last: 0,
      about: '',
      text: bread ? 'Someone gave me a loaf of bread' : `I saw thing ${i}`,
      told: `thing ${i}`,
      tags: bread ? ['bread', 'gift'] : [`tag${i % 50}`, `word${i % 7}`],
      corrupted: false,
      source: '',
    });
  }
  world.state.set(marta, 'memory.stream', { next: MEMORIES + 1, chatAt: 1e15, items });
}

export async function runMinds(size: Size, progress: (m: string) => void = () => {}): Promise<MindsRaw> {
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
    await handle({ kind: 'spawn-character', reqId: reqId++, charId: CHAR, name: 'Alice', corr: '' });
    await handle({ kind: 'session', reqId: reqId++, charId: CHAR, online: true, corr: '' });
    const command = (line: string): Promise<WorldResult> => handle({ kind: 'command', reqId: reqId++, charId: CHAR, line, admin: false, corr: '' });
    await command('east');
    const marta = [...world.state.withComponent('creatures.body')].find((id) => world.state.get(id, 'name') === 'Marta');
    if (!marta) throw new Error('Marta is not in the tavern');
    fill(world, marta);
    progress(`minds: ${n.asks} retrievals among ${MEMORIES} memories`);
    const retrieval = await series(command, ['ask marta about bread'], n.asks, n.warmup);
    progress(`minds: ${n.says} says (${n.says * 2} relationship updates)`);
    const updates = await series(command, ['say good ale tonight'], n.says, n.warmup);
    progress(`minds: ${n.talks} conversations`);
    const talks = await series(command, ['talk marta'], n.talks, n.warmup);
    return { retrieval, updates, talks };
  } finally {
    for (const p of packs) await p.close();
  }
}

export const mindsBench: BenchFn = async (ctx: BenchContext) => {
  const raw = await runMinds(ctx.size, ctx.progress);
  const { retrieval, updates, talks } = raw;
  const rows: Row[] = [
    { metric: `retrieval among ${MEMORIES.toLocaleString('en-US')} memories (p50)`, value: figure(retrieval.us.p50 / 1000), unit: 'ms', note: `p99 ${fmt(retrieval.us.p99 / 1000)} ms; a whole \`ask\` command: load, rank, rehearse, save, act` },
    { metric: `${(updates.ops * 2).toLocaleString('en-US')} relationship updates, total`, value: figure(updates.totalMs), unit: 'ms', note: `${updates.ops.toLocaleString('en-US')} says, two townsfolk each; p50 ${fmt(updates.us.p50)} µs a say` },
    { metric: `${talks.ops} player–NPC conversations, total`, value: figure(talks.totalMs), unit: 'ms', note: `p50 ${fmt(talks.us.p50)} µs each, one after another` },
  ];
  const goals: Goal[] = [
    { goal: 'retrieval of relevant memories among 10,000 < 100 ms (aim < 1 ms)', current: `${fmt(retrieval.us.p50 / 1000)} ms p50 among ${MEMORIES.toLocaleString('en-US')} (the bound)`, met: null, note: '10,000 a NPC waits for the memories capability (decision 0050)' },
    { goal: 'daily decay of 100,000 memories < 5 min (aim < 1 s)', current: 'no batch job: clarity is computed from game days when read', met: null, note: 'decision 0050' },
    { goal: '10,000 relationship updates < 2 s (aim < 50 ms)', current: `${fmt(updates.totalMs)} ms for ${(updates.ops * 2).toLocaleString('en-US')}`, met: updates.ops * 2 >= 10_000 ? updates.totalMs < 2000 : null, note: 'each a whole say command with its social, memory and relationships calls' },
    { goal: '100 concurrent NPC conversations < 500 ms', current: `${fmt(talks.totalMs)} ms for ${talks.ops} player–NPC conversations in sequence`, met: talks.ops >= 100 ? talks.totalMs < 500 : null, note: 'NPC–NPC rounds are not measured separately' },
  ];
  return {
    title: 'NPC minds: memory and relationships',
    method: [
      'In one process, no worker: `World.handle` with the first-party `rooms`, `inventory`, `time`, `social`, `combat`, `skills`, `creatures`, `memory` and `relationships` packs on the seeded village, one character in the Crooked Lantern with Marta and Old Tom.',
      `Retrieval: \`ask marta about bread\` with Marta's stream filled to ${MEMORIES.toLocaleString('en-US')} memories. Updates: \`say\`, which updates both townsfolk's bonds with the speaker. Conversations: \`talk marta\`.`,
    ].join(' '),
    rows,
    goals,
    findings: ['Every figure is a whole command through the router and the transaction, not the formula alone: the formulas are a few multiplications a memory.'],
    raw,
  };
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const size = (process.argv[2] ?? 'tiny') as Size;
  const raw = await runMinds(size, (m) => process.stderr.write(`${m}\n`));
  for (const [name, s] of Object.entries(raw)) console.log(name.padEnd(10), `${s.ops} ops`, `${fmt(s.totalMs)} ms`, `p50 ${fmt(s.us.p50)} µs`, `p99 ${fmt(s.us.p99)} µs`);
}
