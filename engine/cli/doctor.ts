/**
 * `myriad doctor`: can `myriad start` run here? Each check prints ✔, ! (a
 * warning: optional or informational) or ✖ (a problem) with what to do about it;
 * the exit code is 1 when any check is a problem.
 *
 *   Node.js version · config file · database (PostgreSQL reachable, or the PGlite
 *   data directory writable and not locked) · telnet and HTTP ports free (and who
 *   holds them) · packs built (wasm present, sha256 matching pack.json) · chromium
 *   and tt++ for the real-client tests (optional)
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config/defaults.ts';
import { loadConfig } from '../config/load.ts';
import { MyriadError } from '../errors.ts';
import { redact } from '../store/postgres.ts';

export type Verdict = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  readonly verdict: Verdict;
  readonly title: string;
  readonly detail?: string;
  /** What to do; shown for warn and fail. */
  readonly fix?: string;
}

const MIN_NODE_MAJOR = 20;
/** 3 s: a reachable PostgreSQL answers in milliseconds; an unreachable host would otherwise hang for the TCP timeout. */
const DB_TIMEOUT_MS = 3_000;
const LOCK_FILE = 'myriad.lock';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check that this machine can run the server, and say what to fix')
    .option('-c, --config <file>', 'config file')
    .action(async (opts: { config?: string }) => {
      const results = await runChecks(opts.config);
      for (const r of results) console.log(formatResult(r));
      const problems = results.filter((r) => r.verdict === 'fail').length;
      const warnings = results.filter((r) => r.verdict === 'warn').length;
      console.log(problems ? `\n${problems} problem(s) to fix${warnings ? `, ${warnings} warning(s)` : ''}.` : `\nready to start${warnings ? ` (${warnings} warning(s))` : ''}.`);
      process.exitCode = problems ? 1 : 0;
    });
}

export function formatResult(r: CheckResult): string {
  const mark = r.verdict === 'ok' ? '✔' : r.verdict === 'warn' ? '!' : '✖';
  let line = `${mark} ${r.title}${r.detail ? `: ${r.detail}` : ''}`;
  if (r.verdict !== 'ok' && r.fix) line += `\n    fix: ${r.fix}`;
  return line;
}

export async function runChecks(configFile?: string): Promise<CheckResult[]> {
  const results: CheckResult[] = [checkNode()];
  let config: Config;
  try {
    config = loadConfig(configFile ? { file: configFile } : {});
    results.push({ verdict: 'ok', title: 'config', detail: config.configFile ?? 'no file, defaults (zero-config) with environment overrides' });
  } catch (e) {
    const [detail, fix] = e instanceof MyriadError ? e.explain().split('\n  fix: ') : [String(e), 'fix the config file'];
    results.push({ verdict: 'fail', title: 'config', detail: detail ?? String(e), fix: fix ?? 'fix the config file' });
    return results;
  }
  results.push(await checkDatabase(config));
  results.push(await checkPort('telnet port', config.server.host, config.telnet.port, 'MYRIAD_TELNET_PORT'));
  results.push(await checkPort('HTTP port', config.server.host, config.http.port, 'MYRIAD_HTTP_PORT'));
  results.push(await checkPacks(config));
  results.push(checkBinary('chromium', ['chromium', 'chromium-browser'], 'only the browser tests need it: apt-get install chromium'));
  results.push(checkBinary('tt++ (TinTin++)', ['tt++'], 'only the real-client telnet tests need it: apt-get install tintin++'));
  return results;
}

export function checkNode(version = process.versions.node): CheckResult {
  const major = Number(version.split('.')[0]);
  return major >= MIN_NODE_MAJOR ? { verdict: 'ok', title: 'Node.js', detail: `${version} (need ≥ ${MIN_NODE_MAJOR})` } : { verdict: 'fail', title: 'Node.js', detail: `${version} is too old`, fix: `install Node.js ${MIN_NODE_MAJOR} or newer (https://nodejs.org, or your package manager)` };
}

