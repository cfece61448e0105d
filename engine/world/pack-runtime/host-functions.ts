/**
 * The host functions of ABI `myriad:host/v1` (docs/abi.md). They run synchronously
 * inside a pack call (Extism foreground mode), read the world state directly and
 * record writes in the call's transaction. Every call is scope-checked against
 * the pack's grants; a denied or malformed call returns an `err` envelope to the
 * pack (it never traps) and is counted so operators see it.
 */
import type { ErrorCode } from '../../errors.ts';
import type { CallContext } from '@extism/extism';
import { hasLineBreak, sanitizeMessage, stripControl, type OutputMessage } from '../../output/message.ts';
import type { Display } from '../../store/types.ts';
import { ownsComponent } from '../../packs/capabilities.ts';
import { POSITION_COMPONENT, type SpatialIndex } from '../spatial-index.ts';
import type { WorldState } from '../state.ts';
import { splitStream as splitStreamName, type PackInfo, type CallScope } from './call-scope.ts';

type HostFn = (ctx: CallContext, arg: bigint) => bigint;

const STREAM_PATTERN = /^(room|char|entity):[0-9A-Za-z_-]{1,64}$|^pack:[a-z][a-z0-9-]*$|^world$/;
const ENGINE_COMPONENTS = new Set(['name', 'kind', 'location']);
/**
 * The pack that spawned an entity, set by the host on myriad_spawn (no pack can
 * write it: it is not `<pack>.<name>`). myriad_despawn checks it, so a pack
 * removes only what it made; it is stored and replayed like any component.
 */
export const SPAWNER_COMPONENT = 'spawner';

/**
 * Every string a pack hands the host (message text, payloads, component values,
 * GMCP data, log lines) is cleaned here, once, where it enters: control and
 * format characters (bidi overrides and friends) are removed, so no renderer —
 * telnet, WebSocket, GMCP, replay, the admin page — ever sees them.
 */
const cleanStrings = (_key: string, value: unknown): unknown => (typeof value === 'string' ? stripControl(value) : value);

/**
 * What stripControl would change, as it can appear in JSON text: the characters
 * themselves, or the escapes that decode to them (\b \f \r \uXXXX). Most requests
 * hold none, and JSON.parse without a reviver keeps V8's fast path: the reviver on
 * every request added ~1 µs a host call (packcall: 10 host calls 41.4 → 50.1 µs).
 */
// eslint-disable-next-line no-control-regex
const MAY_NEED_CLEANING = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]|\p{Cf}|\\[bfru]/u;

/** A pack's request text as JSON, every string value cleaned like other pack text (stripControl). */
export function parseHostRequest(text: string): unknown {
  return MAY_NEED_CLEANING.test(text) ? JSON.parse(text, cleanStrings) : JSON.parse(text);
}

class Denied extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function buildHostFunctions(pack: PackInfo): Record<string, HostFn> {
  const { grants, name } = pack;
  const readable = new Set(grants.read ?? []);
  const writable = new Set(grants.write ?? []);
  const emittable = new Set((grants.emit ?? []).filter((t) => pack.declaredEmits.has(t)));
  const sendScopes = new Set(grants.send ?? []);

  /** Wrap a JSON request handler: budget, parse, envelope, error capture. */
  const json =
    (fn: (req: Record<string, unknown>, scope: CallScope) => unknown): HostFn =>
    (ctx, arg) => {
      const scope = ctx.hostContext<CallScope>();
      try {
        scope.countHostCall();
        // Measured before reading: Extism copies ~20 ns per byte, so a 1 MiB request costs 20 ms to read.
        if (arg !== 0n) scope.countRequest(Number(ctx.length(arg)));
        const raw = arg === 0n ? null : ctx.read(arg);
        const text = raw ? raw.string() : '{}';
        const req = parseHostRequest(text);
        if (typeof req !== 'object' || req === null || Array.isArray(req)) throw new Denied('PACK_BAD_REQUEST', 'request must be a JSON object');
        const value = fn(req as Record<string, unknown>, scope);
        return value === undefined ? 0n : ctx.store(JSON.stringify({ ok: value }));
      } catch (e) {
        // Over budget: the call is already doomed (CallScope.overBudget); the pack just hears why.
        const code = e instanceof Denied ? e.code : scope.overBudget ? scope.overBudgetCode : 'PACK_BAD_REQUEST';
        const message = e instanceof Error ? e.message : String(e);
        if (!scope.overBudget) scope.denied(code, message);
        return ctx.store(JSON.stringify({ err: { code, message } }));
      }
    };

