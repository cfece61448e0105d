/**
 * The watchdog's window into the world worker. Before every pack call the world
 * writes which pack is running, for which request, since when; the gateway reads
 * it from another thread. If a call runs past its pack's budget, the gateway
 * terminates the worker (worker.terminate() stops a thread spinning in WASM within
 * a few ms) and knows exactly whom to blame.
 *
 * Layout: Int32 [0] running (0/1), [1] pack index, [2] request id; Float64 [2] start (epoch ms).
 */
export const WATCH_BYTES = 24;

export class WatchWriter {
  private readonly ints: Int32Array;
  private readonly floats: Float64Array;
  constructor(buffer: SharedArrayBuffer) {
    this.ints = new Int32Array(buffer, 0, 3);
    this.floats = new Float64Array(buffer, 8, 2);
  }
  begin(packIndex: number, reqId: number): void {
    this.floats[1] = Date.now();
    Atomics.store(this.ints, 1, packIndex);
    Atomics.store(this.ints, 2, reqId);
    Atomics.store(this.ints, 0, 1);
  }
  end(): void {
    Atomics.store(this.ints, 0, 0);
  }
}

export interface WatchReading {
  readonly packIndex: number;
  readonly reqId: number;
  readonly runningMs: number;
}

export class WatchReader {
  private readonly ints: Int32Array;
  private readonly floats: Float64Array;
  constructor(buffer: SharedArrayBuffer) {
    this.ints = new Int32Array(buffer, 0, 3);
    this.floats = new Float64Array(buffer, 8, 2);
  }
  /** The call running now, or null when the world is between calls. */
  read(): WatchReading | null {
    if (Atomics.load(this.ints, 0) !== 1) return null;
    return { packIndex: Atomics.load(this.ints, 1), reqId: Atomics.load(this.ints, 2), runningMs: Date.now() - this.floats[1]! };
  }
}
