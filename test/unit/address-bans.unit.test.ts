/**
 * Bans by address (engine/limits/address-bans.ts): what `@ban <address>` accepts,
 * which connections a ban covers (IPv4, IPv6, CIDR, IPv4-mapped IPv6, telnet's
 * host:port), and that a ban with a duration ends by itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AddressBans, clientIp, parseBanAddress } from '../../engine/limits/address-bans.ts';
import { AddressGuard } from '../../engine/limits/address-guard.ts';

const row = (address: string, until: number | null = null) => ({ address, until, reason: 'r', by: 'Ada', at: 0 });

test('parseBanAddress: addresses and CIDR blocks in their canonical spelling; names, /0 and bad prefixes are not addresses', () => {
  assert.equal(parseBanAddress('203.0.113.7'), '203.0.113.7');
  assert.equal(parseBanAddress('198.51.100.0/24'), '198.51.100.0/24');
  assert.equal(parseBanAddress('2001:DB8::/32'), '2001:db8::/32');
  assert.equal(parseBanAddress('::1'), '::1');
  for (const bad of ['Bob', '127.0.0.300', '10.0.0.0/0', '10.0.0.0/33', '2001:db8::/129', '10.0.0.0/8/8', '10.0.0.0/x', '']) assert.equal(parseBanAddress(bad), null, bad);
});

test('clientIp: telnet host:port, bracketed IPv6, IPv4-mapped IPv6', () => {
  assert.equal(clientIp('127.0.0.2:50123'), '127.0.0.2');
  assert.equal(clientIp('[2001:db8::5]:4000'), '2001:db8::5');
  assert.equal(clientIp('::ffff:203.0.113.7'), '203.0.113.7');
  assert.equal(clientIp(undefined), null);
});

test('AddressBans: an address, a block, IPv6, expiry and lifting', () => {
  let now = 1_000;
  const bans = new AddressBans(() => now);
  bans.load([row('203.0.113.7'), row('198.51.100.0/24', 5_000), row('2001:db8::/32')]);
  assert.equal(bans.covering('203.0.113.7:4000')?.address, '203.0.113.7');
  assert.equal(bans.covering('::ffff:203.0.113.7'), bans.covering('203.0.113.7'));
  assert.equal(bans.covering('203.0.113.8:4000'), null);
  assert.equal(bans.covering('198.51.100.200')?.address, '198.51.100.0/24');
  assert.equal(bans.covering('198.51.101.1'), null);
  assert.equal(bans.covering('[2001:db8:ffff::1]:4000')?.address, '2001:db8::/32');
  assert.equal(bans.covering('2001:db9::1'), null);
  now = 5_000; // the block's ban has ended
  assert.equal(bans.covering('198.51.100.200'), null);
  assert.deepEqual(
    bans.inForce().map((r) => r.address),
    ['203.0.113.7', '2001:db8::/32'],
  );
  bans.delete('203.0.113.7');
  assert.equal(bans.covering('203.0.113.7'), null);
});

test('AddressGuard: a banned address is refused with NET_ADDRESS_BANNED even when exempt from the limits', () => {
  const guard = new AddressGuard({ exemptAddresses: ['127.0.0.1'], connectionsPerAddress: 10, newConnectionsPerAddress: { count: 100, windowMs: 1_000 }, maxTrackedKeys: 100 }, () => 0);
  guard.bans.set(row('127.0.0.1'));
  const refused = guard.admit('127.0.0.1:4000');
  assert.equal(refused.ok, false);
  assert.ok(!refused.ok && refused.code === 'NET_ADDRESS_BANNED');
  assert.ok(!refused.ok && refused.message === 'Connections from your address are banned until an admin lifts it: r');
  assert.equal(guard.admit('127.0.0.2:4000').ok, true);
});
