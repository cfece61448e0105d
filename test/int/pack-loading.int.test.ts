/**
 * The loader refuses, before anything runs, every pack set it cannot vouch for,
 * with a message naming the packs and versions and saying how to fix it: an
 * invalid manifest, a missing or incompatible dependency, a cycle, an engine
 * range that excludes this engine, a sha256 mismatch, two packs claiming a verb
 * without a precedence, a module without a memory maximum or above its grant,
 * an import outside its grants, requests beyond the operator's grants, another
 * pack's namespace, bad config values, a migration naming a missing export.
 * Real AssemblyScript fixture packs, real wasm.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../engine/config/defaults.ts';
import { MyriadError } from '../../engine/errors.ts';
import { loadPacks, PackLoadError } from '../../engine/packs/loader.ts';
import { namespaceProblems } from '../../engine/packs/manifest.ts';
import { testConfig } from '../support/server.ts';
import { fixturePacks, type FixtureSet } from '../support/fixture-packs.ts';

const SEND = { send: ['actor' as const] };

let fx: FixtureSet;

function config(packs: string[], extra: { settings?: Config['packs']['settings']; precedence?: Record<string, string> } = {}): Config {
  const c = testConfig({ packs, packDirs: [fx.dir], settings: extra.settings ?? Object.fromEntries(packs.map((p) => [p, { grants: SEND }])) });
  return { ...c, packs: { ...c.packs, precedence: extra.precedence ?? {} } };
}

/** The refusal message for a pack set (fails the test if it loads). */
function refusal(c: Config): string {
  try {
    loadPacks(c);
  } catch (e) {
    if (e instanceof PackLoadError) return e.message;
    if (e instanceof MyriadError) return e.explain();
    throw e;
  }
  assert.fail(`expected ${c.packs.enabled.join(', ')} to be refused`);
}

const plain = (name: string, manifest: Record<string, unknown> = {}) => ({ name, from: 'plain', manifest });

before(async () => {
  fx = await fixturePacks([
    plain('base'),
    plain('needy', { dependencies: { base: '^1.0.0' }, commands: [{ verb: 'need', help: 'x' }] }),
    plain('picky', { dependencies: { base: '^2.0.0' }, commands: [{ verb: 'pick', help: 'x' }] }),
    plain('ying', { dependencies: { yang: '*' }, commands: [{ verb: 'ying', help: 'x' }] }),
    plain('yang', { dependencies: { ying: '*' }, commands: [{ verb: 'yang', help: 'x' }] }),
    plain('future', { engine: '>=9.0.0', commands: [{ verb: 'later', help: 'x' }] }),
    plain('tampered', { commands: [{ verb: 'tamper', help: 'x' }] }),
    plain('echo'),
    plain('echo2', { spawns: ['character'], commands: [{ verb: 'echo2', help: 'x' }] }),
    plain('strange', { bogus: true, commands: [{ verb: 'odd', help: 'x' }] }),
    { name: 'nomax', from: 'plain', omitMemoryMaximum: true, manifest: { commands: [{ verb: 'nomax', help: 'x' }] } },
    plain('big', { limits: { memoryPages: 32 }, commands: [{ verb: 'big', help: 'x' }] }),
    plain('badschema', { components: { 'badschema.x': { type: 'nonsense' } }, commands: [{ verb: 'bad', help: 'x' }] }),
    'ungranted',
    'smuggler',
    'wordy',
    'intruder',
    'rogue',
    { name: 'squatter', from: 'rogue', manifest: { events: { emits: ['social.say'] }, commands: [{ verb: 'squat', help: 'x' }] } },
    { name: 'vandal', from: 'intruder', manifest: { capabilities: { send: ['actor'], write: ['rooms.desc'] }, commands: [{ verb: 'vandal', help: 'x' }] } },
    'probe',
  ]);
  // The build records the real hash; a tampered module (or manifest) no longer matches it.
  const file = path.join(fx.dir, 'tampered', 'pack.json');
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), sha256: 'a'.repeat(64) }, null, 2));
});

after(() => fx.remove());

