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
  plugin = await createPlugin(
    { wasm: [{ data: compiled.wasm }] },
    {
      useWasi: false,
      runInWorker: false,
      functions: { 'extism:host/user': { myriad_log: () => 0n } },
    },
  );
});

// Every character below U+0020, plus the ones JSON escapes by name.
const CONTROL = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');
const NASTY = ['', 'plain ascii', 'quote " backslash \\ slash /', CONTROL, 'DEL \u007f and C1 \u0085', 'héllo wörld — “curly” ‘quotes’ …', '中文字符 日本語 한국어', 'emoji 😀 👩‍👩‍👧 flags 🇫🇷', 'line sep \u2028 para sep \u2029', 'BOM \ufeff zero-width \u200b', '"}],{"injected":true}', '\\u0041 is not an escape here'];

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
    '[]',
    '{}',
    '[[[[]]]]',
    '0',
    '-1',
    '"x"',
    'true',
    'null',
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
    ['['.repeat(100) + ']'.repeat(100), /nesting deeper than 64/],
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

describe('SDK JSON: parse from UTF-8 bytes', () => {
  const documents = [
    // escapes at the start, the end and back to back, around non-ASCII runs
    '"\\n"',
    '"a\\n"',
    '"\\na"',
    '"\\"\\\\\\/\\b\\f\\n\\r\\t"',
    '"é\\té\\u00e9é"',
    '"😀\\n😀"',
    // a long string with escapes (the scratch buffer grows while decoding)
    JSON.stringify('x'.repeat(20000) + '\n' + 'é'.repeat(5000) + '"' + '😀'.repeat(3000) + '\\'),
    JSON.stringify({ ['ké']: 'vé', ['😀']: ['\u2028', 'a"b'] }),
    // integers: the digit-by-digit path (≤ 15 digits) and parseFloat beyond
    '[0,7,-7,123456789012345,-999999999999999,1234567890123456,12345678901234567890,9007199254740993]',
    '[0.1,-0.5,1e2,1E-2,2.5e+3,-1.25e-10,10.0]',
    // objects past the lookup index threshold, with a duplicate key late
    JSON.stringify(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i]))).replace(/}$/, ',"k3":"dup"}'),
    '{"a":{"b":{"c":[{"d":[[],{}]}]}}}',
    // many objects with repeated and distinct keys, long and non-ASCII keys
    JSON.stringify(Array.from({ length: 100 }, (_, i) => ({ id: i, [`k${i % 150}`]: i, ['x'.repeat(24)]: 2, ['y'.repeat(25)]: 3, [`é${i % 3}`]: 4, ba: 5, ab: 6 }))),
  ];
  for (const doc of documents) {
    it(`round-trips ${doc.slice(0, 50)}`, async () => {
      const out = await call('roundtrip', doc);
      assert.ok(!out.startsWith('ERR:'), out);
      assert.deepEqual(JSON.parse(out), JSON.parse(doc));
    });
  }

  it('keeps the first position of a duplicate key and the last value', async () => {
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, i]));
    const doc = JSON.stringify(many).replace(/}$/, ',"k3":"dup"}');
    const out = await call('roundtrip', doc);
    assert.deepEqual(Object.keys(JSON.parse(out)), Object.keys(many));
    assert.equal(JSON.parse(out).k3, 'dup');
    assert.equal(await call('roundtrip', '{"a":1,"b":2,"a":3}'), '{"a":3,"b":2}');
  });

  it('reads integers exactly', async () => {
    assert.equal(await call('roundtrip', '[123456789012345,-123456789012345,9007199254740991,0,-0]'), '[123456789012345,-123456789012345,9007199254740991,0,0]');
  });

  const malformed: Array<[string, RegExp]> = [
    ['"\\u12', /bad escape/],
    ['"\\u12"', /bad escape/],
    ['"abc\\', /bad escape/],
    ['"abc\\"', /unterminated string/],
    ['"é\\n', /unterminated string/],
    ['"é', /unterminated string/],
    ['{"é":1,"x":}', /unexpected '}' at offset 12/],
    ['["é" "x"]', /expected ',' or '\]' at offset 6/],
    ['[1,é]', /unexpected 'é' at offset 3/],
    ['nul', /unexpected 'n'/],
    ['fals', /unexpected 'f'/],
    ['truex', /unexpected 'x' after the value/],
    ['-01', /after the value/],
    ['1.e5', /bad number/],
    ['{"a":1', /expected ',' or '}' at offset 6/],
    ['[1', /expected ',' or '\]'/],
  ];
  for (const [doc, reason] of malformed) {
    it(`rejects ${JSON.stringify(doc).slice(0, 30)} without trapping (byte offsets)`, async () => {
      const out = await call('roundtrip', doc);
      assert.ok(out.startsWith('ERR:'), `expected an error, got ${out}`);
      assert.match(out, reason);
    });
  }

  it('does not trap on invalid UTF-8', async () => {
    for (const bytes of [
      [0x22, 0xc3, 0x22],
      [0x22, 0xff, 0xfe, 0x22],
      [0x22, 0xe2, 0x82],
      [0x5b, 0xf0, 0x9f, 0x98],
    ]) {
      const out = await plugin.call('roundtrip', new Uint8Array(bytes));
      assert.ok(out !== null);
    }
  });
});

