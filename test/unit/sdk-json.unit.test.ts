/**
 * The SDK's AssemblyScript JSON module, compiled to wasm and run through Extism
 * exactly as packs are: parse/serialise round trips, escaping, getters, builders
 * and the Message builder, with non-ASCII and escape-heavy text, checked against
 * JavaScript's own JSON.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import createPlugin, { type Plugin } from '@extism/extism';
import { compileAssemblyScript } from '../../sdk/tooling/compile.ts';
import { sanitizeMessage } from '../../engine/output/message.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
let plugin: Plugin;

async function call(fn: string, input: string): Promise<string> {
  const out = await plugin.call(fn, input);
  return out === null ? '' : out.string();
}

before(async () => {
  const compiled = await compileAssemblyScript({
    baseDir: repoRoot,
    entry: 'sdk/assembly/__tests__/json-entry.ts',
    abort: 'sdk/assembly/abort/myriadAbort',
    memoryPages: 16,
  });
  assert.ok(compiled.ok, compiled.ok ? '' : compiled.errors.join('\n'));
  plugin = await createPlugin({ wasm: [{ data: compiled.wasm }] }, {
    useWasi: false,
    runInWorker: false,
    functions: { 'extism:host/user': { myriad_log: () => 0n } },
  });
});

// Every character below U+0020, plus the ones JSON escapes by name.
const CONTROL = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');
const NASTY = [
  '',
  'plain ascii',
  'quote " backslash \\ slash /',
  CONTROL,
  'DEL \u007f and C1 \u0085',
  'héllo wörld — “curly” ‘quotes’ …',
  '中文字符 日本語 한국어',
  'emoji 😀 👩‍👩‍👧 flags 🇫🇷',
  'line sep \u2028 para sep \u2029',
  'BOM \ufeff zero-width \u200b',
  '"}],{"injected":true}',
  '\\u0041 is not an escape here',
];

describe('SDK JSON: quote (string literals)', () => {
  for (const text of NASTY) {
    it(`round-trips ${JSON.stringify(text).slice(0, 40)}`, async () => {
      const literal = await call('quote_input', text);
      assert.equal(JSON.parse(literal), text);
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(literal, /[\u0000-\u001f]/, 'no raw control characters in the literal');
    });
  }

  it('escapes control characters like JSON.stringify', async () => {
    assert.equal(await call('quote_input', CONTROL), JSON.stringify(CONTROL));
  });

  it('writes non-ASCII as UTF-8, not \\u escapes', async () => {
    const literal = await call('quote_input', 'é😀');
    assert.equal(literal, '"é😀"');
  });

  it('escapes lone surrogates, which UTF-8 cannot carry', async () => {
    assert.equal(await call('roundtrip', '"a\\ud800b"'), '"a\\ud800b"');
    assert.equal(await call('roundtrip', '"\\udc00"'), '"\\udc00"');
    assert.equal(await call('roundtrip', '"\\ud83d\\ude00"'), '"😀"', 'a valid pair is one character');
  });
});

describe('SDK JSON: parse', () => {
  const documents = [
    '{"a":[1,2.5,-3,0,1e5,1.5e-7,-12.75,123456789012],"b":{"c":null,"d":true,"e":false}}',
    '[]', '{}', '[[[[]]]]', '0', '-1', '"x"', 'true', 'null',
    ' \n\t{ "spaced" : [ 1 , 2 ] } \r\n',
    JSON.stringify({ text: NASTY.join('|'), nested: { list: NASTY } }),
    '"\\u0000\\u001f\\b\\f\\n\\r\\t\\/\\"\\\\"',
    '{"dup":1,"dup":2}',
    '{"big":9007199254740993,"tiny":5e-324,"huge":1.7976931348623157e308}',
  ];
  for (const doc of documents) {
    it(`round-trips ${doc.slice(0, 50)}`, async () => {
      const out = await call('roundtrip', doc);
      assert.ok(!out.startsWith('ERR:'), out);
      assert.deepEqual(JSON.parse(out), JSON.parse(doc));
    });
  }

  it('serialises integers without a fraction and -0 as 0', async () => {
    assert.equal(await call('roundtrip', '[1,-0,2.0,1e3,-7]'), '[1,0,2,1000,-7]');
  });

  it('serialises numbers JSON cannot hold as null, as JSON.stringify does', async () => {
    assert.equal(await call('roundtrip', '[1e400,-1e400]'), '[null,null]');
  });

  const malformed: Array<[string, RegExp]> = [
    ['', /unexpected end of input/],
    ['{"a":}', /unexpected '}'/],
    ['[1,]', /unexpected '\]'/],
    ['{"a" 1}', /expected ':'/],
    ['{"a":1,}', /expected a string key/],
    ['{a:1}', /expected a string key/],
    ['"unterminated', /unterminated string/],
    ['"bad \\x escape"', /bad escape/],
    ['"bad \\u12g4"', /bad escape/],
    ['"raw\ncontrol"', /control character/],
    ['01', /after the value/],
    ['1.', /bad number/],
    ['-', /bad number/],
    ['1e', /bad number/],
    ['tru', /unexpected 't'/],
    ['{} x', /unexpected 'x' after the value/],
    ['[1] [2]', /after the value/],
    ['NaN', /unexpected 'N'/],
    ['[' .repeat(100) + ']'.repeat(100), /nesting deeper than 64/],
  ];
  for (const [doc, reason] of malformed) {
    it(`rejects ${JSON.stringify(doc).slice(0, 30)} without trapping`, async () => {
      const out = await call('roundtrip', doc);
      assert.ok(out.startsWith('ERR:'), `expected an error, got ${out}`);
      assert.match(out, reason);
      assert.match(out, /at offset \d+/);
    });
  }

  it('decodes escapes into UTF-16 text, surrogate pairs included', async () => {
    assert.equal(await call('unquote_input', '"h\\u00e9llo \\ud83d\\ude00 \\"q\\" \\\\ \\n\\t"'), 'héllo 😀 "q" \\ \n\t');
    assert.equal(await call('unquote_input', JSON.stringify(NASTY.join(''))), NASTY.join(''));
  });

  it('nests to 64 levels', async () => {
    const doc = '['.repeat(64) + ']'.repeat(64);
    assert.equal(await call('roundtrip', doc), doc);
  });
});

describe('SDK JSON: getters', () => {
  it('reads values by type and falls back without trapping', async () => {
    const out = JSON.parse(await call('getters', JSON.stringify({ s: 'strïng 😀', n: 3.25, b: true, o: { inner: 'ïn', x: 1 }, a: [1, 2, 3] })));
    assert.deepEqual(out, {
      s: 'strïng 😀', n: 3.25, b: true, hasS: true, hasZ: false, missing: null, wrongType: null,
      numberFallback: 42, objKeys: ['inner', 'x'], objInner: 'ïn', arrLen: 3, notObject: true, notArray: true,
    });
  });

  it('treats a non-object document as having no members', async () => {
    const out = JSON.parse(await call('getters', '[1,2]'));
    assert.equal(out.s, null);
    assert.equal(out.n, -1);
    assert.equal(out.hasS, false);
    assert.equal(out.arrLen, -1);
  });
});

describe('SDK JSON: builders', () => {
  for (const text of ['simple', 'Zoë says "hi" \\ \n\t 😀 中文', CONTROL]) {
    it(`builds every value kind around ${JSON.stringify(text).slice(0, 30)}`, async () => {
      const out = await call('builder', text);
      assert.deepEqual(JSON.parse(out), {
        text, int: 42, neg: -7, float: 1.5, big: 1e21, nan: null, yes: true, none: null,
        list: [text, 1, false], strings: ['a', '"b"', 'é'], dom: { k: text }, raw: { pre: [1, 2] },
      });
    });
  }
});

describe('SDK Message builder', () => {
  it('builds the documented say message with spans and data', async () => {
    const text = 'héllo "there" \\ 😀';
    const raw = JSON.parse(await call('message', text));
    assert.deepEqual(raw, {
      kind: 'say',
      spans: [
        { text: 'Zoë', style: 'name', ref: '01ACTOR' },
        { text: ' says, "' },
        { text, style: 'speech' },
        { text: '"' },
      ],
      data: { package: 'Comm.Channel.Text', value: { channel: 'say', talker: 'Zoë', text } },
    });
    const checked = sanitizeMessage(raw);
    assert.ok(checked.ok, checked.ok ? '' : checked.reason);
  });
});
