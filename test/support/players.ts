/**
 * Scripted players for end-to-end tests: a telnet player (real TCP, real telnet
 * negotiation via the test telnet client) and a WebSocket player (the `ws` client).
 * Both collect the text they receive and wait for lines matching a pattern.
 */
import WebSocket from 'ws';
import { RawTelnetClient } from '../fixtures/telnet-client.ts';

export interface Player {
  send(line: string): void;
  /** Resolve with the first line after the read mark that matches; advance the mark past it. */
  expect(pattern: RegExp | string, ms?: number): Promise<string>;
  /** All lines received so far. */
  lines(): string[];
  /** Skip everything received so far. */
  skip(): void;
  close(): Promise<void>;
  readonly closed: boolean;
}

abstract class LineCollector implements Player {
  protected buffer = '';
  private mark = 0;
  private waiters: Array<() => void> = [];
  abstract send(line: string): void;
  abstract close(): Promise<void>;
  abstract get closed(): boolean;

  protected received(text: string): void {
    this.buffer += text;
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  lines(): string[] {
    return this.buffer.split(/\r?\n/).filter((l) => l.length);
  }

  skip(): void {
    this.mark = this.buffer.length;
  }

  async expect(pattern: RegExp | string, ms = 5000): Promise<string> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.search(pattern);
      if (found !== null) return found;
      const left = deadline - Date.now();
      if (left <= 0 || this.closed) {
        throw new Error(`expected ${String(pattern)}; got since mark: ${JSON.stringify(this.buffer.slice(this.mark).slice(-2000))}`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  private search(pattern: RegExp | string): string | null {
    const rest = this.buffer.slice(this.mark);
    let offset = 0;
    for (const line of rest.split(/\r?\n/)) {
      // The last piece may be a partial line or a prompt (no newline): both count.
      const hit = typeof pattern === 'string' ? line.includes(pattern) : pattern.test(line);
      const end = offset + line.length;
      if (hit) {
        this.mark += end;
        return line;
      }
      offset = end + (rest.slice(end, end + 2) === '\r\n' ? 2 : 1);
    }
    return null;
  }
}

export class TelnetPlayer extends LineCollector {
  private constructor(private readonly client: RawTelnetClient) {
    super();
  }

  static async connect(port: number): Promise<TelnetPlayer> {
    let player: TelnetPlayer | null = null;
    let seen = 0;
    const client = await RawTelnetClient.connect(port);
    player = new TelnetPlayer(client);
    const poll = setInterval(() => {
      if (client.text.length > seen) {
        player!.received(stripAnsi(client.text.slice(seen)));
        seen = client.text.length;
      }
      if (client.closed) clearInterval(poll);
    }, 5);
    return player;
  }

  get closed(): boolean {
    return this.client.closed;
  }

  send(line: string): void {
    this.client.send(line + '\r\n');
  }

  sendRaw(bytes: Uint8Array | string): void {
    this.client.send(bytes);
  }

  async close(): Promise<void> {
    this.client.socket.destroy();
    await new Promise((r) => setTimeout(r, 20));
  }

  /** Leave without `quit`: send FIN and keep reading until the server closes (what a client closing its window does). */
  hangUp(): void {
    this.client.socket.end();
  }
}

export class WsPlayer extends LineCollector {
  readonly frames: Array<Record<string, unknown>> = [];
  private isClosed = false;

  private constructor(private readonly ws: WebSocket) {
    super();
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Record<string, unknown>;
      this.frames.push(frame);
      if (frame['type'] === 'output') this.received(String(frame['text']) + '\n');
      else if (frame['type'] === 'prompt') this.received(String(frame['text']) + '\n');
      else if (frame['type'] === 'error') this.received(`ERROR ${String(frame['code'])}: ${String(frame['message'])}\n`);
      else this.received('');
    });
    ws.on('close', () => {
      this.isClosed = true;
      this.received('');
    });
    // A server killed mid-session resets the socket: that is a close, not a crash of the test.
    ws.on('error', () => undefined);
  }

  static connect(port: number, protocol?: string): Promise<WsPlayer> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, protocol ? [protocol] : []);
      ws.once('open', () => resolve(new WsPlayer(ws)));
      ws.once('error', reject);
    });
  }

  get closed(): boolean {
    return this.isClosed;
  }

  send(line: string): void {
    this.ws.send(JSON.stringify({ type: 'input', text: line }));
  }

  sendFrame(raw: string): void {
    this.ws.send(raw);
  }

  async close(): Promise<void> {
    this.ws.close();
    await new Promise((r) => setTimeout(r, 20));
  }

  /** Leave without `quit`: a close frame; messages the server sent before it still arrive. */
  hangUp(): void {
    this.ws.close();
  }
}

export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

/** Create an account and wait until the player stands in the world. */
export async function createCharacter(p: Player, name: string, password = 'secret-pass'): Promise<void> {
  await p.expect(/create <name> <password>/);
  p.send(`create ${name} ${password}`);
  await p.expect(new RegExp(`Welcome, ${name}!`));
  await p.expect(/^Exits:/);
}
