/**
 * Hot reload of the pack set: `myriad reload`, SIGHUP and the in-game `@reload`
 * all end here. It re-reads the config file (the one the server started with, or
 * ./myriad.json when it started without one and the file exists now) and every
 * enabled pack from disk, checks them exactly as start-up does, and has the
 * world host swap in a world with the new set. Connections and sessions stay;
 * the state is the committed state, upgraded by the packs' migrations where a
 * component schema changed. If anything is refused the old set keeps running
 * and the report says why.
 *
 * Only `packs.*` settings take effect on reload; every other setting needs a
 * restart (ports, storage, …).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Config } from '../config/defaults.ts';
import { loadConfig } from '../config/load.ts';
import { MyriadError } from '../errors.ts';
import { loadPacks, PackLoadError } from '../packs/loader.ts';
import { newerSource } from '../packs/stale-build.ts';
import type { LoadedPackSpec } from '../packs/types.ts';
import type { Logger } from 'pino';
import type { UpgradeNote } from '../world/protocol.ts';
import type { Metrics } from '../metrics.ts';
import type { WorldHost } from './host.ts';

/** What a reload reads and swaps: the running config (its `packs` is replaced), the world, a counter. */
export interface ReloadTarget {
  readonly config: Config;
  readonly log: Logger;
  readonly world: Pick<WorldHost, 'packs' | 'reload'>;
  readonly metrics: Pick<Metrics, 'worldRestarts'>;
}

export interface ReloadReport {
  readonly ok: boolean;
  /** `name@version` of the packs running before and after (after = before when refused). */
  readonly before: readonly string[];
  readonly after: readonly string[];
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** `name old → new` for packs whose version changed. */
  readonly changed: readonly string[];
  /** Where the settings came from: the config file read, or why none was. */
  readonly config: string;
  /** Per pack after the reload: `name: module changed (sha256 1a2b3c4d… → 5e6f7a8b…)`, `… unchanged (…)` or `… new (…)`. */
  readonly modules: readonly string[];
  /** Things an author should know: a pack whose sources are newer than its build. */
  readonly warnings: readonly string[];
  /** Component schemas that changed, and how their stored values were carried over. */
  readonly upgrades: readonly UpgradeNote[];
  /** Wall time of the reload, ms. */
  readonly ms: number;
  /** Why the reload was refused (the old set keeps running). */
  readonly error?: string;
}

/**
 * Reload the packs. `next` replaces the configuration (tests, the admin API);
 * without it the config file is read again, or the running config is kept when
 * the server started without one. Never throws: a refusal is a report with ok false.
 */
export async function reloadPacks(gateway: ReloadTarget, next?: Config): Promise<ReloadReport> {
  const t0 = performance.now();
  const before = gateway.world.packs;
  const refused = (error: string): ReloadReport => {
    gateway.log.error({ error }, 'pack reload refused; the running packs carry on');
    return { ok: false, before: ids(before), after: ids(before), added: [], removed: [], changed: [], config: source, modules: [], warnings: [], upgrades: [], ms: performance.now() - t0, error };
  };
  // A server started without a config file looks again where it would have found
  // one (./myriad.json), so a file written after start is read, not ignored.
  const file = gateway.config.configFile ?? (gateway.config.reloadFrom !== undefined && existsSync(gateway.config.reloadFrom) ? gateway.config.reloadFrom : null);
  const source = next ? 'settings handed in' : file ? `read ${file}` : `no config file (${gateway.config.reloadFrom ?? 'none named'} does not exist): the running settings`;
  let config: Config;
  let packs: LoadedPackSpec[];
  try {
    config = next ?? (file ? { ...loadConfig({ file }), reloadFrom: gateway.config.reloadFrom } : gateway.config);
    packs = loadPacks(config);
  } catch (e) {
    return refused(e instanceof MyriadError ? e.explain() : e instanceof PackLoadError ? e.message : String(e));
  }
  let upgrades: readonly UpgradeNote[];
  try {
    ({ upgrades } = await gateway.world.reload(packs, config.packs.precedence));
  } catch (e) {
    return refused((e as Error).message);
  }
  gateway.config.packs = config.packs;
  const oldSha = new Map(before.map((p) => [p.manifest.name, sha256(p.wasm)]));
  gateway.metrics.worldRestarts.inc({ reason: 'reload' });
  const old = new Map(before.map((p) => [p.manifest.name, p.manifest.version]));
  const now = new Map(packs.map((p) => [p.manifest.name, p.manifest.version]));
  const report: ReloadReport = {
    ok: true,
    before: ids(before),
    after: ids(packs),
    added: [...now.keys()].filter((n) => !old.has(n)),
    removed: [...old.keys()].filter((n) => !now.has(n)),
    changed: [...now].filter(([n, v]) => old.has(n) && old.get(n) !== v).map(([n, v]) => `${n} ${old.get(n)} → ${v}`),
    config: source,
    modules: packs.map((p) => moduleNote(p.manifest.name, oldSha.get(p.manifest.name), sha256(p.wasm))),
    warnings: packs.flatMap((p) => {
      const newer = newerSource(p.dir, p.manifest.wasm);
      return newer === null ? [] : [`${p.manifest.name}: ${newer} is newer than ${p.manifest.wasm}, so this is the old build — run myriad pack build ${p.dir}, then reload`];
    }),
    upgrades,
    ms: performance.now() - t0,
  };
  gateway.log.info({ after: report.after, added: report.added, removed: report.removed, changed: report.changed, config: report.config, modules: report.modules, ms: Math.round(report.ms) }, 'packs reloaded');
  for (const warning of report.warnings) gateway.log.warn({}, warning);
  return report;
}

const short = (sha: string): string => `${sha.slice(0, 8)}…`;

function moduleNote(name: string, before: string | undefined, after: string): string {
  if (before === undefined) return `${name}: new module (sha256 ${short(after)})`;
  return before === after ? `${name}: module unchanged (sha256 ${short(after)})` : `${name}: module changed (sha256 ${short(before)} → ${short(after)})`;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function ids(specs: readonly LoadedPackSpec[]): string[] {
  return specs.map((s) => `${s.manifest.name}@${s.manifest.version}`);
}
