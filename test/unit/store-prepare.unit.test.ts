/** prepareBatch: the pure half of a group commit (no database). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MyriadError } from '../../engine/errors.ts';
import { prepareBatch } from '../../engine/store/prepare.ts';
import { event, unit } from '../support/store-harness.ts';

describe('prepareBatch', () => {
  it('keeps the last change per component and per timer, in last-write order', () => {
    const batch = prepareBatch([
      unit(
        [],
        [
          { entity: 'e', key: 'a', value: 1 },
          { entity: 'e', key: 'b', value: 2 },
        ],
        {
          timersAdded: [{ id: 't1', pack: 'p', dueAt: 5, type: 'x', payload: { k: 1 } }],
        },
      ),
      unit([], [{ entity: 'e', key: 'a', value: null }], { timersFired: ['t1', 't2'] }),
      unit([], [{ entity: 'e', key: 'b', value: { deep: true } }]),
    ]);
    assert.deepEqual(batch.components, [
      { entity: 'e', key: 'a', value: null },
      { entity: 'e', key: 'b', value: '{"deep":true}' },
    ]);
    assert.deepEqual(batch.timers, [
      { id: 't1', row: null },
      { id: 't2', row: null },
    ]);
  });

  it('serialises events and normalises their time to ISO-8601 UTC', () => {
    const e = event('room:1', { at: '2026-01-02T03:04:05+01:00', payload: undefined, actor: { kind: 'system', id: 'clock' } });
    const [p] = prepareBatch([unit([e])]).events;
    assert.equal(p!.at, '2026-01-02T02:04:05.000Z');
    assert.equal(p!.payload, 'null');
    assert.equal(p!.actor, '{"kind":"system","id":"clock"}');
    assert.equal(p!.display, null);
    assert.equal(p!.unit, 0);
  });

  it('tells an escaped backslash-u apart from a real NUL or lone surrogate', () => {
    // The text `\u0000` (six characters) is fine; U+0000 itself is not.
    prepareBatch([unit([event('s', { payload: '\\u0000 and \\ud800 as text' })])]);
    prepareBatch([unit([event('s', { payload: '\\\\\\u0041' })])]);
    for (const bad of ['\u0000', '\\\u0000', 'a\uDC00', '\uD800']) {
      assert.throws(
        () => prepareBatch([unit([event('s')]), unit([event('s', { payload: { bad } })])]),
        (error: unknown) => error instanceof MyriadError && error.code === 'STORE_INVALID_VALUE' && error.details.unit === 1,
        JSON.stringify(bad),
      );
    }
  });

  it('rejects bad numbers where integers are required', () => {
    for (const e of [event('s', { v: 1.5 }), event('s', { expectedVersion: -1 })]) {
      assert.throws(
        () => prepareBatch([unit([e])]),
        (error: unknown) => error instanceof MyriadError && error.code === 'STORE_INVALID_VALUE',
      );
    }
  });
});
