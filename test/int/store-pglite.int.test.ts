/**
 * PGlite-only store behaviour: the data directory (persisted across restarts,
 * locked while open, clear errors when unusable).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { after, before, describe, it } from 'node:test';
import { MyriadError } from '../../engine/errors.ts';
import { openStore } from '../../engine/store/open.ts';
import { openPgliteStore, pgliteSettings } from '../../engine/store/pglite.ts';
import { event, unit } from '../support/store-harness.ts';

function dataDirError(reason?: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof MyriadError, `expected STORE_DATA_DIR, got ${String(error)}`);
    assert.equal(error.code, 'STORE_DATA_DIR', error.message);
    if (reason !== undefined) assert.match(String(error.details.reason), reason);
    return true;
  };
}

describe('event store on pglite: the data directory', () => {
  let root: string;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'myriad-store-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('persists across close and reopen, and locks the directory while open', async () => {
    const dir = join(root, 'nested', 'data'); // created if missing
    const first = await openStore({ dataDir: dir });
    assert.equal(first.backend, 'pglite');
    const [stored] = await first.commit([unit([event('room:r1', { payload: { text: 'kept' } })], [{ entity: 'r1', key: 'name', value: 'Hall' }])]);
    await first.createAccount({ id: 'a1', name: 'Alice', passwordHash: 'h', role: 'admin', characterId: 'c1' });
    await first.setCursors([['c1', 1]]);

    await assert.rejects(openPgliteStore({ dataDir: dir }), dataDirError(/already open in this process/));
    await first.close();
    await first.close(); // idempotent
    assert.equal(existsSync(join(dir, 'myriad.lock')), false, 'the lock is released on close');

    const second = await openStore({ dataDir: dir });
    try {
      assert.deepEqual(await second.readAll(0, 10), stored);
      assert.deepEqual(await second.loadSnapshot(), { position: 1, components: [['r1', 'name', 'Hall']] });
      assert.equal((await second.findAccount('ALICE'))?.role, 'admin');
      assert.equal(await second.getCursor('c1'), 1);
      // Positions carry on from the saved head.
      const [next] = await second.commit([unit([event('room:r1')])]);
      assert.deepEqual([next![0]!.position, next![0]!.version], [2, 2]);
    } finally {
      await second.close();
    }
  });

  it('refuses a directory locked by another running process, takes over a stale lock', async () => {
    const dir = join(root, 'locked');
    await mkdir(dir);
    // Our parent is alive and is not us.
    await writeFile(join(dir, 'myriad.lock'), `${process.ppid}\n`);
    await assert.rejects(openPgliteStore({ dataDir: dir }), dataDirError(new RegExp(`in use by process ${process.ppid}`)));

    const dead = spawnSync(process.execPath, ['-e', '']).pid; // exited by now
    await writeFile(join(dir, 'myriad.lock'), `${dead}\n`);
    const store = await openPgliteStore({ dataDir: dir });
    await store.close();
  });

  it('reports an unwritable data directory as STORE_DATA_DIR', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'not a directory');
    await assert.rejects(openStore({ dataDir: join(file, 'data') }), dataDirError(/ENOTDIR/));

    // Permission bits do not stop root, so this half only runs as another user.
    if (process.getuid?.() !== 0) {
      const readOnly = join(root, 'read-only');
      await mkdir(readOnly);
      await chmod(readOnly, 0o500);
      await assert.rejects(openStore({ dataDir: readOnly }), dataDirError(/EACCES|EPERM/));
      await chmod(readOnly, 0o700);
    }
  });

  it('reports a damaged data directory as STORE_DATA_DIR and releases its lock', async () => {
    const dir = join(root, 'damaged');
    await mkdir(dir);
    await writeFile(join(dir, 'PG_VERSION'), 'garbage\n');
    await assert.rejects(openStore({ dataDir: dir }), dataDirError(/damaged/));
    assert.equal(existsSync(join(dir, 'myriad.lock')), false);
  });

  it('runs PGlite with the configured buffer pool (storage.pgliteSharedBuffersMiB), and the event store works with it', async () => {
    assert.deepEqual(pgliteSettings({}), {}, 'no setting: PGlite keeps its own defaults');
    const settings = pgliteSettings({ sharedBuffersMiB: 16 });
    assert.deepEqual(settings.postgresqlconf, ['shared_buffers = 16MB', 'wal_buffers = 512kB']);
    const pg = await PGlite.create({ dataDir: join(root, 'small-pool'), ...settings });
    try {
      const shown = await pg.query<{ shared_buffers: string; wal_buffers: string }>("SELECT current_setting('shared_buffers') AS shared_buffers, current_setting('wal_buffers') AS wal_buffers");
      assert.deepEqual(shown.rows[0], { shared_buffers: '16MB', wal_buffers: '512kB' });
    } finally {
      await pg.close();
    }
    // The same directory through the store, with the setting: commits and reads back.
    const store = await openStore({ dataDir: join(root, 'small-pool'), pgliteSharedBuffersMiB: 16 });
    try {
      const [stored] = await store.commit([unit([event('room:r1', { payload: { text: 'small pool' } })])]);
      assert.deepEqual(await store.readAll(0, 10), stored);
    } finally {
      await store.close();
    }
  });
});
