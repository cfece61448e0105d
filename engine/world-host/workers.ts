/**
 * The world's worker threads: how one is started (bundled or from source), and
 * one started early so its module loading overlaps the gateway's start-up.
 */
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BUNDLED, repoPath } from '../paths.ts';
import type { FromWorld } from '../world/protocol.ts';

/**
 * Bundled, the world worker is dist/world-worker.mjs (plain JavaScript). From
 * source, worker threads do not inherit tsx's loader (Node 20): boot.mjs registers
 * it, then imports worker.ts.
 */
export function spawnWorldWorker(): Worker {
  if (BUNDLED) return new Worker(repoPath('dist', 'world-worker.mjs'));
  return new Worker(repoPath('engine', 'world', 'boot.mjs'), {
    workerData: { entry: pathToFileURL(repoPath('engine', 'world', 'worker.ts')).href },
  });
}

/**
 * A world worker started before the world host exists, so that loading its
 * modules (tsx and the engine's TypeScript graph: 0.2–0.5 s here) runs on the
 * other core while the gateway loads the packs and opens and migrates the store,
 * instead of after them: cold start is the longer of the two, not their sum.
 * The first WorldHost adopts it as its spare (its first boot takes the spare).
 */
export class PrewarmedWorker {
  private readonly worker = spawnWorldWorker();
  private sawLoaded = false;
  private readonly onEarly = (msg: FromWorld): void => {
    if (msg.t === 'loaded') this.sawLoaded = true;
  };
  private readonly onEarlyError = (): void => undefined;
  private adopted = false;

  constructor() {
    this.worker.on('message', this.onEarly);
    // An early crash is seen by the host that adopts it (exit code) or ended by dispose().
    this.worker.on('error', this.onEarlyError);
  }

  get loaded(): boolean {
    return this.sawLoaded;
  }

  adopt(listen: (worker: Worker) => Worker): Worker {
    this.adopted = true;
    this.worker.off('message', this.onEarly);
    this.worker.off('error', this.onEarlyError);
    return listen(this.worker);
  }

  /** Start-up failed before a host adopted it: end the thread so the process can exit. */
  async dispose(): Promise<void> {
    if (!this.adopted) await this.worker.terminate();
  }
}
