/**
 * `myriad pack new <name>`: a new pack that builds and passes its test as it
 * stands — a manifest, an AssemblyScript entry with one command that keeps a
 * counter and emits an event, and a vitest test in the pack harness asserting on
 * all three (text, event, state). The author edits from something that works.
 *
 * Where the pack finds the SDK:
 *   - outside this repository (an author's own, with @myriad/sdk installed):
 *     `import … from "@myriad/sdk"` (asc resolves it through node_modules and the
 *     package's `ascMain`) and `@myriad/sdk/harness`;
 *   - inside it (packs/<name>, test-artifacts/…): relative paths to sdk/, which
 *     is what the first-party packs do.
 * `repository: true` (`--template`) also writes what makes the pack's folder a
 * repository to push as it is: package.json with scripts, README.md, .gitignore.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PACKS } from '../../engine/config/defaults.ts';
import { ENGINE_VERSION, HOST_ABI } from '../../engine/version.ts';

const NAME = /^[a-z][a-z0-9-]{1,31}$/;
const SDK_ROOT = fileURLToPath(new URL('..', import.meta.url));
const SDK_SOURCE = path.join(SDK_ROOT, 'tooling', 'scaffold.ts');
/** The repository holding this SDK's sources; packs inside it import the SDK by relative path. */
const REPOSITORY = path.dirname(SDK_ROOT);

export interface ScaffoldOptions {
  /** Also write package.json, README.md and .gitignore: the pack's folder is a repository. */
  readonly repository?: boolean;
}

export type ScaffoldResult = { readonly ok: true; readonly dir: string; readonly files: readonly string[] } | { readonly ok: false; readonly error: string };

interface SdkImports {
  readonly assembly: string;
  readonly harness: string;
  readonly ascStd: string;
}

export async function scaffoldPack(name: string, parentDir: string, opts: ScaffoldOptions = {}): Promise<ScaffoldResult> {
  if (!NAME.test(name)) return { ok: false, error: `"${name}" is not a pack name: 2–32 characters, lower-case letters, digits and "-", starting with a letter (it becomes the namespace of the pack's components and events)` };
  const dir = path.resolve(parentDir, name);
  if (existsSync(dir)) return { ok: false, error: `${dir} already exists; pick another name or remove it` };
  const imports = sdkImports(dir);
  const [major, minor] = ENGINE_VERSION.split('.');
  const files: Record<string, string> = {
    'pack.json': JSON.stringify(manifest(name, `^${major}.${minor}.0`), null, 2) + '\n',
    'assembly/pack.ts': source(name, imports.assembly),
    'assembly/tsconfig.json': JSON.stringify({ extends: imports.ascStd, include: ['./**/*.ts'] }, null, 2) + '\n',
    [`test/${name}.test.ts`]: test(name, imports.harness),
    ...(opts.repository === true ? repositoryFiles(name) : {}),
  };
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return { ok: true, dir, files: Object.keys(files) };
}

function sdkImports(packDir: string): SdkImports {
  const inRepository = existsSync(SDK_SOURCE) && !path.relative(REPOSITORY, packDir).startsWith('..');
  if (!inRepository) return { assembly: '@myriad/sdk', harness: '@myriad/sdk/harness', ascStd: 'assemblyscript/std/assembly.json' };
  const rel = (from: string, to: string): string => {
    const r = path.relative(from, to).split(path.sep).join('/');
    return r.startsWith('.') ? r : `./${r}`;
  };
  const assemblyDir = path.join(packDir, 'assembly');
  return {
    assembly: rel(assemblyDir, path.join(SDK_ROOT, 'assembly')),
    harness: rel(path.join(packDir, 'test'), path.join(SDK_ROOT, 'tooling', 'harness.ts')),
    ascStd: rel(assemblyDir, path.join(REPOSITORY, 'node_modules', 'assemblyscript', 'std', 'assembly.json')),
  };
}

