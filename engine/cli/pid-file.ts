/**
 * `myriad.pid` in the data directory: written by `myriad start` once it listens,
 * removed when it stops. `myriad status` and `myriad stop` find a server started in
 * the background or under a supervisor through it, whatever the backend (the data
 * directory exists for PostgreSQL too: it holds this file). JSON, not a bare
 * number, so status knows the ports without the config the server was started with.
 */
import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export const PID_FILE = 'myriad.pid';

export interface PidInfo {
  readonly pid: number;
  /** ms since the epoch. */
  readonly startedAt: number;
  readonly version: string;
  readonly host: string;
  readonly telnetPort: number;
  readonly httpPort: number;
  readonly backend: 'pglite' | 'postgres';
}

/** Where the pid file lives for this data directory; null for an in-memory server (nothing kept). */
export function pidFilePath(dataDir: string): string | null {
  return dataDir.startsWith('memory://') ? null : path.join(path.resolve(dataDir), PID_FILE);
}

export function writePidFile(file: string, info: PidInfo): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(info)}\n`);
}

/** Remove the file if it is still ours (a second server may have replaced it). */
export function removePidFile(file: string, pid: number): void {
  if (readPidFile(file)?.pid === pid) rmSync(file, { force: true });
}

export function readPidFile(file: string): PidInfo | null {
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as PidInfo;
    return Number.isInteger(info.pid) && info.pid > 0 ? info : null;
  } catch {
    return null;
  }
}

/**
 * Whether the pid is a running Myriad server. After a crash the pid may be reused by
 * another program: on Linux its command line must still name Myriad's entry point.
 */
export function isMyriadRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return true; // no /proc (macOS): the signal probe is all there is
  }
  return /myriad|engine[/\\]cli/.test(cmdline);
}
