/**
 * stamina, through the pack harness (`myriad pack test packs/stamina`), with
 * rooms, spatial, character and time: moves cost distance × gait cost, "Insufficient stamina"
 * rolls a move back, regeneration follows the world clock (none while moving,
 * faster resting, faster still by the hearth, none while paused), steps inside
 * a room cost too, and the pack works without its optional neighbours.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { packWorld, type PackWorld } from '../../../sdk/tooling/harness.ts';

const pack = fileURLToPath(new URL('..', import.meta.url));

interface Pool {
  current: number;
  gait: string;
  resting: boolean;
}
const OTHERS = ['rooms', 'time', 'character', 'spatial'];
/** Run a command and return what the actor saw. */
async function run(w: PackWorld, who: string, line: string, admin = false): Promise<string> {
  return (await w.command(who, line, { admin })).text;
}

/** Everything a character was shown, one line per entry. */
function lines(w: PackWorld, who: string): string[] {
  return w.seen(who).join('\n').split('\n');
}

async function hero(w: PackWorld, name = 'Alice'): Promise<{ id: string; max: number; endurance: number }> {
  const id = await w.character(name);
  await w.command(name, 'confirm');
  await w.command(name, 'confirm');
  const max = w.get<{ stamina: number }>(id, 'character.derived')!.stamina;
  const endurance = w.get<{ endurance: number }>(id, 'character.attributes')!.endurance;
  return { id, max, endurance };
}

function room(w: PackWorld, id: string): string {
  return w.state.get(w.state.get(id, 'location') as string, 'name') as string;
}