  const str = (req: Record<string, unknown>, key: string): string => {
    const v = req[key];
    if (typeof v !== 'string' || v.length === 0) throw new Denied('PACK_BAD_REQUEST', `"${key}" must be a non-empty string`);
    return v;
  };

  /**
   * A pack's message, validated. Text for anyone but the call's own actor must be
   * one line: a line break there is how a pack (or text it quotes) forges a line
   * that looks like the server's or another player's ("Admin says, …"). A
   * multi-line answer (look, an inventory) goes only to the player who asked.
   */
  const message = (raw: unknown, what: string, toOthers: boolean): OutputMessage => {
    const result = sanitizeMessage(raw);
    if (!result.ok) throw new Denied('PACK_BAD_REQUEST', `${what}: ${result.reason}`);
    if (toOthers && result.message.spans.some((sp) => hasLineBreak(sp.text))) {
      throw new Denied('PACK_TEXT_LINE_BREAK', `${what}: text for other players must be one line (it contains a line break)`);
    }
    return result.message;
  };

  /**
   * Who an event's `display.others` reaches on `stream`, and the send scope that
   * must be granted for it: the display of an event is output, and reaches no
   * one the pack could not send to directly (world → all, a room → room, another
   * character → direct).
   */
  const othersAudience = (stream: string, actorId: string | null): { readonly scope: 'all' | 'room' | 'direct'; readonly who: string } | null => {
    const [kind, id] = splitStreamName(stream);
    if (kind === 'world') return { scope: 'all', who: 'every player' };
    if (kind === 'room') return { scope: 'room', who: `the players in ${stream}` };
    if (kind === 'char' && id !== actorId) return { scope: 'direct', who: `the character ${id}` };
    return null; // char:<actor>, entity:, pack: — display.others reaches no one there
  };

  const canRead = (key: string): boolean => ENGINE_COMPONENTS.has(key) || ownsComponent(name, key) || readable.has(key) || readable.has('*');
  // Another pack's component only through `build`, and only one its owner declares buildable (PackInfo.buildable).
  const canWrite = (key: string): boolean => (ownsComponent(name, key) && (writable.has(key) || writable.has(`${name}.*`))) || pack.buildable.has(key);

  /**
   * Identity is the engine's: characters are made by the engine for accounts
   * (kind "character", their names), never by a pack. A pack spawns only the
   * kinds its manifest declares in `spawns`, and never under a character's name,
   * so "Admin" standing in a room is always the real one.
   */
  const checkIdentity = (comps: Record<string, unknown>, state: WorldState): void => {
    const kind = comps['kind'];
    if (typeof kind !== 'string' || !pack.spawns.has(kind)) {
      const declared = [...pack.spawns].join(', ') || 'none';
      throw new Denied('PACK_SPAWN_KIND', `spawn an entity of kind ${JSON.stringify(kind ?? null)} (its manifest "spawns" declares: ${declared}; "character" is the engine's alone)`);
    }
    const entityName = comps['name'];
    if (typeof entityName === 'string' && state.characterNamed(entityName)) {
      throw new Denied('PACK_NAME_TAKEN', `spawn an entity named ${JSON.stringify(entityName)}: a character has that name`);
    }
  };

