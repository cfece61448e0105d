/**
 * The pure parts of issue 11's sandbox rules: cleaning pack text (format and
 * control characters), the per-pack timer quota, the timer pump's per-look share,
 * and the character-name index that refuses look-alike spawns.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hasLineBreak, stripControl } from '../../engine/output/message.ts';
import { TimerQuota } from '../../engine/world/timer-quota.ts';
import { timersPerLook } from '../../engine/schedule/timers.ts';
import { WorldState } from '../../engine/world/state.ts';
import { DEFAULT_PACK_LIMITS } from '../../engine/config/defaults.ts';
import { parseHostRequest } from '../../engine/world/pack-runtime/host-functions.ts';

describe('stripControl', () => {
  it('removes bidi controls, marks and zero-width spaces; keeps joiners, newline and tab', () => {
    const bidi = '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\u2060\ufeff\u00ad';
    assert.equal(stripControl(`a${bidi}b`), 'ab');
    assert.equal(stripControl('👩\u200d👩\u200d👧 می\u200cخواهم'), '👩\u200d👩\u200d👧 می\u200cخواهم');
    assert.equal(stripControl('one\ttwo\nthree'), 'one\ttwo\nthree');
    assert.equal(stripControl('\u001b[2Jx\r\u0085y'), '[2Jxy');
  });

  it('turns line and paragraph separators into line breaks, which the one-line rule sees', () => {
    assert.equal(stripControl('a\u2028b\u2029c'), 'a\nb\nc');
    assert.equal(hasLineBreak(stripControl('The wind howls.\u2028Admin says, "hi"')), true);
    assert.equal(hasLineBreak(stripControl('one line\r')), false);
  });
});

describe('TimerQuota', () => {
  const limits = { ...DEFAULT_PACK_LIMITS, maxPendingTimers: 5, timerCallsPerSecond: 3 };

  it('refuses past maxPendingTimers, counting this request and committed results', () => {
    const q = new TimerQuota({ bomb: 3 }, () => 0);
    assert.equal(q.schedule('bomb', limits, 0), null);
    assert.equal(q.schedule('bomb', limits, 1), null);
    assert.deepEqual(q.schedule('bomb', { ...limits, timerCallsPerSecond: 100 }, 2), { limit: 'maxPendingTimers', value: 5 });
    q.applied([{ pack: 'bomb' }], 'bomb'); // one added, one fired
    assert.equal(q.pendingOf('bomb'), 3);
    assert.equal(q.pendingOf('other'), 0);
  });

  it('refuses past timerCallsPerSecond and refills over a second', () => {
    let now = 0;
    const q = new TimerQuota({}, () => now);
    const wide = { ...limits, maxPendingTimers: 1_000 };
    for (let i = 0; i < 3; i++) assert.equal(q.schedule('p', wide, 0), null);
    assert.deepEqual(q.schedule('p', wide, 0), { limit: 'timerCallsPerSecond', value: 3 });
    now = 340; // a third of a second: one token back
    assert.equal(q.schedule('p', wide, 0), null);
    assert.deepEqual(q.schedule('p', wide, 0), { limit: 'timerCallsPerSecond', value: 3 });
    assert.equal(q.schedule('q', wide, 0), null, 'buckets are per pack');
  });

  it('timersPerLook spreads a pack over the looks of a second, at least one', () => {
    assert.equal(timersPerLook(20, 100), 2);
    assert.equal(timersPerLook(1, 100), 1);
    assert.equal(timersPerLook(1_000, 100), 100);
  });
});

describe('WorldState.characterNamed', () => {
  it('knows characters by name, folding case and compatibility forms, and follows renames and kind changes', () => {
    const s = new WorldState();
    s.set('c1', 'name', 'Carol');
    assert.equal(s.characterNamed('carol'), false, 'not a character yet');
    s.set('c1', 'kind', 'character');
    assert.equal(s.characterNamed('CAROL'), true);
    assert.equal(s.characterNamed('Ｃarol'), true, 'full-width C');
    s.set('i1', 'name', 'lantern');
    s.set('i1', 'kind', 'item');
    assert.equal(s.characterNamed('lantern'), false);
    s.set('c1', 'name', 'Caroline');
    assert.equal(s.characterNamed('carol'), false);
    assert.equal(s.characterNamed('caroline'), true);
    s.set('c1', 'kind', undefined);
    assert.equal(s.characterNamed('caroline'), false);
  });
});

describe('parseHostRequest', () => {
  const cleanedSlowly = (text: string): unknown => JSON.parse(text, (_k, v: unknown) => (typeof v === 'string' ? stripControl(v) : v));
  // Every UTF-16 unit as \uXXXX, as a writer that escapes everything would send it.
  const escapeAll = (s: string): string => `"${Array.from({ length: s.length }, (_, i) => `\\u${s.charCodeAt(i).toString(16).padStart(4, '0')}`).join('')}"`;
  const anyText = fc.string({ unit: 'binary', maxLength: 40 });
  const withControls = fc.array(fc.oneof(anyText, fc.constantFrom('\u202e', '\r', '\b', '\f', '\u0007', '\u2028', '\u200d', '\n', '\t', '\\')), { maxLength: 6 }).map((parts) => parts.join(''));

  it('cleans every string value exactly as the reviver does, whether characters come raw or escaped', () => {
    fc.assert(
      fc.property(withControls, withControls, (a, b) => {
        const plain = JSON.stringify({ text: a, nested: { list: [b, 1, true, null] } });
        assert.deepEqual(parseHostRequest(plain), cleanedSlowly(plain));
        const escaped = `{"text":${escapeAll(a)},"more":${escapeAll(b)}}`;
        assert.deepEqual(parseHostRequest(escaped), cleanedSlowly(escaped));
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it('an escaped bidi override or carriage return is cleaned too', () => {
    assert.deepEqual(parseHostRequest('{"t":"a\\u202eb\\rc"}'), { t: 'abc' });
  });
});
