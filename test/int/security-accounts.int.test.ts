/**
 * Accounts against a real (in-memory PGlite) store: Argon2id parameters and
 * rehash on login, lockout persisted on the account row, and the timing of a
 * failed login for an unknown name against a wrong password for a real one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Accounts } from '../../engine/accounts/accounts.ts';
import { DEFAULT_ARGON2 } from '../../engine/accounts/passwords.ts';
import { DEFAULT_LIMITS } from '../../engine/limits/options.ts';
import { openStore } from '../../engine/store/open.ts';
import type { EventStore } from '../../engine/store/types.ts';

const OPEN_LIMITS = {
  ...DEFAULT_LIMITS,
  loginsPerAddress: { count: 100_000, windowMs: 1_000 },
  loginsPerName: { count: 100_000, windowMs: 1_000 },
  createsPerAddress: { count: 100_000, windowMs: 1_000 },
  lockoutFailures: 1_000,
};

function accounts(store: EventStore, extra: Partial<ConstructorParameters<typeof Accounts>[1]> = {}): Accounts {
  return new Accounts(store, { minPasswordLength: 8, maxPasswordLength: 128, firstAccountIsAdmin: true, argon2: DEFAULT_ARGON2, limits: OPEN_LIMITS, ...extra });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

describe('accounts', () => {
  let store: EventStore;
  before(async () => {
    store = await openStore({ dataDir: 'memory://' });
  });
  after(() => store.close());

  it('hashes with Argon2id at the OWASP minimum or stronger, and rehashes on login when the parameters rise', async () => {
    assert.ok(DEFAULT_ARGON2.memoryCost >= 19_456 && DEFAULT_ARGON2.timeCost >= 2 && DEFAULT_ARGON2.parallelism >= 1);
    const a = await accounts(store).create('Rehash', 'correct horse', async () => false);
    assert.match(a.passwordHash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const stronger = accounts(store, { argon2: { memoryCost: 24_576, timeCost: 3, parallelism: 1 } });
    const r = await stronger.login('rehash', 'correct horse');
    assert.ok(r.ok);
    const row = await store.findAccount('Rehash');
    assert.match(row?.passwordHash ?? '', /^\$argon2id\$v=19\$m=24576,t=3,p=1\$/);
    assert.ok((await stronger.login('Rehash', 'correct horse')).ok, 'the new hash verifies');
  });

  it('locks a name after the configured failures, persists the lock, and clears it on success', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const acc = accounts(store, { limits: { ...OPEN_LIMITS, lockoutFailures: 3, lockoutMs: 60_000 }, clock: () => now });
    await acc.create('Locky', 'right password', async () => false);
    for (let i = 0; i < 3; i++) {
      const r = await acc.login('Locky', 'wrong password');
      assert.ok(!r.ok && r.code === 'AUTH_BAD_CREDENTIALS');
    }
    const locked = await acc.login('Locky', 'right password');
    assert.ok(!locked.ok && locked.code === 'AUTH_LOCKED');
    assert.equal(locked.ok ? '' : locked.message, 'Too many failed logins for that name. Try again in 60 s.');
    await new Promise((r) => setTimeout(r, 50)); // the failure count is written after the answer
    assert.equal((await store.findAccount('Locky'))?.lockedUntil, new Date(now + 60_000).toISOString());

    // A restart (a fresh Accounts) still honours the persisted lock.
    const restarted = accounts(store, { limits: { ...OPEN_LIMITS, lockoutFailures: 3, lockoutMs: 60_000 }, clock: () => now });
    const still = await restarted.login('Locky', 'right password');
    assert.ok(!still.ok && still.code === 'AUTH_LOCKED');

    now += 60_000;
    assert.ok((await restarted.login('Locky', 'right password')).ok);
    const row = await store.findAccount('Locky');
    assert.equal(row?.failedLogins, 0);
    assert.equal(row?.lockedUntil, null);
  });

  it('an unknown name locks exactly like a real one (the answer does not tell)', async () => {
    const acc = accounts(store, { limits: { ...OPEN_LIMITS, lockoutFailures: 2, lockoutMs: 30_000 } });
    await acc.create('Realname', 'right password', async () => false);
    const answers = async (name: string): Promise<string[]> => {
      const out: string[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await acc.login(name, 'wrong password');
        out.push(r.ok ? 'ok' : r.message);
      }
      return out;
    };
    assert.deepEqual(await answers('Realname'), await answers('Nosuchname'));
  });

  it('a wrong password and an unknown name take the same time (ratio of medians within 0.75–1.33)', async (t) => {
    const acc = accounts(store);
    await acc.create('Timed', 'right password', async () => false);
    await acc.login('Nobody', 'warm up'); // the dummy hash is made once, on first use
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 25; i++) {
      for (const [name, into] of [
        ['Timed', wrong],
        [`Nobody${String.fromCharCode(97 + (i % 26))}x`, unknown],
      ] as const) {
        const t0 = performance.now();
        const r = await acc.login(name, `wrong password ${i}`);
        into.push(performance.now() - t0);
        assert.ok(!r.ok && r.message === 'Wrong name or password.');
      }
    }
    const ratio = median(unknown) / median(wrong);
    t.diagnostic(`login failure, median: wrong password ${median(wrong).toFixed(1)} ms, unknown name ${median(unknown).toFixed(1)} ms, ratio ${ratio.toFixed(3)}`);
    assert.ok(ratio > 0.75 && ratio < 1.33, `ratio ${ratio.toFixed(3)}`);
  });

  it('limits creation per address with "try again in N s"; bad names, bad passwords and taken names do not use it up', async () => {
    const acc = accounts(store, { limits: { ...OPEN_LIMITS, createsPerAddress: { count: 2, windowMs: 3_600_000 } } });
    await assert.rejects(
      acc.create('x', 'right password', async () => false, '10.1.1.1'),
      /Names are letters only/,
    );
    await assert.rejects(
      acc.create('Shorty', 'short', async () => false, '10.1.1.1'),
      /Passwords must be/,
    );
    await acc.create('Createa', 'right password', async () => false, '10.1.1.1');
    for (let i = 0; i < 3; i++)
      await assert.rejects(
        acc.create('Createa', 'right password', async () => false, '10.1.1.1'),
        /is taken/,
      );
    await acc.create('Createb', 'right password', async () => false, '10.1.1.1');
    await assert.rejects(
      acc.create('Createx', 'right password', async () => false, '10.1.1.1'),
      /Too many attempts\. Try again in 1800 s\./,
    );
    await acc.create('Createc', 'right password', async () => false, '10.1.1.2');
  });

  it('"name taken" answers count as login attempts from the address, so probing names by creating is limited too', async () => {
    const acc = accounts(store, { limits: { ...OPEN_LIMITS, loginsPerAddress: { count: 2, windowMs: 60_000 } } });
    await acc.create('Probed', 'right password', async () => false, '10.2.2.2');
    await assert.rejects(
      acc.create('Probed', 'right password', async () => false, '10.2.2.2'),
      /is taken/,
    );
    await assert.rejects(
      acc.create('Probed', 'right password', async () => false, '10.2.2.2'),
      /is taken/,
    );
    await assert.rejects(
      acc.create('Probed', 'right password', async () => false, '10.2.2.2'),
      /Too many attempts\. Try again in 30 s\./,
    );
    const login = await acc.login('Probed', 'right password', '10.2.2.2');
    assert.equal(login.ok, false, 'the same bucket as logins');
  });
});
