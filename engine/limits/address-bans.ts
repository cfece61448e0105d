/**
 * Bans by address (`@ban <address>`, issue 18): an IPv4 or IPv6 address or a CIDR
 * block, checked at accept time for telnet, telnet over TLS and WebSocket alike
 * (AddressGuard.admit, after PROXY / X-Forwarded-For from trusted proxies resolved
 * the player's address). Kept in memory, loaded from the store at start and changed
 * with it, so a connect costs no query: a handful of bans, one BlockList each.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { AddressBanRow } from '../store/types.ts';
import { hostOf } from './address.ts';

/** `203.0.113.7`, `2001:db8::1`, `198.51.100.0/24`, `2001:db8::/32` → its canonical spelling, or null. */
export function parseBanAddress(text: string): string | null {
  const [address = '', prefix, extra] = text.trim().toLowerCase().split('/');
  if (extra !== undefined) return null;
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
  if (!family) return null;
  if (prefix === undefined) return address;
  if (!/^\d{1,3}$/.test(prefix)) return null;
  const bits = Number(prefix);
  // /0 would ban everyone: refused; an /8 of IPv4 or a /16 of IPv6 is already a lot.
  if (bits < 1 || bits > (family === 'ipv4' ? 32 : 128)) return null;
  return `${address}/${bits}`;
}

/** The address a connection comes from, as bans compare it: no port, IPv4-mapped IPv6 as IPv4. */
export function clientIp(remote: string | undefined): string | null {
  if (!remote) return null;
  const host = isIPv4(remote) || isIPv6(remote) ? remote : hostOf(remote);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(host);
  if (mapped?.[1]) return mapped[1];
  return isIPv4(host) || isIPv6(host) ? host : null;
}

interface Entry {
  readonly row: AddressBanRow;
  readonly list: BlockList;
}

export class AddressBans {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** Replace every ban (at start, from the store). */
  load(rows: readonly AddressBanRow[]): void {
    this.entries.clear();
    for (const row of rows) this.set(row);
  }

  set(row: AddressBanRow): void {
    const list = new BlockList();
    const [address = '', bits] = row.address.split('/');
    const family = isIPv4(address) ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
    this.entries.set(row.address, { row, list });
  }

  delete(address: string): void {
    this.entries.delete(address);
  }

  /** The ban in force that covers `remote`, or null (none, or it has ended). */
  covering(remote: string | undefined): AddressBanRow | null {
    const ip = clientIp(remote);
    if (!ip || this.entries.size === 0) return null;
    const family = isIPv4(ip) ? 'ipv4' : 'ipv6';
    const now = this.clock();
    for (const { row, list } of this.entries.values()) {
      if (row.until !== null && row.until <= now) continue;
      if (list.check(ip, family)) return row;
    }
    return null;
  }

  /** Every ban in force, by address (the admin page). */
  inForce(): AddressBanRow[] {
    const now = this.clock();
    return [...this.entries.values()].map((e) => e.row).filter((r) => r.until === null || r.until > now);
  }
}
