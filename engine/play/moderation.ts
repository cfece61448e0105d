/**
 * Moderation commands, typed in the game by an admin (issue 18):
 *
 *   @boot <name> [reason]                  close every connection of a character
 *   @ban <name> [duration] [reason]        keep an account out (every connection now, every login after) until lifted or for 30m, 12h, 7d
 *   @ban <address> [duration] [reason]     keep an address or CIDR block out (checked at connect)
 *   @unban <name|address>                  lift it
 *   @mute <name> [duration] [reason]       refuse a character's talk commands (docs/decisions/0041)
 *   @unmute <name>                         lift it
 *   @password <name>                       a new temporary password, shown once to the admin
 *   @accounts [pattern]                    accounts by name (* any letters): role, created, ban
 *   @audit [count]                         what admins did, newest first (the last 20 by default)
 *
 * Bans live in the store (table bans), so they hold across restarts; login checks
 * them (bannedMessage). Every action is written to the audit table with who did it.
 */
import { formatError } from '../errors.ts';
import { parseBanAddress } from '../limits/address-bans.ts';
import { banEnd } from '../limits/address-guard.ts';
import { newUlid as ulid } from '../ids.ts';
import { textMessage, type Span } from '../output/message.ts';
import type { AccountRow, BanRow } from '../store/types.ts';
import type { ClientConnection } from '../sessions/connection.ts';
import type { AdminServices, ModerationServices } from './services.ts';

/** What a moderation command runs with (engine/play/admin-commands.ts builds it). */
export interface ModerationContext {
  readonly gateway: AdminServices;
  readonly conn: ClientConnection;
  readonly account: AccountRow;
  readonly corr: string;
}

export const MODERATION_COMMANDS = [
  { verb: '@boot', usage: '@boot <name> [reason]', help: 'Disconnect every connection of a character (they may come back).' },
  { verb: '@ban', usage: '@ban <name|address> [duration] [reason]', help: 'Keep an account, or an address (203.0.113.7, 198.51.100.0/24, 2001:db8::/32), out (disconnected now) until @unban, or for a duration: 30m, 12h, 7d.' },
  { verb: '@unban', usage: '@unban <name|address>', help: 'Lift a ban on an account or an address.' },
  { verb: '@mute', usage: '@mute <name> [duration] [reason]', help: 'Stop a character talking (say, pose, tell, chat, ...; they can still play) until @unmute, or for a duration: 30m, 12h, 7d.' },
  { verb: '@unmute', usage: '@unmute <name>', help: 'Let a muted character talk again.' },
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
  const m: Moderator = { gateway: ctx.gateway, by: ctx.account.name, corr: ctx.corr };
  let outcome: Outcome;
  switch (verb) {
    case '@boot':
      outcome = await boot(m, name, rest.join(' '));
      break;
    case '@ban':
      outcome = await ban(m, name, rest);
      break;
    case '@unban':
      outcome = await unban(m, name);
      break;
    case '@mute':
      outcome = await mute(m, name, rest);
      break;
    case '@unmute':
      outcome = await unmute(m, name);
      break;
    case '@password':
      outcome = await password(m, name);
      break;
    case '@accounts':
      return accounts(ctx, name || '*');
    case '@audit':
      return audit(ctx, name);
    default:
      return;
  }
  ctx.conn.send(outcome.ok ? textMessage('system', outcome.text, 'system') : textMessage('error', outcome.text, /^Usage:/.test(outcome.text) ? 'hint' : 'error'));
}

/** The login refusal for a banned account, or null (no ban, or it has ended). */
export function bannedMessage(ban: BanRow | null, now: number): string | null {
  if (!ban || (ban.until !== null && ban.until <= now)) return null;
  return formatError('AUTH_BANNED', { until: banEnd(ban.until), reason: ban.reason });
}

/** Who acts, and with what: an admin at the game prompt or on the admin page (engine/net/http/admin). */
export interface Moderator {
  readonly gateway: ModerationServices;
  /** The admin's account name, written to the audit. */
  readonly by: string;
  readonly corr: string;
}

