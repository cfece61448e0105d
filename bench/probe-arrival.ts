/**
 * Probe (not one of the `npm run bench` benchmarks): what one character's arrival
 * (spawn-character + session start) and a look and a say cost in the world as
 * the start room fills up, for a given pack set. In-process World, no worker,
 * no database, no sockets.
 *
 *   npx tsx bench/probe-arrival.ts [pack,pack,…] [characters]
 *
 * Default: the default pack set from engine/config/defaults.ts, 300 characters.
 * Compare `rooms,social` with the default set to see what the other packs add.
 */
import { collectingLog } from '../engine/logger.ts';
import { monotonicFactory } from 'ulidx';
import { DEFAULTS, type Config } from '../engine/config/defaults.ts';
import { loadPacks } from '../engine/packs/loader.ts';
import { PackInstance } from '../engine/world/pack-runtime/runtime.ts';
import type { WorldRequest } from '../engine/world/protocol.ts';
import { WorldState } from '../engine/world/state.ts';
import { World } from '../engine/world/world.ts';
import { ensureFirstPartyPacks } from './lib/packs.ts';

const ulid = monotonicFactory();
const d = structuredClone(DEFAULTS);
const packs = process.argv[2] ? process.argv[2].split(',') : [...d.packs.enabled];
const count = Number(process.argv[3] ?? 300);
await ensureFirstPartyPacks((m) => process.stderr.write(`${m}\n`));
const config: Config = { ...d, packs: { ...d.packs, enabled: packs }, log: { level: 'silent', pretty: false }, configFile: null };
const state = new WorldState();
const faults: string[] = [];
const world = new World(state, await Promise.all(loadPacks(config).map((s) => PackInstance.create(s))), null, { log: collectingLog((level, fields, msg) => void (level === 'error' && faults.push(`${String(fields['pack'])}: ${msg}`))) }, 1);
await world.seed();

let reqId = 1;
type Body = WorldRequest extends infer R ? (R extends WorldRequest ? Omit<R, 'reqId' | 'corr'> : never) : never;
const req = (r: Body): WorldRequest => ({ ...r, reqId: reqId++, corr: '' }) as WorldRequest;
const name = (i: number): string => `Probe${Array.from({ length: 4 }, (_, k) => String.fromCharCode(97 + (Math.floor(i / 26 ** k) % 26))).join('')}`;

console.log(`packs: ${packs.join(', ')}`);
console.log('occupants  arrival ms  look ms  say ms  deliveries/say  failures');
for (let i = 1; i <= count; i++) {
  const id = ulid();
  const t0 = performance.now();
  const spawn = await world.handle(req({ kind: 'spawn-character', charId: id, name: name(i) }));
  state.online.add(id);
  const session = await world.handle(req({ kind: 'session', charId: id, online: true }));
  const arrival = performance.now() - t0;
  const failures = [spawn.failure, session.failure].filter(Boolean).map((f) => `${f!.pack ?? ''} ${f!.code}`);
  if (i % 25 === 0 || failures.length) {
    const t1 = performance.now();
    const look = await world.handle(req({ kind: 'command', charId: id, line: 'look', admin: false }));
    const t2 = performance.now();
    const say = await world.handle(req({ kind: 'command', charId: id, line: 'say hello', admin: false }));
    const t3 = performance.now();
    for (const f of [look.failure, say.failure]) if (f) failures.push(`${f.pack ?? ''} ${f.code}`);
    console.log(`${String(i).padStart(9)}  ${arrival.toFixed(1).padStart(10)}  ${(t2 - t1).toFixed(2).padStart(7)}  ${(t3 - t2).toFixed(2).padStart(6)}  ${String(say.deliveries.length).padStart(14)}  ${failures.join('; ')}`);
  }
}
if (faults.length) console.log(`pack errors logged: ${faults.length}, first: ${faults[0]}`);
process.exit(0);