  /**
   * `@name`: a pack granted `build` renames an entity it spawned itself (a dug
   * room, a created thing), never a character or another pack's entity, and never
   * to a character's name (the identity rule of checkIdentity).
   */
  const rename = (req: Record<string, unknown>, scope: CallScope, e: string): undefined => {
    const s = scope.tx.state;
    const v = req['v'];
    if (typeof v !== 'string' || v.trim().length === 0 || v.length > MAX_NAME_CHARS) throw new Denied('PACK_BAD_REQUEST', `a name must be 1-${MAX_NAME_CHARS} characters`);
    if (s.get(e, SPAWNER_COMPONENT) !== name || s.get(e, 'kind') === 'character') throw new Denied('PACK_DENIED', `rename ${e}: a pack renames only entities it spawned`);
    if (s.characterNamed(v)) throw new Denied('PACK_NAME_TAKEN', `rename ${e} to ${JSON.stringify(v)}: a character has that name`);
    scope.countEffect();
    scope.tx.setComponent(e, 'name', v, scope.cause);
    return undefined;
  };

  const entitySummary = (scope: CallScope, id: string) => {
    const s = scope.tx.state;
    return { id, name: s.get(id, 'name') ?? null, kind: s.get(id, 'kind') ?? null, location: s.get(id, 'location') ?? null };
  };

