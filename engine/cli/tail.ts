/**
 * `myriad tail [--stream X] [--type Y]`: print live events from a running
 * server's `/admin/events` Server-Sent Events stream, one line each:
 *
 *   #412 12:04:31 room:01J9…  social.say  Alice  {"text":"hello"}
 *
 * Auth: `--token` or MYRIAD_ADMIN_TOKEN (the server's http.adminToken). When the
 * stream drops (server restart), tail reconnects from the last position it
 * printed, so nothing committed in between is missed. `--json` prints each
 * event's JSON instead; `--after N` starts with the stored events after N.
 */
import type { Command } from 'commander';
import type { StoredEvent } from '../store/types.ts';

export interface TailOptions {
  readonly url: string;
  readonly token?: string;
  readonly stream?: string;
  readonly type?: string;
  readonly after?: string;
  readonly json?: boolean;
  /** Stop after this many events (scripts, tests). */
  readonly count?: string;
}

/** Reconnect delays: 0.5 s doubling to 5 s while the server is away. */
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 5_000;

export function registerTail(program: Command): void {
  program
    .command('tail')
    .description('print live events from a running server (needs MYRIAD_ADMIN_TOKEN or --token)')
    .option('--stream <prefix>', 'only streams starting with this, e.g. room: or char:01J…')
    .option('--type <prefix>', 'only event types starting with this, e.g. social. or engine.entity_moved')
    .option('--url <url>', "the server's HTTP address", process.env['MYRIAD_URL'] ?? `http://127.0.0.1:${process.env['MYRIAD_HTTP_PORT'] ?? '4001'}`)
    .option('--token <token>', 'admin bearer token (default: MYRIAD_ADMIN_TOKEN)')
    .option('--after <position>', 'first print the stored events after this log position')
    .option('--json', 'print each event as one JSON line')
    .option('-n, --count <n>', 'exit after printing this many events')
    .action(async (opts: TailOptions) => {
      process.exitCode = await tail(opts);
    });
}

export async function tail(opts: TailOptions, out: (line: string) => void = (l) => console.log(l)): Promise<number> {
  const token = opts.token ?? process.env['MYRIAD_ADMIN_TOKEN'];
  if (!token) {
    console.error('myriad tail: no admin token. Set MYRIAD_ADMIN_TOKEN (the same value the server has) or pass --token.');
    return 1;
  }
  const limit = opts.count === undefined ? Infinity : Number(opts.count);
  let after: string | undefined = opts.after;
  let printed = 0;
  let delay = RETRY_MIN_MS;
  let announcedDown = false;
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  for (;;) {
    const url = new URL('/admin/events', opts.url);
    if (opts.stream) url.searchParams.set('stream', opts.stream);
    if (opts.type) url.searchParams.set('type', opts.type);
    if (after !== undefined) url.searchParams.set('after', after);
    let res: Response;
    try {
      res = await fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' }, signal: controller.signal });
    } catch (e) {
      if (controller.signal.aborted) return 0;
      if (!announcedDown) console.error(`myriad tail: cannot reach ${opts.url} (${causeOf(e)}); retrying…`);
      announcedDown = true;
      await sleep(delay);
      delay = Math.min(delay * 2, RETRY_MAX_MS);
      continue;
    }
    if (res.status === 401 || res.status === 403) {
      console.error(`myriad tail: the server refused the token (HTTP ${res.status}). Use the server's http.adminToken / MYRIAD_ADMIN_TOKEN.`);
      return 1;
    }
    if (!res.ok || !res.body) {
      console.error(`myriad tail: ${url.origin}/admin/events answered HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
      return 1;
    }
    if (announcedDown) console.error('myriad tail: connected again');
    announcedDown = false;
    delay = RETRY_MIN_MS;
    try {
      for await (const frame of sseFrames(res.body)) {
        if (frame.id !== undefined) after = frame.id;
        if (frame.data === undefined) continue;
        out(opts.json ? frame.data : formatEvent(JSON.parse(frame.data) as StoredEvent));
        if (++printed >= limit) {
          controller.abort();
          return 0;
        }
      }
    } catch (e) {
      if (controller.signal.aborted) return 0;
      console.error(`myriad tail: stream interrupted (${causeOf(e)}); reconnecting from position ${after ?? 'now'}…`);
      continue;
    }
    if (controller.signal.aborted) return 0;
    console.error(`myriad tail: the server closed the stream; reconnecting from position ${after ?? 'now'}…`);
    await sleep(delay);
  }
}

/** `#412 12:04:31 room:01J9…  social.say  Alice  {"text":"hello"}` */
export function formatEvent(e: StoredEvent): string {
  const time = e.at.slice(11, 19);
  const actor = e.actor ? `${e.actor.kind === 'character' ? '' : `${e.actor.kind}:`}${actorName(e) ?? e.actor.id}` : '-';
  return `#${e.position} ${time} ${e.stream}  ${e.type}  ${actor}  ${JSON.stringify(e.payload)}`;
}

function actorName(e: StoredEvent): string | null {
  const p = e.payload as Record<string, unknown> | null;
  if (e.type.startsWith('engine.session') || e.type === 'engine.character_created') return typeof p?.['name'] === 'string' ? p['name'] : null;
  return null;
}

interface SseFrame {
  readonly id?: string;
  readonly data?: string;
}

/** The server's opening comment, `: myriad events from position N …`: where a reconnect resumes if nothing was printed yet. */
const OPENING = /^: myriad events from position (\d+)/;

/** Parse a text/event-stream body into frames (id and data; comments and retry ignored). */
export async function* sseFrames(body: ReadableStream<Uint8Array>): AsyncGenerator<SseFrame> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      let id: string | undefined;
      const data: string[] = [];
      for (const line of block.split(/\r?\n/)) {
        const opening = OPENING.exec(line);
        if (opening) id ??= opening[1];
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') id = value;
        else if (field === 'data') data.push(value);
      }
      if (id !== undefined || data.length) yield { ...(id !== undefined ? { id } : {}), ...(data.length ? { data: data.join('\n') } : {}) };
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function causeOf(e: unknown): string {
  const err = e as { cause?: { code?: string; message?: string }; message?: string };
  return err.cause?.code ?? err.cause?.message ?? err.message ?? String(e);
}
