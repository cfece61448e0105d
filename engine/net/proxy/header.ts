/**
 * The PROXY protocol header (HAProxy's proxy-protocol.txt) at the start of a
 * connection from a trusted proxy: the client's real address. This module only
 * frames the bytes — it finds where the header ends, within fixed bounds — and
 * hands exactly the header to `proxy-protocol-js`, which parses it.
 *
 *   v1: "PROXY TCP4 203.0.113.7 192.0.2.1 51234 4000\r\n"   at most 107 bytes (the spec's bound)
 *   v2: 12-byte signature, ver/cmd, fam/proto, 2-byte length, addresses and TLVs
 *       bounded by MAX_V2_BYTES (the spec allows 16 + 65,535)
 *
 * Pure and incremental: push() bytes as they arrive until a result.
 */
import { isIP } from 'node:net';
import { V1ProxyProtocol, V2ProxyProtocol, IPv4ProxyAddress, IPv6ProxyAddress, Command } from 'proxy-protocol-js';

/** proxy-protocol.txt 2.1: "a receiver ... must not read more than 107 characters" for v1. */
export const MAX_V1_BYTES = 107;
/**
 * 1,024 bytes for v2: HAProxy's header is 28 bytes for IPv4, 52 for IPv6, and its TLVs
 * (ALPN, authority, unique id, SSL details) keep it under ~300; 1 KiB leaves room and stops
 * a peer from making us buffer 64 KiB before any telnet.
 */
export const MAX_V2_BYTES = 1_024;

const V1_PREFIX = Buffer.from('PROXY ');
const V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);

export type ProxySource = { readonly address: string; readonly port: number } | null;

export type ProxyRead =
  | { readonly kind: 'more' }
  /** `source` null: a LOCAL (v2) or UNKNOWN (v1) header — the proxy's own connection, keep its address. */
  | { readonly kind: 'header'; readonly version: 1 | 2; readonly source: ProxySource; readonly rest: Buffer }
  | { readonly kind: 'bad'; readonly reason: string };

/** Whether `bytes` (a connection's first) start like a PROXY header, v1 or v2 (as far as they go). */
export function looksLikeProxyHeader(bytes: Uint8Array): boolean {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Math.min(b.length, V2_SIGNATURE.length);
  if (n > 0 && b.subarray(0, n).equals(V2_SIGNATURE.subarray(0, n))) return true;
  const m = Math.min(b.length, V1_PREFIX.length);
  return m > 0 && b.subarray(0, m).equals(V1_PREFIX.subarray(0, m));
}

export class ProxyHeaderReader {
  private buffered = Buffer.alloc(0);

  push(chunk: Uint8Array): ProxyRead {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    const b = this.buffered;
    if (b.length === 0) return { kind: 'more' };
    if (!looksLikeProxyHeader(b)) return { kind: 'bad', reason: `no PROXY header (first bytes ${JSON.stringify(b.subarray(0, 16).toString('latin1'))})` };
    if (b[0] === 0x50) return this.v1(b); // 'P'
    return this.v2(b);
  }

  private v1(b: Buffer): ProxyRead {
    const end = b.indexOf('\r\n');
    if (end < 0) return b.length >= MAX_V1_BYTES ? { kind: 'bad', reason: `v1 header longer than ${MAX_V1_BYTES} bytes` } : { kind: 'more' };
    if (end + 2 > MAX_V1_BYTES) return { kind: 'bad', reason: `v1 header longer than ${MAX_V1_BYTES} bytes` };
    const line = b.subarray(0, end + 2).toString('latin1');
    const rest = b.subarray(end + 2);
    if (/^PROXY UNKNOWN(?: [^\r\n]*)?\r\n$/.test(line)) return { kind: 'header', version: 1, source: null, rest };
    try {
      const parsed = V1ProxyProtocol.parse(line);
      const port = parsed.source.port;
      if (!Number.isInteger(port) || port < 0 || port > 65_535) return { kind: 'bad', reason: `v1 source port ${port} out of range` };
      // The library's pattern takes any word as an address; limits and logs need a real one.
      const family = isIP(parsed.source.ipAddress);
      if (family !== (line.startsWith('PROXY TCP6 ') ? 6 : 4)) return { kind: 'bad', reason: `v1 source ${JSON.stringify(parsed.source.ipAddress.slice(0, 40))} is not an IP${line.startsWith('PROXY TCP6 ') ? 'v6' : 'v4'} address` };
      return { kind: 'header', version: 1, source: { address: parsed.source.ipAddress, port }, rest };
    } catch (e) {
      return { kind: 'bad', reason: `v1: ${(e as Error).message ?? String(e)}` };
    }
  }

  private v2(b: Buffer): ProxyRead {
    if (b.length < 16) return { kind: 'more' };
    if ((b[12]! & 0xf0) !== 0x20) return { kind: 'bad', reason: `v2 version ${b[12]! >> 4} (expected 2)` };
    const total = 16 + b.readUInt16BE(14);
    if (total > MAX_V2_BYTES) return { kind: 'bad', reason: `v2 header of ${total} bytes is over ${MAX_V2_BYTES}` };
    if (b.length < total) return { kind: 'more' };
    const rest = b.subarray(total);
    try {
      const parsed = V2ProxyProtocol.parse(new Uint8Array(b.subarray(0, total)));
      if (parsed.command === Command.LOCAL) return { kind: 'header', version: 2, source: null, rest };
      const a = parsed.proxyAddress;
      if (a instanceof IPv4ProxyAddress) return { kind: 'header', version: 2, source: { address: a.sourceAddress.address.join('.'), port: a.sourcePort }, rest };
      if (a instanceof IPv6ProxyAddress) return { kind: 'header', version: 2, source: { address: ipv6Text(a.sourceAddress.address), port: a.sourcePort }, rest };
      return { kind: 'header', version: 2, source: null, rest }; // UNSPEC / UNIX: no IP to use
    } catch (e) {
      return { kind: 'bad', reason: `v2: ${(e as Error).message ?? String(e)}` };
    }
  }
}

function ipv6Text(bytes: readonly number[]): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}
