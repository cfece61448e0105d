/** Read and validate a pack's pack.json against schemas/pack.schema.json. */
import { Ajv, type ErrorObject } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MyriadError } from '../errors.ts';
import type { PackManifest } from './types.ts';
import { repoPath } from '../paths.ts';

let validate: ReturnType<Ajv['compile']> | null = null;

/** The keys a manifest may have at the top (for "did you mean" on a misspelt one). */
export function manifestTopLevelKeys(): string[] {
  const schema = JSON.parse(readFileSync(repoPath('schemas', 'pack.schema.json'), 'utf8')) as { properties: Record<string, unknown> };
  return Object.keys(schema.properties).filter((k) => !k.startsWith('$'));
}

function validator(): ReturnType<Ajv['compile']> {
  if (!validate) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    validate = ajv.compile(JSON.parse(readFileSync(repoPath('schemas', 'pack.schema.json'), 'utf8')) as object);
  }
  return validate;
}

export function readManifest(dir: string, packName: string): PackManifest {
  const file = join(dir, 'pack.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new MyriadError('PACK_MANIFEST_INVALID', { pack: packName, file, problem: (e as Error).message });
  }
  const v = validator();
  if (!v(raw)) {
    const problems = (v.errors ?? []).map(describe).join('; ');
    throw new MyriadError('PACK_MANIFEST_INVALID', { pack: packName, file, problem: problems });
  }
  const manifest = raw as PackManifest;
  if (manifest.name !== packName) {
    throw new MyriadError('PACK_MANIFEST_INVALID', { pack: packName, file, problem: `name is "${manifest.name}" but the pack is enabled as "${packName}"` });
  }
  return manifest;
}

/** Every schema problem of a manifest: the dotted path to the offending key, the key itself when it is unknown, and the text. */
export function manifestSchemaProblems(raw: unknown): Array<{ readonly path: string; readonly unknownKey: string | null; readonly text: string }> {
  const v = validator();
  if (v(raw)) return [];
  return (v.errors ?? []).map((e) => ({
    path: e.instancePath.replace(/^\//, '').replace(/\//g, '.'),
    unknownKey: e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty : null,
    text: describe(e),
  }));
}

function describe(e: ErrorObject): string {
  const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(root)';
  if (e.keyword === 'additionalProperties') return `${path === '(root)' ? '' : path + '.'}${(e.params as { additionalProperty: string }).additionalProperty} is not a known key`;
  return `${path} ${e.message ?? 'is invalid'}`;
}

/**
 * A pack's name is its namespace: the components it owns, the events it emits
 * and the timers it schedules are `<pack>.<name>`. Claiming another pack's
 * namespace (or the engine's) is refused at load, so ownership is never ambiguous:
 * the owner of `rooms.exits` is `rooms`, and only `rooms` may write it.
 */
const RESERVED_NAMES: ReadonlySet<string> = new Set(['engine']);

export function namespaceProblems(manifest: PackManifest): string[] {
  const own = (key: string): boolean => key.startsWith(`${manifest.name}.`) && key.length > manifest.name.length + 1;
  const problems: string[] = [];
  // `engine.*` components (engine.seeded, engine.packs) and events (engine.character_created) are the engine's.
  if (RESERVED_NAMES.has(manifest.name)) problems.push(`the name "${manifest.name}" is reserved for the engine's own components and events`);
  const foreign = (what: string, keys: readonly string[]): void => {
    const bad = keys.filter((k) => !own(k));
    if (bad.length) problems.push(`${what} ${bad.join(', ')} ${bad.length > 1 ? 'are' : 'is'} outside its namespace "${manifest.name}." (a pack owns only its own components and events)`);
  };
  foreign('components', Object.keys(manifest.components ?? {}));
  foreign('events.emits', manifest.events?.emits ?? []);
  foreign('capabilities.emit', manifest.capabilities?.emit ?? []);
  foreign(
    'capabilities.write',
    (manifest.capabilities?.write ?? []).filter((k) => k !== `${manifest.name}.*`),
  );
  foreign('events.schemas', Object.keys(manifest.events?.schemas ?? {}));
  const components = new Set(Object.keys(manifest.components ?? {}));
  const undeclared = Object.keys(manifest.migrations ?? {}).filter((k) => !components.has(k));
  if (undeclared.length) problems.push(`migrations name ${undeclared.join(', ')}, which ${undeclared.length > 1 ? 'are' : 'is'} not in "components"`);
  // A state is read from the pack's own declared component: what it may write, it may gate on.
  for (const [state, spec] of Object.entries(manifest.states ?? {})) {
    if (!components.has(spec.component)) problems.push(`states.${state} reads ${spec.component}, which is not one of its "components"`);
  }
  for (const c of manifest.commands ?? []) {
    if (c.when !== undefined && !manifest.states?.[c.when]) problems.push(`command "${c.verb}" is available "when" ${c.when}, which is not in "states"`);
  }
  return problems;
}
