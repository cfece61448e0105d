/**
 * Start a real Myriad server for a test: real sockets on free ports, a fresh
 * PGlite data directory (or a PostgreSQL URL), the first-party packs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { DEFAULTS, type Config } from '../../engine/config/defaults.ts';
import { startServer, type RunningServer } from '../../engine/gateway/server.ts';

export interface TestServerOptions {
  readonly dataDir?: string;
  readonly databaseUrl?: string;
  readonly packs?: readonly string[];
  readonly packDirs?: readonly string[];
  readonly settings?: Config['packs']['settings'];
  readonly world?: Partial<Config['world']>;
  readonly telnet?: Partial<Config['telnet']>;
  readonly http?: Partial<Config['http']>;
  /**
   * Flood and login limits. Tests run every client from 127.0.0.1, so loopback is
   * exempt from the per-address limits unless a test passes its own exemptAddresses.
   */
  readonly limits?: Partial<Config['limits']>;
  /** Fixed ports (restart tests reuse them); default 0 = any free port. */
  readonly telnetPort?: number;
  readonly httpPort?: number;
}

export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'myriad-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function testConfig(opts: TestServerOptions): Config {
  const d = structuredClone(DEFAULTS);
  return {
    ...d,
    server: { ...d.server, host: '127.0.0.1' },
    telnet: { ...d.telnet, ...opts.telnet, port: opts.telnetPort ?? 0 },
    http: { ...d.http, ...opts.http, port: opts.httpPort ?? 0 },
    // Any free port: tests run side by side.
    metrics: { ...d.metrics, port: 0 },
    storage: { ...d.storage, dataDir: opts.dataDir ?? 'memory://', databaseUrl: opts.databaseUrl ?? null },
    // Argon2 at OWASP minimum costs ~50 ms a hash; tests create many accounts, that is fine.
    accounts: { ...d.accounts },
    world: { ...d.world, ...opts.world },
    limits: { ...d.limits, exemptAddresses: ['127.0.0.1', '::1'], ...opts.limits },
    packs: { ...d.packs, enabled: [...(opts.packs ?? d.packs.enabled)], dirs: [...(opts.packDirs ?? [])], settings: opts.settings ?? {} },
    log: { level: process.env['MYRIAD_TEST_LOG'] ?? 'silent', pretty: false },
    configFile: null,
  };
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<RunningServer> {
  const config = testConfig(opts);
  const log = pino({ level: config.log.level }, pino.destination(2));
  return startServer(config, log);
}
