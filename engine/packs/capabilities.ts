/**
 * Capabilities: deny by default. A pack gets exactly what the operator granted.
 *
 * Checked twice:
 * - link time: every host function the module imports must be backed by a grant
 *   (WebAssembly.Module.imports), so an ungranted ability is not even linkable;
 * - call time: scope checks inside the host functions (which component, which
 *   event type, which recipients) — see host-functions.ts.
 */
import type { Capabilities, PackManifest } from './types.ts';

type Grants = Capabilities;

/**
 * Host functions of `extism:host/user`, the grant each needs to be linked, and
 * that grant as the operator writes it (for the refusal message).
 */
export const HOST_FUNCTIONS: Readonly<Record<string, { readonly linkable: (g: Grants) => boolean; readonly grant: string | null }>> = {
  myriad_get: { linkable: () => true, grant: null }, // own components are always readable; others checked per call
  myriad_set: { linkable: (g) => (g.write?.length ?? 0) + (g.build?.length ?? 0) > 0, grant: '"write": ["<pack>.<component>"]' },
  myriad_del: { linkable: (g) => (g.write?.length ?? 0) + (g.build?.length ?? 0) > 0, grant: '"write": ["<pack>.<component>"]' },
  myriad_spawn: { linkable: (g) => g.spawn === true, grant: '"spawn": true' },
  myriad_despawn: { linkable: (g) => g.spawn === true, grant: '"spawn": true' },
  myriad_move: { linkable: (g) => g.move === true, grant: '"move": true' },
  myriad_query: { linkable: (g) => g.query === true, grant: '"query": true' },
  myriad_emit: { linkable: (g) => (g.emit?.length ?? 0) > 0, grant: '"emit": ["<pack>.<event>"]' },
  myriad_send: { linkable: (g) => (g.send?.length ?? 0) > 0, grant: '"send": ["actor"]' },
  myriad_rand: { linkable: (g) => g.random === true, grant: '"random": true' },
  myriad_now: { linkable: () => true, grant: null },
  myriad_schedule: { linkable: (g) => g.timers === true, grant: '"timers": true' },
  myriad_config: { linkable: (g) => g.config === true, grant: '"config": true' },
  myriad_log: { linkable: () => true, grant: null },
  myriad_gmcp: { linkable: (g) => (g.gmcp?.length ?? 0) > 0, grant: '"gmcp": ["<Package.Name>"]' },
  myriad_act: { linkable: (g) => g.act === true, grant: '"act": true' },
};

/**
 * Extism kernel functions a pack may import. Left out on purpose: `http_request`
 * (no network: slow work is an effect answered later by an event) and
 * `var_get`/`var_set` (state outside the event log would break replay).
 */
const KERNEL_FUNCTIONS = new Set(['input_length', 'input_load_u8', 'input_load_u64', 'length', 'length_unsafe', 'alloc', 'free', 'output_set', 'error_set', 'error_get', 'config_get', 'store_u8', 'load_u8', 'store_u64', 'load_u64', 'log_warn', 'log_info', 'log_debug', 'log_error', 'log_trace', 'get_log_level']);

export interface ImportProblems {
  /** Imports a grant would allow: `myriad_rand, which needs the grant "random": true`. */
  readonly ungranted: readonly string[];
  /** Imports no grant can ever allow (WASI, network, Extism variables, unknown names). */
  readonly forbidden: readonly string[];
}

/** Sort the module's imports the grants do not allow into the grantable and the never-grantable. */
export function checkImports(imports: readonly WebAssembly.ModuleImportDescriptor[], grants: Grants): ImportProblems {
  const ungranted: string[] = [];
  const forbidden: string[] = [];
  for (const imp of imports) {
    if (imp.module === 'extism:host/env') {
      if (!KERNEL_FUNCTIONS.has(imp.name)) forbidden.push(`extism:host/env.${imp.name}`);
    } else if (imp.module === 'extism:host/user') {
      const fn = HOST_FUNCTIONS[imp.name];
      if (!fn) forbidden.push(`extism:host/user.${imp.name} (not a Myriad host function)`);
      else if (!fn.linkable(grants)) ungranted.push(`${imp.name}, which needs the grant ${fn.grant ?? '(none)'}`);
    } else {
      forbidden.push(`${imp.module}.${imp.name} (only extism:host/* is available to packs)`);
    }
  }
  return { ungranted, forbidden };
}

/** What the manifest asks for, with the emit/subscribe lists folded in from `events`. */
export function requested(manifest: PackManifest): Grants {
  const caps = manifest.capabilities ?? {};
  return {
    ...caps,
    emit: union(caps.emit, manifest.events?.emits),
    subscribe: union(caps.subscribe, manifest.events?.subscribes),
  };
}

/**
 * Everything requested but not granted, as human lines plus the config lines that
 * would grant it (the operator copies them into `packs.settings.<name>.grants`).
 */
export function missingGrants(want: Grants, have: Grants): { missing: string[]; configLines: string[] } {
  const missing: string[] = [];
  const lines: string[] = [];
  for (const field of ['read', 'write', 'build', 'emit', 'subscribe', 'send', 'gmcp', 'gmcpReceive'] as const) {
    const wanted = (want[field] ?? []) as readonly string[];
    const granted = new Set<string>((have[field] ?? []) as readonly string[]);
    const lacking = wanted.filter((x) => !granted.has(x) && !granted.has('*'));
    if (lacking.length) {
      missing.push(`${field}: ${lacking.join(', ')}`);
      lines.push(`"${field}": ${JSON.stringify([...granted, ...lacking])}`);
    }
  }
  for (const field of ['spawn', 'move', 'query', 'random', 'timers', 'config', 'act'] as const) {
    if (want[field] === true && have[field] !== true) {
      missing.push(field);
      lines.push(`"${field}": true`);
    }
  }
  return { missing, configLines: lines };
}

/**
 * Every component some pack declares `buildable`: the only other packs' components
 * a pack granted `build` may write (checked per call in host-functions.ts).
 */
export function buildableComponents(manifests: readonly PackManifest[]): ReadonlySet<string> {
  return new Set(manifests.flatMap((m) => (m.buildable ?? []).filter((key) => ownsComponent(m.name, key))));
}

/** A pack may only ever write components in its own namespace (or, granted `build`, another's buildable ones). */
export function ownsComponent(pack: string, key: string): boolean {
  return key.startsWith(`${pack}.`);
}

function union(a: readonly string[] | undefined, b: readonly string[] | undefined): string[] {
  return [...new Set([...(a ?? []), ...(b ?? [])])];
}

/** Whether a `gmcpReceive` list takes client package `pkg` (exact, or "Pkg.*" for Pkg and below; never Core.*). */
export function receivesGmcp(list: readonly string[] | undefined, pkg: string): boolean {
  if (!list || /^core\./i.test(pkg)) return false;
  const lower = pkg.toLowerCase();
  return list.some((entry) => {
    const e = entry.toLowerCase();
    return e.endsWith('.*') ? lower === e.slice(0, -2) || lower.startsWith(e.slice(0, -1)) : lower === e;
  });
}
