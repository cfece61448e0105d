/**
 * NPC minds over telnet with the default packs (issue 20, part A): a player
 * gives Marta bread and, coming back, Marta greets her by name and speaks of
 * it; Marta tells Old Tom, who was out, and Tom passes it on when asked
 * (gossip reaching a second NPC); a player who attacks Wren is refused talk
 * and avoided; after a week of game time the memory has faded; all of it
 * survives a restart and equals a world rebuilt from the event log — on
 * PGlite and on PostgreSQL.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { rebuildComponents, snapshotToState } from '../../engine/store/rebuild.ts';
import type { RunningServer } from '../../engine/gateway/server.ts';
import { startTestServer, tempDataDir } from '../support/server.ts';
import { throwawayPostgres } from '../support/postgres.ts';
import { TelnetPlayer, createCharacter } from '../support/players.ts';

/** Conversations checked every game second, always started when there is news (the §5.3 defaults are 30 s and 10 %). */
const SETTINGS = { memory: { config: { chatEveryMs: 1000, chatChance: 1 } } };
/** The polling loops below send many lines; as gameplay-social does, allow 400 in 2 s. */
const LIMITS = { commands: { count: 400, windowMs: 2_000 } };
/** Old Tom wanders (a move every ~10 s on average): give the loops a minute and a half on a loaded machine. */
const WANDER_MS = 90_000;

test('on PGlite: gift remembered and spoken of, gossip, fear and avoidance, fading, restart and rebuild', async (t) => {
  const data = tempDataDir();
  t.after(() => data.remove());
  await scenario(t, { dataDir: data.dir });
});

test('on PostgreSQL: the same minds, the same guarantees', async (t) => {
  const pg = await throwawayPostgres();
  if ('skip' in pg) {
    t.skip(pg.skip);
    return;
  }
  t.after(() => pg.drop());
  await scenario(t, { databaseUrl: pg.url });
});

async function scenario(t: TestContext, storage: { dataDir?: string; databaseUrl?: string }): Promise<void> {
  const opts = { ...storage, settings: SETTINGS, limits: LIMITS };
  let server = await startTestServer(opts);
  t.after(() => server.stop());
  const ada = await TelnetPlayer.connect(server.telnetPort);
  const bob = await TelnetPlayer.connect(server.telnetPort);
  await createCharacter(ada, 'Ada'); // the first account is an admin (@mind, @time)
  await createCharacter(bob, 'Bob');

  // Into the Crooked Lantern; wait until Old Tom has wandered out to the square.
  ada.send('east');
  await ada.expect('The Crooked Lantern');
  // (The stray dog may have followed someone in: "Marta, Tom and a stray dog are here.")
  await until(ada, 'look', /^.+ (is|are) here\.$/, (l) => /\bMarta\b/.test(l) && !/\bTom\b/.test(l));
  ada.send('talk marta');
  await ada.expect('Marta says, "Well met, Ada. I\'m Marta. Quiet day, is it not?"');
  ada.send('get bread');
  await ada.expect(/^You pick up a loaf of bread/);
  ada.send('give 1 bread to marta');
  await ada.expect('You give a loaf of bread to Marta.');
  ada.send('talk marta');
  await ada.expect('Marta says, "Greetings, Ada. You gave me a loaf of bread — I remember it clearly. That was kind of you."');

  // Out and back in: Marta greets her by name and speaks of the gift.
  ada.send('west');
  await ada.expect('Emberford Square');
  ada.send('east');
  await ada.expect('Marta says, "Greetings, Ada! You gave me a loaf of bread — thank you again."');

  // Tom comes back; Marta tells him (the room hears it); Tom tells Ada when asked.
  await ada.expect('Marta says, "Tom. Did you hear? Ada gave Marta a loaf of bread."', WANDER_MS);
  await ada.expect('Tom says, "That sounds wonderful!"');
  await until(ada, 'ask tom about ada', /^(Tom says, "Ada\? .*"|There is no one called "tom" here to talk to\.)$/, (l) => l.startsWith('Tom says, "Ada? Marta told me that Ada gave Marta a loaf of bread'));

  // Bob attacks Wren in the square: she is afraid of him, will not talk, and leaves when he walks in.
  bob.send('attack wren');
  await bob.expect(/Wren/);
  await escapeFight(bob);
  bob.send('talk wren');
  const refused = await bob.expect(/^(Wren says, "Keep away from me!"|There is no one called "wren" here to talk to\.)$/);
  if (refused.startsWith('Wren says')) {
    // Bob is still in the square (fleeing may have failed to leave it): walk out first.
    await go(bob, 'south', 'The Riverbank');
  }
  await backToSquare(bob);
  await bob.expect('Wren flinches at the sight of Bob.', 10_000);
  await bob.expect(/^Wren leaves /, 10_000);

  // A week of game time: the memory has faded (ew 0.5: 1 − 0.0015 × 7 = 0.9895).
  ada.send('@mind marta');
  const before = clarity(await ada.expect(/"Ada gave me a loaf of bread"/));
  assert.equal(before, 1);
  ada.send('@time advance 7d');
  await ada.expect(/^You move the world clock forward 10080 game minutes/);
  ada.send('@mind marta');
  const week = clarity(await ada.expect(/"Ada gave me a loaf of bread"/));
  assert.ok(week < before && Math.abs(week - 0.9895) <= 0.0006, `faded to ${week}`);

  // The world rebuilt from the log equals the snapshot; after a restart it is all still there.
  await assertLogMatchesSnapshot(server);
  await Promise.all([ada.close(), bob.close()]);
  await server.stop();
  server = await startTestServer(opts);
  const again = await TelnetPlayer.connect(server.telnetPort);
  await again.expect(/connect <name> <password>/);
  again.send('connect Ada secret-pass');
  await again.expect('Welcome back, Ada.', 15_000);
  again.send('@mind marta');
  assert.equal(clarity(await again.expect(/"Ada gave me a loaf of bread"/)), week);
  await again.close();
  // Stop before the PostgreSQL variant's after hook drops the database (play.e2e's lesson).
  await server.stop();
}

