/**
 * Operating a live server: after some play over telnet and WebSocket, /metrics
 * carries every metric the operator docs list with real values, and the JSON
 * logs follow one command by its correlation id from the socket (command
 * received) through the world (pack call) to the commit (command committed).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../../engine/logger.ts';
import { startServer } from '../../engine/gateway/server.ts';
import { TelnetPlayer, WsPlayer, createCharacter } from '../support/players.ts';
import { testConfig } from '../support/server.ts';

type LogLine = Record<string, unknown> & { msg: string };

/** Value of one sample in Prometheus text format; labels must match exactly as written. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const re = new RegExp(`^${name}${labels ? `\\{${labels.replace(/[{}]/g, '\\$&')}\\}` : ''} (\\S+)$`, 'm');
  const m = re.exec(text);
  return m ? Number(m[1]) : undefined;
}

test('metrics are fed by play, and a command is followed by its corr from socket to pack to commit', async (t) => {
  const lines: LogLine[] = [];
  const log = createLogger('debug', false, { destination: { write: (s: string) => void lines.push(JSON.parse(s) as LogLine) } });
  const server = await startServer(testConfig({}), log);
  const alice = await TelnetPlayer.connect(server.telnetPort);
  const bob = await WsPlayer.connect(server.httpPort);
  t.after(async () => {
    await alice.close();
    await bob.close();
    await server.stop();
  });
  await createCharacter(alice, 'Alice');
  await createCharacter(bob, 'Bob');

  bob.skip();
  alice.send('say the metrics are in');
  await bob.expect('Alice says, "the metrics are in"');
  await alice.expect('You say, "the metrics are in"');
  alice.send('lok');
  await alice.expect('Did you mean "look"');
  bob.send('north');
  await bob.expect('The North Road');
  await server.gateway.world.restart('crash injected by the test', null);

  const res = await fetch(`http://127.0.0.1:${server.metricsPort!}/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  const m = (name: string, labels?: string): number => {
    const v = sample(text, name, labels);
    assert.ok(v !== undefined, `${name}{${labels ?? ''}} missing from /metrics`);
    return v;
  };
  assert.equal(m('myriad_connections', 'transport="telnet"'), 1);
  assert.equal(m('myriad_connections', 'transport="websocket"'), 1);
  assert.ok(m('myriad_commands_total') >= 3);
  assert.ok(m('myriad_command_latency_seconds_count') >= 3);
  assert.ok(m('myriad_command_latency_seconds_sum') > 0);
  assert.ok(m('myriad_pack_call_latency_seconds_count', 'pack="social"') >= 1, 'say ran in the social pack');
  assert.ok(m('myriad_pack_call_latency_seconds_count', 'pack="rooms"') >= 2, 'look on arrival and north ran in rooms');
  assert.ok(m('myriad_commit_batch_units_count') >= 1);
  assert.ok(m('myriad_commit_latency_seconds_count') >= 1);
  assert.ok(m('myriad_events_appended_total') >= 5);
  assert.equal(m('myriad_world_restarts_total', 'reason="crash"'), 1);
  assert.ok(m('myriad_event_loop_lag_seconds') >= 0);
  assert.match(text, /^# TYPE myriad_pack_faults_total counter$/m);
  assert.match(text, /^# TYPE myriad_pack_quarantines_total counter$/m);
  assert.ok(m('myriad_process_resident_memory_bytes') > 0);

  // One command, one corr: received at the socket, run in the social pack, committed.
  const received = lines.find((l) => l.msg === 'command received' && l['char'] === 'Alice' && l['verb'] === 'say');
  assert.ok(received, 'a "command received" line for the say');
  const corr = received['corr'];
  assert.equal(typeof corr, 'string');
  const same = lines.filter((l) => l['corr'] === corr);
  const packCall = same.find((l) => l.msg === 'pack call');
  assert.equal(packCall?.['pack'], 'social');
  assert.equal(packCall?.['fn'], 'myriad_command');
  const committed = same.find((l) => l.msg === 'command committed');
  assert.ok(committed, `a "command committed" line for ${String(corr)}: ${JSON.stringify(same)}`);
  assert.ok(Number(committed['events']) >= 1 && Number(committed['position']) > 0, JSON.stringify(committed));
  assert.ok(
    same.every((l) => l['app'] === 'myriad' && typeof l['time'] === 'number'),
    'JSON lines with app and time',
  );
  // Each command has its own corr.
  const corrs = lines.filter((l) => l.msg === 'command received').map((l) => l['corr']);
  assert.equal(new Set(corrs).size, corrs.length);
});
