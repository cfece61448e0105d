/**
 * GET /admin/events: the live event log as Server-Sent Events.
 *
 *   id: <position>
 *   data: <StoredEvent JSON, one line>
 *   (blank line)
 *
 * Filters are prefixes: `?stream=room:` `?type=social.` (both optional, both must
 * match). `?after=<position>` or a `Last-Event-ID` header first sends the stored
 * events after that position (at most BACKFILL_LIMIT), so a client that reconnects
 * misses nothing. A `: ping` comment every HEARTBEAT_MS keeps proxies from closing
 * an idle stream.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpHost } from '../host.ts';
import type { StoredEvent } from '../../../store/types.ts';

/** 15 s: under the 30–60 s idle timeouts of common proxies. */
export const HEARTBEAT_MS = 15_000;
/** 1 MiB unsent per stream, then the stream is dropped: a stalled reader must not grow our memory. */
export const MAX_UNSENT_BYTES = 1_048_576;
/** 32 concurrent streams: a few operators and tails, not a public feed. */
export const MAX_STREAMS = 32;
/** 1,000 events replayed on resume: the tail of a busy minute; older history is `myriad` CLI work. */
export const BACKFILL_LIMIT = 1_000;
/** Prefix filters are short: stream and type names are under 100 characters. */
const MAX_FILTER_LENGTH = 200;

export interface EventFilter {
  readonly stream: string;
  readonly type: string;
}

export function parseFilter(url: URL): EventFilter {
  return {
    stream: (url.searchParams.get('stream') ?? '').slice(0, MAX_FILTER_LENGTH),
    type: (url.searchParams.get('type') ?? '').slice(0, MAX_FILTER_LENGTH),
  };
}

export function matches(filter: EventFilter, e: StoredEvent): boolean {
  return e.stream.startsWith(filter.stream) && e.type.startsWith(filter.type);
}

export function sseFrame(e: StoredEvent): string {
  // JSON.stringify never emits a raw newline, so the event is exactly one data: line.
  return `id: ${e.position}\ndata: ${JSON.stringify(e)}\n\n`;
}

export class EventStreams {
  private readonly open = new Set<ServerResponse>();

  constructor(private readonly gateway: HttpHost) {}

  get count(): number {
    return this.open.size;
  }

  async serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (this.open.size >= MAX_STREAMS) {
      res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '10' }).end(JSON.stringify({ error: `too many event streams (limit ${MAX_STREAMS})` }));
      return;
    }
    const filter = parseFilter(url);
    const resumeRaw = url.searchParams.get('after') ?? req.headers['last-event-id'];
    const resume = typeof resumeRaw === 'string' && /^\d+$/.test(resumeRaw) ? Number(resumeRaw) : null;

    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    this.open.add(res);

    // Subscribe before reading the backfill so nothing committed in between is lost;
    // events that arrive while the backfill is read are queued, and duplicates
    // (position ≤ last sent) are skipped.
    let lastSent = resume ?? this.gateway.committer.head;
    let queued: StoredEvent[] | null = resume !== null ? [] : null;
    const gone = (): boolean => res.destroyed || res.writableEnded;
    const write = (e: StoredEvent): void => {
      if (gone()) return;
      if (e.position <= lastSent || !matches(filter, e)) {
        if (e.position > lastSent) lastSent = e.position;
        return;
      }
      lastSent = e.position;
      res.write(sseFrame(e));
    };
    const onCommitted = (events: readonly StoredEvent[]): void => {
      if (queued) {
        queued.push(...events);
        return;
      }
      for (const e of events) write(e);
      if (res.writableLength > MAX_UNSENT_BYTES) {
        this.gateway.log.warn({ remote: req.socket.remoteAddress }, 'admin event stream is not reading; closing it');
        res.destroy();
      }
    };
    const heartbeat = setInterval(() => {
      if (!gone()) res.write(': ping\n\n');
    }, HEARTBEAT_MS);
    const cleanup = (): void => {
      clearInterval(heartbeat);
      this.gateway.events.off('committed', onCommitted);
      this.open.delete(res);
    };
    this.gateway.events.on('committed', onCommitted);
    res.on('close', cleanup);
    res.write(`retry: 2000\n: myriad events from position ${lastSent}${filter.stream ? ` stream=${filter.stream}` : ''}${filter.type ? ` type=${filter.type}` : ''}\n\n`);

    if (resume !== null) {
      try {
        const past = await this.gateway.store.readAll(resume, BACKFILL_LIMIT);
        for (const e of past) write(e);
      } catch (e) {
        this.gateway.log.warn({ err: e }, 'admin event stream backfill failed');
      }
      const pending = queued ?? [];
      queued = null;
      for (const e of pending) write(e);
    }
  }

  close(): void {
    for (const res of this.open) res.end();
    this.open.clear();
  }
}
