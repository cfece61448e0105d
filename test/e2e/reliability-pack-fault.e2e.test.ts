/**
 * Pack faults under load: a server process with the hostile `spin` fixture (an
 * infinite loop) while 200 WebSocket players walk and talk. One player runs
 * `spin` three times: each time the watchdog stops it and the world restarts;
 * the test measures the pause every other player sees (the slowest say sent
 * around each fault, against the quiet baseline), and after the third fault the
 * pack is quarantined: `spin` is refused at once and nothing pauses any more.
 *
 * MYRIAD_FAULT_CLIENTS changes the player count (default 200).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import WebSocket from 'ws';
import { fixturePacks } from '../support/fixture-packs.ts';
import { throwawayPostgres } from '../support/postgres.ts';
import { ChildServer, freePort, sleep } from '../support/reliability.ts';

const CLIENTS = Number(process.env['MYRIAD_FAULT_CLIENTS'] ?? 200);

interface Sample {
  readonly sentAt: number;
  readonly ms: number;
}

/** A lean WebSocket player that times its own says (200 of them share the test process). */
class TimedPlayer {
  readonly samples: Sample[] = [];
  private readonly pending = new Map<string, number>();
  private readonly texts: string[] = [];
  private waiters: Array<() => void> = [];
  private seq = 0;
  private ws!: WebSocket;

  constructor(readonly name: string) {}

