/** engine/ids.ts: ULIDs that are well-formed, time-ordered and strictly increasing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTime } from 'ulidx';
import { newUlid } from '../../engine/ids.ts';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

test('ids are 26 Crockford characters whose time part is now', () => {
  const before = Date.now();
  const id = newUlid();
  const after = Date.now();
  assert.match(id, ULID);
  assert.ok(decodeTime(id) >= before && decodeTime(id) <= after);
});

test('200,000 ids in a row are unique and strictly increasing, within and across milliseconds', () => {
  let prev = '';
  const seen = new Set<string>();
  for (let i = 0; i < 200_000; i++) {
    const id = newUlid();
    assert.ok(id > prev, `${id} after ${prev}`);
    seen.add(id);
    prev = id;
  }
  assert.equal(seen.size, 200_000);
});

test('within one millisecond the random part counts up; a clock that steps back does not reorder', () => {
  const t = Date.now() + 60_000;
  const a = newUlid(t);
  const b = newUlid(t);
  const c = newUlid(t - 5_000);
  assert.equal(a.slice(0, 10), b.slice(0, 10));
  assert.ok(b > a && c > b);
  assert.equal(decodeTime(c), t);
});
