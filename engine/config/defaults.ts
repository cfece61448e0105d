/**
 * Zero-config defaults: embedded PGlite in ./data, telnet on 4000, HTTP and
 * WebSocket on 4001, the default packs. Every limit is named here with the reason
 * for its number; docs/operators.md lists them.
 */
import { DEFAULT_LIMITS, type LimitOptions } from '../limits/options.ts';
import type { PackLimits } from '../packs/types.ts';

export const DEFAULT_PACKS = ['rooms', 'social', 'inventory', 'skills', 'time', 'spatial', 'stamina', 'character', 'combat', 'creatures', 'comms', 'economy', 'resources', 'crafting', 'building', 'lives', 'memory', 'relationships'] as const;

export const DEFAULT_PACK_LIMITS: PackLimits = {
  // 100 ms: a command's whole budget. First-party pack calls take 10–50 µs, so this
  // only ever stops a runaway; at 10 Hz ticks it bounds one stall to one tick.
  wallMs: 100,
  // 16 pages = 1 MiB guest memory: the first-party packs peak well under 256 KiB.
  memoryPages: 16,
  // 64 KiB per request/response JSON: a room with 100 occupants lists in ~8 KiB.
  maxInputBytes: 65_536,
  maxOutputBytes: 65_536,
  // 256 effects and 2,000 host calls per call: a look plus a move is ~10 of each.
  maxEffects: 256,
  maxHostCalls: 2_000,
  // 4 KiB of log lines per call: enough for a stack of diagnostics, not a flood.
  maxLogBytes: 4_096,
  // 1,000 timers waiting per pack: a clock needs one (it re-arms itself), a pack
  // with a timer per item of a 1,000-item world needs 1,000. A timer bomb (every
  // timer scheduling 200 more) reached 40,200 and 150 MB before this cap.
  maxPendingTimers: 1_000,
  // 20 timer calls a second per pack, fired at most 2 per 100 ms look: one pack's
  // timers then take at most 2 calls of each batch, so a player's command waits
  // behind at most two of them (a timer call is 10–50 µs when well behaved, and
  // the watchdog bounds a bad one). Scheduling more than this many timers within
  // one second is a fault, like any other budget.
  timerCallsPerSecond: 20,
};

