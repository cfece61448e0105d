/**
 * A pino logger that keeps every line in memory, so a test can assert what
 * operators are told (a quarantine, a denied host call, a trap with its pack).
 * Set MYRIAD_TEST_LOG=1 to also see the lines on stderr.
 */
import { pino, type Logger } from 'pino';
import { Writable } from 'node:stream';

export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly pack?: string;
  readonly [key: string]: unknown;
}

export interface CapturedLog {
  readonly log: Logger;
  readonly lines: LogLine[];
  /** Lines whose message matches, optionally for one pack. */
  find(pattern: RegExp, pack?: string): LogLine[];
  /** Resolve with the first matching line (waiting up to `ms`). */
  waitFor(pattern: RegExp, pack?: string, ms?: number): Promise<LogLine>;
}

export function captureLog(): CapturedLog {
  const lines: LogLine[] = [];
  const echo = process.env['MYRIAD_TEST_LOG'] !== undefined;
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const text of chunk.toString().split('\n')) {
        if (!text) continue;
        lines.push(JSON.parse(text) as LogLine);
        if (echo) process.stderr.write(text + '\n');
      }
      done();
    },
  });
  const log = pino({ level: 'info' }, stream);
  const find = (pattern: RegExp, pack?: string): LogLine[] => lines.filter((l) => pattern.test(l.msg) && (pack === undefined || l.pack === pack));
  return {
    log,
    lines,
    find,
    async waitFor(pattern, pack, ms = 5000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const hit = find(pattern, pack)[0];
        if (hit) return hit;
        if (Date.now() > deadline)
          throw new Error(
            `no log line matching ${String(pattern)}${pack ? ` for pack ${pack}` : ''}; last lines:\n${lines
              .slice(-10)
              .map((l) => `  ${l.msg}`)
              .join('\n')}`,
          );
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
