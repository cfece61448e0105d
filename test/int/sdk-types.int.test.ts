/**
 * Type tests for the SDK's AssemblyScript API (issue 17; style guide §8): every
 * file in test/fixtures/sdk-types/compiles/ must compile with the build's flags,
 * and every file in fails/ must be refused with the message its first line names
 * (`// expect-error: <regex>`) — so a change to the public API that breaks packs,
 * or stops catching a misuse, fails here. The harness's TypeScript API is checked
 * by `npm run typecheck` (test/types/harness.types.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileAssemblyScript } from '../../sdk/tooling/compile.ts';

const fixtures = fileURLToPath(new URL('../fixtures/sdk-types', import.meta.url));

function compile(dir: string, file: string): ReturnType<typeof compileAssemblyScript> {
  return compileAssemblyScript({ baseDir: dir, entry: file, abort: '../../../../sdk/assembly/abort/myriadAbort', memoryPages: 16 });
}

describe('the SDK AssemblyScript API', () => {
  const compiles = path.join(fixtures, 'compiles');
  for (const file of readdirSync(compiles).sort()) {
    it(`compiles: ${file}`, async () => {
      const r = await compile(compiles, file);
      assert.ok(r.ok, r.ok ? '' : r.errors.join('\n'));
    });
  }
  const fails = path.join(fixtures, 'fails');
  for (const file of readdirSync(fails).sort()) {
    it(`is refused: ${file}`, async () => {
      const expected = /^\/\/ expect-error: (.+)$/m.exec(readFileSync(path.join(fails, file), 'utf8'))?.[1];
      assert.ok(expected, `${file} names the error it expects on its first line`);
      const r = await compile(fails, file);
      assert.equal(r.ok, false, `${file} compiled, but should be refused with /${expected}/`);
      assert.match(r.ok ? '' : r.errors.join('\n'), new RegExp(expected));
    });
  }
});
