/**
 * The pack platform's pure parts: quarantine bookkeeping, the command table
 * under packs.precedence, limits as requests, schema violations in an author's
 * words, namespaces, and the tick clock's skip-don't-queue rule.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PACK_LIMITS } from '../../engine/config/defaults.ts';
import { silentLog } from '../../engine/logger.ts';
import { TickClock } from '../../engine/schedule/ticks.ts';
import { effectiveLimits } from '../../engine/packs/limits.ts';
import { namespaceProblems } from '../../engine/packs/manifest.ts';
import { availability } from '../../engine/world/availability.ts';
import type { CommandInfo } from '../../engine/world/protocol.ts';
import { FaultLog } from '../../engine/packs/quarantine.ts';
import type { PackInstance } from '../../engine/world/pack-runtime/runtime.ts';
import { PackSchemas, describeViolation } from '../../engine/world/pack-runtime/schemas.ts';
import type { PackManifest } from '../../engine/packs/types.ts';
import { commandTable } from '../../engine/world/commands.ts';

const MIN = 60_000;

function manifest(extra: Partial<PackManifest>): PackManifest {
  return { name: 'demo', version: '1.0.0', engine: '*', abi: 'myriad:host/v1', wasm: 'build/pack.wasm', ...extra };
}

describe('FaultLog (quarantine)', () => {
  it('quarantines on the third fault within the window, once', () => {
    const log = new FaultLog({ faults: 3, windowMs: 10 * MIN });
    assert.equal(log.record('a', 'PACK_TRAP: x', 0), false);
    assert.equal(log.record('a', 'PACK_TRAP: y', 1 * MIN), false);
    assert.equal(log.record('b', 'PACK_TRAP: other pack', 2 * MIN), false);
    assert.equal(log.record('a', 'PACK_TIMEOUT: z', 9 * MIN), true);
    assert.equal(log.isQuarantined('a'), true);
    assert.equal(log.isQuarantined('b'), false);
    assert.deepEqual(log.get('a'), { since: 9 * MIN, faults: ['PACK_TRAP: x', 'PACK_TRAP: y', 'PACK_TIMEOUT: z'] });
    assert.equal(log.record('a', 'again', 10 * MIN), false, 'already quarantined');
  });

  it('forgets faults older than the window', () => {
    const log = new FaultLog({ faults: 3, windowMs: 10 * MIN });
    log.record('a', '1', 0);
    log.record('a', '2', 5 * MIN);
    assert.equal(log.record('a', '3', 10 * MIN), false, 'the first fault is 10 minutes old: out');
    assert.equal(log.record('a', '4', 11 * MIN), true);
  });

  it('release lifts a quarantine and starts the count over; a reload (clearRecent) keeps quarantines', () => {
    const log = new FaultLog({ faults: 2, windowMs: MIN });
    log.record('a', 'x', 0);
    log.record('a', 'x', 0);
    log.record('b', 'x', 0);
    log.record('b', 'x', 0);
    log.record('c', 'x', 0);
    assert.deepEqual(log.names.sort(), ['a', 'b']);
    assert.equal(log.release('a'), true);
    assert.equal(log.release('a'), false);
    log.clearRecent();
    assert.deepEqual(log.names, ['b'], 'the quarantine of b stays');
    assert.equal(log.record('c', 'y', 1), false, "c's earlier fault was forgotten");
  });

  it('restore puts a stored quarantine in force at once', () => {
    const log = new FaultLog({ faults: 3, windowMs: MIN });
    log.restore('a', { since: 5, faults: ['PACK_TIMEOUT: ran past its 100 ms budget'] });
    assert.equal(log.isQuarantined('a'), true);
    assert.deepEqual(log.get('a'), { since: 5, faults: ['PACK_TIMEOUT: ran past its 100 ms budget'] });
  });
});

describe('commandTable (packs.precedence)', () => {
  const pack = (name: string, commands: PackManifest['commands']): PackInstance => ({ spec: { manifest: manifest({ name, commands }) } }) as unknown as PackInstance;
  const rooms = pack('rooms', [
    { verb: 'look', aliases: ['l'], help: 'h' },
    { verb: 'north', aliases: ['n'], help: 'h' },
  ]);
  const probe = pack('probe', [
    { verb: 'look', aliases: ['l', 'peer'], help: 'h' },
    { verb: 'ping', help: 'h' },
  ]);

  it('the named pack wins a contested verb; the loser drops the command with all its aliases', () => {
    const table = commandTable([rooms, probe], { look: 'rooms', l: 'rooms' });
    assert.deepEqual(
      table.map((c) => [c.pack, c.verb, c.aliases]),
      [
        ['rooms', 'look', ['l']],
        ['rooms', 'north', ['n']],
        ['probe', 'ping', []],
      ],
    );
  });

  it('an alias can be given to one pack and the verb to another', () => {
    const table = commandTable([rooms, probe], { look: 'probe', l: 'rooms' });
    assert.deepEqual(
      table.find((c) => c.verb === 'look'),
      { verb: 'look', aliases: ['peer'], help: 'h', usage: 'look', pack: 'probe', admin: false },
    );
    assert.equal(
      table.some((c) => c.pack === 'rooms' && c.verb === 'look'),
      false,
    );
  });
});

describe('effectiveLimits (limits are requests, the operator grants)', () => {
  it('defaults, and less than the default on request', () => {
    assert.deepEqual(effectiveLimits(undefined, undefined, false).limits, DEFAULT_PACK_LIMITS);
    assert.equal(effectiveLimits({ wallMs: 20 }, undefined, false).limits.wallMs, 20);
  });

  it('more than the default needs the operator (first-party packs excepted); the operator value is the truth', () => {
    const asked = effectiveLimits({ wallMs: 500, memoryPages: 64 }, undefined, false);
    assert.deepEqual(asked.excess, ['limits.wallMs 500 (default 100)', 'limits.memoryPages 64 (default 16)']);
    assert.deepEqual(asked.configLines, ['"wallMs": 500', '"memoryPages": 64']);
    assert.deepEqual(effectiveLimits({ wallMs: 500 }, undefined, true).excess, []);
    const granted = effectiveLimits({ wallMs: 500 }, { wallMs: 250 }, false);
    assert.deepEqual(granted.excess, []);
    assert.equal(granted.limits.wallMs, 250, 'an operator may tighten below the request');
  });
});

describe('PackSchemas', () => {
  const schemas = PackSchemas.compile(
    manifest({
      components: { 'demo.stats': { type: 'object', required: ['hp'], additionalProperties: false, properties: { hp: { type: 'integer', minimum: 0 }, tags: { type: 'array', items: { type: 'string' } } } } },
      events: { emits: ['demo.hit', 'demo.free'], schemas: { 'demo.hit': { type: 'object', properties: { dmg: { type: 'number', maximum: 10 } } } } },
    }),
  );

  it('names the field and the rule', () => {
    assert.equal(schemas.component('e1', 'demo.stats', { hp: 1 }), null);
    assert.equal(describeViolation(schemas.component('e1', 'demo.stats', { hp: -1 })!), 'demo wrote an invalid component demo.stats of entity e1: hp breaks "minimum: must be >= 0"');
    assert.equal(schemas.component('e1', 'demo.stats', { hp: 1, tags: ['a', 2] })?.field, 'tags.1');
    assert.equal(schemas.component('e1', 'demo.stats', {})?.field, 'hp');
    assert.equal(schemas.component('e1', 'demo.stats', { hp: 1, mana: 3 })?.field, 'mana');
  });

  it('a component missing from pack.json is a violation; an event type without a schema takes any payload', () => {
    assert.match(schemas.component('e1', 'demo.secret', 1)?.rule ?? '', /^declared: demo\.secret is not in pack\.json "components"$/);
    assert.equal(schemas.event('demo.free', { anything: true }), null);
    assert.equal(schemas.event('demo.hit', { dmg: 11 })?.rule, 'maximum: must be <= 10');
  });
});

describe('namespaceProblems', () => {
  it('a pack owns only <name>.* components, events and timers', () => {
    assert.deepEqual(namespaceProblems(manifest({ components: { 'demo.x': {} }, events: { emits: ['demo.y'] }, capabilities: { write: ['demo.*'] } })), []);
    const problems = namespaceProblems(manifest({ components: { 'rooms.desc': {} }, events: { emits: ['engine.component_set'] }, capabilities: { emit: ['social.say'], write: ['rooms.exits'] }, migrations: { 'demo.gone': 'm' } }));
    assert.equal(problems.length, 5, problems.join('\n'));
    assert.match(problems.join('\n'), /events\.emits engine\.component_set is outside its namespace "demo\."/);
    assert.match(problems.join('\n'), /migrations name demo\.gone, which is not in "components"/);
  });

  it('a command\'s "when" names a declared state, and a state reads one of the pack\'s own components', () => {
    const state = { component: 'demo.profile', field: 'complete', equals: false, otherwise: 'Done already.' };
    assert.deepEqual(namespaceProblems(manifest({ components: { 'demo.profile': {} }, states: { creating: state }, commands: [{ verb: 'raise', help: 'x', when: 'creating' }] })), []);
    const problems = namespaceProblems(manifest({ components: {}, states: { creating: { ...state, component: 'rooms.exits' } }, commands: [{ verb: 'raise', help: 'x', when: 'sleeping' }] })).join('\n');
    assert.match(problems, /states\.creating reads rooms\.exits, which is not one of its "components"/);
    assert.match(problems, /command "raise" is available "when" sleeping, which is not in "states"/);
  });
});

describe('availability', () => {
  const base: CommandInfo = { verb: 'raise', aliases: [], help: 'Spend points.', usage: 'raise <attribute>', pack: 'demo', admin: false };
  const PLAYER = { admin: false, builder: false };
  const ADMIN = { admin: true, builder: true };
  const creating = { component: 'demo.profile', field: 'complete', equals: false, ifMissing: true, otherwise: 'Your character is complete.' } as const;
  const reader =
    (values: Record<string, unknown>) =>
    (component: string): unknown =>
      values[component];

  it('a command without conditions is for everyone; an admin command only for admins, saying so', () => {
    assert.deepEqual(availability(base, PLAYER, reader({})), { ok: true });
    assert.deepEqual(availability({ ...base, verb: '@attr', admin: true }, PLAYER, reader({})), { ok: false, reason: 'Only admins may use "@attr".' });
    assert.deepEqual(availability({ ...base, verb: '@attr', admin: true }, ADMIN, reader({})), { ok: true });
  });

  it('a "when" state is read from the character\'s component (a field of it), with ifMissing for none', () => {
    const raise = { ...base, when: creating };
    assert.deepEqual(availability(raise, PLAYER, reader({ 'demo.profile': { complete: false } })), { ok: true });
    assert.deepEqual(availability(raise, PLAYER, reader({ 'demo.profile': { complete: true } })), { ok: false, reason: 'Your character is complete.' });
    assert.deepEqual(availability(raise, ADMIN, reader({ 'demo.profile': { complete: true } })), { ok: false, reason: 'Your character is complete.' }, 'admins are not in the state either');
    assert.deepEqual(availability(raise, PLAYER, reader({})), { ok: true }, 'ifMissing: a character the pack has not met is creating');
    assert.deepEqual(availability(raise, PLAYER, reader({ 'demo.profile': 'not an object' })), { ok: true }, 'no such field counts as missing');
    const strict = { ...base, when: { component: 'demo.mode', equals: 'ghost', otherwise: 'Only ghosts.' } };
    assert.deepEqual(availability(strict, PLAYER, reader({})), { ok: false, reason: 'Only ghosts.' }, 'missing is not in the state by default');
    assert.deepEqual(availability(strict, PLAYER, reader({ 'demo.mode': 'ghost' })), { ok: true }, 'without a field, the whole value');
  });
});

describe('TickClock', () => {
  it('skips a tick while the previous one runs, and the next carries the longer dtMs', async () => {
    const ticks: Array<{ tick: number; dtMs: number }> = [];
    let release: () => void = () => undefined;
    const clock = new TickClock({
      hz: 100,
      wanted: () => true,
      run: (t) => {
        ticks.push(t);
        return t.tick === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve();
      },
      log: silentLog,
    });
    clock.start();
    await new Promise((r) => setTimeout(r, 80));
    release();
    await new Promise((r) => setTimeout(r, 40));
    clock.stop();
    assert.equal(ticks[0]?.dtMs, 10);
    assert.equal(ticks[1]?.tick, 2, 'tick numbers count delivered ticks');
    assert.ok(ticks[1]!.dtMs >= 20 && ticks[1]!.dtMs % 10 === 0, `the tick after a stall covers it (${ticks[1]?.dtMs} ms)`);
    assert.ok(clock.lateTicks >= 1);
  });

  it('sends nothing when no pack subscribes, or at 0 Hz', async () => {
    let runs = 0;
    const run = () => {
      runs++;
      return Promise.resolve();
    };
    const idle = new TickClock({ hz: 100, wanted: () => false, run, log: silentLog });
    const off = new TickClock({ hz: 0, wanted: () => true, run, log: silentLog });
    idle.start();
    off.start();
    await new Promise((r) => setTimeout(r, 50));
    idle.stop();
    off.stop();
    assert.equal(runs, 0);
  });
});
