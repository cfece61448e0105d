/**
 * The command router: verbs, aliases, shortcuts, unambiguous prefixes, the
 * question asked for an ambiguous prefix, and "did you mean" within edit distance 2.
 * The command set mirrors the first-party packs plus two verbs that share a prefix.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Router, editDistance, type Route } from '../../engine/world/router.ts';
import type { CommandInfo } from '../../engine/world/protocol.ts';

function cmd(verb: string, aliases: string[] = [], pack = 'rooms'): CommandInfo {
  return { verb, aliases, help: `${verb} help`, usage: verb, pack, admin: false };
}

const router = new Router([cmd('look', ['l']), cmd('north', ['n']), cmd('northeast', ['ne']), cmd('northwest', ['nw']), cmd('south', ['s']), cmd('go'), cmd('say', [], 'social'), cmd('pose', ['emote'], 'social'), cmd('who', [], 'social'), cmd('shout', [], 'social'), cmd('show', [], 'items')]);

function verbOf(route: Route): string {
  assert.equal(route.kind, 'command', JSON.stringify(route));
  return route.kind === 'command' ? route.command.verb : '';
}

describe('Router', () => {
  it('resolves exact verbs case-insensitively and keeps the arguments as typed', () => {
    const r = router.resolve('  LOOK   At The Fountain ');
    assert.equal(verbOf(r), 'look');
    assert.equal(r.kind === 'command' && r.args, 'At The Fountain');
  });

  it('resolves aliases', () => {
    assert.equal(verbOf(router.resolve('l')), 'look');
    assert.equal(verbOf(router.resolve('n')), 'north');
    assert.equal(verbOf(router.resolve('ne')), 'northeast');
    assert.equal(verbOf(router.resolve('emote waves')), 'pose');
  });

  it('resolves the say and pose shortcuts, with or without a space', () => {
    for (const [line, verb, args] of [
      ['"hello there', 'say', 'hello there'],
      ["'hi", 'say', 'hi'],
      [':waves.', 'pose', 'waves.'],
      ['; grins', 'pose', 'grins'],
    ] as const) {
      const r = router.resolve(line);
      assert.equal(verbOf(r), verb, line);
      assert.equal(r.kind === 'command' && r.args, args, line);
    }
  });

  it('resolves unambiguous prefixes of verbs, and of aliases from three letters', () => {
    assert.equal(verbOf(router.resolve('lo')), 'look');
    assert.equal(verbOf(router.resolve('loo')), 'look');
    assert.equal(verbOf(router.resolve('sa hi')), 'say');
    assert.equal(verbOf(router.resolve('po waves')), 'pose');
    assert.equal(verbOf(router.resolve('emo waves')), 'pose');
    assert.equal(verbOf(router.resolve('sou')), 'south');
  });

  it('prefers the verb every other match extends (nort → north)', () => {
    assert.equal(verbOf(router.resolve('nort')), 'north');
    assert.equal(verbOf(router.resolve('no')), 'north');
    assert.equal(verbOf(router.resolve('northw')), 'northwest');
  });

  it('asks which one when a prefix is ambiguous', () => {
    assert.deepEqual(router.resolve('sh'), { kind: 'ambiguous', word: 'sh', candidates: ['show', 'shout'] });
    assert.deepEqual(router.resolve('sho'), { kind: 'ambiguous', word: 'sho', candidates: ['show', 'shout'] });
    assert.equal(verbOf(router.resolve('shou')), 'shout');
  });

  it('does not prefix-match single letters', () => {
    const r = router.resolve('x');
    assert.equal(r.kind, 'unknown');
  });

  it('suggests the closest verbs within edit distance 2, at most three', () => {
    // `go` is 2 edits from `lok` too, but `look` is 1: only the closest are offered.
    assert.deepEqual(router.resolve('lok'), { kind: 'unknown', word: 'lok', suggestions: ['look'] });
    // A swap of neighbours is one typo.
    assert.deepEqual(router.resolve('sya hi'), { kind: 'unknown', word: 'sya', suggestions: ['say'] });
    assert.deepEqual(router.resolve('wo'), { kind: 'unknown', word: 'wo', suggestions: ['go', 'who'] });
    assert.deepEqual(router.resolve('shwo'), { kind: 'unknown', word: 'shwo', suggestions: ['show'] });
    assert.deepEqual(router.resolve('hlep'), { kind: 'unknown', word: 'hlep', suggestions: ['help'] });
    assert.deepEqual(router.resolve('xyzzy'), { kind: 'unknown', word: 'xyzzy', suggestions: [] });
  });

  it('routes help and ? to the help route, and blank lines to empty', () => {
    assert.deepEqual(router.resolve('help say'), { kind: 'help', args: 'say' });
    assert.deepEqual(router.resolve('?'), { kind: 'help', args: '' });
    assert.deepEqual(router.resolve('   '), { kind: 'empty' });
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    assert.equal(editDistance('look', 'look', 2), 0);
    assert.equal(editDistance('lok', 'look', 2), 1);
    assert.equal(editDistance('kitten', 'sitting', 5), 3);
  });

  it('counts a swap of neighbouring letters as one', () => {
    assert.equal(editDistance('sya', 'say', 2), 1);
    assert.equal(editDistance('teh', 'the', 2), 1);
  });

  it('gives up past the limit', () => {
    assert.equal(editDistance('kitten', 'sitting', 2), 3);
    assert.equal(editDistance('a', 'abcdef', 2), 3);
  });
});

describe('shortcuts, meaning and the fallback command', () => {
  const withComms = new Router([cmd('say', [], 'social'), cmd('rest', [], 'stamina'), cmd('chansay', [], 'comms'), { ...cmd('go'), fallback: true }]);
  it('"=ooc hi" is chansay with "ooc hi"', () => {
    const r = withComms.resolve('=ooc hi');
    assert.equal(verbOf(r), 'chansay');
    assert.equal(r.kind === 'command' ? r.args : '', 'ooc hi');
  });
  it('suggests by meaning when a synonym names an existing verb (sit → rest), by spelling otherwise', () => {
    assert.deepEqual(withComms.resolve('sit'), { kind: 'unknown', word: 'sit', suggestions: ['rest'] });
    assert.deepEqual(router.resolve('sit'), { kind: 'unknown', word: 'sit', suggestions: ['say'] });
  });
  it('knows its fallback command', () => {
    assert.equal(withComms.fallback?.verb, 'go');
    assert.equal(router.fallback, undefined);
  });
});
