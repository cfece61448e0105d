/**
 * Who may use /admin: an admin account's browser session (an HTTP-only cookie
 * holding a random token, kept in memory, expiring) or a bearer token from the
 * operator (`http.adminToken` / MYRIAD_ADMIN_TOKEN) for scripts and `myriad tail`.
 *
 * Sessions live in memory on purpose: a restart logs every admin out, which is
 * the safe direction, and no session secret ever reaches the database.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Accounts } from '../../../accounts/accounts.ts';

export const SESSION_COOKIE = 'myriad_admin';
/** 8 hours: a working day at the console, then log in again. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** 64 live sessions: a handful of operators with a few browsers each; the oldest goes first. */
export const MAX_SESSIONS = 64;

export interface AdminIdentity {
  /** Account name, or "token" for the bearer token. */
  readonly name: string;
  readonly via: 'session' | 'token';
}

interface Session {
  readonly name: string;
  readonly expires: number;
}

/**
 * Failed logins go through the same guard as the game's login screen
 * (engine/accounts/login-guard.ts: per-address and per-name rate limits, lockout),
 * so the admin form is no side door for guessing passwords.
 */
export type AdminLoginResult = { ok: true; token: string; name: string } | { ok: false; reason: 'bad-credentials' | 'not-admin' | 'rate-limited'; message: string };

export class AdminAuth {
  private readonly sessions = new Map<string, Session>();
  private readonly tokenDigest: Buffer | null;

  constructor(
    private readonly accounts: Accounts,
    bearerToken: string,
    private readonly now: () => number = Date.now,
  ) {
    this.tokenDigest = bearerToken ? digest(bearerToken) : null;
  }

  get tokenEnabled(): boolean {
    return this.tokenDigest !== null;
  }

  /** Verify an admin's name and password; on success open a session. */
  async login(name: string, password: string, remote: string): Promise<AdminLoginResult> {
    const result = await this.accounts.login(name, password, remote);
    if (!result.ok) return { ok: false, reason: result.code === 'AUTH_BAD_CREDENTIALS' ? 'bad-credentials' : 'rate-limited', message: result.message };
    if (result.account.role !== 'admin') return { ok: false, reason: 'not-admin', message: 'That account is not an admin.' };
    const token = randomBytes(32).toString('base64url');
    this.prune();
    while (this.sessions.size >= MAX_SESSIONS) {
      const first = this.sessions.keys().next();
      if (first.done) break;
      this.sessions.delete(first.value);
    }
    this.sessions.set(token, { name: result.account.name, expires: this.now() + SESSION_TTL_MS });
    return { ok: true, token, name: result.account.name };
  }

  logout(req: IncomingMessage): void {
    const token = cookieValue(req, SESSION_COOKIE);
    if (token) this.sessions.delete(token);
  }

  /** The admin behind a request (bearer token first, then the session cookie), or null. */
  identify(req: IncomingMessage): AdminIdentity | null {
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
      if (m?.[1] && this.tokenDigest && timingSafeEqual(digest(m[1]), this.tokenDigest)) return { name: 'token', via: 'token' };
      // A wrong Authorization header does not fall back to the cookie: the caller meant the token.
      return null;
    }
    const token = cookieValue(req, SESSION_COOKIE);
    if (!token) return null;
    const session = this.sessions.get(token);
    if (!session) return null;
    if (session.expires <= this.now()) {
      this.sessions.delete(token);
      return null;
    }
    return { name: session.name, via: 'session' };
  }

  /** Set-Cookie value for a new session (Secure when the request came over HTTPS via a proxy). */
  static sessionCookie(token: string, secure: boolean): string {
    return `${SESSION_COOKIE}=${token}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=${SESSION_TTL_MS / 1000}${secure ? '; Secure' : ''}`;
  }

  static clearedCookie(): string {
    return `${SESSION_COOKIE}=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0`;
  }

  get sessionCount(): number {
    this.prune();
    return this.sessions.size;
  }

  private prune(): void {
    const now = this.now();
    for (const [token, s] of this.sessions) if (s.expires <= now) this.sessions.delete(token);
  }
}

/** Compare fixed-length digests so neither the length nor the content leaks through timing. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

export function cookieValue(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}
