/**
 * Memory of one thing, measured in a fresh process (forked by bench/lifecycle.ts),
 * so nothing else's allocations blur the difference. Prints one JSON line.
 *
 *   packs <name> <count>   RSS/heap/external before and after instantiating <count>
 *                          PackInstances of a first-party pack
 *   pglite                 RSS before and after opening (and migrating) an in-memory PGlite
 */
import { DEFAULTS, type Config } from '../../engine/config/defaults.ts';
import { loadPacks } from '../../engine/packs/loader.ts';
import { PackInstance } from '../../engine/world/pack-runtime/runtime.ts';
import { openStore } from '../../engine/store/open.ts';

function mem(): { rss: number; heapUsed: number; external: number; arrayBuffers: number } {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}

async function settle(): Promise<ReturnType<typeof mem>> {
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((r) => setTimeout(r, 50));
  }
  return mem();
}

const [mode, name = 'rooms', countText = '20'] = process.argv.slice(2);
if (mode === 'packs') {
  const d = structuredClone(DEFAULTS);
  const config: Config = { ...d, packs: { ...d.packs, enabled: [name] }, configFile: null };
  const [spec] = loadPacks(config);
  // One instance first: Extism's and V8's one-time costs (kernel, code space) are not per pack.
  const first = await PackInstance.create(spec!);
  await first.close();
  const before = await settle();
  const count = Number(countText);
  const instances: PackInstance[] = [];
  for (let i = 0; i < count; i++) instances.push(await PackInstance.create(spec!));
  const after = await settle();
  console.log(JSON.stringify({ mode, name, count, wasmBytes: spec!.wasm.byteLength, memoryPages: spec!.limits.memoryPages, before, after }));
  for (const p of instances) await p.close();
} else if (mode === 'pglite') {
  const before = await settle();
  const t0 = performance.now();
  const store = await openStore({ dataDir: 'memory://bench' });
  const ms = performance.now() - t0;
  const after = await settle();
  console.log(JSON.stringify({ mode, before, after, openMs: ms }));
  await store.close();
} else {
  throw new Error(`unknown mode ${mode}`);
}
