/**
 * Accounts: create and authenticate. One account has one character of the same
 * name (the character is created in the world by the caller).
 */
import { ulid } from 'ulidx';
import { MyriadError } from '../errors.ts';
import type { AccountRow, EventStore } from '../store/types.ts';
import { dummyHashFor, hashPassword, needsRehash, verifyPassword, type Argon2Params } from './passwords.ts';

const NAME_PATTERN = /^[A-Za-z]{3,20}$/;

export interface AccountOptions {
  readonly minPasswordLength: number;
  readonly maxPasswordLength: number;
  readonly firstAccountIsAdmin: boolean;
  readonly argon2: Argon2Params;
}

export type LoginResult = { ok: true; account: AccountRow } | { ok: false };

export class Accounts {
  constructor(private readonly store: EventStore, private readonly opts: AccountOptions) {}

  /** Canonical display form: "alice" → "Alice". */
  static displayName(name: string): string {
    return name.charAt(0).toUpperCase() + name.slice(1).toLowerCase();
  }

  async create(rawName: string, password: string, isFirst: () => Promise<boolean>): Promise<AccountRow> {
    if (!NAME_PATTERN.test(rawName)) throw new MyriadError('AUTH_NAME_INVALID');
    if (password.length < this.opts.minPasswordLength || password.length > this.opts.maxPasswordLength) {
      throw new MyriadError('AUTH_PASSWORD_INVALID', { min: this.opts.minPasswordLength, max: this.opts.maxPasswordLength });
    }
    const name = Accounts.displayName(rawName);
    if (await this.store.findAccount(name)) throw new MyriadError('AUTH_NAME_TAKEN', { name });
    const passwordHash = await hashPassword(password, this.opts.argon2);
    const role = this.opts.firstAccountIsAdmin && (await isFirst()) ? 'admin' : 'player';
    // The store's unique index on lower(name) settles a race between two creates.
    return this.store.createAccount({ id: ulid(), name, passwordHash, role, characterId: ulid() });
  }

  async login(name: string, password: string): Promise<LoginResult> {
    const account = NAME_PATTERN.test(name) ? await this.store.findAccount(name) : null;
    if (!account) {
      await verifyPassword(await dummyHashFor(this.opts.argon2), password); // same cost as a wrong password
      return { ok: false };
    }
    if (!(await verifyPassword(account.passwordHash, password))) return { ok: false };
    if (needsRehash(account.passwordHash, this.opts.argon2)) {
      await this.store.updateAccount(account.id, { passwordHash: await hashPassword(password, this.opts.argon2) });
    }
    return { ok: true, account };
  }
}