describe('dependencies and versions', () => {
  it('loads dependencies first', () => {
    const specs = loadPacks(config(['needy', 'base']));
    assert.deepEqual(
      specs.map((s) => s.manifest.name),
      ['base', 'needy'],
    );
  });

  it('refuses a missing dependency, naming pack, version and the fix', () => {
    assert.match(refusal(config(['needy'])), /needy@1\.0\.0 depends on base \^1\.0\.0, which is not enabled \(add "base" to packs\.enabled\)/);
  });

  it('refuses an incompatible version', () => {
    assert.match(refusal(config(['picky', 'base'])), /picky@1\.0\.0 depends on base \^2\.0\.0, but base@1\.0\.0 is enabled/);
  });

  it('refuses a cycle', () => {
    assert.match(refusal(config(['ying', 'yang'])), /dependency cycle: ying@1\.0\.0 → yang@1\.0\.0 → ying@1\.0\.0/);
  });

  it('refuses an engine range that excludes this engine', () => {
    assert.match(refusal(config(['future'])), /future@1\.0\.0 needs engine >=9\.0\.0, but this is Myriad \d+\.\d+\.\d+/);
  });

  it('refuses a sha256 mismatch', () => {
    assert.match(refusal(config(['tampered'])), /PACK_WASM_CORRUPT: pack tampered@1\.0\.0: .*sha256 is [0-9a-f]{64}, pack\.json says a{64}/);
  });

  it('refuses unknown manifest keys', () => {
    assert.match(refusal(config(['strange'])), /PACK_MANIFEST_INVALID: pack strange: .*pack\.json: bogus is not a known key/);
  });

  it('lists every problem at once', () => {
    const msg = refusal(config(['needy', 'future', 'picky']));
    assert.match(msg, /needy@1\.0\.0 depends on base/);
    assert.match(msg, /future@1\.0\.0 needs engine/);
    assert.match(msg, /picky@1\.0\.0 depends on base/);
  });
});

describe('verbs', () => {
  it('refuses two packs registering the same verb unless the operator sets a precedence', () => {
    assert.match(refusal(config(['base', 'echo'])), /"ping" is registered by base@1\.0\.0 and echo@1\.0\.0; set packs\.precedence\.ping to the pack that should win/);
    assert.equal(loadPacks(config(['base', 'echo'], { precedence: { ping: 'echo' } })).length, 2);
  });

  it('refuses a precedence naming a pack that does not register the verb', () => {
    assert.match(refusal(config(['base', 'echo'], { precedence: { ping: 'needy' } })), /packs\.precedence\.ping is "needy", but "ping" is registered by base@1\.0\.0 and echo@1\.0\.0/);
  });
});

describe('memory', () => {
  it('refuses a module with no memory maximum', () => {
    assert.match(refusal(config(['nomax'])), /nomax@1\.0\.0: .* the module declares no memory maximum/);
  });

  it('a third-party pack asking for more memory than the default needs the operator; the module may not exceed the grant', () => {
    assert.match(refusal(config(['big'])), /pack big@1\.0\.0 is not allowed to load: it requests limits\.memoryPages 32 \(default 16\) — allow with packs\.settings\.big\.limits \{ "memoryPages": 32 \}/);
    assert.equal(loadPacks(config(['big'], { settings: { big: { grants: SEND, limits: { memoryPages: 32 } } } }))[0]?.limits.memoryPages, 32);
    assert.match(refusal(config(['big'], { settings: { big: { grants: SEND, limits: { memoryPages: 16 } } } })), /its memory maximum is 32 pages but it is granted 16 \(packs\.settings\.big\.limits\.memoryPages\)/);
  });
});

