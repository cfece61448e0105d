/**
 * Host-level admin commands, typed in the game by an account with the admin role:
 *
 *   @packs               each pack: version, calls, mean latency, faults, denials, quarantine
 *   @packs unquarantine <pack>  lift a pack's stored quarantine (it stays off across restarts until then)
 *   @reload              reload the packs from disk (same as `myriad reload`, SIGHUP); players stay
 *   @shutdown [message]  tell everyone, then stop the server cleanly
 *   @announce <text>     a message to everyone online
 *   @role <name> builder|player  make an account a builder (in-game building) or a player again
 *   @boot, @ban, @unban, @accounts, @audit  moderation (engine/play/moderation.ts)
 *
 * They act on the host (packs, processes, every session), so the gateway answers
 * them before the world sees the line; a non-admin gets a clear refusal. The
 * verbs match exactly (no prefixes): `@sh` must never stop a server.
 */
import { stripControl, textMessage, type OutputMessage, type Span } from '../output/message.ts';
import type { HostHelpSection } from '../world/protocol.ts';
import type { AdminServices } from './services.ts';
import { MODERATION_COMMANDS, moderation, record, type ModerationContext } from './moderation.ts';

export interface AdminCommandSpec {
  readonly verb: string;
  readonly usage: string;
  readonly help: string;
}

export const ADMIN_COMMANDS: readonly AdminCommandSpec[] = [
  { verb: '@packs', usage: '@packs [unquarantine <pack>]', help: 'Each pack with version, calls, mean latency, faults, denials and quarantine; unquarantine lifts one.' },
  { verb: '@reload', usage: '@reload', help: 'Reload the packs from disk; players stay connected.' },
  { verb: '@shutdown', usage: '@shutdown [message]', help: 'Tell everyone (your message or a default), then stop the server cleanly.' },
  { verb: '@announce', usage: '@announce <text>', help: 'Send a message to everyone online.' },
  { verb: '@role', usage: '@role <name> builder|player', help: 'Let an account build (@dig, @describe, ...) or take that away; it applies from their next command.' },
  ...MODERATION_COMMANDS,
];

/** 1,000 characters: an announcement is a line or two, not a document. */
export const MAX_ANNOUNCEMENT_CHARS = 1_000;

export type AdminContext = ModerationContext;

/** True when the line was a host admin command (answered here); false: send it to the world. */
export function adminCommand(ctx: AdminContext, line: string): boolean {
  const space = line.search(/\s/);
  const verb = (space < 0 ? line : line.slice(0, space)).toLowerCase();
  const args = space < 0 ? '' : line.slice(space + 1).trim();
  if (!ADMIN_COMMANDS.some((c) => c.verb === verb)) return false;
  if (ctx.account.role !== 'admin') {
    ctx.conn.send(textMessage('error', `Only admins may use ${verb}.`, 'error'));
    ctx.gateway.log.info({ corr: ctx.corr, char: ctx.account.name, verb }, 'admin command refused: not an admin');
    return true;
  }
  ctx.gateway.log.info({ corr: ctx.corr, char: ctx.account.name, verb }, 'admin command');
  switch (verb) {
    case '@packs':
      if (args) void packsSubcommand(ctx, args);
      else ctx.conn.send(packsTable(ctx.gateway));
      break;
    case '@reload':
      void reload(ctx);
      break;
    case '@shutdown':
      shutdown(ctx, args);
      break;
    case '@announce':
      announce(ctx, args);
      break;
    case '@role':
      void setRole(ctx, args);
      break;
    default:
      void moderation(ctx, verb, args).catch((e: unknown) => {
        ctx.gateway.log.error({ err: e, corr: ctx.corr, verb }, 'moderation command failed');
        ctx.conn.send(textMessage('error', `${verb} failed on the server; nothing may have changed. Please try again.`, 'error'));
      });
  }
  return true;
}

/** The admin commands for `help` (the world lists them to admins, after the pack commands: engine/world/help.ts). */
export const ADMIN_HELP: HostHelpSection = {
  title: 'Admin commands',
  note: ' (host level, admins only):',
  commands: ADMIN_COMMANDS.map((c) => ({ verb: c.verb, usage: c.usage, help: c.help, admin: true })),
};

