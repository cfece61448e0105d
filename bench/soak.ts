/**
 * Soak: a real server (`myriad start` in a child process) under a steady crowd for
 * a long time, sampling its memory and event-loop lag, failing on unbounded growth.
 * Not part of CI (it runs for as long as you ask).
 *
 *   npm run soak -- --minutes 30                 (200 clients, PGlite in a temp dir)
 *   npm run soak -- --minutes 3 --database postgres://postgres@127.0.0.1:5432/test
 *   npm run soak -- --help
 *
 * Each client (WebSocket, lean: it keeps only its last lines) walks, looks and says
 * something every 2–4 s, so a room hears a few says a second. Every sample reads
 * /health (RSS, heap) and /metrics (event-loop delay p99 and max since the previous
 * sample) and times the clients' says (sent → their own echo, which comes after the
 * commit). Growth: after a warm-up (the first fifth of the run, at least 30 s), the
 * lower envelope of the heap and of RSS (the minimum of each window of samples: what
 * survives garbage collection) is fitted with a line. The run FAILS (exit code 1) when
 * the heap slope is above --max-slope or the RSS slope above --max-rss-slope MiB per
 * minute, when a say goes unanswered, when a client is disconnected, or when the
 * server stops answering. The last line printed is `soak: PASS …` or `soak: FAIL …`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import WebSocket from 'ws';
import { ChildServer, freePort, sleep } from '../test/support/reliability.ts';

const USAGE = `Usage: npm run soak -- [options]

  --minutes <n>          how long the crowd plays (default 30)
  --clients <n>          WebSocket players (default 200)
  --database <url>       PostgreSQL admin URL: a throwaway database is created next to
                         the URL's database and dropped afterwards (default: PGlite in a
                         temp directory)
  --sample-seconds <n>   seconds between samples (default 5)
  --max-slope <MiB/min>  largest allowed heap growth after the warm-up (default 1.0)
  --max-rss-slope <MiB/min>
                         largest allowed RSS growth after the warm-up (default 5.0;
                         RSS includes PGlite's WebAssembly memory and the world worker)
  --out <file.json>      write the summary and every sample as JSON
  -h, --help             this text

Prints one line per sample while it runs, then a line starting "soak: PASS" or
"soak: FAIL"; exits 1 on failure.`;

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      minutes: { type: 'string', default: '30' },
      clients: { type: 'string', default: '200' },
      database: { type: 'string' },
      'sample-seconds': { type: 'string', default: '5' },
      'max-slope': { type: 'string', default: '1.0' },
      'max-rss-slope': { type: 'string', default: '5.0' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
try {
  parsed = parse();
} catch (e) {
  console.error(`soak: ${(e as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
const args = parsed.values;
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
function positive(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`soak: --${name} must be a positive number (got ${JSON.stringify(value)})\n\n${USAGE}`);
    process.exit(2);
  }
  return n;
}
const MINUTES = positive('minutes', args.minutes);
const CLIENTS = Math.floor(positive('clients', args.clients));
const SAMPLE_MS = positive('sample-seconds', args['sample-seconds']) * 1000;
const MAX_SLOPE = positive('max-slope', args['max-slope']);
const MAX_RSS_SLOPE = positive('max-rss-slope', args['max-rss-slope']);
/** prom-client's eventloop_lag_max samples every 10 ms; an idle loop reads ~10 ms there. */
const LAG_RESOLUTION_MS = 10;
/** A say not echoed within this long is counted as lost in the progress lines. */
const LOST_AFTER_MS = 10_000;

interface Sample {
  readonly atS: number;
  readonly rssMiB: number;
  readonly heapMiB: number;
  /** Event-loop delay beyond the 10 ms sampling interval, p99 and max since the previous sample. */
  readonly lagP99Ms: number;
  readonly lagMaxMs: number;
  readonly sayP50Ms: number;
  readonly sayP99Ms: number;
  readonly says: number;
  readonly connections: number;
}

/** A WebSocket player that keeps only its last lines and times its says. */
class SoakClient {
  latencies: number[] = [];
  sent = 0;
  answered = 0;
  /** Set when the server closed this client's connection while it was playing. */
  closedBy: string | null = null;
  private readonly pending = new Map<string, number>();
  private readonly recent: string[] = [];
  private waiters: Array<() => void> = [];
  private ws!: WebSocket;
  private seq = 0;
  private playing = false;
  private loop: Promise<void> | null = null;

  constructor(readonly name: string) {}

  get unanswered(): number {
    return this.pending.size;
  }

  /** Says sent more than `ms` ago and not echoed yet. */
  overdue(ms: number): number {
    const before = performance.now() - ms;
    let n = 0;
    for (const at of this.pending.values()) if (at < before) n++;
    return n;
  }