describe('capabilities', () => {
  it('a pack requesting more than it is granted does not load; the message lists every missing grant and the config lines', () => {
    const msg = refusal(config(['probe'], { settings: { probe: { grants: { send: ['actor'] } } } }));
    assert.match(msg, /pack probe@0\.1\.0 is not allowed to load: it requests/);
    for (const missing of ['write: probe.countdown, probe.note', 'subscribe: world.tick', 'send: direct', 'query', 'timers', 'config']) assert.ok(msg.includes(missing), `names ${missing}: ${msg}`);
    assert.match(msg, /grant with packs\.settings\.probe\.grants \{ .*"write": \["probe\.countdown","probe\.note"\].*"timers": true.*"config": true \}/);
  });

  it('third-party packs get nothing by default', () => {
    assert.match(refusal(config(['base'], { settings: {} })), /pack base@1\.0\.0 is not allowed to load: it requests send: actor — grant with packs\.settings\.base\.grants \{ "send": \["actor"\] \}/);
  });

  it('refuses, before instantiation, a module importing a host function outside its grants', () => {
    assert.match(refusal(config(['ungranted'])), /pack ungranted@0\.1\.0 is not allowed to link: it imports myriad_rand, which needs the grant "random": true/);
  });

  it('refuses imports no grant allows, saying they cannot be granted (and naming no config key)', () => {
    const msg = refusal(config(['smuggler'], { settings: { smuggler: { grants: SEND } } }));
    assert.match(msg, /PACK_IMPORT_FORBIDDEN: pack smuggler@0\.1\.0 imports extism:host\/env\.var_set, extism:host\/env\.var_get, which no pack may use/);
    assert.match(msg, /No grant allows these/);
    assert.doesNotMatch(msg, /packs\.settings|grants \{/);
  });

  it('a pack whose only array is cmd.words() builds and loads (asc once refused it: "Array<String>#buffer has no initializer")', () => {
    const [spec] = loadPacks(config(['wordy'], { settings: { wordy: { grants: SEND } } }));
    assert.equal(spec?.manifest.name, 'wordy');
    assert.ok(WebAssembly.Module.exports(new WebAssembly.Module(spec.wasm)).some((e) => e.name === 'myriad_command'));
  });

  it('refuses a pack named "engine": engine.* components and events are the engine\'s', () => {
    assert.deepEqual(namespaceProblems({ name: 'engine', version: '1.0.0', engine: '*', abi: 'myriad:host/v1', wasm: 'x' }), ['the name "engine" is reserved for the engine\'s own components and events']);
  });

  it('refuses a manifest declaring it spawns characters', () => {
    assert.match(refusal(config(['echo2'])), /spawns\.0 must NOT be valid/);
  });

  it("refuses a pack claiming another pack's events or components", () => {
    assert.match(refusal(config(['squatter'])), /squatter@0\.1\.0: .*events\.emits social\.say is outside its namespace "squatter\."/);
    assert.match(refusal(config(['vandal'], { settings: { vandal: { grants: { send: ['actor'], write: ['rooms.desc'] } } } })), /vandal@0\.1\.0: .*capabilities\.write rooms\.desc is outside its namespace "vandal\."/);
  });
});

describe('schemas, config variables, migrations', () => {
  const probeGrants = { send: ['actor' as const, 'direct' as const], write: ['probe.countdown', 'probe.note'], query: true, timers: true, config: true, subscribe: ['world.tick'], emit: ['probe.remind', 'probe.done'] };

  it('refuses a schema that does not compile', () => {
    assert.match(refusal(config(['badschema'])), /badschema@1\.0\.0: .*schema components\.badschema\.x: schema is invalid: data\/type must be equal to one of the allowed values/);
  });

  it('validates config variables against their schemas and fills defaults', () => {
    const spec = loadPacks(config(['probe'], { settings: { probe: { grants: probeGrants, config: { greeting: 'ahoy' } } } }))[0]!;
    assert.deepEqual(spec.config, { greeting: 'ahoy', limit: 3 });
    assert.match(refusal(config(['probe'], { settings: { probe: { grants: probeGrants, config: { limit: 0 } } } })), /CONFIG_INVALID: config: packs\.settings\.probe\.config\.limit is invalid: must be >= 1/);
    assert.match(refusal(config(['probe'], { settings: { probe: { grants: probeGrants, config: { colour: 'red' } } } })), /packs\.settings\.probe\.config\.colour is not a config variable of probe \(it has: greeting, limit\)/);
  });

  it('refuses a migration naming an export the module lacks', async () => {
    await fx.add([{ name: 'probe', manifest: { migrations: { 'probe.note': 'migrate_nothing' } } }]);
    assert.match(refusal(config(['probe'], { settings: { probe: { grants: probeGrants } } })), /probe@0\.1\.0: .*migrations\.probe\.note names export "migrate_nothing", which the module does not export/);
  });
});

describe('load time', () => {
  it('per first-party pack: checks on the gateway, instantiation in the world', async (t) => {
    const { PackInstance } = await import('../../engine/world/pack-runtime/runtime.ts');
    const names = ['rooms', 'social', 'time', 'character', 'stamina', 'spatial', 'skills', 'inventory'];
    const lines: string[] = [];
    for (const name of names) {
      const c = testConfig({ packs: name === 'inventory' ? ['rooms', name] : [name] });
      let spec;
      const t0 = performance.now();
      try {
        spec = loadPacks(c).find((s) => s.manifest.name === name)!;
      } catch (e) {
        lines.push(`${name}: not loadable here (${(e as Error).message.split('\n')[1]?.trim() ?? ''})`);
        continue;
      }
      const checked = performance.now() - t0;
      const t1 = performance.now();
      const instance = await PackInstance.create(spec);
      const created = performance.now() - t1;
      await instance.close();
      lines.push(`${name} ${(spec.wasm.byteLength / 1024).toFixed(0)} KiB: load+checks ${checked.toFixed(1)} ms, instantiate ${created.toFixed(1)} ms`);
      assert.ok(checked + created < 5000);
    }
    t.diagnostic(lines.join('; '));
  });
});
