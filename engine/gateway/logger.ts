/**
 * Structured JSON logs (pino). In a terminal the same records print as short
 * human lines; piped or in production they stay JSON, one object per line,
 * with `corr` following one command from socket to pack to commit.
 */
import { pino, type Logger } from 'pino';

export function createLogger(level: string, pretty: boolean | undefined): Logger {
  const human = pretty ?? Boolean(process.stdout.isTTY);
  if (!human) return pino({ level, base: { app: 'myriad' } });
  return pino({ level, base: undefined }, { write: (line: string) => process.stdout.write(humanLine(line)) });
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };

function humanLine(json: string): string {
  try {
    const { level, time, msg, ...rest } = JSON.parse(json) as Record<string, unknown>;
    const t = new Date(Number(time)).toISOString().slice(11, 23);
    const extra = Object.entries(rest).filter(([k]) => k !== 'pid' && k !== 'hostname').map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
    return `${t} ${LEVELS[Number(level)] ?? level} ${String(msg ?? '')}${extra ? '  ' + extra : ''}\n`;
  } catch {
    return json;
  }
}