describe('SDK JSON: object members', () => {
  for (const size of [3, 8, 9, 30]) {
    it(`finds, replaces and removes members of a ${size}-key object`, async () => {
      const doc: Record<string, unknown> = Object.fromEntries(Array.from({ length: size }, (_, i) => [`k${i}`, { v: i }]));
      const remove = ['k1', `k${size - 1}`, 'nope'];
      const ask = ['k0', 'k1', 'k2', `k${size - 1}`, `k${size - 2}`, 'nope', ''];
      const out = JSON.parse(await call('members', JSON.stringify({ doc, remove, ask })));
      const expected = { ...doc };
      for (const k of remove) delete expected[k];
      assert.deepEqual(out.doc, expected);
      assert.deepEqual(Object.keys(out.doc), Object.keys(expected));
      assert.deepEqual(
        out.has,
        ask.map((k) => k in expected),
      );
      assert.deepEqual(
        out.get,
        ask.map((k) => (k in expected ? expected[k] : '<missing>')),
      );
    });
  }
});

describe('SDK JSON: getters', () => {
  it('reads values by type and falls back without trapping', async () => {
    const out = JSON.parse(await call('getters', JSON.stringify({ s: 'strïng 😀', n: 3.25, b: true, o: { inner: 'ïn', x: 1 }, a: [1, 2, 3] })));
    assert.deepEqual(out, {
      s: 'strïng 😀',
      n: 3.25,
      b: true,
      hasS: true,
      hasZ: false,
      missing: null,
      wrongType: null,
      numberFallback: 42,
      objKeys: ['inner', 'x'],
      objInner: 'ïn',
      arrLen: 3,
      notObject: true,
      notArray: true,
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
        text,
        int: 42,
        neg: -7,
        float: 1.5,
        big: 1e21,
        nan: null,
        yes: true,
        none: null,
        list: [text, 1, false],
        strings: ['a', '"b"', 'é'],
        dom: { k: text },
        raw: { pre: [1, 2] },
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
      spans: [{ text: 'Zoë', style: 'name', ref: '01ACTOR' }, { text: ' says, "' }, { text, style: 'speech' }, { text: '"' }],
      data: { package: 'Comm.Channel.Text', value: { channel: 'say', talker: 'Zoë', text } },
    });
    const checked = sanitizeMessage(raw);
    assert.ok(checked.ok, checked.ok ? '' : checked.reason);
  });

  for (const text of ['plain', 'héllo "there" \\ 😀', CONTROL]) {
    it(`writes the same JSON into a request as toJson() for ${JSON.stringify(text).slice(0, 30)}`, async () => {
      const direct = await call('message_request', text);
      assert.equal(direct, await call('message', text));
      assert.equal(JSON.parse(direct).spans[2].text, text);
    });
  }
});
