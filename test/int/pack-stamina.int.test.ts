/**
 * The stamina pack through the real pack runtime, with rooms, spatial,
 * character and time: moves cost distance × gait cost, "Insufficient stamina"
 * rolls a move back, regeneration follows the world clock (none while moving,
 * faster resting, faster still by the hearth, none while paused), steps inside
 * a room cost too, and the pack works without its optional neighbours.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PackWorld } from '../support/pack-world.ts';

interface Pool {
  current: number;
  gait: string;
  resting: boolean;
}
const ALL = ['rooms', 'time', 'character', 'spatial', 'stamina'];

async function hero(w: PackWorld, name = 'Alice'): Promise<{ id: string; max: number; endurance: number }> {
  const id = await w.createCharacter(name);
  await w.command(id, 'confirm');
  await w.command(id, 'confirm');
  const max = w.component<{ stamina: number }>(id, 'character.derived').stamina;
  const endurance = w.component<{ endurance: number }>(id, 'character.attributes').endurance;
  return { id, max, endurance };
}

function room(w: PackWorld, id: string): string {
  return w.state.get(w.state.get(id, 'location') as string, 'name') as string;
}

test('walking costs 1 a metre (the road is 40 m from the square) until "Insufficient stamina" refuses the move', async (t) => {
  const w = await PackWorld.start({ packs: ALL });
  t.after(() => w.close());
  const { id, max } = await hero(w);
  assert.equal(w.component<Pool>(id, 'stamina.pool').current, max, 'a finished character starts at max');
  let moves = 0;
  let out = '';
  for (;;) {
    out = await w.command(id, moves % 2 === 0 ? 'north' : 'south');
    if (/Insufficient stamina/.test(out)) break;
    moves++;
    assert.ok(moves < 100);
  }
  assert.equal(moves, Math.floor(max / 40));
  const left = max - moves * 40;
  assert.equal(out, `Insufficient stamina: walking ${moves % 2 === 0 ? 'north' : 'south'} costs 40 and you have ${left} of ${max}. Rest a while (type rest), or go more gently (walk).`);
  assert.equal(room(w, id), moves % 2 === 0 ? 'Emberford Square' : 'The North Road', 'the refused move left them where they were');
  assert.equal(w.component<Pool>(id, 'stamina.pool').current, left);
  assert.ok(w.lines(id).some((l) => /^You are tiring: stamina \[#*-+\] \d+\/\d+\.$/.test(l)));
  const moved = w.payloads<{ gait: string; distance: number; cost: number; durationMs: number; noise: string; via: string }>('stamina.moved');
  assert.equal(moved.length, moves);
  assert.deepEqual({ ...moved[0]!, id: undefined, from: undefined, to: undefined }, { id: undefined, from: undefined, to: undefined, via: 'exit', exit: 'north', gait: 'walk', distance: 40, cost: 40, speed: 1.4, durationMs: 28_571, noise: 'normal' });
  const changes = w.payloads<{ old: number; new: number; reason: string }>('stamina.changed').filter((c) => c.reason === 'walk');
  assert.deepEqual(changes[0], { id, old: max, new: max - 40, reason: 'walk' });
  assert.equal(w.payloads('rooms.leave').length, moves, 'the refused move left no event behind');
});

test('gaits: sprint costs 4 a metre, sneak 1.5; steps inside a room are paid too', async (t) => {
  const w = await PackWorld.start({ packs: ALL });
  t.after(() => w.close());
  const { id, max } = await hero(w);
  assert.match(await w.command(id, 'sprint'), /^You will sprint from now on: 4 stamina a metre, 3× walking pace, and everyone will hear you\.$/);
  assert.match(await w.command(id, 'sprint'), /already sprinting/);
  await w.command(id, 'north');
  assert.equal(w.component<Pool>(id, 'stamina.pool').current, max - 160);
  assert.match(await w.command(id, 'sneak'), /1\.5 stamina a metre, 0\.5× walking pace, quietly\./);
  await w.command(id, 'step north 2');
  assert.equal(w.component<Pool>(id, 'stamina.pool').current, max - 163);
  const last = w.payloads<{ via: string; gait: string; cost: number; noise: string }>('stamina.moved').at(-1)!;
  assert.deepEqual([last.via, last.gait, last.cost, last.noise], ['step', 'sneak', 3, 'quiet']);
  assert.match(await w.command(id, 'run north'), /Type run on its own/);
});

test('recovery follows the world clock: none while moving, Endurance/10 a second standing, ×2 resting, ×4 by the hearth, none while paused', async (t) => {
  const w = await PackWorld.start({ packs: ALL });
  t.after(() => w.close());
  const { id, max, endurance } = await hero(w);
  await w.command(id, 'sprint');
  await w.command(id, 'east'); // the tavern: 30 m at 4/m = 120; 30 m at 3 × 1.4 m/s = 7.143 s of sprinting
  const afterMove = max - 120;
  const rate = endurance / 10;
  await w.advance(5_000); // still mid-sprint: no recovery
  assert.match(await w.command(id, 'stamina'), new RegExp(`^Stamina \\[[#-]+\\] ${afterMove}/${max} — you are sprinting\\.$`, 'm'));
  assert.match(await w.command(id, 'stamina'), /You will get your breath back once you stop moving\./);
  await w.advance(12_143); // the move's 7.143 s, then 10 s standing
  assert.match(await w.command(id, 'stamina'), new RegExp(` ${Math.floor(afterMove + 10 * rate)}/${max} `));

  const rest = await w.command(id, 'rest');
  assert.match(rest, new RegExp(`^You settle down by the hearth to rest\\. You recover ${rate * 4} stamina a second while you rest \\(4× the usual\\)\\. Moving, or stand, ends it\\.$`));
  await w.advance(2_000);
  const expected = Math.min(max, Math.floor(afterMove + 10 * rate + 2 * rate * 4));
  assert.match(await w.command(id, 'stamina'), new RegExp(` ${expected}/${max} — you are sprinting \\(resting by the hearth\\)\\.`));

  // A paused world recovers nothing.
  await w.command(id, '@time pause', true);
  await w.advance(60_000);
  const paused = await w.command(id, 'stamina');
  assert.match(paused, new RegExp(` ${expected}/${max} `));
  assert.match(paused, /The world is paused: nothing recovers until time flows again\./);
  // Admins move time on deterministically while paused: 10 game seconds by the hearth.
  await w.command(id, '@time advance 10s', true);
  assert.match(await w.command(id, 'stamina'), new RegExp(` ${Math.min(max, Math.floor(expected + 10 * rate * 4))}/${max} `));
  assert.match(await w.command(id, 'stand'), /^You get to your feet \(stamina \d+\/\d+\)\.$/);
  assert.match(await w.command(id, 'stand'), /already on your feet/);
  const reasons = new Set(w.payloads<{ reason: string }>('stamina.changed').map((c) => c.reason));
  assert.deepEqual([...reasons].sort(), ['created', 'regen', 'rest', 'sprint'].sort());
});

test('on its own (no character, time or spatial pack): 500 stamina, 20 m a room, real time', async (t) => {
  const w = await PackWorld.start({ packs: ['rooms', 'stamina'] });
  t.after(() => w.close());
  const id = await w.createCharacter('Solo');
  await w.command(id, 'run');
  await w.command(id, 'north');
  assert.equal(w.component<Pool>(id, 'stamina.pool').current, 460);
  await w.advance(60_000); // 20 m at 2.8 m/s is ~7 s of running; then 53 s at 5 a second, capped at 500
  assert.match(await w.command(id, 'stamina'), /^Stamina \[#{20}\] 500\/500 — you are running\.$/m);
});
