/**
 * The admin page's moderation (issue 18): what is in force and the same actions as
 * the @commands, run by the same functions (engine/play/moderation.ts ACTIONS), so
 * the audit records the admin who clicked, like the one who typed.
 *
 *   GET  /admin/api/moderation   JSON: account bans, address bans, mutes (in force), accounts, audit
 *   POST /admin/moderation       JSON {action, target, duration?, reason?} → {ok, text}; 400 when refused
 */
import type { ServerResponse } from 'node:http';
import { newUlid } from '../../../ids.ts';
import { ACTIONS, type Moderator } from '../../../play/moderation.ts';
import type { HttpHost } from '../host.ts';

/** The page lists the first 100 accounts and the newest 50 audit rows: a screenful, not the tables. */
const ACCOUNT_ROWS = 100;
const AUDIT_ROWS = 50;
/** 4 KiB: an action, a name or address, a duration and a reason of a line. */
export const MAX_MODERATION_BODY_BYTES = 4_096;

const JSON_HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export async function moderationState(host: HttpHost): Promise<unknown> {
  const now = Date.now();
  const accounts = await host.store.listAccounts('*', ACCOUNT_ROWS);
  const names = new Map(accounts.map((a) => [a.id, a.name]));
  const inForce = (r: { until: number | null }): boolean => r.until === null || r.until > now;
  const bans = (await host.store.bans()).filter(inForce);
  const banned = new Set(bans.map((b) => b.accountId));
  const muted = new Set(host.mutes.inForce().map((m) => m.accountId));
  // Beyond the first 100 accounts a row shows the account's id: rare, and still exact.
  const nameOf = (id: string): string => names.get(id) ?? id;
  return {
    bans: bans.map((b) => ({ name: nameOf(b.accountId), until: iso(b.until), reason: b.reason, by: b.by, at: iso(b.at) })),
    addressBans: host.addresses.bans.inForce().map((b) => ({ address: b.address, until: iso(b.until), reason: b.reason, by: b.by, at: iso(b.at) })),
    mutes: host.mutes.inForce().map((m) => ({ name: nameOf(m.accountId), until: iso(m.until), reason: m.reason, by: m.by, at: iso(m.at) })),
    accounts: accounts.map((a) => ({ name: a.name, role: a.role, createdAt: a.createdAt, banned: banned.has(a.id), muted: muted.has(a.id), online: host.sessions.online.some((s) => s.charId === a.characterId) })),
    audit: (await host.store.readAudit(AUDIT_ROWS)).map((r) => ({ at: iso(r.at), by: r.by, action: r.action, target: r.target, detail: r.detail })),
  };
}

export async function serveModerationState(host: HttpHost, res: ServerResponse): Promise<void> {
  res.writeHead(200, JSON_HEADERS).end(JSON.stringify(await moderationState(host)));
}

/** POST /admin/moderation: one action, by the signed-in admin (or "token" for the bearer token). */
export async function runModerationAction(host: HttpHost, res: ServerResponse, body: string, by: string): Promise<void> {
  let fields: Record<string, unknown>;
  try {
    const value: unknown = JSON.parse(body);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    fields = value as Record<string, unknown>;
  } catch {
    return void res.writeHead(400, JSON_HEADERS).end(JSON.stringify({ ok: false, text: 'expected JSON {"action":…, "target":…, "duration"?:…, "reason"?:…}' }));
  }
  const text = (k: string): string => (typeof fields[k] === 'string' ? (fields[k] as string).trim().slice(0, 500) : '');
  const action = text('action');
  const target = text('target');
  const m: Moderator = { gateway: host, by, corr: newUlid() };
  let outcome;
  switch (action) {
    case 'boot':
      outcome = await ACTIONS.boot(m, target, text('reason'));
      break;
    case 'ban':
    case 'mute':
      outcome = await ACTIONS[action](m, target, text('duration'), text('reason'));
      break;
    case 'unban':
    case 'unmute':
    case 'password':
      outcome = await ACTIONS[action](m, target);
      break;
    default:
      return void res.writeHead(400, JSON_HEADERS).end(JSON.stringify({ ok: false, text: `unknown action "${action}": boot, ban, unban, mute, unmute or password` }));
  }
  res.writeHead(outcome.ok ? 200 : 400, JSON_HEADERS).end(JSON.stringify(outcome));
}
