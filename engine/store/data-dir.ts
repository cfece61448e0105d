/**
 * The PGlite data directory: created if missing, checked writable, and locked.
 *
 * The lock matters: PGlite happily opens a directory another PGlite instance
 * (this process or another) already has open, and two single-user PostgreSQL
 * instances writing the same files corrupt them. `myriad.lock` holds the owner's
 * pid; a lock whose pid is no longer running is stale and taken over.
 */
import { constants } from 'node:fs';
import { access, mkdir, open, readFile, rm, unlink } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import { MyriadError } from '../errors.ts';
import { reasonOf } from './db-errors.ts';

const LOCK_FILE = 'myriad.lock';

/** Directories this process has open: the pid check cannot tell them apart. */
const openHere = new Set<string>();

/** Resolve, create and probe the directory; STORE_DATA_DIR if it is unusable. */
export async function prepareDataDir(dataDir: string): Promise<string> {
  const dir = resolve(dataDir);
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.R_OK | constants.W_OK);
    // access() says yes to root on a read-only mount; a real write does not lie.
    const probe = resolve(dir, `.myriad-write-test-${process.pid}`);
    await (await open(probe, 'w')).close();
    await rm(probe);
  } catch (error) {
    throw new MyriadError('STORE_DATA_DIR', { dir, reason: reasonOf(error) });
  }
  return dir;
}

/** Take the directory lock; returns the function that releases it. */
export async function lockDataDir(dir: string): Promise<() => void> {
  const lockPath = resolve(dir, LOCK_FILE);
  if (openHere.has(dir)) {
    throw new MyriadError('STORE_DATA_DIR', { dir, reason: 'already open in this process' });
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      openHere.add(dir);
      return () => {
        openHere.delete(dir);
        try {
          unlinkSync(lockPath);
        } catch {
          // Already gone (removed by hand): nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new MyriadError('STORE_DATA_DIR', { dir, reason: reasonOf(error) });
      }
      const owner = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
        throw new MyriadError('STORE_DATA_DIR', {
          dir,
          reason: `in use by process ${owner} (if that is not a Myriad server, delete ${lockPath})`,
        });
      }
      await unlink(lockPath).catch(() => undefined); // stale: its owner is gone
    }
  }
  throw new MyriadError('STORE_DATA_DIR', { dir, reason: `could not take ${lockPath}` });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, so it is running.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
