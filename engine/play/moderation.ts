/**
 * Moderation commands, typed in the game by an admin (issue 18):
 *
 *   @boot <name> [reason]                  close every connection of a character
 *   @ban <name> [duration] [reason]        keep an account out (every connection now, every login after) until lifted or for 30m, 12h, 7d
 *   @unban <name>                          lift it
 *   @password <name>                       a new temporary password, shown once to the admin
 *   @accounts [pattern]                    accounts by name (* any letters): role, created, ban
 *   @audit [count]                         what admins did, newest first (the last 20 by default)
 *
 * Bans live in the store (table bans), so they hold across restarts; login checks
 * them (bannedMessage). Every action is written to the audit table with who did it.
 */
import { formatError } from '../errors.ts';
import { newUlid as ulid } from '../ids.ts';
import { textMessage, type Span } from '../output/message.ts';
import type { AccountRow, BanRow } from '../store/types.ts';
import type { ClientConnection } from '../sessions/connection.ts';
import type { AdminServices } from './services.ts';

/** What a moderation command runs with (engine/play/admin-commands.ts builds it). */
export interface ModerationContext {
  readonly gateway: AdminServices;
  readonly conn: ClientConnection;
  readonly account: AccountRow;
  readonly corr: string;
}

export const MODERATION_COMMANDS = [
  { verb: '@boot', usage: '@boot <name> [reason]', help: 'Disconnect every connection of a character (they may come back).' },
  { verb: '@ban', usage: '@ban <name> [duration] [reason]', help: 'Keep an account out (disconnected now) until @unban, or for a duration: 30m, 12h, 7d.' },
  { verb: '@unban', usage: '@unban <name>', help: 'Lift an account ban.' },
  { verb: '@password', usage: '@password <name>', help: 'Give an account a new temporary password (shown to you once) and clear its lockout.' },
  { verb: '@accounts', usage: '@accounts [pattern]', help: 'Accounts whose name matches (* for any letters): role, created, ban.' },
  { verb: '@audit', usage: '@audit [count]', help: 'What admins did, who and when, newest first (20 by default).' },
] as const;

/** 100 rows: @accounts and @audit answer a screenful or two, never the whole table. */
const MAX_ROWS = 100;
const UNITS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** One year: a longer ban is a permanent one (type no duration). */
const MAX_BAN_MS = 366 * 86_400_000;

export async function moderation(ctx: ModerationContext, verb: string, args: string): Promise<void> {
  const [name = '', ...rest] = args.split(/\s+/).filter(Boolean);
  switch (verb) {
    case '@boot':
      return boot(ctx, name, rest.join(' '));
    case '@ban':
      return ban(ctx, name, rest);
    case '@unban':
      return unban(ctx, name);
    case '@password':
      return password(ctx, name);
    case '@accounts':
      return accounts(ctx, name || '*');
    case '@audit':
      return audit(ctx, name);
  }
}

