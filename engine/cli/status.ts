/**
 * `myriad status` and `myriad stop`: for a server started in the background or by a
 * supervisor, found through `myriad.pid` in its data directory (the same config
 * or MYRIAD_DATA_DIR as `start` points them at it).
 *
 * status prints pid, uptime, players, packs and health (from the server's /health)
 * and exits 0 when healthy, 1 when running but degraded or not answering, 3 when not
 * running (the LSB convention for status, which supervisors and scripts test).
 * stop sends SIGTERM — the same clean stop as Ctrl-C: players told, commits flushed —
 * and waits for the process to be gone.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/load.ts';
import { isMyriadRunning, pidFilePath, readPidFile, type PidInfo } from './pid-file.ts';

export const EXIT_NOT_RUNNING = 3;
/** /health answers within ~1 s even when the database hangs (its probe times out at 1 s). */
const HEALTH_TIMEOUT_MS = 5000;
/** A clean stop flushes commits and cursors; on a loaded machine that can take seconds. */
const DEFAULT_STOP_TIMEOUT_S = 30;
const POLL_MS = 100;

interface ServerOptions {
  readonly config?: string;
  readonly dataDir?: string;
}

interface Health {
  status: string;
  uptimeSeconds: number;
  version: string;
  playersOnline: number;
  connections: number;
  lastEventPosition: number;
  checks: Record<string, { ok: boolean; detail: string }>;
  memory?: { rssBytes: number };
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('is the server running? pid, uptime, players, packs and health (exit 0 healthy, 1 degraded, 3 not running)')
    .option('-c, --config <file>', 'the config file the server was started with (for its data directory)')
    .option('--data-dir <dir>', 'the data directory holding myriad.pid (default: the config’s storage.dataDir)')
    .option('--json', 'print the pid file and /health as one JSON object')
    .action(async (opts: ServerOptions & { json?: boolean }) => {
      process.exitCode = await status(opts);
    });
  program
    .command('stop')
    .description('stop a server running in the background cleanly (SIGTERM) and wait until it has exited')
    .option('-c, --config <file>', 'the config file the server was started with (for its data directory)')
    .option('--data-dir <dir>', 'the data directory holding myriad.pid (default: the config’s storage.dataDir)')
    .option('--timeout <seconds>', 'how long to wait for it to exit', String(DEFAULT_STOP_TIMEOUT_S))
    .action(async (opts: ServerOptions & { timeout: string }) => {
      process.exitCode = await stop(opts);
    });
}

export async function status(opts: ServerOptions & { json?: boolean }): Promise<number> {
  const found = findServer(opts);
  if (typeof found === 'string') {
    console.log(found);
    return EXIT_NOT_RUNNING;
  }
  const health = await fetchHealth(found);
  if (opts.json) {
    console.log(JSON.stringify({ running: true, ...found, health: typeof health === 'string' ? null : health }));
    return typeof health !== 'string' && health.status === 'ok' ? 0 : 1;
  }
  const url = baseUrl(found);
  if (typeof health === 'string') {
    console.log(`Myriad ${found.version} is running as pid ${found.pid} (since ${new Date(found.startedAt).toISOString()}), but ${url}/health does not answer: ${health}`);
    return 1;
  }
  console.log(`Myriad ${health.version} is running: pid ${found.pid}, up ${duration(health.uptimeSeconds)}`);
  console.log(`  telnet port ${found.telnetPort}, web ${url}/, storage ${found.backend}`);
  console.log(`  players online: ${health.playersOnline} (${health.connections} connection${health.connections === 1 ? '' : 's'}), last event #${health.lastEventPosition}`);
  const packs = health.checks['packs'];
  if (packs) console.log(`  packs: ${packs.detail}`);
  if (health.memory) console.log(`  memory: ${Math.round(health.memory.rssBytes / 1048576)} MiB RSS`);
  console.log(`  health: ${health.status}`);
  for (const [name, check] of Object.entries(health.checks)) console.log(`    ${check.ok ? '✔' : '✖'} ${name}: ${check.detail}`);
  return health.status === 'ok' ? 0 : 1;
}

export async function stop(opts: ServerOptions & { timeout: string }): Promise<number> {
  const timeoutS = Number(opts.timeout);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) {
    console.error(`myriad stop: --timeout must be a number of seconds above 0, not "${opts.timeout}"`);
    return 1;
  }
  const found = findServer(opts);
  if (typeof found === 'string') {
    console.log(found); // stopping a stopped server is not an error (as systemctl stop)
    return 0;
  }
  const t0 = performance.now();
  try {
    process.kill(found.pid, 'SIGTERM');
  } catch (e) {
    console.error(`myriad stop: cannot signal pid ${found.pid}: ${(e as Error).message} (run as the user the server runs as)`);
    return 1;
  }
  console.log(`stopping Myriad (pid ${found.pid})…`);
  while (performance.now() - t0 < timeoutS * 1000) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    if (!isMyriadRunning(found.pid)) {
      console.log(`stopped in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      return 0;
    }
  }
  console.error(`myriad stop: pid ${found.pid} has not exited after ${timeoutS} s; it may still be flushing. Wait, or end it with kill -9 ${found.pid} (commits not yet flushed are lost).`);
  return 1;
}

/** The running server's pid file, or why there is none (a message to print). */
function findServer(opts: ServerOptions): PidInfo | string {
  const dataDir = opts.dataDir ?? loadConfig(opts.config ? { file: opts.config } : {}).storage.dataDir;
  const file = pidFilePath(dataDir);
  if (!file) return `Myriad is not running with a data directory (${dataDir} keeps nothing, not even a pid file); use --data-dir`;
  const info = readPidFile(file);
  if (!info) return `Myriad is not running (no ${file})`;
  if (!isMyriadRunning(info.pid)) return `Myriad is not running (${file} names pid ${info.pid}, which is gone: it crashed or was killed; the next start replaces the file)`;
  return info;
}

function baseUrl(info: PidInfo): string {
  return `http://${info.host.includes(':') ? `[${info.host}]` : info.host}:${info.httpPort}`;
}

async function fetchHealth(info: PidInfo): Promise<Health | string> {
  try {
    const res = await fetch(`${baseUrl(info)}/health`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    return (await res.json()) as Health;
  } catch (e) {
    return (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
  }
}

/** 3725 → "1h 2m 5s". */
export function duration(seconds: number): string {
  const s = Math.floor(seconds);
  const parts = [Math.floor(s / 86400) && `${Math.floor(s / 86400)}d`, Math.floor((s % 86400) / 3600) && `${Math.floor((s % 86400) / 3600)}h`, Math.floor((s % 3600) / 60) && `${Math.floor((s % 3600) / 60)}m`, `${s % 60}s`];
  return parts.filter(Boolean).join(' ');
}