  return {
    myriad_get: json((req, scope) => {
      const e = str(req, 'e');
      const c = str(req, 'c');
      if (!canRead(c)) throw new Denied('PACK_DENIED', `read component ${c}`);
      const v = scope.tx.state.get(e, c);
      return v === undefined ? null : v;
    }),

    myriad_set: json((req, scope) => {
      const e = str(req, 'e');
      const c = str(req, 'c');
      if (c === 'name' && pack.buildable.size > 0) return rename(req, scope, e);
      if (!canWrite(c)) throw new Denied('PACK_DENIED', `write component ${c}`);
      if (!('v' in req) || req['v'] === null) throw new Denied('PACK_BAD_REQUEST', '"v" is required (use myriad_del to remove)');
      if (!scope.tx.state.has(e)) throw new Denied('PACK_BAD_REQUEST', `no entity ${e}`);
      scope.countEffect();
      scope.tx.setComponent(e, c, req['v'], scope.cause);
      return undefined;
    }),

    myriad_del: json((req, scope) => {
      const e = str(req, 'e');
      const c = str(req, 'c');
      if (!canWrite(c)) throw new Denied('PACK_DENIED', `write component ${c}`);
      scope.countEffect();
      if (scope.tx.state.get(e, c) !== undefined) scope.tx.setComponent(e, c, undefined, scope.cause);
      return undefined;
    }),

    myriad_spawn: json((req, scope) => {
      if (!grants.spawn) throw new Denied('PACK_DENIED', 'spawn entities');
      const comps = req['c'];
      if (typeof comps !== 'object' || comps === null || Array.isArray(comps)) throw new Denied('PACK_BAD_REQUEST', '"c" must be an object of components');
      for (const key of Object.keys(comps)) {
        if (!ENGINE_COMPONENTS.has(key) && !canWrite(key)) throw new Denied('PACK_DENIED', `write component ${key}`);
      }
      checkIdentity(comps as Record<string, unknown>, scope.tx.state);
      scope.countEffect();
      return { id: scope.tx.spawn({ ...(comps as Record<string, unknown>), [SPAWNER_COMPONENT]: name }, scope.cause) };
    }),

    myriad_despawn: json((req, scope) => {
      if (!grants.spawn) throw new Denied('PACK_DENIED', 'despawn entities');
      const e = str(req, 'e');
      const s = scope.tx.state;
      if (!s.has(e)) throw new Denied('PACK_BAD_REQUEST', `no entity ${e}`);
      const kind = s.get(e, 'kind');
      // Characters are the engine's (accounts); only what this pack made, of a kind it declared, goes.
      if (kind === 'character' || typeof kind !== 'string' || !pack.spawns.has(kind) || s.get(e, SPAWNER_COMPONENT) !== name) {
        throw new Denied('PACK_DESPAWN_DENIED', `despawn ${e} (kind ${JSON.stringify(kind ?? null)}): a pack removes only entities it spawned, of a kind its manifest "spawns" declares`);
      }
      const inside = s.contents(e).size;
      if (inside > 0) throw new Denied('PACK_DESPAWN_DENIED', `despawn ${e}: it holds ${inside} entit${inside === 1 ? 'y' : 'ies'} (move them out first)`);
      scope.countEffect();
      scope.tx.despawn(e, scope.cause);
      return undefined;
    }),

    myriad_move: json((req, scope) => {
      if (!grants.move) throw new Denied('PACK_DENIED', 'move entities');
      const e = str(req, 'e');
      const to = str(req, 'to');
      if (!scope.tx.state.has(e)) throw new Denied('PACK_BAD_REQUEST', `no entity ${e}`);
      if (!scope.tx.state.has(to)) throw new Denied('PACK_BAD_REQUEST', `no location ${to}`);
      scope.countEffect();
      scope.tx.move(e, to, scope.cause);
      return undefined;
    }),

    myriad_query: json((req, scope) => {
      if (!grants.query) throw new Denied('PACK_DENIED', 'query the world');
      const s = scope.tx.state;
      switch (req['q']) {
        case 'entity': {
          const e = str(req, 'e');
          return s.has(e) ? entitySummary(scope, e) : null;
        }
        case 'contents':
        case 'count':
          return contentsQuery(req, str(req, 'of'), s);
        case 'online': {
          const now = scope.now();
          const out = [...s.online].map((id) => ({ id, name: (s.get(id, 'name') as string | undefined) ?? '', location: s.get(id, 'location') ?? null, idleMs: idleOf(s, id, now) }));
          return out.sort((a, b) => a.name.localeCompare(b.name));
        }
        case 'character': {
          // Someone anywhere in the world, by name (ignoring case): `tell`, `finger`,
          // `@mail`. One answer, not a list of every character, so a pack never
          // needs the whole roster to find one person.
          const wanted = str(req, 'name');
          for (const id of s.named(wanted)) {
            if (s.get(id, 'kind') !== 'character') continue;
            const online = s.online.has(id);
            return { ...entitySummary(scope, id), online, idleMs: online ? idleOf(s, id, scope.now()) : null };
          }
          return null;
        }
        case 'components': {
          // Every component of one entity this pack may read, by key (`@examine`: the owner is the key's namespace).
          const e = str(req, 'e');
          if (!s.has(e)) return null;
          const out: Record<string, unknown> = {};
          for (const [key, value] of s.components(e) ?? []) if (canRead(key) || key === SPAWNER_COMPONENT) out[key] = value;
          return out;
        }
        case 'valid': {
          // Would this value pass its owner's schema? (`@set`: a builder's typo answered, not a fault.)
          const c = str(req, 'c');
          if (!canWrite(c)) throw new Denied('PACK_DENIED', `write component ${c}`);
          return scope.checkComponent(c, req['v']);
        }
        case 'with': {
          const c = str(req, 'c');
          if (!canRead(c)) throw new Denied('PACK_DENIED', `read component ${c}`);
          return [...s.withComponent(c)];
        }
        case 'find': {
          const c = str(req, 'c');
          if (!canRead(c)) throw new Denied('PACK_DENIED', `read component ${c}`);
          const field = str(req, 'field');
          const eq = JSON.stringify(req['eq']);
          const out: string[] = [];
          for (const id of s.withComponent(c)) {
            const v = s.get(id, c) as Record<string, unknown> | undefined;
            if (v && typeof v === 'object' && JSON.stringify(v[field]) === eq) out.push(id);
          }
          return out;
        }
        case 'near':
        case 'box':
        case 'nearest':
          return spatialQuery(req, s, canRead);
        default:
          throw new Denied('PACK_BAD_REQUEST', `unknown query ${JSON.stringify(req['q'])}`);
      }
    }),

    myriad_emit: json((req, scope) => {
      const type = str(req, 'type');
      if (!emittable.has(type)) throw new Denied('PACK_DENIED', `emit event type ${type} (declare it in events.emits and grant it)`);
      const stream = str(req, 'stream');
      if (!STREAM_PATTERN.test(stream)) throw new Denied('PACK_BAD_REQUEST', `bad stream ${stream}`);
      const rawDisplay = req['display'] as Record<string, unknown> | undefined;
      let display: Display | null = null;
      if (rawDisplay !== undefined && rawDisplay !== null) {
        const actorId = scope.cause.actor?.kind === 'character' ? scope.cause.actor.id : null;
        if (rawDisplay['actor'] !== undefined && actorId !== null && !sendScopes.has('actor')) {
          throw new Denied('PACK_DISPLAY_DENIED', `show ${type} to its actor (stream ${stream}): needs the send grant "actor"`);
        }
        if (rawDisplay['others'] !== undefined) {
          const audience = othersAudience(stream, actorId);
          if (audience && !sendScopes.has(audience.scope)) {
            throw new Denied('PACK_DISPLAY_DENIED', `show ${type} to ${audience.who} (stream ${stream}): needs the send grant "${audience.scope}"`);
          }
        }
        display = {
          ...(rawDisplay['actor'] !== undefined ? { actor: message(rawDisplay['actor'], 'display.actor', false) } : {}),
          ...(rawDisplay['others'] !== undefined ? { others: message(rawDisplay['others'], 'display.others', true) } : {}),
        };
      }
      scope.countEffect();
      scope.countOutput(JSON.stringify(req['payload'] ?? null).length);
      const event = scope.tx.emit({ type, stream, payload: req['payload'] ?? {}, display, v: typeof req['v'] === 'number' ? req['v'] : 1 }, scope.cause);
      scope.deliverDisplay(event);
      return undefined;
    }),

    myriad_send: json((req, scope) => {
      const to = str(req, 'to');
      const toActor = to === 'actor' || (scope.actor !== null && to === scope.actor.id);
      const msg = message(req['msg'], 'msg', !toActor);
      const except = new Set(Array.isArray(req['except']) ? (req['except'] as unknown[]).filter((x): x is string => typeof x === 'string') : []);
      const s = scope.tx.state;
      let targets: Iterable<string>;
      if (to === 'actor') {
        if (!sendScopes.has('actor')) throw new Denied('PACK_DENIED', 'send to the actor');
        if (!scope.actor) throw new Denied('PACK_BAD_REQUEST', 'this call has no actor');
        targets = [scope.actor.id];
      } else if (to === 'room' || to.startsWith('room:')) {
        if (!sendScopes.has('room')) throw new Denied('PACK_DENIED', 'send to a room');
        const room = to === 'room' ? (scope.actor ? (s.get(scope.actor.id, 'location') as string | undefined) : undefined) : to.slice(5);
        if (!room) throw new Denied('PACK_BAD_REQUEST', 'no room to send to');
        targets = s.contents(room);
      } else if (to === 'all') {
        if (!sendScopes.has('all')) throw new Denied('PACK_DENIED', 'send to everyone');
        targets = s.online;
      } else {
        if (!sendScopes.has('direct') && !(scope.actor && to === scope.actor.id && sendScopes.has('actor'))) {
          throw new Denied('PACK_DENIED', 'send to a character directly');
        }
        targets = [to];
      }
      scope.countEffect();
      scope.countOutput(msg.spans.reduce((n, sp) => n + sp.text.length, 0));
      for (const id of targets) {
        if (!except.has(id) && s.online.has(id)) scope.tx.deliver(id, msg);
      }
      return undefined;
    }),

    myriad_rand: (ctx) => {
      const scope = ctx.hostContext<CallScope>();
      scope.countHostCall();
      if (!grants.random) {
        scope.denied('PACK_DENIED', 'randomness');
        return 0n;
      }
      return scope.random();
    },

    myriad_now: (ctx) => {
      const scope = ctx.hostContext<CallScope>();
      scope.countHostCall();
      return BigInt(Math.floor(scope.now()));
    },

    myriad_schedule: json((req, scope) => {
      if (!grants.timers) throw new Denied('PACK_DENIED', 'schedule timers');
      const delay = req['delayMs'];
      if (typeof delay !== 'number' || !(delay >= 0) || delay > 366 * 24 * 3600 * 1000) throw new Denied('PACK_BAD_REQUEST', '"delayMs" must be a number of ms, at most a year');
      const type = str(req, 'type');
      if (!type.startsWith(`${name}.`)) throw new Denied('PACK_DENIED', `schedule a timer of another namespace (${type})`);
      scope.countEffect();
      scope.countTimer();
      scope.tx.schedule({ id: scope.newId(), pack: name, dueAt: Math.floor(scope.now() + delay), type, payload: req['payload'] ?? {} });
      return undefined;
    }),

    myriad_config: json((req) => {
      if (!grants.config) throw new Denied('PACK_DENIED', 'read its config');
      const key = str(req, 'key');
      const v = pack.config[key];
      return v === undefined ? null : v;
    }),

    myriad_log: json((req, scope) => {
      const msg = String(req['msg'] ?? '');
      const level = req['level'] === 'warn' || req['level'] === 'error' ? req['level'] : 'info';
      scope.log(level, msg);
      return undefined;
    }),

    // An NPC runs a command line through the router like a player (decision 0018):
    // queued here, run by the world after this call succeeds, in the same transaction.
    myriad_act: json((req, scope) => {
      if (!grants.act) throw new Denied('PACK_DENIED', 'act as an NPC');
      const npc = str(req, 'e');
      const line = str(req, 'line');
      if (line.length > MAX_ACT_LINE) throw new Denied('PACK_BAD_REQUEST', `"line" is longer than ${MAX_ACT_LINE} characters`);
      if (scope.tx.state.get(npc, 'kind') !== 'npc') throw new Denied('PACK_ACT_NOT_NPC', `act as ${npc} (kind ${JSON.stringify(scope.tx.state.get(npc, 'kind') ?? null)}): only entities of kind npc act through myriad_act`);
      if (scope.acts.length >= MAX_ACTS_PER_CALL) throw new Denied('PACK_BAD_REQUEST', `more than ${MAX_ACTS_PER_CALL} NPC commands in one call`);
      scope.countEffect();
      scope.acts.push({ npc, line, by: name });
      return undefined;
    }),

    myriad_gmcp: json((req, scope) => {
      const pkg = str(req, 'package');
      if (!(grants.gmcp ?? []).includes(pkg)) throw new Denied('PACK_DENIED', `publish GMCP package ${pkg}`);
      const to = str(req, 'to');
      const target = to === 'actor' ? scope.actor?.id : to;
      if (!target) throw new Denied('PACK_BAD_REQUEST', 'no recipient');
      scope.countEffect();
      if (scope.tx.state.online.has(target)) scope.tx.deliver(target, { kind: 'info', spans: [], data: { package: pkg, value: req['data'] ?? null } });
      return undefined;
    }),
  };
}

