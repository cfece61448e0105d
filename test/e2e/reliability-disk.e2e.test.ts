/**
 * The embedded database's disk fills up, then the data directory is read-only.
 * A server process (PGlite in a size-limited tmpfs) with players: another file
 * takes the disk down to under `limits.minFreeDiskBytes`, then to zero. The server
 * must stay responsive (PGlite freezes its thread if a write meets ENOSPC, so
 * commits wait before that), say so on /health and to players, and resume by
 * itself when space is freed. After a SIGKILL, everything acknowledged is on disk,
 * the log is gap-free and the rebuild equals the snapshot. A read-only data
 * directory stops start-up with a clear STORE_DATA_DIR message, and the data is
 * intact once it is writable again.
 *
 * Needs root (mount); skipped otherwise.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, unlinkSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { openStore } from '../../engine/store/open.ts';
import { rebuildComponents, snapshotToState } from '../../engine/store/rebuild.ts';
import { Bot, ChildServer, freePort, sleep, tokensIn } from '../support/reliability.ts';

const run = promisify(execFile);
const MIB = 1_048_576;
const MIN_FREE = 48 * MIB;

function freeBytes(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

async function health(port: number): Promise<{ status: number; detail: string; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(5_000) });
  const body = (await res.json()) as { checks: Record<string, { ok: boolean; detail?: string }> };
  return { status: res.status, detail: body.checks['database']?.detail ?? '', ms: performance.now() - t0 };
}

async function until<T>(what: string, ms: number, probe: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await sleep(100);
  }
}

test('a full disk pauses commits without freezing the server; a read-only data dir fails start-up clearly; nothing committed is lost', { timeout: 10 * 60_000 }, async (t) => {
  if (userInfo().uid !== 0) return t.skip('needs root to mount a size-limited tmpfs');
  const mnt = mkdtempSync(join(tmpdir(), 'myriad-disk-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', 'size=160m', 'tmpfs', mnt]);
  } catch (e) {
    rmSync(mnt, { recursive: true, force: true });
    return t.skip(`cannot mount tmpfs: ${(e as Error).message}`);
  }
  const dataDir = join(mnt, 'data');
  const filler = join(mnt, 'filler');
  const [telnetPort, httpPort] = [await freePort(), await freePort()];
  const server = new ChildServer({
    telnetPort,
    httpPort,
    dataDir,
    config: {
      log: { level: 'info', pretty: false },
      packs: { enabled: ['rooms', 'social'] },
      limits: { exemptAddresses: ['127.0.0.1', '::1'], commands: { count: 1_000, windowMs: 1_000 }, minFreeDiskBytes: MIN_FREE },
    },
  });
  const bots = Array.from(
    { length: 10 },
    (_, i) =>
      new Bot(i, {
        name: `Disk${String.fromCharCode(97 + i)}`,
        password: 'disk-pass',
        transport: i % 3 === 0 ? 'telnet' : 'websocket',
        telnetPort,
        httpPort,
        pace: [100, 300],
      }),
  );
  t.after(async () => {
    for (const b of bots) await b.close().catch(() => undefined);
    server.dispose();
    await run('mount', ['-o', 'remount,rw', mnt]).catch(() => undefined);
    await run('umount', [mnt]).catch(() => undefined);
    rmSync(mnt, { recursive: true, force: true });
  });

  await server.start(120_000);
  for (const b of bots) b.start();
  for (const b of bots) assert.ok(await b.waitOnline(30_000));
  await sleep(1_500);

  // 1. Another file takes the disk below the limit: commits wait, the server says so.
  await run('fallocate', ['-l', String(Math.max(0, freeBytes(mnt) - 24 * MIB)), filler]);
  const low = await until('/health to report the disk', 10_000, async () => {
    const h = await health(httpPort);
    return h.status === 503 && /minFreeDiskBytes/.test(h.detail) ? h : null;
  });
  // 2. Then completely full: still responsive (a frozen gateway would not answer at all).
  await run('fallocate', ['-l', String(freeBytes(mnt)), join(mnt, 'filler2')]).catch(() => undefined);
  const full = freeBytes(mnt);
  const slowest = { ms: 0 };
  for (let i = 0; i < 10; i++) {
    const h = await health(httpPort);
    assert.equal(h.status, 503);
    slowest.ms = Math.max(slowest.ms, h.ms);
    await sleep(200);
  }
  const refusedBots = bots.filter((b) => /briefly unavailable/.test(b.lines().join('\n'))).length;
  assert.ok(refusedBots > 0, 'players were told their commands were not run');

  // 3. Space comes back: commits resume by themselves.
  const freedAt = performance.now();
  unlinkSync(filler);
  unlinkSync(join(mnt, 'filler2'));
  await until('/health to recover', 15_000, async () => ((await health(httpPort)).status === 200 ? true : null));
  const resumeMs = performance.now() - freedAt;
  await sleep(1_500);
  for (const b of bots) await b.pause();
  await sleep(300);

  // 4. Killed, then read straight from disk: everything anyone was shown is there.
  await server.kill();
  const store = await openStore({ dataDir });
  const events = await store.readAll(0, 1_000_000);
  events.forEach((e, i) => assert.equal(e.position, i + 1, 'gap-free positions'));
  const committed = new Set(events.filter((e) => e.type === 'social.say').flatMap((e) => tokensIn(JSON.stringify(e.payload))));
  let sightings = 0;
  for (const b of bots) {
    for (const tok of tokensIn(b.lines().join('\n'))) {
      sightings++;
      assert.ok(committed.has(tok), `${b.opts.name} was shown ${tok}, which is not on disk`);
    }
  }
  assert.deepEqual(await rebuildComponents(store), snapshotToState((await store.loadSnapshot()).components));
  await store.close();
  for (const b of bots) await b.close();

  // 5. A read-only data directory: start-up stops with a clear message, nothing is touched.
  await run('mount', ['-o', 'remount,ro', mnt]);
  const refused = await server.start(60_000).then(
    () => 'started',
    (e: Error) => e.message,
  );
  assert.match(refused, /STORE_DATA_DIR: cannot use data directory .*read-only file system/i);
  assert.match(refused, /fix: /);
  await run('mount', ['-o', 'remount,rw', mnt]);
  await server.start(60_000);
  await server.stop();
  const again = await openStore({ dataDir });
  assert.equal(await again.headPosition(), events.length, 'the read-only episode changed nothing');
  await again.close();

  t.diagnostic(
    `disk under ${MIN_FREE / MIB} MiB free: /health degraded ("${low.detail.slice(0, 90)}…"); at ${(full / MIB).toFixed(1)} MiB free /health still answered in ≤ ${slowest.ms.toFixed(0)} ms; ` +
      `${refusedBots}/${bots.length} players told; commits resumed ${resumeMs.toFixed(0)} ms after space was freed; ` +
      `after SIGKILL: ${events.length} events gap-free on disk, ${sightings} token sightings all committed, rebuild = snapshot; read-only start refused clearly`,
  );
});
