/**
 * Upgrades of stored state when a pack's component schemas change (a new version
 * at start or on reload). The world remembers, on the world entity's
 * `engine.packs` component, each pack's version and a hash of each component
 * schema it was last run with. When a schema's hash differs:
 *
 * - the pack names a migration export for that key (pack.json `migrations`):
 *   the engine calls it once per stored value and stores what it returns
 *   (validated against the new schema; `null` deletes the value);
 * - otherwise every stored value must already match the new schema — a
 *   compatible change such as a new optional field passes, an incompatible one
 *   is refused with the entity, field and rule, and the world does not start
 *   (on reload: the old pack set keeps running).
 *
 * The record is an ordinary engine component, so it is in the event log and a
 * rebuilt world agrees with it.
 */
import { createHash } from 'node:crypto';
import type { PackInstance } from './pack-runtime/runtime.ts';
import { describeViolation } from './pack-runtime/schemas.ts';
import type { WorldState } from './state.ts';
import type { UpgradeNote } from './protocol.ts';
import type { Cause, WorldTransaction } from './transaction.ts';

export const PACKS_RECORD = 'engine.packs';

interface PackRecord {
  readonly version: string;
  /** component key → sha256 of its canonical schema JSON */
  readonly schemas: Readonly<Record<string, string>>;
}

export class UpgradeRefused extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`stored state does not fit the new pack set:\n  - ${problems.join('\n  - ')}`);
    this.name = 'UpgradeRefused';
  }
}

/** Run one migration export on one stored value; the result's output is the new value's JSON. */
export type MigrateFn = (pack: PackInstance, exportName: string, input: string) => Promise<{ ok: true; output: string | null } | { ok: false; message: string }>;

export async function upgradeStoredState(opts: { readonly state: WorldState; readonly packs: readonly PackInstance[]; readonly tx: WorldTransaction; readonly worldEntity: string; readonly migrate: MigrateFn }): Promise<UpgradeNote[]> {
  const { state, packs, tx, worldEntity } = opts;
  const records = (state.get(worldEntity, PACKS_RECORD) ?? {}) as Readonly<Record<string, PackRecord>>;
  const next: Record<string, PackRecord> = { ...records };
  const notes: UpgradeNote[] = [];
  const problems: string[] = [];
  for (const pack of packs) {
    const { manifest } = pack.spec;
    const old = records[pack.name];
    const hashes: Record<string, string> = {};
    for (const [key, schema] of Object.entries(manifest.components ?? {})) {
      const hash = schemaHash(schema);
      hashes[key] = hash;
      if (old?.schemas[key] === hash) continue;
      const ids = [...state.withComponent(key)].sort();
      if (ids.length === 0) continue;
      const exportName = manifest.migrations?.[key];
      const who = `${pack.name}@${manifest.version}`;
      const cause: Cause = { actor: { kind: 'system', id: 'upgrade' }, pack: pack.name, packVersion: manifest.version };
      if (exportName && old) {
        for (const id of ids) {
          const input = JSON.stringify({ entity: id, key, value: state.get(id, key), from: old.version, to: manifest.version });
          const outcome = await opts.migrate(pack, exportName, input);
          if (!outcome.ok) {
            problems.push(`${who}: migration ${exportName} failed on ${key} of entity ${id}: ${outcome.message}`);
            break;
          }
          let value: unknown;
          try {
            value = JSON.parse(outcome.output ?? 'null');
          } catch (e) {
            problems.push(`${who}: migration ${exportName} returned no JSON for ${key} of entity ${id} (${(e as Error).message}); it must output the new value, or null to delete it`);
            break;
          }
          const bad = value === null ? null : pack.schemas.component(id, key, value);
          if (bad) {
            problems.push(`${who}: migration ${exportName} produced an invalid value: ${describeViolation(bad)}`);
            break;
          }
          tx.setComponent(id, key, value === null ? undefined : value, cause);
        }
        notes.push({ pack: pack.name, key, from: old.version, to: manifest.version, checked: 0, migrated: ids.length });
        continue;
      }
      const bad = ids.map((id) => pack.schemas.component(id, key, state.get(id, key))).find((v) => v !== null);
      if (bad) {
        problems.push(`${who} changes the schema of ${key} incompatibly with ${ids.length} stored value(s): ${describeViolation(bad)}. ` + `Ship a migration (pack.json "migrations": { "${key}": "<export>" }) or keep ${old ? `version ${old.version}` : 'the old schema'}`);
        continue;
      }
      notes.push({ pack: pack.name, key, from: old?.version ?? null, to: manifest.version, checked: ids.length, migrated: 0 });
    }
    next[pack.name] = { version: manifest.version, schemas: hashes };
  }
  if (problems.length) throw new UpgradeRefused(problems);
  if (canonical(next) !== canonical(records)) {
    tx.setComponent(worldEntity, PACKS_RECORD, next, { actor: { kind: 'system', id: 'upgrade' }, pack: null, packVersion: null });
  }
  return notes;
}

function schemaHash(schema: unknown): string {
  return createHash('sha256').update(canonical(schema)).digest('hex').slice(0, 16);
}

/** JSON with object keys sorted, so key order in pack.json does not count as a change. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
