import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VitalsRecord } from '../../engine/sessions/vitals.ts';

test('Char.Vitals parts from several packs make one record with one string line', () => {
  const v = new VitalsRecord();
  // The stamina pack's part, then the combat pack's: the second keeps the first's keys.
  assert.deepEqual(v.merge({ ep: 480, maxep: 500, string: 'Stamina 480/500' }), { ep: 480, maxep: 500, string: 'Stamina 480/500' });
  assert.deepEqual(v.merge({ hp: 12, maxhp: 50 }), { ep: 480, maxep: 500, hp: 12, maxhp: 50, string: 'HP 12/50  Stamina 480/500' });
  // A later part overrides only its own keys.
  assert.deepEqual(v.merge({ ep: 470, maxep: 500, string: 'Stamina 470/500' }), { ep: 470, maxep: 500, hp: 12, maxhp: 50, string: 'HP 12/50  Stamina 470/500' });
});

test('a Char.Vitals value that is not an object leaves the record as it was', () => {
  const v = new VitalsRecord();
  v.merge({ hp: 5, maxhp: 10 });
  for (const bad of [null, 7, 'hp', [1, 2]]) assert.deepEqual(v.merge(bad), { hp: 5, maxhp: 10, string: 'HP 5/10' });
});
