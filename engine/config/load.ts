/**
 * Load the server configuration: defaults, then the config file (validated with
 * ajv against schemas/config.schema.json), then environment overrides
 * (MYRIAD_TELNET_PORT, MYRIAD_HTTP_PORT, MYRIAD_DATA_DIR, MYRIAD_ADMIN_TOKEN, DATABASE_URL).
 * A wrong key or value stops start-up with a message naming the file, the key
 * and what is expected. The file may hold line and block comments (myriad init writes them; config/jsonc.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MyriadError } from '../errors.ts';
import { DEFAULTS, type Config } from './defaults.ts';
import { parseJsonc } from './jsonc.ts';
import { validateConfig } from './validate.ts';

export interface LoadOptions {
  /** Path given on the command line (--config). */
  readonly file?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/** When no file is named, ./myriad.json is used if present, else pure defaults. */
export const DEFAULT_CONFIG_FILE = 'myriad.json';

export function loadConfig(opts: LoadOptions = {}): Config {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const named = opts.file ?? env['MYRIAD_CONFIG'];
  const file = named ? resolve(cwd, named) : existsSync(resolve(cwd, DEFAULT_CONFIG_FILE)) ? resolve(cwd, DEFAULT_CONFIG_FILE) : null;
  let fromFile: Record<string, unknown> = {};
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new MyriadError('CONFIG_UNREADABLE', { file, reason: (e as Error).message });
    }
    try {
      fromFile = parseJsonc(text) as Record<string, unknown>;
    } catch (e) {
      throw new MyriadError('CONFIG_UNREADABLE', { file, reason: `not valid JSON: ${(e as Error).message}` });
    }
    validateConfig(fromFile, file);
  }
  const merged = deepMerge(structuredClone(DEFAULTS), fromFile) as typeof DEFAULTS;
  applyEnv(merged, env);
  if (!merged.storage.dataDir.startsWith('memory://')) merged.storage.dataDir = resolve(cwd, merged.storage.dataDir);
  for (const settings of Object.values(merged.packs.settings)) {
    if (settings.world !== undefined) settings.world = resolve(cwd, settings.world);
  }
  return { ...merged, configFile: file, ...(file === null && named === undefined ? { reloadFrom: resolve(cwd, DEFAULT_CONFIG_FILE) } : {}) };
}

function applyEnv(config: typeof DEFAULTS, env: NodeJS.ProcessEnv): void {
  const port = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new MyriadError('CONFIG_ENV_INVALID', { name, value: raw, problem: 'must be a port number from 0 to 65535' });
    return n;
  };
  const telnet = port('MYRIAD_TELNET_PORT');
  if (telnet !== undefined) config.telnet.port = telnet;
  const http = port('MYRIAD_HTTP_PORT');
  if (http !== undefined) config.http.port = http;
  if (env['MYRIAD_DATA_DIR']) config.storage.dataDir = env['MYRIAD_DATA_DIR'];
  const adminToken = env['MYRIAD_ADMIN_TOKEN'];
  if (adminToken) {
    // Same rule as the schema's http.adminToken: a short token is guessable over HTTP.
    if (!/^\S{16,}$/.test(adminToken)) throw new MyriadError('CONFIG_ENV_INVALID', { name: 'MYRIAD_ADMIN_TOKEN', value: '***', problem: 'must be at least 16 characters without spaces (try: openssl rand -hex 32)' });
    config.http.adminToken = adminToken;
  }
  const url = env['DATABASE_URL'];
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new MyriadError('CONFIG_ENV_INVALID', { name: 'DATABASE_URL', value: url.replace(/:[^:@/]*@/, ':***@'), problem: 'must be a postgres:// or postgresql:// URL' });
    config.storage.databaseUrl = url;
  }
}

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(source)) {
    if (key === '$schema') continue;
    const current = target[key];
    if (isPlainObject(value) && isPlainObject(current)) deepMerge(current, value);
    else target[key] = value;
  }
  return target;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
