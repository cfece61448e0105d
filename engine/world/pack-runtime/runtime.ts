/**
 * One instantiated pack: an Extism plugin in foreground mode (synchronous host
 * functions, ~9 µs per call with two host calls on this machine) wrapped so the
 * rest of the world never sees Extism. @extism/extism is pinned to 2.0.0-rc13:
 * 1.0.3 breaks after ~6,500 foreground calls (docs/decisions/0001).
 */
import type { ErrorCode } from '../../errors.ts';
import createPlugin, { type CallContext, type Plugin } from '@extism/extism';
import { MyriadError } from '../../errors.ts';
import { buildHostFunctions } from './host-functions.ts';
import type { CallScope, PackInfo } from './call-scope.ts';
import { ownsComponent, requested } from '../../packs/capabilities.ts';
import { PackSchemas } from './schemas.ts';
import { CHARACTER_KIND } from '../state.ts';
import type { LoadedPackSpec } from '../../packs/types.ts';

/** The ABI's exports, or a migration export named in pack.json `migrations`. */
export type PackExport = 'myriad_command' | 'myriad_event' | 'myriad_seed' | (string & {});

export type CallOutcome =
  /** `output`: what the export wrote with the Extism output (migrations return the new value). */
  | { readonly ok: true; readonly output: string | null }
  /** The pack called fail(code, message): `code` is the pack's own (or PACK_FAIL when it gave none). */
  | { readonly ok: false; readonly kind: 'fail'; readonly code: string; readonly message: string }
  | { readonly ok: false; readonly kind: 'trap' | 'budget'; readonly code: ErrorCode; readonly message: string };

const PLUGIN_ERROR_PREFIX = 'Plugin-originated error: ';

/** Bytes in one 64 KiB WebAssembly page. */
const PAGE_BYTES = 65_536;

/**
 * Extism's kernel (`extism:host/env`) keeps the blocks a guest allocates with
 * `alloc` in host memory, outside the guest's own memory and its declared
 * maximum; its own `memory.maxPages` check runs after the block is allocated.
 * One call took 256 MiB this way (server RSS 929 → 1,184 MB) without a fault.
 * Our `alloc` replaces the kernel's (Extism links `functions['extism:host/env']`
 * over its own) and refuses before allocating: a call's kernel blocks may total
 * at most the pack's memory grant (limits.memoryPages × 64 KiB; 1 MiB by
 * default, while a first-party call writes a few KiB of requests). Past it the
 * call fails as a fault (PACK_KERNEL_MEMORY) and is rolled back.
 */
function kernelFunctions(info: PackInfo): Record<string, (ctx: CallContext, size: bigint) => bigint> {
  const cap = info.limits.memoryPages * PAGE_BYTES;
  return {
    alloc: (ctx, size) => {
      const bytes = Number(size);
      const scope = ctx.hostContext<CallScope | undefined>();
      if (scope) scope.countKernelBytes(bytes, cap);
      else if (bytes > cap) throw new Error(`Extism kernel allocation of ${bytes} bytes outside a call (limit ${cap})`);
      return ctx.alloc(size);
    },
  };
}

export class PackInstance {
  private plugin: Plugin | null = null;

  private constructor(
    readonly spec: LoadedPackSpec,
    readonly info: PackInfo,
    /** Its component and event schemas, compiled once here (in the world worker). */
    readonly schemas: PackSchemas,
    private readonly module: WebAssembly.Module,
    private readonly exportNames: ReadonlySet<string>,
  ) {}

  /** `buildable`: every component the loaded packs declare buildable (buildableComponents). */
  static async create(spec: LoadedPackSpec, buildable: ReadonlySet<string> = new Set()): Promise<PackInstance> {
    const { manifest } = spec;
    let module: WebAssembly.Module;
    try {
      module = new WebAssembly.Module(spec.wasm);
    } catch (e) {
      throw new MyriadError('PACK_WASM_CORRUPT', { pack: manifest.name, file: manifest.wasm, reason: (e as Error).message, dir: spec.dir });
    }
    const info: PackInfo = {
      name: manifest.name,
      version: manifest.version,
      grants: spec.grants,
      limits: spec.limits,
      config: spec.config,
      declaredEmits: new Set(requested(manifest).emit ?? []),
      spawns: new Set((manifest.spawns ?? []).filter((k) => k !== CHARACTER_KIND)),
      buildable: new Set((spec.grants.build ?? []).filter((key) => buildable.has(key) && !ownsComponent(manifest.name, key))),
    };
    const exportNames = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
    const instance = new PackInstance(spec, info, PackSchemas.compile(manifest), module, exportNames);
    await instance.instantiate();
    return instance;
  }

  get name(): string {
    return this.info.name;
  }

  hasExport(name: PackExport): boolean {
    return this.exportNames.has(name);
  }

  async call(fn: PackExport, input: string, scope: CallScope): Promise<CallOutcome> {
    if (!this.plugin) await this.instantiate();
    if (input.length > this.info.limits.maxInputBytes) {
      return { ok: false, kind: 'budget', code: 'PACK_BUDGET', message: `input of ${input.length} bytes exceeds maxInputBytes` };
    }
    let output;
    try {
      output = await this.plugin!.call(fn, input, scope);
    } catch (e) {
      return this.classify(e, scope);
    }
    if (scope.overBudget) return { ok: false, kind: 'budget', code: scope.overBudgetCode, message: scope.overBudget };
    return { ok: true, output: output ? output.text() : null };
  }

  async close(): Promise<void> {
    const p = this.plugin;
    this.plugin = null;
    if (p) await p.close();
  }

  private async instantiate(): Promise<void> {
    this.plugin = await createPlugin(
      { wasm: [{ module: this.module }] },
      {
        useWasi: false,
        runInWorker: false,
        functions: { 'extism:host/user': buildHostFunctions(this.info), 'extism:host/env': kernelFunctions(this.info) },
      },
    );
  }

  /** Turn whatever the call threw into an outcome; after a trap the instance is recreated. */
  private async classify(e: unknown, scope: CallScope): Promise<CallOutcome> {
    const message = e instanceof Error ? e.message : String(e);
    if (message.startsWith(PLUGIN_ERROR_PREFIX)) {
      // The pack called fail(code, message): a deliberate refusal, not a fault.
      try {
        const parsed = JSON.parse(message.slice(PLUGIN_ERROR_PREFIX.length)) as { code?: unknown; message?: unknown };
        return { ok: false, kind: 'fail', code: String(parsed.code ?? 'PACK_FAIL'), message: String(parsed.message ?? '') };
      } catch {
        return { ok: false, kind: 'fail', code: 'PACK_FAIL', message: message.slice(PLUGIN_ERROR_PREFIX.length) };
      }
    }
    if (scope.overBudget) return { ok: false, kind: 'budget', code: scope.overBudgetCode, message: scope.overBudget };
    // A trap (unreachable, out of bounds, memory exhausted): the guest heap may be
    // inconsistent, so the next call gets a fresh instance (a few ms).
    await this.close();
    return { ok: false, kind: 'trap', code: 'PACK_TRAP', message };
  }
}
