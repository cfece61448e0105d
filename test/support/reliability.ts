/**
 * Tools for the reliability tests and the soak: a Myriad server as a child
 * process (so it can be SIGKILLed), free ports, and scripted bots that play
 * (say unique tokens, walk, look), reconnect on their own when the server goes
 * away, and remember every line they were shown.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TelnetPlayer, WsPlayer, type Player } from './players.ts';

const CLI = resolve(import.meta.dirname, '../../engine/cli/bin.mjs');

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolvePort(port));
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface ChildServerOptions {
  /** Written to a config file the child reads (MYRIAD_CONFIG). */
  readonly config: Record<string, unknown>;
  readonly databaseUrl?: string;
  readonly dataDir?: string;
  readonly telnetPort: number;
  readonly httpPort: number;
  /** Extra environment (e.g. NODE_OPTIONS). */
  readonly env?: Record<string, string>;
}

/** `myriad start` in a child process, restartable on the same ports. */
export class ChildServer {
  private child: ChildProcess | null = null;
  private output: string[] = [];
  private readonly dir = mkdtempSync(join(tmpdir(), 'myriad-child-'));
  private readonly configFile = join(this.dir, 'myriad.json');
  starts = 0;

  constructor(private readonly opts: ChildServerOptions) {
    writeFileSync(this.configFile, JSON.stringify(opts.config, null, 2));
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines the child printed (for failure messages). */
  tail(n = 40): string {
    return this.output.slice(-n).join('\n');
  }

  /** Lines printed since start that match. */
  grep(pattern: RegExp): string[] {
    return this.output.filter((l) => pattern.test(l));
  }

  /** Spawn and wait for the "Myriad is up" log line; resolves with the start time in ms. */
  async start(timeoutMs = 90_000): Promise<number> {
    const t0 = performance.now();
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MYRIAD_') && k !== 'DATABASE_URL'));
    const env: Record<string, string> = {
      ...(clean as Record<string, string>),
      NODE_NO_WARNINGS: '1',
      MYRIAD_CONFIG: this.configFile,
      MYRIAD_TELNET_PORT: String(this.opts.telnetPort),
      MYRIAD_HTTP_PORT: String(this.opts.httpPort),
      ...(this.opts.databaseUrl ? { DATABASE_URL: this.opts.databaseUrl } : {}),
      ...(this.opts.dataDir ? { MYRIAD_DATA_DIR: this.opts.dataDir } : {}),
      ...this.opts.env,
    };
    const child = spawn(process.execPath, [CLI, 'start'], { cwd: resolve(import.meta.dirname, '../..'), env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.starts++;
    let partial = '';
    const onData = (d: Buffer): void => {
      const text = partial + d.toString();
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      this.output.push(...lines);
      if (this.output.length > 5_000) this.output.splice(0, this.output.length - 2_000);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    const deadline = Date.now() + timeoutMs;
    const mark = this.output.length;
    for (;;) {
      if (this.output.slice(mark).some((l) => l.includes('Myriad is up'))) return performance.now() - t0;
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited during start:\n${this.tail()}`);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`server not up after ${timeoutMs} ms:\n${this.tail()}`);
      }
      await sleep(25);
    }
  }

  /** SIGKILL: no shutdown code runs. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGTERM: clean shutdown. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private async signal(sig: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(sig);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }

  dispose(): void {
    this.child?.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface BotOptions {
  readonly name: string;
  readonly password: string;
  readonly transport: 'telnet' | 'websocket';
  readonly telnetPort: number;
  readonly httpPort: number;
  /** Milliseconds between actions (a random value in [min, max]). */
  readonly pace: readonly [number, number];
  /** Pick the next action; default: say a token, walk, or look. */
  readonly action?: (bot: Bot) => string;
}

const WALK = ['north', 'south', 'east', 'west', 'north', 'south', 'east', 'west', 'down', 'up'];

/**
 * A player that keeps playing across server deaths: when its connection drops it
 * reconnects (every 200 ms until the server answers) and logs in again.
 */
export class Bot {
  readonly connections: Player[] = [];
  player: Player | null = null;
  saidTokens = 0;
  logins = 0;
  commands = 0;
  private created = false;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private tokenSeq = 0;
  /** Resolves when the bot is logged in (again). */
  private onlineWaiters: Array<() => void> = [];

  constructor(
    readonly index: number,
    readonly opts: BotOptions,
  ) {}

  get online(): boolean {
    return this.player !== null && !this.player.closed;
  }

  /** A fresh unique token: letters and digits, so it survives any text cleaning. */
  nextToken(): string {
    return `tok${this.index}x${++this.tokenSeq}`;
  }

  /** Everything this bot was shown, over all its connections. */
  lines(): string[] {
    return this.connections.flatMap((p) => p.lines());
  }

  start(): void {
    this.loop ??= this.run();
  }

  waitOnline(ms: number): Promise<boolean> {
    if (this.online) return Promise.resolve(true);
    return new Promise((resolveOnline) => {
      const t = setTimeout(() => resolveOnline(false), ms);
      this.onlineWaiters.push(() => {
        clearTimeout(t);
        resolveOnline(true);
      });
    });
  }

  /** Stop acting (the connection stays open). */
  async pause(): Promise<void> {
    this.stopped = true;
    await this.loop;
    this.loop = null;
  }

  resume(): void {
    this.stopped = false;
    this.start();
  }

  async close(): Promise<void> {
    await this.pause();
    await this.player?.close();
  }

  /** Send one line now (if connected). */
  send(line: string): boolean {
    if (!this.online) return false;
    this.player!.send(line);
    this.commands++;
    return true;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (!this.online) {
        await this.login();
        continue;
      }
      const line = (this.opts.action ?? defaultAction)(this);
      this.send(line);
      const [min, max] = this.opts.pace;
      await sleep(min + Math.random() * (max - min));
    }
  }

  private async login(): Promise<void> {
    while (!this.stopped) {
      let p: Player | null = null;
      try {
        p = this.opts.transport === 'telnet' ? await TelnetPlayer.connect(this.opts.telnetPort) : await WsPlayer.connect(this.opts.httpPort);
        this.connections.push(p);
        await p.expect(/connect <name> <password>/, 10_000);
        if (!this.created) {
          p.send(`create ${this.opts.name} ${this.opts.password}`);
          const answer = await p.expect(new RegExp(`Welcome, ${this.opts.name}!|is taken`), 15_000);
          if (/is taken/.test(answer)) {
            p.send(`connect ${this.opts.name} ${this.opts.password}`);
            await p.expect(/^Exits:/, 15_000); // the room, shown after any replay
          }
        } else {
          p.send(`connect ${this.opts.name} ${this.opts.password}`);
          await p.expect(/^Exits:/, 15_000); // the room, shown after any replay
        }
        this.created = true;
        this.player = p;
        this.logins++;
        const waiters = this.onlineWaiters.splice(0);
        for (const w of waiters) w();
        return;
      } catch {
        await p?.close().catch(() => undefined);
        await sleep(200);
      }
    }
  }
}

function defaultAction(bot: Bot): string {
  const r = Math.random();
  if (r < 0.5) {
    bot.saidTokens++;
    return `say ${bot.nextToken()}`;
  }
  if (r < 0.85) return WALK[Math.floor(Math.random() * WALK.length)] ?? 'look';
  return 'look';
}

/** Every token in a text (see Bot.nextToken). */
export function tokensIn(text: string): string[] {
  return text.match(/tok\d+x\d+/g) ?? [];
}