function repositoryFiles(name: string): Record<string, string> {
  const pkg = {
    name: `myriad-pack-${name}`,
    version: '0.1.0',
    description: `The ${name} pack for a Myriad server.`,
    private: true,
    type: 'module',
    scripts: { build: 'myriad pack build .', test: 'myriad pack test .', dev: 'myriad pack dev .' },
    devDependencies: { '@myriad/sdk': `^${ENGINE_VERSION}` },
  };
  const readme = `# ${name}

A pack for a [Myriad](https://github.com/) server: gameplay in AssemblyScript,
built to WebAssembly, tested in the pack harness with vitest.

    npm install
    npm test          # build assembly/pack.ts into build/pack.wasm, run test/*.test.ts
    npm run dev       # rebuild, test and reload into a local server on every save

## Load it into a server

Point the server's config (myriad.json) at the folder holding this one and
enable the pack, granting what pack.json's \`capabilities\` asks for.
\`enabled\` replaces the server's default list, so it names the default packs too:

    {
      "packs": {
        "dirs": ["<the folder holding ${name}/>"],
        "enabled": [${[...DEFAULT_PACKS, name].map((p) => `"${p}"`).join(', ')}],
        "settings": { "${name}": { "grants": { "send": ["actor"], "write": ["${name}.count"], "emit": ["${name}.greeted"] } } }
      }
    }

Then \`@reload\` in the game (or \`myriad reload\`) picks up a new build.
`;
  return {
    'package.json': JSON.stringify(pkg, null, 2) + '\n',
    'README.md': readme,
    '.gitignore': 'node_modules/\nbuild/\n',
  };
}

function manifest(name: string, engine: string): Record<string, unknown> {
  return {
    name,
    version: '0.1.0',
    description: `The ${name} pack.`,
    engine,
    abi: HOST_ABI,
    wasm: 'build/pack.wasm',
    dependencies: {},
    commands: [{ verb: name, aliases: [], help: 'Say hello and count how often you did.', usage: name }],
    events: {
      emits: [`${name}.greeted`],
      subscribes: [],
      schemas: {
        [`${name}.greeted`]: { type: 'object', required: ['count'], additionalProperties: false, properties: { count: { type: 'integer', minimum: 1 } } },
      },
    },
    components: { [`${name}.count`]: { type: 'integer', minimum: 0 } },
    capabilities: { send: ['actor'], write: [`${name}.count`], emit: [`${name}.greeted`] },
    limits: { memoryPages: 16 },
  };
}

function source(name: string, sdk: string): string {
  return `/**
 * The ${name} pack. \`${name}\` greets the player, counts the greetings in the
 * ${name}.count component and emits ${name}.greeted. Build with
 * \`myriad pack build\`, test with \`myriad pack test\` (docs/packs.md).
 */
import { Command, Events, JsonObj, Message, OK, State, dispatchCommand, fail, lastError, reply } from "${sdk}";

export function myriad_command(): i32 {
  return dispatchCommand(onCommand);
}

function onCommand(cmd: Command): i32 {
  const me = cmd.actor.id;
  const before = State.get(me, "${name}.count");
  const count = (before === null ? 0 : <i32>before.asNumber(0)) + 1;
  if (!State.set(me, "${name}.count", count)) return fail("${name.toUpperCase().replace(/-/g, '_')}_REFUSED", "That did not work (" + lastError()!.message + ").");
  if (!Events.emit("${name}.greeted", "char:" + me, new JsonObj().set("count", count))) {
    return fail("${name.toUpperCase().replace(/-/g, '_')}_REFUSED", "That did not work (" + lastError()!.message + ").");
  }
  reply(Message.info("Hello, " + cmd.actor.name + "! (greeting #" + count.toString() + ")"));
  return OK;
}
`;
}

function test(name: string, harness: string): string {
  return `/**
 * ${name}, in the pack harness: the real build/pack.wasm in the engine's world.
 * Run with \`myriad pack test\` (it builds first, then runs vitest).
 */
import { expect, onTestFinished, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { packWorld } from '${harness}';

const pack = fileURLToPath(new URL('..', import.meta.url));

test('${name} greets, counts and tells the world', async () => {
  const w = await packWorld({ pack });
  onTestFinished(() => w.close());
  const first = await w.command('Alice', '${name}');
  expect(first.text).toBe('Hello, Alice! (greeting #1)');
  const second = await w.command('Alice', '${name}');
  expect(second.text).toBe('Hello, Alice! (greeting #2)');
  expect(second.events.filter((e) => e.type === '${name}.greeted').map((e) => e.payload)).toEqual([{ count: 2 }]);
  expect(w.get(w.idOf('Alice'), '${name}.count')).toBe(2);
});
`;
}
