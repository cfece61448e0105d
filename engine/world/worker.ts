/**
 * Entry point of the world worker thread. It owns the world state and runs every
 * pack; the gateway (main thread) owns sockets and the database. One batch in,
 * one results message out.
 */
import { parentPort } from 'node:worker_threads';
import type { Log } from '../logger.ts';
import { PackInstance } from './pack-runtime/runtime.ts';
import { buildableComponents } from '../packs/capabilities.ts';
import type { FromWorld, ToWorld, WorldInit, WorldRequest, WorldResult } from './protocol.ts';
import { WorldState } from './state.ts';
import { WatchWriter } from './watch.ts';
import { World } from './world.ts';

const port = parentPort;
if (!port) throw new Error('engine/world/worker.ts must run as a worker thread');

const post = (msg: FromWorld): void => port.postMessage(msg);
/**
 * The world's log: each record crosses to the main thread as a message, where the
 * server's logger writes it (pino lives there; the worker loads no logger of its own).
 */
const postedLog: Log = {
  debug: (fields, msg) => post({ t: 'log', level: 'debug', fields, msg }),
  info: (fields, msg) => post({ t: 'log', level: 'info', fields, msg }),
  warn: (fields, msg) => post({ t: 'log', level: 'warn', fields, msg }),
  error: (fields, msg) => post({ t: 'log', level: 'error', fields, msg }),
};
let world: World | null = null;
/** Batches are handled strictly in order; a batch arriving mid-batch waits its turn. */
let queue: Promise<void> = Promise.resolve();

port.on('message', (msg: ToWorld) => {
  queue = queue
    .then(() => handle(msg))
    .catch((e: unknown) => {
      post({ t: 'fatal', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    });
});

post({ t: 'loaded' });

async function handle(msg: ToWorld): Promise<void> {
  switch (msg.t) {
    case 'init':
      return init(msg);
    case 'batch':
      return batch(msg.batchId, msg.requests);
    case 'disable':
      world?.setDisabled(msg.packs);
      return;
  }
}

async function init(msg: WorldInit): Promise<void> {
  try {
    const packs: PackInstance[] = [];
    const buildable = buildableComponents(msg.packs.map((p) => p.manifest));
    for (const spec of msg.packs) packs.push(await PackInstance.create(spec, buildable));
    const state = WorldState.fromSnapshot(msg.snapshot);
    for (const id of msg.online) state.online.add(id);
    world = new World(
      state,
      packs,
      new WatchWriter(msg.watch),
      {
        log: postedLog,
        denied: (pack, code, text, corr) => post({ t: 'denied', pack, code, msg: text, ...(corr ? { corr } : {}) }),
      },
      msg.seed,
      Date.now,
      { precedence: msg.precedence, disabled: msg.disabled, pendingTimers: msg.pendingTimers },
    );
    const upgraded = await world.upgrade();
    const seedResults = await world.seed();
    post({ t: 'ready', commands: world.router.commands, seedResults: [...upgraded.results, ...seedResults], upgrades: upgraded.notes });
  } catch (e) {
    world = null;
    post({ t: 'init-failed', message: e instanceof Error ? e.message : String(e) });
  }
}

async function batch(batchId: number, requests: readonly WorldRequest[]): Promise<void> {
  if (!world) throw new Error('batch before init');
  const results: WorldResult[] = [];
  for (const req of requests) results.push(await world.handle(req));
  post({ t: 'results', batchId, results });
}