/** 80 characters: a room title or a thing's name is a line's start, not a paragraph (rooms' longest is 30). */
const MAX_NAME_CHARS = 80;

/** An NPC's command line: players' lines are capped near this too; a command is a few words. */
const MAX_ACT_LINE = 256;
/** NPC commands one call may queue: a tick moving a few dozen creatures at once. */
const MAX_ACTS_PER_CALL = 64;

/** How long a character online has not typed anything (ms, world time); 0 when unknown. */
function idleOf(s: WorldState, id: string, now: number): number {
  const at = s.lastActive.get(id);
  return at === undefined ? 0 : Math.max(0, Math.floor(now - at));
}

/** Most hits one spatial query returns: 1,000 hits are ~60 KiB of JSON, near maxOutputBytes. */
const MAX_SPATIAL_HITS = 1_000;

/**
 * `near` / `box` / `nearest` over the world's point index (engine/world/spatial-index.ts).
 * Needs `query` and read access to the indexed component, which the request names
 * (`"c":"spatial.position"`), so the grant that lets a pack read positions is the
 * grant that lets it search them.
 */
/**
 * `contents` lists what is in a location and `count` counts it, with the same
 * optional filters: `kind`, `online` (characters in the game), `except` (an id to
 * leave out, usually the viewer) and, for `contents`, `limit`. A crowded room
 * (hundreds of characters) is then described with a bounded answer: the first
 * names and a count, not an ~85-byte entry per occupant through the pack's input.
 */
