/**
 * Free space under the embedded database. PGlite (PostgreSQL compiled to WASM, on
 * the gateway's thread) does not fail cleanly when its disk fills up: measured
 * here, a commit that meets ENOSPC spins forever and freezes the whole gateway
 * (no output, no /health). So commits stop *before* the disk is full: below
 * `limits.minFreeDiskBytes` free, the committer holds them (the server reports
 * degraded, new commands are refused with a clear answer, nothing acknowledged is
 * touched), and they resume by themselves once space is freed.
 *
 * PostgreSQL over the network answers a full disk with an error, which the
 * committer already retries; this guard is for PGlite data directories.
 */
import { statfs } from 'node:fs/promises';

export class DiskGuard {
  private readonly timer: NodeJS.Timeout;
  private free: number | null = null;
  private checking: Promise<void> | null = null;

  constructor(
    private readonly dir: string,
    private readonly minFreeBytes: number,
    everyMs = 500,
  ) {
    this.timer = setInterval(() => void this.check(), everyMs);
    this.timer.unref();
    void this.check();
  }

  /** Bytes free for this user, as last measured (null until the first measurement). */
  get freeBytes(): number | null {
    return this.free;
  }

  /** Why commits must wait, or null when there is room. */
  blocked(): string | null {
    if (this.free === null || this.free >= this.minFreeBytes) return null;
    return `the data directory ${this.dir} has ${mb(this.free)} free, under limits.minFreeDiskBytes (${mb(this.minFreeBytes)}); commits wait until space is freed`;
  }

  /** Measure now (joins a measurement already under way). */
  check(): Promise<void> {
    this.checking ??= statfs(this.dir)
      .then(
        (s) => {
          this.free = s.bavail * s.bsize;
        },
        () => {
          // Unmeasurable (the directory vanished?): do not block on a guess.
          this.free = null;
        },
      )
      .finally(() => {
        this.checking = null;
      });
    return this.checking;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MiB`;
}
