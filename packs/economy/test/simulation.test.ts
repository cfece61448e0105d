/**
 * The 365-day, 100-NPC economy of gameplay-rules §9.3, run inside the real
 * economy pack (`@economy simulate`, the pack's own price rule, tax and
 * restock/demand relaxation; see assembly/sim.ts) and checked against the
 * reference's balance targets: yearly inflation under 10 %, a final Gini of
 * 0.3–0.5, at least 10 trades per NPC per day, no NPC with half the wealth.
 * Seeded: the same seed gives the same year.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { packWorld } from '../../../sdk/tooling/harness.ts';

const pack = fileURLToPath(new URL('..', import.meta.url));
/** A simulated year takes ~150 ms of pack time on a quiet machine: more than the default 100 ms a call, so the test grants it (docs/packs/economy.md). */
const SETTINGS = { economy: { limits: { memoryPages: 64, wallMs: 20_000 } } };
const LINE = /^Simulated 365 days, 100 NPCs \(seed (\d+)\): inflation (-?[\d.]+) %, Gini ([\d.]+), ([\d.]+) trades per NPC per day, richest NPC ([\d.]+) % of (\d+) coins\.$/;

test('§9.3 balance targets hold over a simulated year for several seeds, and a seed repeats its year', async (t) => {
  const w = await packWorld({ pack, packs: ['rooms', 'inventory'], settings: SETTINGS });
  t.after(() => w.close());
  const seen = new Map<number, string>();
  for (const seed of [1, 2, 3, 19, 365]) {
    const out = await w.command('Alice', `@economy simulate 365 ${seed}`, { admin: true });
    const m = LINE.exec(out.text);
    assert.ok(m, out.text);
    const [, s, inflation, gini, trades, top] = m.map(Number);
    assert.equal(s, seed);
    assert.ok(Math.abs(inflation!) < 10, `seed ${seed}: inflation ${inflation} % within 10 %`);
    assert.ok(gini! >= 0.3 && gini! <= 0.5, `seed ${seed}: Gini ${gini} in 0.3–0.5`);
    assert.ok(trades! >= 10, `seed ${seed}: ${trades} trades per NPC per day ≥ 10`);
    assert.ok(top! < 50, `seed ${seed}: the richest holds ${top} % < 50 %`);
    seen.set(seed, out.text);
  }
  assert.equal((await w.command('Alice', '@economy simulate 365 19', { admin: true })).text, seen.get(19));
  assert.notEqual(seen.get(1), seen.get(2));
  // Nothing in the world changed: the market is as seeded.
  assert.equal(w.payloads('economy.bought').length + w.payloads('economy.sold').length, 0);
});

test('@economy refuses bad input', async (t) => {
  const w = await packWorld({ pack, packs: ['rooms', 'inventory'], settings: SETTINGS });
  t.after(() => w.close());
  assert.equal((await w.command('Alice', '@economy', { admin: true })).text, 'Usage: @economy simulate [days] [seed]');
  assert.equal((await w.command('Alice', '@economy simulate 0', { admin: true })).text, 'Days must be 1–3650.');
  assert.equal((await w.command('Alice', '@economy simulate lots', { admin: true })).text, 'Days must be 1–3650.');
});
