/**
 * `myriad pack new <name>`: a new pack that builds and passes its test as it
 * stands — a manifest, an AssemblyScript entry with one command that keeps a
 * counter and emits an event, and a harness test asserting on all three (text,
 * event, state). The author edits from something that works.
 *
 * Paths to the SDK and the harness are relative to the new pack, so the pack may
 * live inside this repository (packs/<name>) or anywhere beside it.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_VERSION, HOST_ABI } from '../../engine/version.ts';

const NAME = /^[a-z][a-z0-9-]{1,31}$/;
const SDK_DIR = fileURLToPath(new URL('../assembly', import.meta.url));
const HARNESS = fileURLToPath(new URL('./harness.ts', import.meta.url));
const ASC_STD = fileURLToPath(new URL('../../node_modules/assemblyscript/std/assembly.json', import.meta.url));

export type ScaffoldResult = { readonly ok: true; readonly dir: string; readonly files: readonly string[] } | { readonly ok: false; readonly error: string };

export async function scaffoldPack(name: string, parentDir: string): Promise<ScaffoldResult> {
  if (!NAME.test(name)) return { ok: false, error: `"${name}" is not a pack name: 2–32 characters, lower-case letters, digits and "-", starting with a letter (it becomes the namespace of the pack's components and events)` };
  const dir = path.resolve(parentDir, name);
  if (existsSync(dir)) return { ok: false, error: `${dir} already exists; pick another name or remove it` };
  const rel = (from: string, to: string): string => {
    const r = path.relative(from, to).split(path.sep).join('/');
    return r.startsWith('.') ? r : `./${r}`;
  };
  const assembly = path.join(dir, 'assembly');
  const tests = path.join(dir, 'test');
  const [major, minor] = ENGINE_VERSION.split('.');
  const files: Record<string, string> = {
    'pack.json': JSON.stringify(manifest(name, `^${major}.${minor}.0`), null, 2) + '\n',
    'assembly/pack.ts': source(name, rel(assembly, SDK_DIR)),
    'assembly/tsconfig.json': JSON.stringify({ extends: rel(assembly, ASC_STD), include: ['./**/*.ts'] }, null, 2) + '\n',
    [`test/${name}.test.ts`]: test(name, rel(tests, HARNESS)),
  };
  await mkdir(assembly, { recursive: true });
  await mkdir(tests, { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(dir, file), text);
  return { ok: true, dir, files: Object.keys(files) };
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
 * Run with \`myriad pack test\` (it builds first).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { packWorld } from '${harness}';

const pack = fileURLToPath(new URL('..', import.meta.url));

test('${name} greets, counts and tells the world', async (t) => {
  const w = await packWorld({ pack });
  t.after(() => w.close());
  const first = await w.command('Alice', '${name}');
  assert.equal(first.text, 'Hello, Alice! (greeting #1)');
  const second = await w.command('Alice', '${name}');
  assert.equal(second.text, 'Hello, Alice! (greeting #2)');
  assert.deepEqual(second.events.map((e) => [e.type, e.payload]).filter(([type]) => type === '${name}.greeted'), [['${name}.greeted', { count: 2 }]]);
  assert.equal(w.get(w.idOf('Alice'), '${name}.count'), 2);
});
`;
}
