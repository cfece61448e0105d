/** The replay block's text and the game time of replayed lines (engine/sessions/replay.ts, game-time.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replayMessages } from '../../engine/sessions/replay.ts';
import { gameMsAt, gameTimeText } from '../../engine/sessions/game-time.ts';
import { plainText } from '../../engine/output/message.ts';
import type { StoredEvent } from '../../engine/store/types.ts';

function said(position: number, text: string, at = '2026-01-01T00:00:00.000Z'): StoredEvent {
  return {
    id: `e${position}`,
    position,
    version: position,
    stream: 'room:r',
    type: 'social.say',
    v: 1,
    actor: { kind: 'character', id: 'ann' },
    pack: 'social',
    packVersion: '0.1.0',
    payload: {},
    at,
    display: { actor: { kind: 'say', spans: [{ text: `You say, "${text}"` }] }, others: { kind: 'say', spans: [{ text: `Ann says, "${text}"` }] } },
  } as StoredEvent;
}

test('nothing missed: no replay block at all', () => {
  assert.deepEqual(replayMessages([], 'bob', 200), []);
});

test('one missed event is singular; two are plural; lines as live with their game time', () => {
  const one = replayMessages([said(1, 'hi')], 'bob', 200, () => 'day 1, 08:05').map(plainText);
  assert.deepEqual(one, ['--- 1 missed event ---', '[day 1, 08:05] Ann says, "hi"', '--- end of replay ---']);
  const two = replayMessages([said(1, 'a'), said(2, 'b')], 'bob', 200).map(plainText);
  assert.deepEqual(two, ['--- 2 missed events ---', 'Ann says, "a"', 'Ann says, "b"', '--- end of replay ---']);
  const capped = replayMessages([said(1, 'a'), said(2, 'b'), said(3, 'c')], 'bob', 2).map(plainText);
  assert.equal(capped[0], '--- 3 missed events (showing the last 2) ---');
});

test('game time: the time pack clock formula, day and clock text', () => {
  const day = 86_400_000;
  // Running at 2x since real ms 1000 from game ms 0.
  assert.equal(gameMsAt({ at: 1000, game: 0, rate: 2, until: 0, then: 2 }, 1000 + 3_600_000), 7_200_000);
  // Paused: rate 0 keeps the game time.
  assert.equal(gameMsAt({ at: 1000, game: 5, rate: 0, until: 0, then: 1 }, 99_999), 5);
  // Catching up at 100x until real 2000, then 1x.
  assert.equal(gameMsAt({ at: 1000, game: 0, rate: 100, until: 2000, then: 1 }, 3000), 100_000 + 1000);
  assert.equal(gameTimeText(0, day), 'day 1, 00:00');
  assert.equal(gameTimeText(day + 8 * 3_600_000 + 5 * 60_000, day), 'day 2, 08:05');
  // A one-hour day: each game hour is 150 s.
  assert.equal(gameTimeText(150_000 * 13, 3_600_000), 'day 1, 13:00');
});
