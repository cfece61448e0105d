/**
 * `myriad rebuild --check`: replay the whole event log into component state (with
 * progress) and compare it with the snapshot tables. The log is the truth; a
 * difference means the snapshot drifted (a bug, or hand edits to the database),
 * and the command lists the first differences and exits 1.
 *
 * Run it against a stopped server's data (PGlite locks its directory) or any
 * PostgreSQL database (read-only: it changes nothing).
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/load.ts';
import { rebuildComponents, snapshotToState, type ComponentState } from '../store/rebuild.ts';
import { progress } from './progress.ts';

/** Differences printed before "… and N more". */
const SHOWN_DIFFERENCES = 20;

export function registerRebuild(program: Command): void {
  program
    .command('rebuild')
    .description('replay the event log into state and compare it with the snapshot (--check)')
    .option('-c, --config <file>', 'config file')
    .option('--check', 'compare the rebuilt state with the snapshot tables (the only mode so far; nothing is written)')
    .action(async (opts: { config?: string; check?: boolean }) => {
      if (!opts.check) {
        console.error('myriad rebuild: only --check is supported; it rebuilds in memory and compares, writing nothing.');
        process.exitCode = 1;
        return;
      }
      const config = loadConfig(opts.config ? { file: opts.config } : {});
      const { openStore } = await import('../store/open.ts');
      const store = await openStore({ databaseUrl: config.storage.databaseUrl ?? undefined, dataDir: config.storage.dataDir, pgliteSharedBuffersMiB: config.storage.pgliteSharedBuffersMiB });
      try {
        const t0 = performance.now();
        const bar = progress('rebuilding from the log');
        let rebuilt: ComponentState;
        try {
          rebuilt = await rebuildComponents(store, bar.update);
        } finally {
          bar.stop();
        }
        const snapshot = await store.loadSnapshot();
        const differences = compareStates(rebuilt, snapshotToState(snapshot.components));
        const components = [...rebuilt.values()].reduce((n, c) => n + c.size, 0);
        console.log(`replayed ${await store.headPosition()} events in ${Math.round(performance.now() - t0)} ms: ${rebuilt.size} entities, ${components} components`);
        if (differences.length === 0) {
          console.log('the snapshot matches the log');
          return;
        }
        console.log(`the snapshot differs from the log in ${differences.length} place(s):`);
        for (const d of differences.slice(0, SHOWN_DIFFERENCES)) console.log(`  ${d}`);
        if (differences.length > SHOWN_DIFFERENCES) console.log(`  … and ${differences.length - SHOWN_DIFFERENCES} more`);
        process.exitCode = 1;
      } finally {
        await store.close();
      }
    });
}

/** Human descriptions of every (entity, key) where the two states disagree. */
export function compareStates(fromLog: ComponentState, snapshot: ComponentState): string[] {
  const out: string[] = [];
  const entities = new Set([...fromLog.keys(), ...snapshot.keys()]);
  for (const entity of [...entities].sort()) {
    const a = fromLog.get(entity) ?? new Map<string, unknown>();
    const b = snapshot.get(entity) ?? new Map<string, unknown>();
    for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
      const inLog = a.has(key);
      const inSnap = b.has(key);
      if (inLog && !inSnap) out.push(`${entity} ${key}: in the log, missing from the snapshot`);
      else if (!inLog && inSnap) out.push(`${entity} ${key}: in the snapshot, not in the log`);
      else if (stable(a.get(key)) !== stable(b.get(key))) out.push(`${entity} ${key}: log ${short(a.get(key))} ≠ snapshot ${short(b.get(key))}`);
    }
  }
  return out;
}

/** JSON with sorted object keys: jsonb does not keep key order. */
function stable(v: unknown): string {
  return JSON.stringify(v, (_k, value: unknown) => (value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y))) : value));
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