test('walking costs 1 a metre (the road is 40 m from the square) until "Insufficient stamina" refuses the move', async (t) => {
  const w = await packWorld({ pack, packs: OTHERS });
  t.after(() => w.close());
  const { id, max } = await hero(w);
  assert.equal(w.get<Pool>(id, 'stamina.pool')!.current, max, 'a finished character starts at max');
  let moves = 0;
  let out = '';
  for (;;) {
    out = await run(w, 'Alice', moves % 2 === 0 ? 'north' : 'south');
    if (/Insufficient stamina/.test(out)) break;
    moves++;
    assert.ok(moves < 100);
  }
  assert.equal(moves, Math.floor(max / 40));
  const left = max - moves * 40;
  assert.equal(out, `Insufficient stamina: walking ${moves % 2 === 0 ? 'north' : 'south'} costs 40 and you have ${left} of ${max}. Rest a while (type rest), or go more gently (walk).`);
  assert.equal(room(w, id), moves % 2 === 0 ? 'Emberford Square' : 'The North Road', 'the refused move left them where they were');
  assert.equal(w.get<Pool>(id, 'stamina.pool')!.current, left);
  assert.ok(lines(w, 'Alice').some((l) => /^You are tiring: stamina \[#*-+\] \d+\/\d+\.$/.test(l)));
  const moved = w.payloads<{ gait: string; distance: number; cost: number; durationMs: number; noise: string; via: string }>('stamina.moved');
  assert.equal(moved.length, moves);
  assert.deepEqual({ ...moved[0]!, id: undefined, from: undefined, to: undefined }, { id: undefined, from: undefined, to: undefined, via: 'exit', exit: 'north', gait: 'walk', distance: 40, cost: 40, speed: 1.4, durationMs: 28_571, noise: 'normal' });
  const changes = w.payloads<{ old: number; new: number; reason: string }>('stamina.changed').filter((c) => c.reason === 'walk');
  assert.deepEqual(changes[0], { id, old: max, new: max - 40, reason: 'walk' });
  assert.equal(w.payloads('rooms.leave').length, moves, 'the refused move left no event behind');
});

test('gaits: sprint costs 4 a metre, sneak 1.5; steps inside a room are paid too', async (t) => {
  const w = await packWorld({ pack, packs: OTHERS });
  t.after(() => w.close());
  const { id, max } = await hero(w);
  assert.match(await run(w, 'Alice', 'sprint'), /^You will sprint from now on: 4 stamina a metre, 3× walking pace, and everyone will hear you\.$/);
  assert.match(await run(w, 'Alice', 'sprint'), /already sprinting/);
  await run(w, 'Alice', 'north');
  assert.equal(w.get<Pool>(id, 'stamina.pool')!.current, max - 160);
  assert.match(await run(w, 'Alice', 'sneak'), /1\.5 stamina a metre, 0\.5× walking pace, quietly\./);
  await run(w, 'Alice', 'step north 2');
  assert.equal(w.get<Pool>(id, 'stamina.pool')!.current, max - 163);
  const last = w.payloads<{ via: string; gait: string; cost: number; noise: string }>('stamina.moved').at(-1)!;
  assert.deepEqual([last.via, last.gait, last.cost, last.noise], ['step', 'sneak', 3, 'quiet']);
  assert.match(await run(w, 'Alice', 'run north'), /Type run on its own/);
});

test('recovery follows the world clock: from arrival, Endurance/10 a second standing, ×2 resting, ×4 by the hearth, none while paused', async (t) => {
  const w = await packWorld({ pack, packs: OTHERS });
  t.after(() => w.close());
  const { max, endurance } = await hero(w);
  await run(w, 'Alice', 'sprint');
  await run(w, 'Alice', 'east'); // the tavern: 30 m at 4/m = 120
  const afterMove = max - 120;
  const rate = endurance / 10;
  // Arrived is standing still: recovery starts at once (not after the 7 s the sprint "took").
  assert.match(await run(w, 'Alice', 'stamina'), new RegExp(`^Stamina \\[[#-]+\\] ${afterMove}/${max} — you are standing still \\(pace: sprinting\\)\\.$`, 'm'));
  await w.advance(10_000);
  assert.match(await run(w, 'Alice', 'stamina'), new RegExp(` ${Math.floor(afterMove + 10 * rate)}/${max} `));

  const rest = await run(w, 'Alice', 'rest');
  assert.match(rest, new RegExp(`^You settle down by the hearth to rest\\. You recover ${rate * 4} stamina a second while you rest \\(4× the usual\\)\\. Moving, or stand, ends it\\.$`));
  await w.advance(2_000);
  const expected = Math.min(max, Math.floor(afterMove + 10 * rate + 2 * rate * 4));
  assert.match(await run(w, 'Alice', 'stamina'), new RegExp(` ${expected}/${max} — you are resting by the hearth \\(pace: sprinting\\)\\.`));

  // A paused world recovers nothing.
  await run(w, 'Alice', '@time pause', true);
  await w.advance(60_000);
  const paused = await run(w, 'Alice', 'stamina');
  assert.match(paused, new RegExp(` ${expected}/${max} `));
  assert.match(paused, /The world is paused: nothing recovers until time flows again\./);
  // Admins move time on deterministically while paused: 10 game seconds by the hearth.
  await run(w, 'Alice', '@time advance 10s', true);
  assert.match(await run(w, 'Alice', 'stamina'), new RegExp(` ${Math.min(max, Math.floor(expected + 10 * rate * 4))}/${max} `));
  assert.match(await run(w, 'Alice', 'stand'), /^You get to your feet \(stamina \d+\/\d+\)\.$/);
  assert.match(await run(w, 'Alice', 'stand'), /already on your feet/);
  const reasons = new Set(w.payloads<{ reason: string }>('stamina.changed').map((c) => c.reason));
  assert.deepEqual([...reasons].sort(), ['created', 'regen', 'rest', 'sprint'].sort());
});

test('on its own (no character, time or spatial pack): 500 stamina, 20 m a room, real time', async (t) => {
  const w = await packWorld({ pack, packs: ['rooms'] });
  t.after(() => w.close());
  await w.character('Solo');
  const id = w.idOf('Solo');
  await run(w, 'Solo', 'run');
  await run(w, 'Solo', 'north');
  assert.equal(w.get<Pool>(id, 'stamina.pool')!.current, 460);
  await w.advance(60_000); // 20 m at 2.8 m/s is ~7 s of running; then 53 s at 5 a second, capped at 500
  assert.match(await run(w, 'Solo', 'stamina'), /^Stamina \[#{20}\] 500\/500 — you are standing still \(pace: running\)\.$/m);
});

test('the prompt shows stamina after each command, follows it as it changes, and can be changed or hidden', async (t) => {
  const w = await packWorld({ pack, packs: ['rooms'] });
  t.after(() => w.close());
  await w.character('Solo');
  assert.equal((await w.command('Solo', 'look')).prompt, '[500/500 st] > ');
  assert.equal((await w.command('Solo', 'north')).prompt, '[480/500 st] > ');
  await w.advance(2_000); // 5 a second standing still, from arrival
  assert.equal((await w.command('Solo', '')).prompt, '[490/500 st] > ');
  assert.equal((await w.command('Solo', 'prompt {stamina}st {gait} >')).text, 'Your prompt is now: {stamina}st {gait} > ');
  assert.equal((await w.command('Solo', 'look')).prompt, '490st walking > ');
  assert.equal((await w.command('Solo', 'prompt HP {hp}/{maxhp} >')).prompt, 'HP ?/? > ');
  await w.command('Solo', 'prompt off');
  assert.equal((await w.command('Solo', 'look')).prompt, null);
  assert.equal((await w.command('Solo', 'prompt default')).text, 'Your prompt is back to the default: [{stamina}/{maxstamina} st] > ');
  assert.equal((await w.command('Solo', 'look')).prompt, '[490/500 st] > ');
  assert.match((await w.command('Solo', `prompt ${'x'.repeat(121)}`)).text, /^That prompt is too long/);
  // The prompt is a prompt message (telnet ends it with EOR/GA), not a line of text.
  assert.equal((await w.command('Solo', 'look')).messages.at(-1)?.kind, 'prompt');
});