/** Send `line` until the answer matching `answer` also passes `done` (an NPC that wanders, a timer that has not fired yet). */
async function until(p: TelnetPlayer, line: string, answer: RegExp, done: (l: string) => boolean): Promise<string> {
  const deadline = Date.now() + WANDER_MS;
  for (;;) {
    p.send(line);
    const got = await p.expect(answer, 10_000);
    if (done(got)) return got;
    if (Date.now() > deadline) throw new Error(`"${line}" never answered as wanted; last: ${got}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Flee until out of the fight: a flight takes a combat round and can fail (Wren does not flee: flee 0). */
async function escapeFight(p: TelnetPlayer): Promise<void> {
  for (let i = 0; i < 20; i++) {
    p.skip();
    p.send('flee');
    const got = await p.expect(/^(You flee |You are not fighting anyone)/, 10_000).catch(() => '');
    if (got !== '') return;
  }
  throw new Error('could not get out of the fight');
}

async function backToSquare(p: TelnetPlayer): Promise<void> {
  p.send('look');
  const here = await p.expect(/^(Emberford Square|The Riverbank|The Crooked Lantern|The North Road)$/);
  const way: Record<string, string> = { 'The Riverbank': 'north', 'The Crooked Lantern': 'west', 'The North Road': 'south' };
  if (here === 'Emberford Square') {
    await go(p, 'south', 'The Riverbank');
    await go(p, 'north', 'Emberford Square');
  } else {
    await go(p, way[here]!, 'Emberford Square');
  }
}

/** Walk, resting first when a long fight has left too little stamina for the step. */
async function go(p: TelnetPlayer, dir: string, room: string): Promise<void> {
  for (let i = 0; i < 30; i++) {
    p.send(dir);
    const got = await p.expect(new RegExp(`^(${room}|Insufficient stamina.*)$`), 10_000);
    if (got === room) return;
    p.send('rest');
    await new Promise((r) => setTimeout(r, 3000));
  }
  throw new Error(`could not walk ${dir}`);
}

function clarity(line: string): number {
  return Number(/clarity ([\d.]+)/.exec(line)![1]);
}

async function assertLogMatchesSnapshot(server: RunningServer): Promise<void> {
  await server.gateway.committer.drain();
  const rebuilt = await rebuildComponents(server.gateway.store);
  const snapshot = snapshotToState((await server.gateway.store.loadSnapshot()).components);
  const minds = [...snapshot.values()].filter((c) => c.has('memory.stream') || c.has('relationships.bonds'));
  assert.ok(minds.length >= 3, 'Marta, Tom and Wren have minds in the snapshot');
  assert.deepEqual(sorted(rebuilt), sorted(snapshot));
}

function sorted(state: Map<string, Map<string, unknown>>): Array<[string, Array<[string, unknown]>]> {
  return [...state].map(([e, comps]) => [e, [...comps].sort(([a], [b]) => a.localeCompare(b))] as [string, Array<[string, unknown]>]).sort(([a], [b]) => a.localeCompare(b));
}