  async join(port: number): Promise<void> {
    this.ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    this.ws.on('error', () => undefined);
    this.ws.on('close', (code, reason) => {
      if (this.playing) this.closedBy = `${code} ${reason.toString()}`.trim();
    });
    this.ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; text?: string; reason?: string };
      if (frame.type === 'closing') this.closedBy = frame.reason ?? 'closing';
      if (frame.type !== 'output' && frame.type !== 'prompt') return;
      const text = frame.text ?? '';
      const token = /^You say, "(\w+)"/.exec(text)?.[1];
      const at = token ? this.pending.get(token) : undefined;
      if (token && at !== undefined) {
        this.pending.delete(token);
        this.latencies.push(performance.now() - at);
        this.answered++;
      }
      this.recent.push(text);
      if (this.recent.length > 20) this.recent.shift();
      for (const w of this.waiters.splice(0)) w();
    });
    await new Promise<void>((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    await this.expect(/connect <name> <password>/);
    this.send(`create ${this.name} soak-password`);
    await this.expect(new RegExp(`Welcome, ${this.name}!`));
  }

  start(): void {
    this.playing = true;
    this.loop = (async () => {
      await sleep(Math.random() * 3_000);
      while (this.playing) {
        const r = Math.random();
        if (r < 0.6) {
          const token = `${this.name}s${++this.seq}`;
          this.pending.set(token, performance.now());
          this.sent++;
          this.send(`say ${token}`);
        } else if (r < 0.9) {
          this.send(['north', 'south', 'east', 'west'][Math.floor(Math.random() * 4)]!);
        } else {
          this.send('look');
        }
        await sleep(2_000 + Math.random() * 2_000);
      }
    })();
  }

  async stop(): Promise<void> {
    this.playing = false;
    await this.loop;
  }

  /** Wait (up to `ms`) for the says still in flight. */
  async settle(ms: number): Promise<void> {
    const deadline = performance.now() + ms;
    while (this.pending.size > 0 && performance.now() < deadline && this.ws.readyState === this.ws.OPEN) await sleep(100);
  }

  close(): void {
    this.ws.terminate();
  }

  private send(line: string): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify({ type: 'input', text: line }));
  }

  private async expect(pattern: RegExp, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.recent.some((t) => pattern.test(t))) {
      if (Date.now() > deadline) throw new Error(`${this.name}: no ${pattern} (last: ${JSON.stringify(this.recent.slice(-3))})`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, 200);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
    this.recent.length = 0;
  }
}

function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** Least-squares slope of y over x. */
function slope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** The minimum of each window of `size` samples, as (minutes, MiB) points: what survives GC. */
function lowerEnvelope(samples: readonly Sample[], size: number, pick: (s: Sample) => number): Array<readonly [number, number]> {
  const points: Array<readonly [number, number]> = [];
  for (let i = 0; i + size <= samples.length; i += size) {
    const w = samples.slice(i, i + size);
    const min = w.reduce((a, b) => (pick(b) < pick(a) ? b : a));
    points.push([min.atS / 60, pick(min)]);
  }
  return points;
}

async function sampleServer(port: number, metricsPort: number): Promise<{ rss: number; heap: number; lagP99: number; lagMax: number; connections: number }> {
  const signal = AbortSignal.timeout(10_000);
  const health = (await (await fetch(`http://127.0.0.1:${port}/health`, { signal })).json()) as { memory: { rssBytes: number; heapUsedBytes: number }; connections: number };
  const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { signal })).text();
  const gauge = (name: string): number => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(metrics)?.[1] ?? 0);
  // Both are reset by each scrape: they cover the time since the previous sample.
  const lagP99 = gauge('myriad_event_loop_lag_seconds') * 1000;
  const lagMax = gauge('myriad_nodejs_eventloop_lag_max_seconds') * 1000;
  return { rss: health.memory.rssBytes, heap: health.memory.heapUsedBytes, lagP99, lagMax, connections: health.connections };
}

const excess = (ms: number): number => Math.max(0, ms - LAG_RESOLUTION_MS);
const pad = (v: number, width: number, digits = 0): string => v.toFixed(digits).padStart(width);

