/**
 * Accounts: create and authenticate. One account has one character of the same
 * name (the character is created in the world by the caller).
 *
 * Every answer to a failed login is one of three catalogue messages, and none of
 * them depends on whether the name exists: a wrong password and an unknown name
 * both cost one Argon2id verification (against a dummy hash for the unknown one)
 * and both say AUTH_BAD_CREDENTIALS; rate limits and lockouts count names, not
 * accounts (see login-guard.ts).
 */
import { randomBytes } from 'node:crypto';
import { newUlid as ulid } from '../ids.ts';
import { MyriadError, formatError, type ErrorCode } from '../errors.ts';
import { retrySeconds } from '../limits/rate.ts';
import type { AccountRow, EventStore } from '../store/types.ts';
import { LoginGuard, type LoginLimitOptions } from './login-guard.ts';
import { dummyHashFor, hashPassword, needsRehash, verifyPassword, type Argon2Params } from './passwords.ts';

const NAME_PATTERN = /^[A-Za-z]{3,20}$/;
/** No 0/O, 1/l/I: read aloud or copied from a screen without mistakes. */
const TEMPORARY_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const TEMPORARY_PASSWORD_CHARS = 12;

export interface AccountOptions {
  readonly minPasswordLength: number;
  readonly maxPasswordLength: number;
  readonly firstAccountIsAdmin: boolean;
  readonly argon2: Argon2Params;
  /** Login/creation rate limits and lockout (config `limits`). */
  readonly limits: LoginLimitOptions;
  readonly clock?: () => number;
  /** Writes that happen after the answer (failure counts) report errors here. */
  readonly onBackgroundError?: (e: unknown) => void;
}

export type LoginFailure = 'AUTH_BAD_CREDENTIALS' | 'AUTH_RATE_LIMITED' | 'AUTH_LOCKED';

export type LoginResult = { readonly ok: true; readonly account: AccountRow } | { readonly ok: false; readonly code: LoginFailure; readonly message: string };

export class Accounts {
  readonly guard: LoginGuard;

  constructor(
    private readonly store: EventStore,
    private readonly opts: AccountOptions,
  ) {
    this.guard = new LoginGuard(opts.limits, opts.clock);
  }

  /** Canonical display form: "alice" → "Alice". */
  static displayName(name: string): string {
    return name.charAt(0).toUpperCase() + name.slice(1).toLowerCase();
  }

  /** `from` is the client's address (per-address creation limit). */
  async create(rawName: string, password: string, isFirst: () => Promise<boolean>, from = 'unknown'): Promise<AccountRow> {
    if (!NAME_PATTERN.test(rawName)) throw new MyriadError('AUTH_NAME_INVALID');
    if (password.length < this.opts.minPasswordLength || password.length > this.opts.maxPasswordLength) {
      throw new MyriadError('AUTH_PASSWORD_INVALID', { min: this.opts.minPasswordLength, max: this.opts.maxPasswordLength });
    }
    const name = Accounts.displayName(rawName);
    if (await this.store.findAccount(name)) {
      // "Name taken" does not use up a creation (a player who picks a taken name
      // has created nothing), but it tells a script that the name exists, so it is
      // counted as a login attempt from the address: probing names costs the same
      // by either door (limits.loginsPerAddress).
      const probe = this.guard.attemptLookup(from);
      if (!probe.ok) throw new MyriadError('AUTH_RATE_LIMITED', { seconds: retrySeconds(probe.retryAfterMs) });
      throw new MyriadError('AUTH_NAME_TAKEN', { name });
    }
    const verdict = this.guard.attemptCreate(from);
    if (!verdict.ok) throw new MyriadError('AUTH_RATE_LIMITED', { seconds: retrySeconds(verdict.retryAfterMs) });
    const passwordHash = await hashPassword(password, this.opts.argon2);
    const role = this.opts.firstAccountIsAdmin && (await isFirst()) ? 'admin' : 'player';
    // The store's unique index on lower(name) settles a race between two creates.
    return this.store.createAccount({ id: ulid(), name, passwordHash, role, characterId: ulid() });
  }

  /**
   * `@password`: a new random password for the account (12 characters from 54
   * unambiguous letters and digits, ~69 bits), its lockout cleared; the admin
   * hands it to the player, who changes it in play.
   */
  async resetPassword(account: AccountRow): Promise<string> {
    const bytes = randomBytes(TEMPORARY_PASSWORD_CHARS);
    const password = [...bytes].map((b) => TEMPORARY_ALPHABET[b % TEMPORARY_ALPHABET.length]).join('');
    await this.store.updateAccount(account.id, { passwordHash: await hashPassword(password, this.opts.argon2), failedLogins: 0, lockedUntil: null });
    this.guard.succeeded(account.name);
    return password;
  }

  /** `from` is the client's address (per-address login limit). */
  async login(name: string, password: string, from = 'unknown'): Promise<LoginResult> {
    const verdict = this.guard.attemptLogin(from, name);
    if (!verdict.ok) return refuse('AUTH_RATE_LIMITED', verdict.retryAfterMs);
    const locked = this.guard.lockedFor(name);
    if (locked > 0) return refuse('AUTH_LOCKED', locked);

    const account = NAME_PATTERN.test(name) ? await this.store.findAccount(name) : null;
    if (!account) {
      await verifyPassword(await dummyHashFor(this.opts.argon2), password); // same cost as a wrong password
      this.guard.failed(name);
      return refuse('AUTH_BAD_CREDENTIALS');
    }
    const persistedLock = account.lockedUntil ? Date.parse(account.lockedUntil) : 0;
    const lockedTooLong = this.guard.lockedFor(name, persistedLock);
    if (lockedTooLong > 0) return refuse('AUTH_LOCKED', lockedTooLong);

    if (!(await verifyPassword(account.passwordHash, password))) {
      const state = this.guard.failed(name, account.failedLogins);
      // Written once the answer is out, so a real account's failure costs no more answer time
      // than an unknown name's. PGlite runs its queries on this thread: started at once, the
      // write showed up as ~4 ms more answer time for real names (~1 ms with setImmediate).
      const patch = { failedLogins: state.failedLogins, lockedUntil: state.lockedUntil === null ? null : new Date(state.lockedUntil).toISOString() };
      setTimeout(() => void this.store.updateAccount(account.id, patch).catch((e: unknown) => this.opts.onBackgroundError?.(e)), 10);
      return refuse('AUTH_BAD_CREDENTIALS');
    }
    this.guard.succeeded(name);
    if (account.failedLogins > 0 || account.lockedUntil !== null) {
      await this.store.updateAccount(account.id, { failedLogins: 0, lockedUntil: null });
    }
    if (needsRehash(account.passwordHash, this.opts.argon2)) {
      await this.store.updateAccount(account.id, { passwordHash: await hashPassword(password, this.opts.argon2) });
    }
    return { ok: true, account: { ...account, failedLogins: 0, lockedUntil: null } };
  }
}

function refuse(code: LoginFailure, retryAfterMs = 0): LoginResult {
  return { ok: false, code, message: code === 'AUTH_BAD_CREDENTIALS' ? formatError(code) : formatError(code as ErrorCode, { seconds: retrySeconds(retryAfterMs) }) };
}