function contentsQuery(req: Record<string, unknown>, of: string, s: WorldState): unknown {
  const kind = optional(req, 'kind', 'string');
  const online = optional(req, 'online', 'boolean');
  const except = optional(req, 'except', 'string');
  const limit = optional(req, 'limit', 'number');
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new Denied('PACK_BAD_REQUEST', '"limit" must be a whole number ≥ 0');
  const counting = req['q'] === 'count';
  let count = 0;
  const out = [];
  for (const id of s.contents(of)) {
    if (id === except) continue;
    const k = (s.get(id, 'kind') as string | undefined) ?? null;
    if (kind !== undefined && k !== kind) continue;
    const isOnline = k === 'character' && s.online.has(id);
    if (online !== undefined && isOnline !== online) continue;
    count++;
    if (counting) continue;
    if (limit !== undefined && out.length >= limit) break;
    out.push({ id, name: s.get(id, 'name') ?? null, kind: k, online: isOnline });
  }
  return counting ? count : out;
}

function optional<T extends 'string' | 'boolean' | 'number'>(req: Record<string, unknown>, key: string, type: T): (T extends 'string' ? string : T extends 'boolean' ? boolean : number) | undefined {
  const v = req[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== type) throw new Denied('PACK_BAD_REQUEST', `"${key}" must be a ${type}`);
  return v as never;
}

