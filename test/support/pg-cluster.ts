/**
 * A throwaway PostgreSQL cluster of the test's own (initdb + pg_ctl, run as the
 * `postgres` user), so a test can stop and start the database server under load
 * without touching the shared one. Needs root (to run as `postgres`) and the
 * Debian PostgreSQL binaries under /usr/lib/postgresql/<version>/bin.
 *
 *   const pg = await startCluster();
 *   if ('skip' in pg) return t.skip(pg.skip);
 *   await pg.stop();  await pg.start();  …  await pg.destroy();
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './reliability.ts';

const run = promisify(execFile);

export interface Cluster {
  readonly url: string;
  readonly port: number;
  /** Start (or restart) the server; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stop the server: `fast` disconnects sessions and shuts down cleanly, `immediate` is a crash. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  destroy(): Promise<void>;
}

function binDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

export async function startCluster(): Promise<Cluster | { readonly skip: string }> {
  const bin = binDir();
  if (!bin) return { skip: 'no PostgreSQL binaries under /usr/lib/postgresql' };
  if (userInfo().uid !== 0) return { skip: 'needs root to run initdb/pg_ctl as the postgres user' };
  const dir = mkdtempSync(join(tmpdir(), 'myriad-pgcluster-'));
  const data = join(dir, 'data');
  let uid: number;
  let gid: number;
  try {
    const { stdout } = await run('id', ['-u', 'postgres']);
    uid = Number(stdout.trim());
    gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return { skip: 'no postgres user' };
  }
  chownSync(dir, uid, gid);
  const asPostgres = (cmd: string, args: string[]) => run('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { timeout: 60_000 });
  try {
    await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    return { skip: `initdb failed: ${(e as Error).message}` };
  }
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=50 -c shared_buffers=16MB`;
  const cluster: Cluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      await asPostgres('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
    },
    async stop(mode = 'fast') {
      await asPostgres('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
    },
    async destroy() {
      await asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await cluster.start();
  } catch (e) {
    await cluster.destroy();
    return { skip: `pg_ctl start failed: ${(e as Error).message}` };
  }
  return cluster;
}
