/**
 * The client's address for an HTTP request or WebSocket upgrade: the socket's
 * peer, or — only when that peer is a trusted proxy (net.trustedProxies) — what
 * it put in `Forwarded: for=…` (RFC 7239) or `X-Forwarded-For`. Entries are read
 * right to left, skipping trusted proxies, so a client cannot prepend its own
 * choice. From an untrusted peer both headers are ignored.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { plainAddress, type TrustedProxies } from './trust.ts';

/** At most this many hops are looked at: a longer chain is a forged or broken header. */
const MAX_HOPS = 20;

export function clientAddress(req: IncomingMessage, trusted: TrustedProxies): string {
  const peer = plainAddress(req.socket.remoteAddress);
  if (!trusted.has(peer)) return peer;
  const hops = forwardedFor(req) ?? xForwardedFor(req);
  if (!hops) return peer;
  for (let i = hops.length - 1; i >= 0 && i >= hops.length - MAX_HOPS; i--) {
    const hop = plainAddress(hops[i]);
    if (isIP(hop) === 0) return peer; // "unknown", an obfuscated name: nothing to limit by but the proxy
    if (!trusted.has(hop)) return hop;
  }
  return peer;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function xForwardedFor(req: IncomingMessage): string[] | null {
  const v = header(req, 'x-forwarded-for');
  return v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : null;
}

/** `Forwarded: for=192.0.2.60;proto=http, for="[2001:db8::1]:4711"` → ["192.0.2.60", "2001:db8::1"]. */
function forwardedFor(req: IncomingMessage): string[] | null {
  const v = header(req, 'forwarded');
  if (!v) return null;
  const out: string[] = [];
  for (const element of v.split(',')) {
    const m = /(?:^|;)\s*for\s*=\s*("?)([^";]*)\1/i.exec(element.trim());
    if (!m) continue;
    let addr = m[2]!.trim();
    if (addr.startsWith('[')) addr = addr.slice(1, addr.indexOf(']') > 0 ? addr.indexOf(']') : undefined);
    else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(addr)) addr = addr.slice(0, addr.lastIndexOf(':'));
    out.push(addr);
  }
  return out.length ? out : null;
}
