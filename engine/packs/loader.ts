/**
 * Turn the operator's pack list into LoadedPackSpecs the world can instantiate,
 * refusing to start — with a message naming the packs and versions — on any
 * problem: missing or invalid manifest, missing/corrupt/mismatching wasm, a
 * memory cap above the grant, ungranted imports or requests, unmet or cyclic
 * dependencies, an engine range that excludes this engine, duplicate verbs
 * without a precedence, schemas that do not compile, a pack claiming another
 * pack's namespace, a migration naming a missing export.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import semver from 'semver';
import { MyriadError } from '../errors.ts';
import type { Config } from '../config/defaults.ts';
import { ENGINE_VERSION, HOST_ABI } from '../version.ts';
import { checkImports, missingGrants, requested } from './capabilities.ts';
import { effectiveLimits } from './limits.ts';
import { namespaceProblems, readManifest } from './manifest.ts';
import { compileStandalone, PackSchemas, SchemaCompileError } from '../world/pack-runtime/schemas.ts';
import { readMemoryLimits } from './wasm-inspect.ts';
import type { Capabilities, LoadedPackSpec, PackManifest } from './types.ts';
import { repoPath } from '../paths.ts';

/** The engine's own packs/ folder: first-party packs shipped with Myriad. */
export const FIRST_PARTY_DIR = repoPath('packs');

export class PackLoadError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`cannot load packs:\n  - ${problems.join('\n  - ')}`);
    this.name = 'PackLoadError';
  }
}

export interface Found {
  readonly name: string;
  readonly dir: string;
  readonly firstParty: boolean;
  readonly manifest: PackManifest;
}

export function loadPacks(config: Config): LoadedPackSpec[] {
  const problems: string[] = [];
  const found: Found[] = [];
  for (const name of config.packs.enabled) {
    try {
      found.push(findPack(name, config));
    } catch (e) {
      problems.push(e instanceof MyriadError ? e.explain() : String(e));
    }
  }
  if (problems.length) throw new PackLoadError(problems);
  const ordered = resolveOrder(found, problems);
  checkVerbs(ordered, config.packs.precedence, problems);
  const specs: LoadedPackSpec[] = [];
  for (const f of ordered) {
    try {
      specs.push(prepare(f, config));
    } catch (e) {
      problems.push(e instanceof MyriadError ? e.explain() : (e as Error).message);
    }
  }
  if (problems.length) throw new PackLoadError(problems);
  return specs;
}

/** Where an enabled pack lives: the first `packs.dirs` entry holding `<name>/pack.json`, else the engine's packs/. */
export function findPack(name: string, config: Config): Found {
  const dirs = [...config.packs.dirs.map((d) => resolve(d)), FIRST_PARTY_DIR];
  for (const base of dirs) {
    const dir = join(base, name);
    if (existsSync(join(dir, 'pack.json'))) {
      return { name, dir, firstParty: base === FIRST_PARTY_DIR, manifest: readManifest(dir, name) };
    }
  }
  throw new MyriadError('PACK_NOT_FOUND', { pack: name, dir: dirs.map((d) => join(d, name)).join(' or ') });
}