  async connect(port: number): Promise<void> {
    this.ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    this.ws.on('error', () => undefined);
    this.ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; text?: string };
      if (frame.type !== 'output' && frame.type !== 'prompt') return;
      const text = frame.text ?? '';
      const said = /^You say, "(\w+)"/.exec(text)?.[1];
      const sentAt = said ? this.pending.get(said) : undefined;
      if (said && sentAt !== undefined) {
        this.pending.delete(said);
        this.samples.push({ sentAt, ms: performance.now() - sentAt });
      }
      if (this.texts.length > 50) this.texts.shift();
      this.texts.push(text);
      for (const w of this.waiters.splice(0)) w();
    });
    await new Promise<void>((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  send(line: string): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify({ type: 'input', text: line }));
  }

  say(): void {
    const token = `${this.name}t${++this.seq}`;
    this.pending.set(token, performance.now());
    this.send(`say ${token}`);
  }

  async expect(pattern: RegExp, ms = 20_000): Promise<string> {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = this.texts.findIndex((t) => pattern.test(t));
      if (i >= 0) return this.texts.splice(0, i + 1).pop()!;
      if (Date.now() > deadline) throw new Error(`${this.name}: expected ${pattern}; last: ${JSON.stringify(this.texts.slice(-5))}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, 200);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  close(): void {
    this.ws.terminate();
  }
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

test(`a runaway pack while ${CLIENTS} players play: bounded pause, then quarantine`, { timeout: 15 * 60_000 }, async (t) => {
  const pg = await throwawayPostgres();
  if ('skip' in pg) return t.skip(pg.skip);
  t.after(() => pg.drop());
  const fixtures = await fixturePacks(['spin']);
  t.after(() => fixtures.remove());
  const [telnetPort, httpPort] = [await freePort(), await freePort()];
  const server = new ChildServer({
    telnetPort,
    httpPort,
    databaseUrl: pg.url,
    config: {
      log: { level: 'info', pretty: false },
      packs: { enabled: ['rooms', 'social', 'spin'], dirs: [fixtures.dir], settings: { spin: { grants: { send: ['actor'] } } } },
      limits: { exemptAddresses: ['127.0.0.1', '::1'] },
    },
  });
  t.after(() => server.dispose());
  await server.start();

  const players: TimedPlayer[] = [];
  t.after(() => players.forEach((p) => p.close()));
  const names = Array.from({ length: CLIENTS + 1 }, (_, i) => `P${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
  // The first account is the admin: the attacker is an ordinary player.
  const admin = new TimedPlayer('Warden');
  await admin.connect(httpPort);
  await admin.expect(/connect <name> <password>/);
  admin.send('create Warden fault-pass');
  await admin.expect(/Welcome, Warden!/);
  for (let i = 0; i < names.length; i += 10) {
    await Promise.all(
      names.slice(i, i + 10).map(async (name) => {
        const p = new TimedPlayer(name);
        await p.connect(httpPort);
        await p.expect(/connect <name> <password>/);
        p.send(`create ${name} fault-pass`);
        await p.expect(new RegExp(`Welcome, ${name}!`));
        // Spread out over the village: a say reaches a room, not all 200.
        const way = ['look', 'north', 'east', 'south'][players.length % 4]!;
        p.send(way);
        players.push(p);
      }),
    );
  }
  const attacker = players.pop()!;
  t.diagnostic(`${players.length} players in the world`);

  // Everyone says something every 2–4 s.
  let playing = true;
  const loops = players.map(async (p) => {
    await sleep(Math.random() * 3_000);
    while (playing) {
      p.say();
      await sleep(2_000 + Math.random() * 2_000);
    }
  });
  await sleep(8_000);
  const baselineEnd = performance.now();
  const baseline = players
    .flatMap((p) => p.samples)
    .filter((s) => s.sentAt > baselineEnd - 5_000)
    .map((s) => s.ms);

  // Three runaway calls, 4 s apart (the watchdog's spare worker is ready again by then).
  const faults: number[] = [];
  for (let i = 0; i < 3; i++) {
    faults.push(performance.now());
    attacker.send('spin');
    await attacker.expect(/That took too long in the spin pack/, 30_000);
    await sleep(4_000);
  }
  // The third fault quarantines the pack: refused at once, no restart, no pause.
  const quarantinedAt = performance.now();
  attacker.send('spin');
  await attacker.expect(/spin is disabled/, 10_000);
  const refusalMs = performance.now() - quarantinedAt;
  await sleep(4_000);
  playing = false;
  await Promise.all(loops);
  await sleep(1_500);

  const all = players.flatMap((p) => p.samples);
  const around = (at: number): number[] => all.filter((s) => s.sentAt >= at - 300 && s.sentAt <= at + 1_500).map((s) => s.ms);
  const pauses = faults.map((f) => Math.max(...around(f)));
  const afterQuarantine = all.filter((s) => s.sentAt > quarantinedAt).map((s) => s.ms);
  const unanswered = players.reduce((n, p) => n + (p as unknown as { pending: Map<string, number> }).pending.size, 0);
  const restarts = server.grep(/world restarted/).length;
  const quarantineLog = server.grep(/quarantined/);

  t.diagnostic(
    `baseline say p50 ${percentile(baseline, 50).toFixed(0)} ms, p99 ${percentile(baseline, 99).toFixed(0)} ms (${baseline.length} says); ` +
      `pause around each fault (slowest say sent within 1.5 s): ${pauses.map((p) => p.toFixed(0)).join(', ')} ms; ` +
      `${restarts} world restarts; quarantined: spin refused in ${refusalMs.toFixed(0)} ms; after quarantine p99 ${percentile(afterQuarantine, 99).toFixed(0)} ms; ` +
      `${all.length} says timed, ${unanswered} unanswered`,
  );
  assert.equal(restarts, 3, 'one world restart per runaway call, none after the quarantine');
  assert.ok(quarantineLog.length > 0, 'the quarantine is logged for operators');
  assert.ok(Math.max(...pauses) < 3_000, `the pause is bounded: ${pauses.map((p) => p.toFixed(0)).join(', ')} ms`);
  assert.ok(percentile(afterQuarantine, 99) < 1_000, 'after the quarantine, play is back to normal');
  assert.equal(unanswered, 0, 'every say was answered (none lost in a restart)');
  await server.stop();
});
