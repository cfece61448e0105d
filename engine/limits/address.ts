/**
 * The key per-address limits count under. IPv4 addresses (also IPv4-mapped IPv6,
 * `::ffff:10.0.0.1`) count one by one; IPv6 addresses count per /64, because one
 * ordinary customer line gets a whole /64 and could otherwise open a new address
 * for every connection.
 */
import { isIPv4, isIPv6 } from 'node:net';

export function addressKey(raw: string | undefined): string {
  if (!raw) return 'unknown';
  // Telnet reports `host:port`; WebSocket the bare address.
  const address = isIPv4(raw) || isIPv6(raw) ? raw : hostOf(raw);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/** `host:port` as TelnetConnection.remote spells it → the host part. */
export function hostOf(remote: string): string {
  const bracketed = /^\[(.*)\]:\d+$/.exec(remote);
  if (bracketed?.[1]) return bracketed[1];
  const colon = remote.lastIndexOf(':');
  if (colon <= 0) return remote;
  const host = remote.slice(0, colon);
  return isIPv4(host) || isIPv6(host) ? host : remote;
}

/** Eight 16-bit groups, lower-case hex without leading zeros. */
function expandIPv6(address: string): string[] {
  const zone = address.indexOf('%');
  const plain = zone >= 0 ? address.slice(0, zone) : address;
  const [head = '', tail] = plain.split('::');
  const parse = (part: string): string[] => (part === '' ? [] : part.split(':').flatMap(group));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const fill = Array.from({ length: Math.max(0, 8 - left.length - right.length) }, () => '0');
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16).toString(16));
}

/** An embedded IPv4 tail (`::1.2.3.4`) is two groups. */
function group(g: string): string[] {
  if (!g.includes('.')) return [g];
  const [a = 0, b = 0, c = 0, d = 0] = g.split('.').map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}