function packsTable(gateway: AdminServices): OutputMessage {
  const status = gateway.world.packStatus();
  const rows = status.map((p) => [p.name, p.version, String(p.calls), p.meanLatencyMs === null ? '-' : p.meanLatencyMs < 1 ? p.meanLatencyMs.toFixed(3) : p.meanLatencyMs.toFixed(1), String(p.faults), String(p.denied), p.quarantined ? `QUARANTINED since ${p.quarantinedAt ?? '?'}` : 'ok']);
  const header = ['pack', 'version', 'calls', 'mean ms', 'faults', 'denied', 'status'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  const spans: Span[] = [
    { text: `Packs (${status.length} loaded; counts since the last load):`, style: 'emphasis' },
    { text: `\n  ${line(header)}`, style: 'hint' },
  ];
  status.forEach((p, i) => {
    spans.push({ text: `\n  ${line(rows[i]!)}`, ...(p.quarantined ? { style: 'bad' as const } : {}) });
    if (p.lastFault) spans.push({ text: `\n    last fault: ${p.lastFault}`, style: 'hint' });
  });
  return { kind: 'info', spans };
}

async function packsSubcommand(ctx: AdminContext, args: string): Promise<void> {
  const [sub, pack, ...rest] = args.split(/\s+/);
  if (sub?.toLowerCase() !== 'unquarantine' || !pack || rest.length) {
    ctx.conn.send(textMessage('error', 'Usage: @packs, or @packs unquarantine <pack>', 'hint'));
    return;
  }
  const by = `${ctx.account.name} (@packs)`;
  let lifted: boolean;
  try {
    lifted = await ctx.gateway.unquarantine(pack, by);
  } catch (e) {
    ctx.conn.send(textMessage('error', `Could not lift the quarantine of ${pack}: ${(e as Error).message}`, 'error'));
    return;
  }
  ctx.conn.send(lifted ? textMessage('system', `The quarantine of ${pack} is lifted; it runs again from its next call.`, 'system') : textMessage('error', `${pack} is not quarantined.`, 'error'));
}

async function reload(ctx: AdminContext): Promise<void> {
  ctx.conn.send(textMessage('system', 'Reloading packs...', 'system'));
  const r = await ctx.gateway.reloadPacks();
  if (!r.ok) {
    ctx.conn.send(textMessage('error', `Reload refused; the running packs carry on.\n${r.error ?? 'unknown reason'}`, 'error'));
    return;
  }
  const parts = [`Packs reloaded in ${Math.round(r.ms)} ms: ${r.after.join(', ')}.`];
  if (r.added.length) parts.push(`Added: ${r.added.join(', ')}.`);
  if (r.removed.length) parts.push(`Removed: ${r.removed.join(', ')}.`);
  if (r.changed.length) parts.push(`Changed: ${r.changed.join('; ')}.`);
  if (r.upgrades.length) parts.push(`Schema upgrades: ${r.upgrades.length}.`);
  parts.push(`Config: ${r.config}.`);
  ctx.conn.send(textMessage('system', [parts.join(' '), ...r.modules].join('\n'), 'system'));
  for (const warning of r.warnings) ctx.conn.send(textMessage('error', `Warning: ${warning}.`, 'hint'));
}

function shutdown(ctx: AdminContext, message: string): void {
  const text = message ? `${message} (the server is shutting down - ${ctx.account.name})` : `The server is shutting down (by ${ctx.account.name}). Please come back soon.`;
  ctx.gateway.log.warn({ corr: ctx.corr, by: ctx.account.name, message }, '@shutdown: stopping the server');
  ctx.gateway.requestShutdown(text);
}

function announce(ctx: AdminContext, raw: string): void {
  const text = stripControl(raw);
  if (!text) {
    ctx.conn.send(textMessage('error', 'Usage: @announce <text>', 'hint'));
    return;
  }
  if (text.length > MAX_ANNOUNCEMENT_CHARS) {
    ctx.conn.send(textMessage('error', `Announcements are at most ${MAX_ANNOUNCEMENT_CHARS} characters (that one is ${text.length}).`, 'error'));
    return;
  }
  const name = ctx.account.name;
  ctx.gateway.sessions.broadcast({
    kind: 'system',
    spans: [
      { text: 'Announcement from ', style: 'system' },
      { text: name, style: 'name' },
      { text: ': ', style: 'system' },
      { text, style: 'emphasis' },
    ],
    data: { package: 'Comm.Channel.Text', value: { channel: 'announce', talker: name, text: `Announcement from ${name}: ${text}` } },
  });
}

/** Roles @role hands out; admin is the first account's (and the database's) alone, so no admin is made or unmade by a typo. */
const GRANTABLE_ROLES = new Set(['builder', 'player'] as const);

async function setRole(ctx: AdminContext, args: string): Promise<void> {
  const [name, rawRole, ...rest] = args.split(/\s+/);
  const role = rawRole?.toLowerCase();
  if (!name || rest.length || (role !== 'builder' && role !== 'player') || !GRANTABLE_ROLES.has(role)) {
    ctx.conn.send(textMessage('error', 'Usage: @role <name> builder|player', 'hint'));
    return;
  }
  const account = await ctx.gateway.store.findAccount(name);
  if (!account) {
    ctx.conn.send(textMessage('error', `There is no account called ${name}.`, 'error'));
    return;
  }
  if (account.role === 'admin') {
    ctx.conn.send(textMessage('error', `${account.name} is an admin; @role changes builders and players only.`, 'error'));
    return;
  }
  await ctx.gateway.store.updateAccount(account.id, { role });
  ctx.gateway.sessions.setRole(account.characterId, role);
  await record({ gateway: ctx.gateway, by: ctx.account.name, corr: ctx.corr }, 'role', account.name, role);
  ctx.gateway.log.info({ corr: ctx.corr, by: ctx.account.name, target: account.name, role }, '@role: role changed');
  ctx.conn.send(textMessage('system', `${account.name} is now a ${role}${role === 'builder' ? ': they can use @dig, @describe and the other building commands' : ''}.`, 'system'));
}