export const DEFAULTS = {
  server: {
    name: 'Myriad',
    host: '0.0.0.0',
    shutdownGraceMs: 2_000,
    // What MSSP crawlers list about the game (NAME, CONTACT, WEBSITE, DISCORD, LANGUAGE, LOCATION,
    // GENRE, GAMEPLAY, STATUS, CREATED, …: names as the MSSP specification spells them). The
    // engine adds PLAYERS, UPTIME, CODEBASE, PORT, SSL and the protocol flags itself.
    mssp: {} as Record<string, string | number>,
  },
  net: {
    // Addresses of proxies (HAProxy, nginx, a load balancer) whose PROXY protocol header
    // (telnet, v1 or v2) or X-Forwarded-For / Forwarded header (HTTP, WebSocket) is believed.
    // Empty: nobody's; a client elsewhere could otherwise choose the address it is limited by.
    trustedProxies: [] as string[],
    // 5 s for a trusted proxy's PROXY header: HAProxy sends it with the connection's first
    // bytes; a proxy that sends nothing is misconfigured, and its connection is closed.
    proxyHeaderTimeoutMs: 5_000,
  },
  tls: {
    // PEM certificate (chain) and key for the TLS listeners; re-read on SIGHUP.
    certFile: '',
    keyFile: '',
    // Telnet over TLS on its own port (MSSP SSL reports it); null = off.
    telnetPort: null as number | null,
    // HTTPS and WSS (web client, /ws, /health, /admin) on its own port; null = off.
    httpsPort: null as number | null,
    // 10 s from accepting a telnet-over-TLS connection (after a trusted proxy's PROXY header)
    // to a finished handshake: TLS 1.3 takes one round trip, under 1 s on a slow mobile link;
    // Node's own 120 s would let a silent peer hold its slot two minutes.
    handshakeTimeoutMs: 10_000,
  },
  metrics: {
    // /metrics on its own listener, loopback only by default: the public web port does
    // not serve it (process and traffic figures are for operators, not the web).
    host: '127.0.0.1',
    port: 4002,
  },
  telnet: {
    port: 4000,
    // 8 KiB: the longest legitimate line (a long pose) is under 2 KiB.
    maxLineBytes: 8_192,
    // 4 KiB: a well-behaved client's GMCP message is under 4 KiB.
    maxSubnegotiationBytes: 4_096,
    // 1 MiB of unsent output per connection, then disconnect: a client that never reads
    // cannot grow server memory without bound.
    maxOutputBufferBytes: 1_048_576,
  },
  http: {
    port: 4001,
    // 64 KiB per WebSocket message: an input line is at most 8 KiB.
    maxPayloadBytes: 65_536,
    allowedOrigins: [] as string[],
    // Bearer token for /admin/api and /admin/events (scripts, `myriad tail`); empty = disabled.
    // MYRIAD_ADMIN_TOKEN overrides it, so the secret need not sit in the config file.
    adminToken: '',
  },
  storage: {
    dataDir: './data',
    databaseUrl: null as string | null,
    // 1,000 units per transaction: keeps one commit under ~20 ms on PostgreSQL here.
    maxUnitsPerCommit: 1_000,
    // PGlite's buffer pool, MiB (PostgreSQL's default is 128). PGlite touches the whole
    // pool inside its WebAssembly memory, so it is resident: 128 → 16 MiB took an idle
    // reopened data dir from 343 to 216 MiB RSS (decision 0030). Ignored with PostgreSQL.
    pgliteSharedBuffersMiB: 16,
  },
  accounts: {
    firstAccountIsAdmin: true,
    minPasswordLength: 8,
    maxPasswordLength: 128,
    // OWASP minimum for Argon2id: 19 MiB, 2 iterations, 1 lane.
    argon2: { memoryCost: 19_456, timeCost: 2, parallelism: 1 },
  },
  world: {
    seed: 1,
    tickHz: 10,
    // Reconnect replay shows at most 200 missed events (the rest are counted).
    replayLimit: 200,
    // Slack over a pack's wallMs before the watchdog kills the world. Timer jitter alone
    // is 5–10 ms, but on a saturated 2-core machine (load average 10+) we saw a 0.4 ms
    // `north` take over 120 ms when the worker was descheduled right after a reload;
    // 100 ms keeps such a command alive and still stops a runaway within ~0.2 s.
    watchdogMarginMs: 100,
    // How often due pack timers are looked for: 100 ms, one tick at the default 10 Hz,
    // so a timer fires at most one tick late; each look is one indexed query.
    timerResolutionMs: 100,
  },
  // Flood, connection, idle and login limits: each value and why in
  // engine/limits/options.ts (table in docs/security.md).
  limits: { ...DEFAULT_LIMITS } as LimitOptions,
  packs: {
    enabled: [...DEFAULT_PACKS] as string[],
    dirs: [] as string[],
    precedence: {} as Record<string, string>,
    // 3 faults (trap, budget, timeout, invalid state) within 10 minutes quarantine a pack
    // (engine/packs/quarantine.ts says why).
    quarantine: { faults: 3, windowMs: 600_000 },
    settings: {} as Record<string, { grants?: Record<string, unknown>; limits?: Partial<PackLimits>; config?: Record<string, unknown>; world?: string }>,
  },
  log: { level: 'info', pretty: undefined as boolean | undefined },
};

/**
 * configFile: the file read at start, or null. reloadFrom: where a reload looks
 * for one when there was none (./myriad.json of the directory the server started
 * in), so a config written after start is picked up; absent when the config was
 * built in code (tests, the harness).
 */
export type Config = typeof DEFAULTS & { readonly configFile: string | null; readonly reloadFrom?: string };