async function main(): Promise<number> {
  const cleanup: Array<() => Promise<unknown> | void> = [];
  let databaseUrl: string | undefined;
  let dataDir: string | undefined;
  const failures: string[] = [];
  const clients: SoakClient[] = [];
  let server: ChildServer | undefined;
  try {
    if (args.database) {
      const name = `myriad_soak_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: args.database });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(args.database);
      url.pathname = `/${name}`;
      databaseUrl = url.toString();
      cleanup.push(async () => {
        const c = new pg.Client({ connectionString: args.database });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      });
    } else {
      dataDir = mkdtempSync(join(tmpdir(), 'myriad-soak-'));
      cleanup.push(() => rmSync(dataDir!, { recursive: true, force: true }));
    }
    const backend = databaseUrl ? 'PostgreSQL' : 'PGlite';
    const [telnetPort, httpPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
    const child = new ChildServer({
      telnetPort,
      httpPort,
      ...(databaseUrl ? { databaseUrl } : {}),
      ...(dataDir ? { dataDir } : {}),
      config: {
        log: { level: 'info', pretty: false }, // info: ChildServer waits for the "Myriad is up" line
        packs: { enabled: ['rooms', 'social'] },
        // /metrics has its own loopback listener (docs/operators.md).
        metrics: { port: metricsPort },
        // All clients come from 127.0.0.1: per-address limits off for it; per-connection ones stay.
        limits: { exemptAddresses: ['127.0.0.1', '::1'] },
      },
    });
    server = child;
    cleanup.push(() => child.dispose());
    const startMs = await child.start(180_000);
    console.log(`soak: server up in ${(startMs / 1000).toFixed(1)} s (${backend}, pid ${child.pid}); ${CLIENTS} clients joining…`);
    const warden = new SoakClient('Warden'); // the first account is the admin; the crowd are players
    await warden.join(httpPort);
    warden.close();
    const joinT0 = performance.now();
    for (let i = 0; i < CLIENTS; i += 10) {
      await Promise.all(
        Array.from({ length: Math.min(10, CLIENTS - i) }, async (_, j) => {
          const n = i + j;
          const c = new SoakClient(`Soak${String.fromCharCode(97 + (n % 26))}${String.fromCharCode(97 + (Math.floor(n / 26) % 26))}${String.fromCharCode(97 + (Math.floor(n / 676) % 26))}`);
          await c.join(httpPort);
          clients.push(c);
        }),
      );
      if (clients.length % 50 === 0 || clients.length === CLIENTS) console.log(`soak: ${clients.length}/${CLIENTS} clients logged in (${((performance.now() - joinT0) / 1000).toFixed(0)} s)`);
    }
    for (const c of clients) c.start();
    console.log(`soak: ${clients.length} clients playing for ${MINUTES} min; a sample every ${SAMPLE_MS / 1000} s (lag = event-loop delay beyond the 10 ms sampling interval)`);
    console.log('    t(s)  left  conns  rss MiB  heap MiB  lag p99  lag max  say p50  say p99  says  lost');
    const samples: Sample[] = [];
    const allLatencies: number[] = [];
    const t0 = performance.now();
    await sampleServer(httpPort, metricsPort); // resets the lag histograms
    while (performance.now() - t0 < MINUTES * 60_000) {
      await sleep(SAMPLE_MS);
      if (!child.running) {
        failures.push(`the server exited during the run:\n${child.tail(20)}`);
        break;
      }
      const lat = clients.flatMap((c) => c.latencies.splice(0));
      for (const x of lat) allLatencies.push(x);
      let s: Awaited<ReturnType<typeof sampleServer>>;
      try {
        s = await sampleServer(httpPort, metricsPort);
      } catch (e) {
        failures.push(`the server stopped answering /health or /metrics: ${(e as Error).message}`);
        break;
      }
      const sample: Sample = {
        atS: (performance.now() - t0) / 1000,
        rssMiB: s.rss / 1_048_576,
        heapMiB: s.heap / 1_048_576,
        lagP99Ms: s.lagP99, // myriad_event_loop_lag_seconds is already beyond the interval
        lagMaxMs: excess(s.lagMax),
        sayP50Ms: percentile(lat, 50),
        sayP99Ms: percentile(lat, 99),
        says: lat.length,
        connections: s.connections,
      };
      samples.push(sample);
      const lost = clients.reduce((n, c) => n + c.overdue(LOST_AFTER_MS), 0);
      const left = Math.max(0, MINUTES * 60 - sample.atS);
      console.log(`${pad(sample.atS, 8)}  ${pad(left, 4)}  ${pad(sample.connections, 5)}  ${pad(sample.rssMiB, 7)}  ${pad(sample.heapMiB, 8, 1)}  ${pad(sample.lagP99Ms, 7, 1)}  ${pad(sample.lagMaxMs, 7, 1)}  ` + `${pad(sample.sayP50Ms, 7, 1)}  ${pad(sample.sayP99Ms, 7, 1)}  ${pad(sample.says, 4)}  ${pad(lost, 4)}`);
    }
    await Promise.all(clients.map((c) => c.stop())); // all at once: one by one, the later ones would play on for minutes
    await Promise.all(clients.map((c) => c.settle(15_000))); // the last says come back
    for (const c of clients) for (const x of c.latencies.splice(0)) allLatencies.push(x);

    const warm = Math.max(30, (MINUTES * 60) / 5);
    const measured = samples.filter((s) => s.atS >= warm);
    const window = Math.max(1, Math.min(6, Math.floor(measured.length / 4)));
    const heapEnvelope = lowerEnvelope(measured, window, (s) => s.heapMiB);
    const rssEnvelope = lowerEnvelope(measured, window, (s) => s.rssMiB);
    const heapSlope = slope(heapEnvelope);
    const rssSlope = slope(rssEnvelope);
    const sent = clients.reduce((n, c) => n + c.sent, 0);
    const answered = clients.reduce((n, c) => n + c.answered, 0);
    const unanswered = clients.reduce((n, c) => n + c.unanswered, 0);
    const dropped = clients.filter((c) => c.closedBy !== null);
    const lagP99s = samples.map((s) => s.lagP99Ms);
    const lagMax = Math.max(0, ...samples.map((s) => s.lagMaxMs));
    if (heapEnvelope.length < 2) failures.push(`too short to judge growth (${measured.length} samples after the ${warm.toFixed(0)} s warm-up; run at least 2 minutes)`);
    if (heapSlope > MAX_SLOPE) failures.push(`heap grows ${heapSlope.toFixed(2)} MiB/min (limit ${MAX_SLOPE}, --max-slope)`);
    if (rssSlope > MAX_RSS_SLOPE) failures.push(`RSS grows ${rssSlope.toFixed(2)} MiB/min (limit ${MAX_RSS_SLOPE}, --max-rss-slope)`);
    if (unanswered > 0) failures.push(`${unanswered} says unanswered`);
    if (dropped.length > 0) failures.push(`${dropped.length} clients were disconnected (first: ${dropped[0]!.name}: ${dropped[0]!.closedBy})`);
    const first = samples[0];
    const last = samples.at(-1);
    const summary = {
      result: failures.length ? 'FAIL' : 'PASS',
      failures,
      backend: databaseUrl ? 'postgres' : 'pglite',
      minutes: MINUTES,
      clients: clients.length,
      warmupS: warm,
      says: { sent, answered, unanswered },
      heapSlopeMiBPerMin: Number(heapSlope.toFixed(3)),
      rssSlopeMiBPerMin: Number(rssSlope.toFixed(3)),
      rssMiB: { start: first?.rssMiB, afterWarmup: measured[0]?.rssMiB, end: last?.rssMiB, max: Math.max(0, ...samples.map((s) => s.rssMiB)) },
      heapMiB: { start: first?.heapMiB, afterWarmup: measured[0]?.heapMiB, end: last?.heapMiB },
      lagMs: { p99Median: Number(percentile(lagP99s, 50).toFixed(1)), p99Max: Number(Math.max(0, ...lagP99s).toFixed(1)), max: Number(lagMax.toFixed(1)) },
      sayMs: { p50: Number(percentile(allLatencies, 50).toFixed(1)), p99: Number(percentile(allLatencies, 99).toFixed(1)), max: Number(Math.max(0, ...allLatencies).toFixed(1)) },
      loadAverage: loadavg().map((x) => Number(x.toFixed(2))),
      samples,
    };
    if (args.out) writeFileSync(args.out, JSON.stringify(summary, null, 2) + '\n');
    console.log(
      `soak: ${summary.result} — ${backend}, ${MINUTES} min, ${clients.length} clients; says ${sent} sent, ${answered} answered, ${unanswered} lost; ` +
        `heap slope ${heapSlope.toFixed(2)} MiB/min (limit ${MAX_SLOPE}), RSS slope ${rssSlope.toFixed(2)} MiB/min (limit ${MAX_RSS_SLOPE}) after a ${warm.toFixed(0)} s warm-up; ` +
        `RSS ${first?.rssMiB.toFixed(0)} → ${last?.rssMiB.toFixed(0)} MiB; event-loop lag p99 median ${summary.lagMs.p99Median} ms, worst p99 ${summary.lagMs.p99Max} ms, max ${summary.lagMs.max} ms; ` +
        `say p50 ${summary.sayMs.p50} ms, p99 ${summary.sayMs.p99} ms; load average ${summary.loadAverage.join(' ')}` +
        (failures.length ? `\n  ${failures.join('\n  ')}` : ''),
    );
    return failures.length ? 1 : 0;
  } catch (e) {
    console.log(`soak: FAIL — ${(e as Error).stack ?? String(e)}${server ? `\nserver output:\n${server.tail(20)}` : ''}`);
    return 1;
  } finally {
    for (const c of clients) c.close();
    await server?.stop().catch(() => undefined);
    for (const f of cleanup.reverse()) await Promise.resolve(f()).catch((e: unknown) => console.error('soak: cleanup:', e));
  }
}

process.exitCode = await main();