/** Dependencies first (topological order); problems for missing, incompatible or cyclic ones. */
function resolveOrder(found: readonly Found[], problems: string[]): Found[] {
  const byName = new Map(found.map((f) => [f.name, f]));
  for (const f of found) {
    const range = f.manifest.engine;
    if (!semver.validRange(range) || !semver.satisfies(ENGINE_VERSION, range, { includePrerelease: true })) {
      problems.push(`${f.name}@${f.manifest.version} needs engine ${range}, but this is Myriad ${ENGINE_VERSION}`);
    }
    if (f.manifest.abi !== HOST_ABI) problems.push(`${f.name}@${f.manifest.version} targets ABI ${f.manifest.abi}; this engine provides ${HOST_ABI}`);
    for (const [dep, range] of Object.entries(f.manifest.dependencies ?? {})) {
      const d = byName.get(dep);
      if (!d) problems.push(`${f.name}@${f.manifest.version} depends on ${dep} ${range}, which is not enabled (add "${dep}" to packs.enabled)`);
      else if (!semver.satisfies(d.manifest.version, range, { includePrerelease: true })) {
        problems.push(`${f.name}@${f.manifest.version} depends on ${dep} ${range}, but ${dep}@${d.manifest.version} is enabled`);
      }
    }
  }
  const order: Found[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (f: Found, path: string[]): void => {
    const s = state.get(f.name);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...path.slice(path.indexOf(f.name)), f.name].map((n) => `${n}@${byName.get(n)?.manifest.version}`);
      problems.push(`dependency cycle: ${cycle.join(' → ')}`);
      return;
    }
    state.set(f.name, 'visiting');
    for (const dep of Object.keys(f.manifest.dependencies ?? {})) {
      const d = byName.get(dep);
      if (d) visit(d, [...path, f.name]);
    }
    state.set(f.name, 'done');
    order.push(f);
  };
  for (const f of found) visit(f, []);
  return order;
}

function checkVerbs(found: readonly Found[], precedence: Readonly<Record<string, string>>, problems: string[]): void {
  const owners = new Map<string, string[]>();
  for (const f of found) {
    for (const c of f.manifest.commands ?? []) {
      for (const word of [c.verb, ...(c.aliases ?? [])]) owners.set(word, [...(owners.get(word) ?? []), `${f.name}@${f.manifest.version}`]);
    }
  }
  for (const [word, packs] of owners) {
    const winner = precedence[word];
    if (packs.length > 1 && !winner) {
      problems.push(`"${word}" is registered by ${packs.join(' and ')}; set packs.precedence.${word} to the pack that should win`);
    } else if (packs.length > 1 && winner && !packs.some((p) => p.startsWith(`${winner}@`))) {
      problems.push(`packs.precedence.${word} is "${winner}", but "${word}" is registered by ${packs.join(' and ')}`);
    }
  }
}

