/**
 * Structured JSON logs (pino). Piped or in production they stay JSON, one object
 * per line, with `corr` following one command from socket to pack to commit.
 * In a terminal the same records print as short human lines:
 *
 *   12:04:31.208 INFO  command done  char=Alice verb=say ms=3.1 events=1 pos=412  corr=01J9…X3
 *
 * (`pretty` in the config forces either way; the default asks `isTTY`.)
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export interface LoggerOptions {
  /** Where the lines go; default stdout. Tests pass a stream to read the JSON back. */
  readonly destination?: DestinationStream;
  /** ANSI colours in human lines; default: when the destination is stdout and a terminal. */
  readonly colour?: boolean;
}

/**
 * The one logging signature in the engine: pino's `log.<level>(fields, message)`.
 * A pino Logger (or a child with bindings) is one; components take a `Log`, so the
 * wiring hands them the server's logger as it is, and a test can hand in a small object.
 */
export interface Log {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** A Log that drops everything (tests, benches, a connection without an operator log). */
export const silentLog: Log = { debug() {}, info() {}, warn() {}, error() {} };

export type LogLevel = keyof Log;

/** A Log that hands every record to `record` (the pack harness and benches keep them as lines). */
export function collectingLog(record: (level: LogLevel, fields: Record<string, unknown>, message: string) => void): Log {
  return {
    debug: (fields, message) => record('debug', fields, message),
    info: (fields, message) => record('info', fields, message),
    warn: (fields, message) => record('warn', fields, message),
    error: (fields, message) => record('error', fields, message),
  };
}

/** `pretty`: human lines instead of JSON; undefined = when stdout is a terminal. */
export function createLogger(level: string, pretty?: boolean, options: LoggerOptions = {}): Logger {
  const human = pretty ?? Boolean(process.stdout.isTTY);
  const out = options.destination ?? process.stdout;
  if (!human) return pino({ level, base: { app: 'myriad' } }, out);
  const colour = options.colour ?? (options.destination === undefined && Boolean(process.stdout.isTTY) && !process.env['NO_COLOR']);
  return pino({ level, base: undefined }, { write: (line: string) => void out.write(humanLine(line, colour)) });
}

const LEVELS: Readonly<Record<number, readonly [name: string, ansi: string]>> = {
  10: ['TRACE', '90'],
  20: ['DEBUG', '36'],
  30: ['INFO ', '32'],
  40: ['WARN ', '33'],
  50: ['ERROR', '31'],
  60: ['FATAL', '1;31'],
};

/** Fields printed last (they are long and mostly for grepping). */
const TRAILING = ['corr', 'conn'];
const DROPPED = new Set(['pid', 'hostname', 'app', 'level', 'time', 'msg', 'err']);

/** One pino JSON line → one human line (plus the stack of an `err`, indented). */
export function humanLine(json: string, colour = false): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : json + '\n';
  }
  const paint = (code: string, text: string): string => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
  const time = new Date(Number(record['time'] ?? Date.now()));
  const t = Number.isNaN(time.getTime()) ? '--:--:--.---' : time.toISOString().slice(11, 23);
  const [name, code] = LEVELS[Number(record['level'])] ?? [String(record['level']).padEnd(5), '0'];
  const fields = Object.keys(record).filter((k) => !DROPPED.has(k) && !TRAILING.includes(k));
  const pairs = [...fields, ...TRAILING.filter((k) => k in record)].map((k) => `${paint('2', k + '=')}${show(record[k])}`);
  let line = `${paint('2', t)} ${paint(code, name)} ${String(record['msg'] ?? '')}${pairs.length ? '  ' + pairs.join(' ') : ''}\n`;
  const err = record['err'] as { type?: string; message?: string; stack?: string } | undefined;
  if (err && typeof err === 'object') {
    const stack = err.stack ?? `${err.type ?? 'Error'}: ${err.message ?? ''}`;
    line +=
      stack
        .split('\n')
        .map((l) => `    ${paint('2', l)}`)
        .join('\n') + '\n';
  }
  return line;
}

function show(v: unknown): string {
  if (typeof v === 'string') return /[\s"=]/.test(v) || v === '' ? JSON.stringify(v) : v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100);
  return JSON.stringify(v);
}