/** What an action answers the admin: one line, an error or not. */
export interface Outcome {
  readonly ok: boolean;
  readonly text: string;
}

const fail = (text: string): Outcome => ({ ok: false, text });
const done = (text: string): Outcome => ({ ok: true, text });

/** The admin page's actions, by name: the same functions the @commands run. */
export const ACTIONS = {
  boot: (m: Moderator, name: string, reason: string) => boot(m, name, reason),
  ban: (m: Moderator, name: string, duration: string, reason: string) => ban(m, name, [duration, ...reason.split(/\s+/)].filter(Boolean)),
  unban: (m: Moderator, name: string) => unban(m, name),
  mute: (m: Moderator, name: string, duration: string, reason: string) => mute(m, name, [duration, ...reason.split(/\s+/)].filter(Boolean)),
  unmute: (m: Moderator, name: string) => unmute(m, name),
  password: (m: Moderator, name: string) => password(m, name),
} as const;

async function target(m: Moderator, name: string, usage: string): Promise<AccountRow | Outcome> {
  if (!name) return fail(`Usage: ${usage}`);
  return (await m.gateway.store.findAccount(name)) ?? fail(`There is no account called ${name}.`);
}

export async function record(m: Moderator, action: string, target: string, detail: string): Promise<void> {
  await m.gateway.store.addAudit({ id: ulid(), at: Date.now(), by: m.by, action, target, detail });
  m.gateway.log.info({ corr: m.corr, by: m.by, action, target, detail }, `moderation: ${action}`);
}

/** `[duration] [reason...]` → the duration in ms (null: until lifted), its text, the reason; or an error. */
function term(rest: readonly string[], what: string): { ms: number | null; label: string | null; reason: string } | Outcome {
  const duration = /^(\d{1,6})([smhd])$/i.exec(rest[0] ?? '');
  const ms = duration ? Number(duration[1]) * UNITS[duration[2]!.toLowerCase()]! : null;
  if (ms !== null && (ms <= 0 || ms > MAX_BAN_MS)) return fail(`A ${what} lasts 1 second to 366 days; for longer, give no duration (until @un${what}).`);
  return { ms, label: duration ? duration[0] : null, reason: (duration ? rest.slice(1) : rest).join(' ') || 'no reason given' };
}

/** Account names are letters only (engine/accounts/accounts.ts): anything else was meant as an address. */
const NOT_A_NAME = /[^A-Za-z]/;
const notAnAddress = (text: string): string => `${text} is neither an account name nor an address (203.0.113.7, 198.51.100.0/24, 2001:db8::/32; a block of /1 or more).`;

const plural = (n: number): string => `${n} connection${n === 1 ? '' : 's'}`;

async function boot(m: Moderator, name: string, reason: string): Promise<Outcome> {
  const account = await target(m, name, '@boot <name> [reason]');
  if ('ok' in account) return account;
  const closed = m.gateway.sessions.disconnect(account.characterId, `You have been disconnected by ${m.by}${reason ? `: ${reason}` : '.'}`);
  await record(m, 'boot', account.name, reason);
  return done(closed ? `${account.name} is disconnected (${plural(closed)}).` : `${account.name} is not connected.`);
}

async function ban(m: Moderator, name: string, rest: readonly string[]): Promise<Outcome> {
  const address = parseBanAddress(name);
  if (address) return banAddress(m, address, rest);
  if (NOT_A_NAME.test(name)) return fail(notAnAddress(name));
  const account = await target(m, name, '@ban <name|address> [duration: 30m, 12h, 7d] [reason]');
  if ('ok' in account) return account;
  if (account.role === 'admin') return fail(`${account.name} is an admin; admins cannot be banned from the game.`);
  const t = term(rest, 'ban');
  if ('ok' in t) return t;
  const now = Date.now();
  const row: BanRow = { accountId: account.id, until: t.ms === null ? null : now + t.ms, reason: t.reason, by: m.by, at: now };
  await m.gateway.store.banAccount(row);
  const closed = m.gateway.sessions.disconnect(account.characterId, bannedMessage(row, now)!);
  await record(m, 'ban', account.name, `${t.label ?? 'until lifted'}: ${t.reason}`);
  return done(`${account.name} is banned ${t.label ? `for ${t.label}` : 'until @unban'} (${t.reason})${closed ? `; ${plural(closed)} closed` : ''}.`);
}