function prepare(f: Found, config: Config): LoadedPackSpec {
  const { manifest, dir, name } = f;
  const id = `${name}@${manifest.version}`;
  const settings = config.packs.settings[name] ?? {};
  const namespace = namespaceProblems(manifest);
  if (namespace.length) throw new MyriadError('PACK_MANIFEST_INVALID', { pack: id, file: join(dir, 'pack.json'), problem: namespace.join('; ') });
  try {
    PackSchemas.compile(manifest);
  } catch (e) {
    if (e instanceof SchemaCompileError) throw new MyriadError('PACK_MANIFEST_INVALID', { pack: id, file: join(dir, 'pack.json'), problem: `schema ${e.message}` });
    throw e;
  }
  const wasmFile = join(dir, manifest.wasm);
  let wasm: Uint8Array<ArrayBuffer>;
  try {
    wasm = new Uint8Array(readFileSync(wasmFile));
  } catch (e) {
    throw new MyriadError('PACK_WASM_MISSING', { pack: id, file: wasmFile, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message, dir });
  }
  const sha = createHash('sha256').update(wasm).digest('hex');
  if (manifest.sha256 && manifest.sha256 !== sha) {
    throw new MyriadError('PACK_WASM_CORRUPT', { pack: id, file: wasmFile, reason: `sha256 is ${sha}, pack.json says ${manifest.sha256}`, dir });
  }
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(wasm);
  } catch (e) {
    throw new MyriadError('PACK_WASM_CORRUPT', { pack: id, file: wasmFile, reason: (e as Error).message, dir });
  }
  const { limits, excess, configLines: limitLines } = effectiveLimits(manifest.limits, settings.limits, f.firstParty);
  if (excess.length) {
    throw new MyriadError('PACK_DENIED', { pack: id, action: `load: it requests ${excess.join(', ')} — allow with packs.settings.${name}.limits { ${limitLines.join(', ')} }` });
  }
  // The module's own declared maximum is the only real cap on guest memory.
  const memory = readMemoryLimits(wasm);
  if (!memory || memory.max === null) {
    throw new MyriadError('PACK_WASM_CORRUPT', { pack: id, file: wasmFile, reason: 'the module declares no memory maximum (build it with `myriad pack build`, which passes asc --maximumMemory)', dir });
  }
  if (memory.max > limits.memoryPages) {
    throw new MyriadError('PACK_WASM_CORRUPT', { pack: id, file: wasmFile, reason: `its memory maximum is ${memory.max} pages but it is granted ${limits.memoryPages} (packs.settings.${name}.limits.memoryPages)`, dir });
  }
  // Grants: third-party packs get exactly what the operator wrote. First-party packs
  // shipped in the engine's packs/ get what their manifest asks unless the operator overrides.
  const want = requested(manifest);
  const grants: Capabilities = (settings.grants as Capabilities | undefined) ?? (f.firstParty ? want : {});
  const { missing, configLines } = missingGrants(want, grants);
  if (missing.length) {
    throw new MyriadError('PACK_DENIED', {
      pack: id,
      action: `load: it requests ${missing.join('; ')} — grant with packs.settings.${name}.grants { ${configLines.join(', ')} }`,
    });
  }
  const imports = checkImports(WebAssembly.Module.imports(module), grants);
  // Never-grantable imports first: naming a grant for them would send the operator looking for a key that does not exist.
  if (imports.forbidden.length) throw new MyriadError('PACK_IMPORT_FORBIDDEN', { pack: id, imports: imports.forbidden.join(', ') });
  if (imports.ungranted.length) {
    throw new MyriadError('PACK_DENIED', { pack: id, action: `link: it imports ${imports.ungranted.join('; ')} (add the grant to pack.json capabilities and packs.settings.${name}.grants, or stop calling the function)` });
  }
  const exports = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
  for (const [key, fn] of Object.entries(manifest.migrations ?? {})) {
    if (!exports.has(fn)) throw new MyriadError('PACK_MANIFEST_INVALID', { pack: id, file: join(dir, 'pack.json'), problem: `migrations.${key} names export "${fn}", which the module does not export` });
  }
  return { manifest, dir, wasm, grants, limits, config: packConfig(f, settings.config ?? {}), world: readWorld(f, settings.world) };
}

function packConfig(f: Found, given: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const vars = f.manifest.config ?? {};
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(given)) {
    if (!(key in vars)) throw new MyriadError('CONFIG_INVALID', { file: 'config', key: `packs.settings.${f.name}.config.${key}`, problem: `is not a config variable of ${f.name} (it has: ${Object.keys(vars).join(', ') || 'none'})` });
  }
  for (const [key, spec] of Object.entries(vars)) {
    const value = key in given ? given[key] : spec.default;
    const validate = spec.schema ? compileStandalone(spec.schema) : null;
    if (validate && value !== undefined && !validate(value)) {
      const e = validate.errors?.[0];
      const where = e?.instancePath ? ` at ${e.instancePath}` : '';
      throw new MyriadError('CONFIG_INVALID', { file: 'config', key: `packs.settings.${f.name}.config.${key}`, problem: `${key in given ? 'is' : 'has a default that is'} invalid${where}: ${e?.message ?? 'does not match its schema'} (schema ${JSON.stringify(spec.schema)})` });
    }
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The operator's world file (packs.settings.<pack>.world) replaces the one the pack ships. */
function readWorld(f: Found, operatorFile: string | undefined): unknown {
  if (operatorFile !== undefined) {
    try {
      return JSON.parse(readFileSync(operatorFile, 'utf8'));
    } catch (e) {
      throw new MyriadError('CONFIG_INVALID', { file: 'config', key: `packs.settings.${f.name}.world`, problem: `names ${operatorFile}, which cannot be read as JSON: ${(e as Error).message}` });
    }
  }
  if (!f.manifest.world) return null;
  const file = join(f.dir, f.manifest.world);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new MyriadError('PACK_MANIFEST_INVALID', { pack: f.name, file, problem: `world file: ${(e as Error).message}` });
  }
}
