/** Human log lines: what an operator reads in a terminal instead of JSON. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger, humanLine } from '../../engine/logger.ts';

const at = Date.UTC(2025, 0, 2, 12, 4, 31, 208);

describe('humanLine', () => {
  it('prints time, level, message, fields, then corr and conn last', () => {
    const json = JSON.stringify({ level: 20, time: at, pid: 1, hostname: 'h', corr: '01ABC', msg: 'command committed', char: 'Alice', ms: 3.14159, events: 1 });
    assert.equal(humanLine(json), '12:04:31.208 DEBUG command committed  char=Alice ms=3.14 events=1 corr=01ABC\n');
  });

  it('quotes strings with spaces and prints objects as JSON', () => {
    const json = JSON.stringify({ level: 30, time: at, msg: 'packs loaded', packs: ['rooms@0.1.0'], reason: 'two words' });
    assert.equal(humanLine(json), '12:04:31.208 INFO  packs loaded  packs=["rooms@0.1.0"] reason="two words"\n');
  });

  it('indents the stack of an err under the line', () => {
    const json = JSON.stringify({ level: 50, time: at, msg: 'commit failed', err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at x (y.ts:1:1)' } });
    assert.equal(humanLine(json), '12:04:31.208 ERROR commit failed\n    Error: boom\n        at x (y.ts:1:1)\n');
  });

  it('colours the level when asked, and passes non-JSON through', () => {
    assert.match(humanLine(JSON.stringify({ level: 40, time: at, msg: 'careful' }), true), /\x1b\[33mWARN \x1b\[0m careful/);
    assert.equal(humanLine('not json'), 'not json\n');
  });
});

describe('createLogger', () => {
  it('writes JSON with app and corr when not pretty, human lines when pretty', () => {
    const json: string[] = [];
    createLogger('info', false, { destination: { write: (s: string) => void json.push(s) } }).info({ corr: 'C1' }, 'hello');
    const record = JSON.parse(json[0]!) as Record<string, unknown>;
    assert.equal(record['app'], 'myriad');
    assert.equal(record['corr'], 'C1');
    assert.equal(record['msg'], 'hello');

    const human: string[] = [];
    const log = createLogger('info', true, { destination: { write: (s: string) => void human.push(s) } });
    log.debug('hidden below the level');
    log.info({ corr: 'C2' }, 'hello');
    assert.equal(human.length, 1);
    assert.match(human[0]!, /^\d\d:\d\d:\d\d\.\d{3} INFO  hello  corr=C2\n$/);
  });
});