async function banAddress(m: Moderator, address: string, rest: readonly string[]): Promise<Outcome> {
  const t = term(rest, 'ban');
  if ('ok' in t) return t;
  const now = Date.now();
  const row = { address, until: t.ms === null ? null : now + t.ms, reason: t.reason, by: m.by, at: now };
  // Stored first, then in force: a connect between the two is let in and closed just below.
  await m.gateway.store.banAddress(row);
  m.gateway.addresses.bans.set(row);
  const message = formatError('NET_ADDRESS_BANNED', { until: banEnd(row.until), reason: row.reason });
  const closed = m.gateway.sessions.disconnectAddress((remote) => m.gateway.addresses.bans.covering(remote) !== null, message);
  await record(m, 'ban', address, `${t.label ?? 'until lifted'}: ${t.reason}`);
  return done(`Connections from ${address} are banned ${t.label ? `for ${t.label}` : 'until @unban'} (${t.reason})${closed ? `; ${plural(closed)} closed` : ''}.`);
}

async function unban(m: Moderator, name: string): Promise<Outcome> {
  const address = parseBanAddress(name);
  if (address) {
    const lifted = await m.gateway.store.unbanAddress(address);
    m.gateway.addresses.bans.delete(address);
    if (!lifted) return fail(`${address} is not banned.`);
    await record(m, 'unban', address, '');
    return done(`Connections from ${address} are allowed again.`);
  }
  if (NOT_A_NAME.test(name)) return fail(notAnAddress(name));
  const account = await target(m, name, '@unban <name|address>');
  if ('ok' in account) return account;
  const lifted = await m.gateway.store.unbanAccount(account.id);
  if (!lifted) return fail(`${account.name} is not banned.`);
  await record(m, 'unban', account.name, '');
  return done(`${account.name} may log in again.`);
}

async function mute(m: Moderator, name: string, rest: readonly string[]): Promise<Outcome> {
  const account = await target(m, name, '@mute <name> [duration: 30m, 12h, 7d] [reason]');
  if ('ok' in account) return account;
  if (account.role === 'admin') return fail(`${account.name} is an admin; admins cannot be muted.`);
  const t = term(rest, 'mute');
  if ('ok' in t) return t;
  const now = Date.now();
  const row = { accountId: account.id, until: t.ms === null ? null : now + t.ms, reason: t.reason, by: m.by, at: now };
  await m.gateway.store.muteAccount(row);
  m.gateway.mutes.set(row);
  m.gateway.sessions.tell(account.characterId, textMessage('system', `${m.by} has muted you ${banEnd(row.until)}: ${row.reason}. You can still play, but not talk.`, 'system'));
  await record(m, 'mute', account.name, `${t.label ?? 'until lifted'}: ${t.reason}`);
  return done(`${account.name} is muted ${t.label ? `for ${t.label}` : 'until @unmute'} (${t.reason}).`);
}

async function unmute(m: Moderator, name: string): Promise<Outcome> {
  const account = await target(m, name, '@unmute <name>');
  if ('ok' in account) return account;
  const lifted = await m.gateway.store.unmuteAccount(account.id);
  m.gateway.mutes.delete(account.id);
  if (!lifted) return fail(`${account.name} is not muted.`);
  m.gateway.sessions.tell(account.characterId, textMessage('system', `${m.by} has lifted your mute; you can talk again.`, 'system'));
  await record(m, 'unmute', account.name, '');
  return done(`${account.name} can talk again.`);
}

async function password(m: Moderator, name: string): Promise<Outcome> {
  const account = await target(m, name, '@password <name>');
  if ('ok' in account) return account;
  const temporary = await m.gateway.accounts.resetPassword(account);
  await record(m, 'password', account.name, 'temporary password set'); // never the password itself
  return done(`${account.name}'s temporary password is ${temporary} (shown once; give it to them privately).`);
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
