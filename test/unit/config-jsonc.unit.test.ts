/** Config files with comments (myriad init writes them): comments go, strings and errors stay as they were. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonc, stripComments } from '../../engine/config/jsonc.ts';

test('line and block comments are removed outside strings', () => {
  const text = '// head\n{\n  "url": "http://x//y", /* a /* note */\n  "glob": "a/*b*/c", // tail "quoted"\n  "esc": "say \\"// hi\\""\n}\n';
  assert.deepEqual(parseJsonc(text), { url: 'http://x//y', glob: 'a/*b*/c', esc: 'say "// hi"' });
});

test('lines and columns are kept, so JSON errors point at the right place', () => {
  const text = '{\n  // one\n  /* two\n  three */ "a": 1\n}';
  const stripped = stripComments(text);
  assert.equal(stripped.length, text.length);
  assert.equal(stripped.split('\n').length, text.split('\n').length);
  assert.throws(() => parseJsonc('{\n  // c\n  "a": 1,\n}'), SyntaxError, 'trailing commas stay an error');
});
