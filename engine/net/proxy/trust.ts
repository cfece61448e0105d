/**
 * Which peers may tell us a client's address (net.trustedProxies), and reading the
 * PROXY header off a trusted peer's socket before anything else sees its bytes.
 */
import type { Socket } from 'node:net';
import { ProxyHeaderReader, type ProxySource } from './header.ts';

/** "::ffff:203.0.113.7" (an IPv4 peer on a dual-stack socket) is 203.0.113.7. */
export function plainAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

export class TrustedProxies {
  private readonly set: ReadonlySet<string>;
  constructor(addresses: readonly string[]) {
    this.set = new Set(addresses.map((a) => plainAddress(a.trim())));
  }
  has(address: string | undefined): boolean {
    return this.set.has(plainAddress(address));
  }
  get size(): number {
    return this.set.size;
  }
}

export type HeaderOutcome = { readonly ok: true; readonly version: 1 | 2; readonly source: ProxySource; readonly rest: Buffer } | { readonly ok: false; readonly code: 'NET_PROXY_HEADER_BAD' | 'NET_PROXY_TIMEOUT'; readonly reason: string };

/**
 * Read the PROXY header from `socket`; the socket is left paused with nothing
 * consumed beyond the header (`rest` is what followed it in the same reads).
 */
export function readProxyHeader(socket: Socket, timeoutMs: number, done: (outcome: HeaderOutcome) => void): void {
  const reader = new ProxyHeaderReader();
  let finished = false;
  const finish = (outcome: HeaderOutcome): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    socket.off('data', onData);
    socket.off('close', onClose);
    socket.pause();
    done(outcome);
  };
  const timer = setTimeout(() => finish({ ok: false, code: 'NET_PROXY_TIMEOUT', reason: `nothing within ${timeoutMs} ms` }), timeoutMs);
  timer.unref();
  const onData = (chunk: Buffer): void => {
    const r = reader.push(chunk);
    if (r.kind === 'more') return;
    if (r.kind === 'bad') finish({ ok: false, code: 'NET_PROXY_HEADER_BAD', reason: r.reason });
    else finish({ ok: true, version: r.version, source: r.source, rest: r.rest });
  };
  const onClose = (): void => finish({ ok: false, code: 'NET_PROXY_HEADER_BAD', reason: 'closed before a complete header' });
  socket.on('data', onData);
  socket.once('close', onClose);
}