async function checkDatabase(config: Config): Promise<CheckResult> {
  const url = config.storage.databaseUrl;
  if (url) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: DB_TIMEOUT_MS });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const row = (await client.query<{ v: string }>('SHOW server_version')).rows[0];
      return { verdict: 'ok', title: 'database', detail: `PostgreSQL ${row?.v ?? '?'} at ${redact(url)}` };
    } catch (e) {
      return {
        verdict: 'fail',
        title: 'database',
        detail: `PostgreSQL at ${redact(url)}: ${e instanceof Error ? e.message : String(e)}`,
        fix: 'start PostgreSQL, create the database, or correct DATABASE_URL (unset it to use the embedded PGlite in ./data)',
      };
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  const dir = config.storage.dataDir;
  if (dir.startsWith('memory://')) return { verdict: 'warn', title: 'database', detail: 'PGlite in memory: nothing is kept after a stop', fix: 'set storage.dataDir or MYRIAD_DATA_DIR to a directory' };
  if (!existsSync(dir)) {
    const parent = nearestExisting(dir);
    return writable(parent) ? { verdict: 'ok', title: 'database', detail: `PGlite; ${dir} will be created on first start` } : { verdict: 'fail', title: 'database', detail: `cannot create ${dir}: ${parent} is not writable`, fix: 'make it writable by this user, or set MYRIAD_DATA_DIR elsewhere' };
  }
  if (!statSync(dir).isDirectory()) return { verdict: 'fail', title: 'database', detail: `${dir} is not a directory`, fix: 'set MYRIAD_DATA_DIR to a directory' };
  if (!writable(dir)) return { verdict: 'fail', title: 'database', detail: `${dir} is not writable`, fix: `chown/chmod it for this user, or set MYRIAD_DATA_DIR elsewhere` };
  const lockPath = join(dir, LOCK_FILE);
  const owner = existsSync(lockPath) ? Number.parseInt(readFileSync(lockPath, 'utf8'), 10) : NaN;
  if (Number.isInteger(owner) && isRunning(owner)) {
    return {
      verdict: 'fail',
      title: 'database',
      detail: `PGlite data directory ${dir} is locked by running process ${owner}${describeProcess(owner)}`,
      fix: `a server is already using it: stop that process first, or point MYRIAD_DATA_DIR elsewhere (if ${owner} is not a Myriad server, delete ${lockPath})`,
    };
  }
  return { verdict: 'ok', title: 'database', detail: `PGlite in ${dir} (writable, not locked)` };
}

/** Can we listen there? If not, who holds it (a Myriad server answers /health). */
export async function checkPort(title: string, host: string, port: number, setting: string): Promise<CheckResult> {
  if (port === 0) return { verdict: 'ok', title, detail: 'any free port (0)' };
  const error = await new Promise<NodeJS.ErrnoException | null>((done) => {
    const s = createServer();
    s.once('error', (e: NodeJS.ErrnoException) => done(e));
    s.listen(port, host, () => s.close(() => done(null)));
  });
  if (!error) return { verdict: 'ok', title, detail: `${port} is free` };
  if (error.code !== 'EADDRINUSE') return { verdict: 'fail', title, detail: `cannot listen on ${host}:${port}: ${error.code ?? error.message}`, fix: `choose another port with ${setting}, or run with the needed permissions` };
  return { verdict: 'fail', title, detail: `${port} is in use${await whoHolds(port)}`, fix: `stop that process, or choose another port with ${setting}` };
}

async function whoHolds(port: number): Promise<string> {
  const parts: string[] = [];
  const pid = listenerPid(port);
  if (pid !== null) parts.push(`process ${pid}${describeProcess(pid)}`);
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) });
    const body = (await res.json()) as { version?: unknown };
    if (typeof body.version === 'string') parts.push(`a Myriad ${body.version} server (its /health answers)`);
  } catch {
    // not an HTTP server of ours (or the telnet port)
  }
  return parts.length ? ` by ${parts.join(', ')}` : ' (by a process this user cannot see)';
}

/** The pid listening on a TCP port, from `ss` (iproute2) when available. */
function listenerPid(port: number): number | null {
  try {
    const out = execFileSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 });
    const m = /pid=(\d+)/.exec(out);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function describeProcess(pid: number): string {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return cmd ? ` (${cmd.length > 80 ? cmd.slice(0, 77) + '…' : cmd})` : '';
  } catch {
    return '';
  }
}

async function checkPacks(config: Config): Promise<CheckResult> {
  const { loadPacks } = await import('../packs/loader.ts');
  try {
    const packs = loadPacks(config);
    return { verdict: 'ok', title: 'packs', detail: `${packs.map((p) => `${p.manifest.name}@${p.manifest.version}`).join(', ')} built, sha256 matching` };
  } catch (e) {
    const problems = e instanceof Error && e.name === 'PackLoadError' ? (e as Error & { problems: string[] }).problems : [e instanceof MyriadError ? e.message : String(e)];
    return {
      verdict: 'fail',
      title: 'packs',
      detail: problems.join('; '),
      fix: 'build them: `myriad pack build --all` (first-party) or `myriad pack build <dir>`; then check packs.enabled in the config',
    };
  }
}

function checkBinary(title: string, names: readonly string[], fix: string): CheckResult {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/bin', '/usr/games', '/usr/local/bin'];
  for (const name of names) {
    for (const dir of dirs) {
      if (!dir) continue;
      const file = join(dir, name);
      try {
        accessSync(file, constants.X_OK);
        return { verdict: 'ok', title, detail: file };
      } catch {
        // not here
      }
    }
  }
  return { verdict: 'warn', title, detail: 'not found (optional)', fix };
}

function nearestExisting(dir: string): string {
  let d = resolve(dir);
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  return d;
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
