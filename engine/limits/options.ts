/**
 * Every flood and abuse limit of the gateway, its default and why. These are the
 * `limits` section of the server config (schemas/config.schema.json); the same
 * table is in docs/security.md and SECURITY.md. No limit can be switched off:
 * the schema refuses zero, so zero never silently means "unlimited".
 */
import type { Rate } from './rate.ts';

export interface LimitOptions {
  /**
   * Addresses exempt from the per-address limits (connections, new connections,
   * login and creation attempts per address). Per-connection and per-name limits
   * still apply. For a trusted proxy or a test harness; empty by default.
   */
  readonly exemptAddresses: readonly string[];
  /** Input lines per connection (before and after login). */
  readonly commands: Rate;
  /** Lines refused in one flood (warning on the first) before the connection is closed. */
  readonly floodDisconnectAfter: number;
  /** Open connections from one address (IPv6: one /64), telnet and WebSocket together. */
  readonly connectionsPerAddress: number;
  /** New connections from one address. */
  readonly newConnectionsPerAddress: Rate;
  /** A connection that has not logged in by then is closed. */
  readonly loginTimeoutMs: number;
  /** A logged-in connection with no input for this long is closed (the character stays in the world). */
  readonly idleTimeoutMs: number;
  /** `connect` attempts from one address. */
  readonly loginsPerAddress: Rate;
  /** `connect` attempts for one name, from anywhere (existing or not: the answer must not tell). */
  readonly loginsPerName: Rate;
  /** `create` attempts from one address. */
  readonly createsPerAddress: Rate;
  /** Failed logins for one name before it is locked. */
  readonly lockoutFailures: number;
  /** How long a locked name stays locked. */
  readonly lockoutMs: number;
  /** Addresses/names tracked by each limiter at most (memory bound under address cycling). */
  readonly maxTrackedKeys: number;
  /** Free bytes under a PGlite data directory below which commits wait (see disk-guard.ts). */
  readonly minFreeDiskBytes: number;
}

export const DEFAULT_LIMITS: LimitOptions = {
  exemptAddresses: [],
  // 20 lines in a burst, 10 per second sustained: a fast typist sends 2–3 commands a
  // second; a client's speedwalk ("run 8n") or an alias expanding to a dozen commands
  // fits the burst. A script flooding at 1,000 lines/s is refused after 20.
  commands: { count: 20, windowMs: 2_000 },
  // 50 refused lines in one flood, then disconnect: enough for a pasted paragraph to be
  // noticed and stopped by a human, not enough for a script to keep the server busy.
  floodDisconnectAfter: 50,
  // 20 open connections per address: a household or a small LAN party behind one NAT
  // with a client and a browser tab each; a single attacker cannot hold hundreds.
  connectionsPerAddress: 20,
  // 10 new connections in a burst, 5 per second sustained: a client reconnecting after
  // a network blip opens one or two; connect floods are cut at the accept.
  newConnectionsPerAddress: { count: 10, windowMs: 2_000 },
  // 2 minutes to log in: typing a name and password takes under 30 s, creating a
  // character under a minute; half-open logins cannot pile up.
  loginTimeoutMs: 120_000,
  // 1 hour without input: MUD players idle in a room for a long time on purpose;
  // an hour frees connections of players who walked away. Set it lower on busy servers.
  idleTimeoutMs: 3_600_000,
  // 10 connect attempts per address per minute (burst 10): a player mistyping a
  // password a few times never meets it; guessing is held to 14,400 tries a day.
  loginsPerAddress: { count: 10, windowMs: 60_000 },
  // 5 attempts per name per minute from all addresses: a botnet spread over many
  // addresses still gets 5 guesses a minute at one account, and locks it (below).
  loginsPerName: { count: 5, windowMs: 60_000 },
  // 10 new characters per address per hour: a family creating accounts together is
  // fine; a script registering names by the thousand is not.
  createsPerAddress: { count: 10, windowMs: 3_600_000 },
  // 10 failures → 15 minutes locked (OWASP's authentication cheat sheet range).
  lockoutFailures: 10,
  lockoutMs: 900_000,
  // 100,000 keys × ~150 bytes ≈ 15 MB per limiter at most.
  maxTrackedKeys: 100_000,
  // 256 MiB: PGlite freezes the gateway if a write meets a full disk, so commits stop well
  // before: a WAL segment is 16 MiB, a checkpoint can write several, and account and
  // cursor writes (not held) must still fit while an operator frees space.
  minFreeDiskBytes: 268_435_456,
};