function spatialQuery(req: Record<string, unknown>, s: WorldState, canRead: (c: string) => boolean): unknown {
  const index: SpatialIndex = s.points;
  const c = req['c'];
  if (c !== POSITION_COMPONENT) throw new Denied('PACK_BAD_REQUEST', `"c" must be "${POSITION_COMPONENT}" (the only indexed component)`);
  if (!canRead(c)) throw new Denied('PACK_DENIED', `read component ${c}`);
  const num = (key: string, fallback?: number): number => {
    const v = req[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Denied('PACK_BAD_REQUEST', `"${key}" must be a number`);
    return v;
  };
  const vec = (key: string): [number, number, number] => {
    const v = req[key];
    if (!Array.isArray(v) || v.length !== 3 || !v.every((n) => typeof n === 'number' && Number.isFinite(n))) {
      throw new Denied('PACK_BAD_REQUEST', `"${key}" must be [x, y, z]`);
    }
    return [v[0] as number, v[1] as number, v[2] as number];
  };
  const limit = Math.min(MAX_SPATIAL_HITS, Math.max(0, Math.floor(num('limit', 100))));
  switch (req['q']) {
    case 'near': {
      const r = num('r');
      if (r < 0) throw new Denied('PACK_BAD_REQUEST', '"r" must be at least 0');
      const kind = optional(req, 'kind', 'string');
      if (kind === undefined) return index.near(num('x'), num('y'), num('z', 0), r, limit);
      // Only entities of that kind (e.g. the characters around a spot), nearest first:
      // one call instead of an entity query per hit.
      return index
        .near(num('x'), num('y'), num('z', 0), r, MAX_SPATIAL_HITS)
        .filter((hit) => s.get(hit.id, 'kind') === kind)
        .slice(0, limit);
    }
    case 'box':
      return index.box(vec('min'), vec('max'), limit);
    default: {
      const k = Math.min(MAX_SPATIAL_HITS, Math.max(0, Math.floor(num('k', 1))));
      const r = req['r'] === undefined ? Infinity : num('r');
      return index.nearest(num('x'), num('y'), num('z', 0), k, r);
    }
  }
}
