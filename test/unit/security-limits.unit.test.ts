/**
 * The limiters on their own: token buckets (property-tested: never more than the
 * burst plus the refill), address keys, the per-connection flood guard, the idle
 * sweeper, the login guard's lockout, and the `limits` config section.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULTS } from '../../engine/config/defaults.ts';
import { validateConfig } from '../../engine/config/validate.ts';
import { LoginGuard } from '../../engine/accounts/login-guard.ts';
import { addressKey, hostOf } from '../../engine/limits/address.ts';
import { AddressGuard } from '../../engine/limits/address-guard.ts';
import { ConnectionGuard, duration } from '../../engine/limits/connection-guard.ts';
import { IdleSweeper } from '../../engine/limits/idle.ts';
import { DEFAULT_LIMITS } from '../../engine/limits/options.ts';
import { KeyedBuckets, TokenBucket, retrySeconds } from '../../engine/limits/rate.ts';
import type { OutputMessage } from '../../engine/output/message.ts';
import type { ClientConnection } from '../../engine/sessions/connection.ts';

function fakeConn(): ClientConnection & { sent: string[]; closedWith: string | null } {
  const c = {
    id: 'c1',
    transport: 'telnet' as const,
    remoteAddress: '10.0.0.1:5000',
    sent: [] as string[],
    closedWith: null as string | null,
    send(msg: OutputMessage) {
      c.sent.push(msg.spans.map((s) => s.text).join(''));
    },
    sendData() {},
    setPasswordMode() {},
    prompt() {},
    close(reason?: string) {
      c.closedWith = reason ?? '';
    },
  };
  return c;
}

describe('token bucket', () => {
  it('allows a burst of count, then count per window, and says when to retry', () => {
    const b = new TokenBucket({ count: 5, windowMs: 1000 }, 0);
    for (let i = 0; i < 5; i++) assert.equal(b.take(0), true);
    assert.equal(b.take(0), false);
    assert.equal(b.retryAfterMs(0), 200);
    assert.equal(b.take(199), false);
    assert.equal(b.take(200), true);
    assert.equal(retrySeconds(200), 1);
    assert.equal(retrySeconds(59_001), 60);
  });

  it('never admits more than count + elapsed × rate, whatever the timing (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 10_000 }), fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 300 }), (count, windowMs, gaps) => {
        const b = new TokenBucket({ count, windowMs }, 0);
        let now = 0;
        let admitted = 0;
        for (const gap of gaps) {
          now += gap;
          if (b.take(now)) admitted++;
          // Floating point: allow one token of rounding.
          assert.ok(admitted <= count + (now * count) / windowMs + 1e-6, `admitted ${admitted} by ${now} ms`);
        }
        // A refused caller told to wait retryAfterMs gets in then.
        const wait = b.retryAfterMs(now);
        if (wait > 0) assert.equal(b.take(now + wait), true);
      }),
      { numRuns: 500 },
    );
  });

  it('a caller told to wait retryAfterMs gets in then, even when the refills do not add up exactly', () => {
    // fast-check's counterexample: 2 per 6 ms, takes at 0 and 1 ms leave 0.333…; 2 ms
    // later the refills sum to 0.9999999999999999 of a token.
    const b = new TokenBucket({ count: 2, windowMs: 6 }, 0);
    assert.equal(b.take(0), true);
    assert.equal(b.take(1), true);
    const wait = b.retryAfterMs(1);
    assert.equal(wait, 2);
    assert.equal(b.take(1 + wait), true);
  });

  it('keyed buckets stay within maxKeys under key cycling', () => {
    const k = new KeyedBuckets({ count: 1, windowMs: 60_000 }, 100);
    for (let i = 0; i < 10_000; i++) k.take(`10.0.${i >> 8}.${i & 255}`, i);
    assert.ok(k.size <= 100, `size ${k.size}`);
  });
});

describe('address keys', () => {
  it('normalises telnet host:port, IPv4-mapped IPv6, and groups IPv6 by /64', () => {
    assert.equal(addressKey('127.0.0.1:4000'), '127.0.0.1');
    assert.equal(addressKey('::ffff:10.1.2.3'), '10.1.2.3');
    assert.equal(addressKey('::ffff:10.1.2.3:5555'), '10.1.2.3');
    assert.equal(addressKey('2001:db8:1:2:aaaa::1'), addressKey('2001:0db8:0001:0002:ffff:1:2:3'));
    assert.notEqual(addressKey('2001:db8:1:2::1'), addressKey('2001:db8:1:3::1'));
    assert.equal(addressKey('::1'), '0:0:0:0::/64');
    assert.equal(hostOf('[::1]:4000'), '::1');
    assert.equal(addressKey(undefined), 'unknown');
  });
});

describe('address guard', () => {
  it('caps open connections per address and releases on close', () => {
    const g = new AddressGuard({ ...DEFAULT_LIMITS, connectionsPerAddress: 2, newConnectionsPerAddress: { count: 100, windowMs: 1000 } }, () => 0);
    const a = g.admit('10.0.0.1');
    const b = g.admit('::ffff:10.0.0.1');
    const c = g.admit('10.0.0.1');
    assert.ok(a.ok && b.ok);
    assert.ok(!c.ok && c.code === 'NET_TOO_MANY_CONNECTIONS');
    assert.ok(g.admit('10.0.0.2').ok, 'other addresses are not affected');
    if (a.ok) {
      a.release();
      a.release(); // twice is once
    }
    assert.equal(g.openFrom('10.0.0.1'), 1);
    assert.ok(g.admit('10.0.0.1').ok);
  });

  it('limits new connections per address and says when to retry; exempt addresses pass', () => {
    let now = 0;
    const g = new AddressGuard({ ...DEFAULT_LIMITS, exemptAddresses: ['127.0.0.1'], newConnectionsPerAddress: { count: 3, windowMs: 3000 } }, () => now);
    for (let i = 0; i < 3; i++) {
      const r = g.admit('10.0.0.9');
      assert.ok(r.ok);
      if (r.ok) r.release();
    }
    const refused = g.admit('10.0.0.9');
    assert.ok(!refused.ok && refused.code === 'NET_CONNECTING_TOO_FAST');
    assert.match(refused.ok ? '' : refused.message, /Try again in 1 s/);
    for (let i = 0; i < 100; i++) assert.ok(g.admit('127.0.0.1').ok);
    now = 1000;
    assert.ok(g.admit('10.0.0.9').ok);
  });
});

describe('connection guard', () => {
  it('warns once on the first refused line, then disconnects after floodDisconnectAfter refusals', () => {
    const now = 0;
    const conn = fakeConn();
    const g = new ConnectionGuard(conn, { commands: { count: 3, windowMs: 1000 }, floodDisconnectAfter: 5 }, () => now);
    assert.deepEqual([g.admit(), g.admit(), g.admit()], [true, true, true]);
    assert.equal(g.admit(), false);
    assert.equal(conn.sent.length, 1);
    assert.match(conn.sent[0] ?? '', /too fast \(the limit is 3 a second\); that line was ignored/);
    for (let i = 0; i < 3; i++) g.admit();
    assert.equal(conn.closedWith, null);
    assert.equal(conn.sent.length, 1, 'one warning per flood');
    g.admit();
    assert.match(conn.closedWith ?? '', /Disconnected: 5 commands were sent too fast/);
  });

  it('forgives a flood once the client has kept to the rate for a window', () => {
    let now = 0;
    const conn = fakeConn();
    const g = new ConnectionGuard(conn, { commands: { count: 2, windowMs: 1000 }, floodDisconnectAfter: 3 }, () => now);
    g.admit();
    g.admit();
    g.admit();
    g.admit(); // two refused
    now = 2000;
    assert.equal(g.admit(), true);
    g.admit();
    g.admit();
    g.admit(); // two refused in a new flood: still open
    assert.equal(conn.closedWith, null);
    assert.equal(conn.sent.length, 2, 'a new flood gets a new warning');
  });

  it('formats durations for the timeout messages', () => {
    assert.equal(duration(1500), '1.5 seconds');
    assert.equal(duration(120_000), '2 minutes');
    assert.equal(duration(3_600_000), '1 hour');
    assert.equal(duration(1000), '1 second');
  });
});

describe('idle sweeper', () => {
  it('closes connections that do not log in in time, and logged-in ones idle too long', () => {
    let now = 0;
    const waiting = fakeConn();
    const playing = fakeConn();
    const active = fakeConn();
    const opts = { commands: { count: 10, windowMs: 1000 }, floodDisconnectAfter: 5 };
    const gw = new ConnectionGuard(waiting, opts, () => now);
    const gp = new ConnectionGuard(playing, opts, () => now);
    const ga = new ConnectionGuard(active, opts, () => now);
    const sweeper = new IdleSweeper(
      () => [
        { conn: waiting, guard: gw, loggedIn: () => false },
        { conn: playing, guard: gp, loggedIn: () => true },
        { conn: active, guard: ga, loggedIn: () => true },
      ],
      { loginTimeoutMs: 1000, idleTimeoutMs: 5000 },
      () => now,
    );
    try {
      now = 999;
      sweeper.sweep();
      assert.equal(waiting.closedWith, null);
      now = 1000;
      gw.admit(); // typing does not extend the login deadline
      sweeper.sweep();
      assert.match(waiting.closedWith ?? '', /no login within 1 second\./);
      now = 4000;
      ga.admit();
      now = 5000;
      sweeper.sweep();
      assert.match(playing.closedWith ?? '', /Disconnected after 5 seconds without input/);
      assert.equal(active.closedWith, null);
      assert.equal(sweeper.closedLogin, 1);
      sweeper.sweep();
      assert.equal(sweeper.closedIdle, 1, 'a closing connection is not closed twice');
    } finally {
      sweeper.stop();
    }
  });
});

describe('login guard', () => {
  const opts = { ...DEFAULT_LIMITS, loginsPerAddress: { count: 3, windowMs: 60_000 }, loginsPerName: { count: 2, windowMs: 60_000 } };

  it('rate-limits per address and per name, names case-insensitively', () => {
    const g = new LoginGuard(opts, () => 0);
    assert.ok(g.attemptLogin('10.0.0.1:1', 'Alice').ok);
    assert.ok(g.attemptLogin('10.0.0.2:1', 'ALICE').ok);
    const third = g.attemptLogin('10.0.0.3:1', 'alice');
    assert.ok(!third.ok && third.retryAfterMs === 30_000);
    assert.ok(g.attemptLogin('10.0.0.1:2', 'bob').ok);
    assert.ok(g.attemptLogin('10.0.0.1:3', 'carol').ok);
    assert.ok(!g.attemptLogin('10.0.0.1:4', 'dave').ok, 'fourth attempt from one address');
  });

  it('locks a name after lockoutFailures failures, for lockoutMs, existing or not', () => {
    let now = 0;
    const g = new LoginGuard({ ...opts, lockoutFailures: 3, lockoutMs: 10_000 }, () => now);
    assert.deepEqual(g.failed('ghost'), { failedLogins: 1, lockedUntil: null });
    g.failed('ghost');
    assert.deepEqual(g.failed('GHOST'), { failedLogins: 0, lockedUntil: 10_000 });
    assert.equal(g.lockedFor('ghost'), 10_000);
    now = 10_000;
    assert.equal(g.lockedFor('ghost'), 0);
    // A count persisted on the account (before a restart) carries on.
    assert.deepEqual(g.failed('alice', 2), { failedLogins: 0, lockedUntil: 20_000 });
    assert.equal(g.lockedFor('bob', 15_000), 5_000, 'a persisted lock counts');
    g.succeeded('alice');
    assert.equal(g.lockedFor('alice'), 0);
  });

  it('forgives failures older than the lockout period', () => {
    let now = 0;
    const g = new LoginGuard({ ...opts, lockoutFailures: 2, lockoutMs: 1000 }, () => now);
    g.failed('x');
    now = 5000;
    assert.deepEqual(g.failed('x'), { failedLogins: 1, lockedUntil: null });
  });
});

describe('limits config', () => {
  it('has every limit in the defaults and the schema accepts them', () => {
    assert.deepEqual(DEFAULTS.limits, DEFAULT_LIMITS);
    validateConfig({ limits: structuredClone(DEFAULT_LIMITS) }, 'test.json');
  });

  it('refuses zero, negatives and unknown keys: no limit can be switched off', () => {
    assert.throws(() => validateConfig({ limits: { connectionsPerAddress: 0 } }, 'x.json'), /limits\.connectionsPerAddress must be >= 1/);
    assert.throws(() => validateConfig({ limits: { commands: { count: 0, windowMs: 1000 } } }, 'x.json'), /limits\.commands\.count must be >= 1/);
    assert.throws(() => validateConfig({ limits: { commands: { count: 5 } } }, 'x.json'), /windowMs/);
    assert.throws(() => validateConfig({ limits: { idleTimeoutMs: -1 } }, 'x.json'), /idleTimeoutMs/);
    assert.throws(() => validateConfig({ limits: { lockoutFailure: 3 } }, 'x.json'), /did you mean "lockoutFailures"/);
  });
});

describe('disk guard', () => {
  it('holds commits below the free-space limit and says why', async () => {
    const { DiskGuard } = await import('../../engine/limits/disk-guard.ts');
    const roomy = new DiskGuard('/tmp', 1);
    const tight = new DiskGuard('/tmp', Number.MAX_SAFE_INTEGER);
    try {
      await Promise.all([roomy.check(), tight.check()]);
      assert.equal(roomy.blocked(), null);
      assert.match(tight.blocked() ?? '', /has [\d.]+ MiB free, under limits\.minFreeDiskBytes/);
    } finally {
      roomy.stop();
      tight.stop();
    }
  });
});
