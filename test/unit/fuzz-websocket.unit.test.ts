/**
 * Property tests (fast-check) for the WebSocket input path: any frame text is
 * answered (a message or an error), never a throw; cleaned input lines carry no
 * controls, escapes, line breaks or lone surrogates, and cleaning is idempotent.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cleanInputLine, parseClientMessage } from '../../engine/net/websocket/protocol.ts';

/** Characters that steer terminals and parsers, mixed with ordinary text. */
const nasty = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom('\x1b', '[', ']', '\x07', '\\', '\r', '\n', '\t', '\x00', '\u009b', '\u0085', '\ud800', '\udc00', '\u00ff', 'O', 'm', '2', ';', 'a', ' '), maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 100 }) },
);

describe('websocket input (fuzz)', () => {
  it('parseClientMessage answers every frame with a message or an error, never a throw', () => {
    const frame = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.json({ maxDepth: 4 }),
      fc.record({ type: fc.constantFrom('input', 'ping', 'pong', 'output', '', 'INPUT'), text: fc.oneof(nasty, fc.integer(), fc.constant(null)), id: fc.oneof(fc.integer(), fc.string(), fc.object()) }).map((o) => JSON.stringify(o)),
    );
    fc.assert(
      fc.property(frame, (raw) => {
        const r = parseClientMessage(raw, 8_192);
        if (r.ok) assert.ok(r.message.type === 'input' || r.message.type === 'ping');
        else assert.match(r.error.code, /^NET_(BAD_JSON|BAD_MESSAGE|LINE_TOO_LONG)$/);
      }),
      { numRuns: 3_000 },
    );
  });

  it('a cleaned line has no controls, escapes, line breaks or lone surrogates, and cleaning twice changes nothing', () => {
    fc.assert(
      fc.property(nasty, (text) => {
        const clean = cleanInputLine(text);
        assert.doesNotMatch(clean, /[\u0000-\u001f\u007f-\u009f]/);
        assert.doesNotMatch(clean, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        assert.equal(cleanInputLine(clean), clean);
        assert.doesNotThrow(() => new TextEncoder().encode(clean));
      }),
      { numRuns: 5_000 },
    );
  });

  it('ordinary text passes through unchanged', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 80 }).filter((s) => !/[\u0000-\u001f\u007f-\u009f]/.test(s)),
        (text) => {
          assert.equal(cleanInputLine(text), text);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
