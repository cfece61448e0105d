/**
 * The one catalogue of error codes. Every error the engine reports to a player,
 * an operator or a pack author has a stable code here, a message template and a
 * "how to fix" line. docs/errors.md is generated from this table (`npm run docs:errors`;
 * `npm run check` fails when it is stale).
 *
 * Prefixes: CONFIG_ (start-up configuration), STORE_ (database), PACK_ (pack
 * loading and runtime), NET_ (connections and protocols), AUTH_ (accounts),
 * ENGINE_ (everything else in the host).
 */

export interface ErrorSpec {
  /** What the person sees; {placeholders} are filled from the details. */
  readonly message: string;
  /** What to do about it. */
  readonly fix: string;
}

export const ERRORS = {
  // --- configuration --------------------------------------------------------
  CONFIG_INVALID: {
    message: '{file}: {key} {problem}',
    fix: 'Edit the key as described, or remove it to use the default. See docs/operators.md.',
  },
  CONFIG_UNREADABLE: {
    message: 'cannot read config file {file}: {reason}',
    fix: 'Check the path given with --config or MYRIAD_CONFIG, and that the file is valid JSON.',
  },
  CONFIG_ENV_INVALID: {
    message: 'environment variable {name}={value} {problem}',
    fix: 'Set it to a valid value or unset it.',
  },

  // --- storage --------------------------------------------------------------
  STORE_UNAVAILABLE: {
    message: 'the database is unreachable: {reason}',
    fix: 'Check that PostgreSQL is running and DATABASE_URL is right (myriad doctor checks it).',
  },
  STORE_CONCURRENCY: {
    message: 'stream {stream} was at version {actual}, expected {expected}',
    fix: 'Another writer appended first; reload the stream and retry.',
  },
  STORE_MIGRATION_FAILED: {
    message: 'migration {name} failed: {reason}',
    fix: 'The schema is left as it was before this migration; fix the cause and start again.',
  },
  STORE_DATA_DIR: {
    message: 'cannot use data directory {dir}: {reason}',
    fix: 'Make the directory writable by this user, free disk space, or set MYRIAD_DATA_DIR.',
  },
  STORE_INVALID_VALUE: {
    message: 'commit unit {unit}: {what} cannot be stored: {reason}',
    fix: 'Nothing of the batch was written. This is a bug in the world or a pack: strip NUL characters and lone surrogates from text, use JSON-serialisable values.',
  },

  STORE_BACKUP_INVALID: {
    message: 'cannot restore this backup: {reason}',
    fix: 'Nothing was restored (the database is as it was). Use a complete file written by myriad backup, from this Myriad version or an older one.',
  },
  STORE_RESTORE_NOT_EMPTY: {
    message: 'the database to restore into is not empty (table {table} has rows)',
    fix: 'A restore never overwrites: restore into a new data directory (MYRIAD_DATA_DIR, or move ./data aside) or a freshly created PostgreSQL database (createdb), then start the server on it.',
  },

  // --- packs ----------------------------------------------------------------
  PACK_NOT_FOUND: {
    message: 'pack {pack}: no pack directory at {dir}',
    fix: 'Check the pack name in config "packs", or the packDirs setting.',
  },
  PACK_MANIFEST_INVALID: {
    message: 'pack {pack}: {file}: {problem}',
    fix: 'Fix pack.json; its schema is schemas/pack.schema.json.',
  },
  PACK_WASM_MISSING: {
    message: 'pack {pack}: cannot read {file}: {reason}',
    fix: 'Build the pack with `myriad pack build {dir}` (npm start builds the first-party packs).',
  },
  PACK_WASM_CORRUPT: {
    message: 'pack {pack}: {file} is not a valid WebAssembly module: {reason}',
    fix: 'Rebuild the pack with `myriad pack build {dir}`.',
  },
  PACK_CALL_FAILED: {
    message: 'pack {pack} failed while handling {call}: {reason}',
    fix: 'The call was rolled back. If it repeats, check the pack logs or report it to the pack author.',
  },
  PACK_TIMEOUT: {
    message: 'pack {pack} ran past its {budgetMs} ms budget while handling {call}',
    fix: 'The call was stopped and rolled back. Tell the pack author; raise limits.wallMs only if the work is legitimate.',
  },
  PACK_DENIED: {
    message: 'pack {pack} is not allowed to {action}',
    fix: "Grant it in the server config, packs.settings.<pack>.grants (the pack's name, no version: packs.settings.lantern.grants), if the pack should be allowed to.",
  },
  PACK_BAD_EFFECT: {
    message: 'pack {pack} produced an invalid {what}: {reason}',
    fix: 'The call was rolled back. This is a bug in the pack.',
  },
  PACK_QUARANTINED: {
    message: '{pack} is disabled',
    fix: 'The pack faulted repeatedly and is quarantined until an admin lifts it: `@packs unquarantine {pack}` in game or `myriad packs unquarantine {pack}`. The quarantine is stored, so it survives restarts and reloads.',
  },
  PACK_IMPORT_FORBIDDEN: {
    message: 'pack {pack} imports {imports}, which no pack may use',
    fix: 'No grant allows these (WASI, network, Extism variables and unknown host functions cannot be granted). Rebuild the pack without them; `myriad pack build` links only the SDK.',
  },
  PACK_DISPLAY_DENIED: {
    message: 'pack {pack} may not show {type} to {audience}: its send grant lacks "{scope}"',
    fix: 'An event\'s display reaches only whom the pack may send to (stream world → "all", room → "room", another character → "direct"). Grant the scope in packs.settings.<pack>.grants.send (the pack\'s name, no version), or emit without that display.',
  },
  PACK_TEXT_LINE_BREAK: {
    message: 'pack {pack} sent text with a line break to other players',
    fix: 'Text for anyone but the player who asked must be one line (a line break is how a forged "Admin says" line starts). Send several messages instead.',
  },
  PACK_SPAWN_KIND: {
    message: 'pack {pack} may not spawn an entity of kind {kind}',
    fix: 'Declare the kind in pack.json "spawns" (never "character": characters are made by the engine for accounts).',
  },
  PACK_NAME_TAKEN: {
    message: 'pack {pack} may not spawn an entity named {name}: a character has that name',
    fix: 'Pick a name no character has; names are compared ignoring case and compatibility forms.',
  },
  PACK_TIMER_LIMIT: {
    message: 'pack {pack} has more than {limit} timers pending (limits.maxPendingTimers)',
    fix: 'The call was rolled back and counted as a fault. Schedule fewer timers (one timer that re-arms itself is enough for a clock), or raise packs.settings.{pack}.limits.maxPendingTimers.',
  },
  PACK_ACT_NOT_NPC: {
    message: 'pack {pack} may not act as {entity}: only entities of kind npc act through myriad_act',
    fix: "A pack can never puppet a player's character (or anything but an NPC). Act only for the NPCs the pack manages.",
  },
  PACK_DESPAWN_DENIED: {
    message: 'pack {pack} may not despawn {entity}: {reason}',
    fix: 'A pack removes only entities it spawned itself (the host records the spawner), of a kind its manifest "spawns" declares, never a character, and only when nothing is inside (move the contents out first).',
  },
  PACK_CASCADE: {
    message: 'pack {pack}: {reason}',
    fix: 'The request was rolled back. Events that cause events that cause events (two packs answering each other) stop at 8 generations; one request delivers at most 2,048 events. Break the loop in the packs (answer an event without emitting the one that triggered it).',
  },
  PACK_KERNEL_MEMORY: {
    message: 'pack {pack} allocated more than {limit} bytes of Extism kernel memory in one call',
    fix: 'The call was rolled back and counted as a fault. Host requests are small; a pack allocating this much through extism:host/env alloc is broken or hostile. The cap is limits.memoryPages × 64 KiB.',
  },

  // Codes a pack call ends with (the world's PackFault and the failure of a request);
  // a pack's own fail('<PACK>_…') codes (COMBAT_ENGAGED, …) are the pack's, listed in docs/packs/<pack>.md.
  PACK_FAIL: {
    message: 'pack {pack} failed: {reason}',
    fix: 'The pack reported an error without a code of its own; the call was rolled back. Check the pack log.',
  },
  PACK_FAILED: {
    message: 'That did not work.',
    fix: 'A pack handler returned a non-zero status without calling fail(); the call was rolled back. Pack authors: call fail(code, message).',
  },
  PACK_TRAP: {
    message: 'pack {pack} trapped: {reason}',
    fix: 'The pack hit a WebAssembly trap (unreachable, out-of-bounds, division by zero); the call was rolled back. Report it to the pack author.',
  },
  PACK_ABORT: {
    message: 'pack {pack} aborted: {reason}',
    fix: 'The pack called abort() (an assertion failed); the call was rolled back. Report it to the pack author.',
  },
  PACK_BUDGET: {
    message: 'pack {pack} ran over a call budget: {reason}',
    fix: "The call was stopped and rolled back. Tell the pack author; raise the pack's limits only if the work is legitimate (docs/packs.md).",
  },
  PACK_BAD_REQUEST: {
    message: 'pack {pack}: bad host request: {reason}',
    fix: 'A host function was called with a request that does not match docs/abi.md; the host function returned this error to the pack.',
  },
  PACK_BAD_INPUT: {
    message: 'pack {pack}: bad input from the host: {reason}',
    fix: 'The SDK could not read what the host passed in (a version mismatch between the SDK and the engine); rebuild the pack against this SDK.',
  },
  PACK_HOST_ERROR: {
    message: 'pack {pack}: a host function failed without a code: {reason}',
    fix: 'The SDK saw a host error it could not read; rebuild the pack against this SDK.',
  },
  PACK_UNHANDLED: {
    message: 'pack {pack} does not handle this command',
    fix: 'Not an error: a pack handing a command back; the next pack is asked, else the player sees ENGINE_UNKNOWN_COMMAND.',
  },

  // --- network --------------------------------------------------------------
  NET_LINE_TOO_LONG: {
    message: 'Line too long ({length} bytes; the limit is {limit}). It was ignored.',
    fix: 'Send shorter lines; the limit is the telnet.maxLineBytes option.',
  },
  NET_PORT_IN_USE: {
    message: 'port {port} is in use',
    fix: 'Stop the other process, or choose another port with {setting}.',
  },
  NET_BAD_JSON: {
    message: 'Could not parse that message as JSON: {reason}',
    fix: 'Send one JSON object per WebSocket message, e.g. {"type":"input","text":"look"}.',
  },
  NET_BAD_MESSAGE: {
    message: 'Unknown or malformed message: {reason}',
    fix: 'See docs/protocol.md for the message types.',
  },
  NET_TOO_FAST: {
    message: 'You are sending commands too fast (the limit is {perSecond} a second); that line was ignored. Slow down, or you will be disconnected.',
    fix: 'Wait a moment between commands. The limit is the limits.commands option.',
  },
  NET_FLOODING: {
    message: 'Disconnected: {count} commands were sent too fast.',
    fix: 'Reconnect and send fewer commands a second (limits.commands, limits.floodDisconnectAfter).',
  },
  NET_ADDRESS_BANNED: {
    message: 'Connections from your address are banned {until}: {reason}',
    fix: 'An admin lifts it with @unban <address> (or on the admin page); a ban with a duration lifts itself when it ends. The connection is closed.',
  },
  NET_TOO_MANY_CONNECTIONS: {
    message: 'Too many connections from your address (the limit is {limit}). Close one and try again.',
    fix: 'Close other connections from this address, or raise limits.connectionsPerAddress.',
  },
  NET_CONNECTING_TOO_FAST: {
    message: 'Too many new connections from your address. Try again in {seconds} s.',
    fix: 'Wait, then reconnect (limits.newConnectionsPerAddress).',
  },
  NET_LOGIN_TIMEOUT: {
    message: 'Disconnected: no login within {duration}.',
    fix: 'Reconnect and log in sooner (limits.loginTimeoutMs).',
  },
  NET_IDLE_TIMEOUT: {
    message: 'Disconnected after {duration} without input. Your character rests here until you return.',
    fix: 'Reconnect; the limit is limits.idleTimeoutMs.',
  },
  NET_SLOW_READER: {
    message: 'Disconnected: {bytes} bytes of output were waiting for the client (the limit is {limit}).',
    fix: 'The client stopped reading. Reconnect; the limit is telnet.maxOutputBufferBytes.',
  },
  NET_GMCP_TOO_LARGE: {
    message: 'A GMCP message of over {limit} bytes was refused; disconnecting.',
    fix: 'Clients: send smaller GMCP messages. Operators: the limit is telnet.maxSubnegotiationBytes.',
  },
  NET_PROXY_HEADER_BAD: {
    message: 'bad PROXY protocol header from {remote}: {reason}',
    fix: 'Check the proxy sends PROXY v1 or v2 (HAProxy send-proxy / send-proxy-v2) and nothing else first.',
  },
  NET_PROXY_UNTRUSTED: {
    message: 'PROXY protocol header from {remote}, which is not in net.trustedProxies',
    fix: 'Add the proxy address to net.trustedProxies, or stop sending PROXY headers to this port.',
  },
  NET_PROXY_TIMEOUT: {
    message: 'no PROXY protocol header from trusted proxy {remote} within {ms} ms',
    fix: 'Enable send-proxy (or send-proxy-v2) on the proxy for this port, or remove it from net.trustedProxies.',
  },
  NET_TLS_CONFIG: {
    message: 'TLS {listener}: {reason}',
    fix: 'Check tls.certFile and tls.keyFile name a readable PEM certificate and its matching key.',
  },
  NET_TLS_HANDSHAKE: {
    message: 'TLS handshake with {remote} failed: {reason}',
    fix: 'Nothing on the server; the client offered no protocol or cipher we accept, or is not speaking TLS.',
  },

  // --- accounts -------------------------------------------------------------
  AUTH_BAD_CREDENTIALS: {
    message: 'Wrong name or password.',
    fix: 'Check the spelling, or `create <name> <password>` for a new character.',
  },
  AUTH_NAME_TAKEN: {
    message: 'The name "{name}" is taken.',
    fix: 'Pick another name.',
  },
  AUTH_NAME_INVALID: {
    message: 'Names are letters only, 3 to 20 of them.',
    fix: 'Pick a name like "Alice".',
  },
  AUTH_PASSWORD_INVALID: {
    message: 'Passwords must be {min} to {max} characters.',
    fix: 'Pick a longer (or shorter) password.',
  },
  AUTH_RATE_LIMITED: {
    message: 'Too many attempts. Try again in {seconds} s.',
    fix: 'Wait that long (limits.loginsPerAddress, limits.loginsPerName, limits.createsPerAddress).',
  },
  AUTH_LOCKED: {
    message: 'Too many failed logins for that name. Try again in {seconds} s.',
    fix: 'Wait that long; the lockout is limits.lockoutFailures failures → limits.lockoutMs.',
  },
  AUTH_MUTED: {
    message: 'You are muted {until}: {reason}. You can still play, but not talk.',
    fix: 'An admin lifts it with @unmute <name> (or on the admin page); a mute with a duration lifts itself when it ends.',
  },
  AUTH_BANNED: {
    message: 'This account is banned {until}: {reason}',
    fix: 'An admin lifts it with @unban <name>; a ban with a duration lifts itself when it ends. The connection is closed.',
  },

  // --- engine ---------------------------------------------------------------
  ENGINE_UNKNOWN_COMMAND: {
    message: 'Unknown command "{verb}".',
    fix: 'Type `help` for the list of commands.',
  },
  ENGINE_WORLD_UNAVAILABLE: {
    message: 'The world is briefly unavailable; your command was not run. Try again in a moment.',
    fix: 'Wait for the world to restart (a few seconds at most).',
  },
  ENGINE_COMMIT_DELAYED: {
    message: 'The world is waiting for its database; your last command will finish as soon as it is back.',
    fix: 'Wait; nothing is lost. Operators: check the database (/health says degraded).',
  },
  ENGINE_TOOLING_UNAVAILABLE: {
    message: 'the pack toolkit (myriad pack build|new|test) is not part of this install: {reason}',
    fix: 'Build and test packs from a source checkout with its dev dependencies (npm ci; npx myriad pack build); a production install runs packs that are already built.',
  },
  ENGINE_INTERNAL: {
    message: 'Something went wrong on the server; your command was not run.',
    fix: 'Check the server log for the correlation id.',
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

/** True for a code in this catalogue (codes arriving from packs are checked with this at the first hop). */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERRORS, code);
}

type Details = Readonly<Record<string, string | number>>;

function fill(template: string, details: Details): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in details ? String(details[name]) : whole));
}

/** Fill a catalogue message from details. Unknown placeholders stay visible. */
export function formatError(code: ErrorCode, details: Details = {}): string {
  return fill(ERRORS[code].message, details);
}

/** An Error carrying a catalogue code; thrown across the engine's own layers. */
export class MyriadError extends Error {
  readonly code: ErrorCode;
  readonly details: Details;
  constructor(code: ErrorCode, details: Details = {}) {
    super(formatError(code, details));
    this.name = 'MyriadError';
    this.code = code;
    this.details = details;
  }
  /** The message plus the fix, for operators. */
  explain(): string {
    return `${this.code}: ${this.message}\n  fix: ${fill(ERRORS[this.code].fix, this.details)}`;
  }
}