/** The login refusal for a banned account, or null (no ban, or it has ended). */
export function bannedMessage(ban: BanRow | null, now: number): string | null {
  if (!ban || (ban.until !== null && ban.until <= now)) return null;
  const until = ban.until === null ? 'until an admin lifts it' : `until ${new Date(ban.until).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
  return formatError('AUTH_BANNED', { until, reason: ban.reason });
}

async function target(ctx: ModerationContext, name: string, usage: string): Promise<AccountRow | null> {
  if (!name) {
    ctx.conn.send(textMessage('error', `Usage: ${usage}`, 'hint'));
    return null;
  }
  const account = await ctx.gateway.store.findAccount(name);
  if (!account) ctx.conn.send(textMessage('error', `There is no account called ${name}.`, 'error'));
  return account;
}

export async function record(ctx: ModerationContext, action: string, target: string, detail: string): Promise<void> {
  await ctx.gateway.store.addAudit({ id: ulid(), at: Date.now(), by: ctx.account.name, action, target, detail });
  ctx.gateway.log.info({ corr: ctx.corr, by: ctx.account.name, action, target, detail }, `moderation: ${action}`);
}

async function boot(ctx: ModerationContext, name: string, reason: string): Promise<void> {
  const account = await target(ctx, name, '@boot <name> [reason]');
  if (!account) return;
  const closed = ctx.gateway.sessions.disconnect(account.characterId, `You have been disconnected by ${ctx.account.name}${reason ? `: ${reason}` : '.'}`);
  await record(ctx, 'boot', account.name, reason);
  ctx.conn.send(textMessage('system', closed ? `${account.name} is disconnected (${closed} connection${closed === 1 ? '' : 's'}).` : `${account.name} is not connected.`, 'system'));
}

async function ban(ctx: ModerationContext, name: string, rest: readonly string[]): Promise<void> {
  const account = await target(ctx, name, '@ban <name> [duration: 30m, 12h, 7d] [reason]');
  if (!account) return;
  if (account.role === 'admin') {
    ctx.conn.send(textMessage('error', `${account.name} is an admin; admins cannot be banned from the game.`, 'error'));
    return;
  }
  const duration = /^(\d{1,6})([smhd])$/i.exec(rest[0] ?? '');
  const ms = duration ? Number(duration[1]) * UNITS[duration[2]!.toLowerCase()]! : null;
  if (ms !== null && (ms <= 0 || ms > MAX_BAN_MS)) {
    ctx.conn.send(textMessage('error', 'A ban lasts 1 second to 366 days; for longer, give no duration (until @unban).', 'error'));
    return;
  }
  const reason = (duration ? rest.slice(1) : rest).join(' ') || 'no reason given';
  const now = Date.now();
  const row: BanRow = { accountId: account.id, until: ms === null ? null : now + ms, reason, by: ctx.account.name, at: now };
  await ctx.gateway.store.banAccount(row);
  const message = bannedMessage(row, now)!;
  const closed = ctx.gateway.sessions.disconnect(account.characterId, message);
  await record(ctx, 'ban', account.name, `${duration ? duration[0] : 'until lifted'}: ${reason}`);
  ctx.conn.send(textMessage('system', `${account.name} is banned ${duration ? `for ${duration[0]}` : 'until @unban'} (${reason})${closed ? `; ${closed} connection${closed === 1 ? '' : 's'} closed` : ''}.`, 'system'));
}

async function unban(ctx: ModerationContext, name: string): Promise<void> {
  const account = await target(ctx, name, '@unban <name>');
  if (!account) return;
  const lifted = await ctx.gateway.store.unbanAccount(account.id);
  if (lifted) await record(ctx, 'unban', account.name, '');
  ctx.conn.send(lifted ? textMessage('system', `${account.name} may log in again.`, 'system') : textMessage('error', `${account.name} is not banned.`, 'error'));
}

async function password(ctx: ModerationContext, name: string): Promise<void> {
  const account = await target(ctx, name, '@password <name>');
  if (!account) return;
  const temporary = await ctx.gateway.accounts.resetPassword(account);
  await record(ctx, 'password', account.name, 'temporary password set'); // never the password itself
  ctx.conn.send(textMessage('system', `${account.name}'s temporary password is ${temporary} (shown once; give it to them privately).`, 'system'));
}

async function accounts(ctx: ModerationContext, pattern: string): Promise<void> {
  const rows = await ctx.gateway.store.listAccounts(pattern, MAX_ROWS);
  if (rows.length === 0) {
    ctx.conn.send(textMessage('info', `No account matches ${pattern}.`, 'hint'));
    return;
  }
  const now = Date.now();
  const spans: Span[] = [{ text: `Accounts matching ${pattern} (${rows.length}${rows.length === MAX_ROWS ? ', the first' : ''}):`, style: 'emphasis' }];
  for (const a of rows) {
    const banned = bannedMessage(await ctx.gateway.store.banOf(a.id), now);
    const width = 20;
    spans.push({ text: `\n  ${a.name.padEnd(width)} ${a.role.padEnd(8)} created ${a.createdAt.slice(0, 10)}${banned ? `  BANNED ${banned.replace(/^This account is banned /, '')}` : ''}` });
  }
  ctx.conn.send({ kind: 'info', spans });
}

async function audit(ctx: ModerationContext, count: string): Promise<void> {
  const limit = Math.min(MAX_ROWS, Math.max(1, Number.parseInt(count, 10) || 20));
  const rows = await ctx.gateway.store.readAudit(limit);
  if (rows.length === 0) {
    ctx.conn.send(textMessage('info', 'No admin has done anything yet.', 'hint'));
    return;
  }
  const spans: Span[] = [{ text: `The last ${rows.length} admin action${rows.length === 1 ? '' : 's'}, newest first:`, style: 'emphasis' }];
  for (const r of rows) spans.push({ text: `\n  ${new Date(r.at).toISOString().replace('T', ' ').slice(0, 19)}  ${r.by}  ${r.action} ${r.target}${r.detail ? ` (${r.detail})` : ''}` });
  ctx.conn.send({ kind: 'info', spans });
}
