/**
 * `@mind <npc>` (admins): what an NPC remembers (clarity now, weight, emotion,
 * recalls, forgotten or corrupted), how it feels about whom
 * (relationships.bonds), and part B's needs, mood and traits when its `lives`
 * pack is enabled.
 */
import { Command, JsonValue, Message, OK, reply } from '../../../sdk/assembly';
import { gameNow } from './clock';
import { Npc, findNpc, other } from './people';
import { FORGET_BELOW } from './rules';
import { ago, fixed, signed } from './say';
import { load } from './store';
import { nameOf } from './observe';

const SHOWN = 15;

export function mind(cmd: Command): i32 {
  const here = cmd.actor.location;
  let found: Npc | null = null;
  if (here !== null && cmd.args.length > 0) found = findNpc(here!, cmd.args);
  if (found === null) {
    reply(Message.error(cmd.args.length == 0 ? 'Whose mind? Type: @mind <npc>' : 'There is no NPC called "' + cmd.args + '" here.'));
    return OK;
  }
  const npc = found!;
  const now = gameNow();
  const s = load(npc.id);
  const lines: string[] = ['Mind of ' + npc.name + ' (' + npc.id + ')'];
  lines.push('Memories: ' + s.items.length.toString() + (s.items.length > SHOWN ? ' (newest ' + SHOWN.toString() + ' shown)' : ''));
  for (let i = s.items.length - 1; i >= 0 && i >= s.items.length - SHOWN; i--) {
    const m = s.items[i];
    const flags = (m.retentionNow(now) < FORGET_BELOW ? ' forgotten' : '') + (m.corrupted ? ' corrupted (was "' + m.original + '")' : '') + (m.source.length > 0 ? ' heard from ' + nameOf(m.source) : '');
    lines.push('  #' + m.id.toString() + ' ' + m.type + ', ' + ago(now - m.at) + ', clarity ' + fixed(m.clarityNow(now), 3) + ', weight ' + fixed(m.ew, 2) + ' ' + m.emotion + ', recalled ' + m.access.toString() + '×' + flags + ': "' + m.text + '" [' + m.tags.join(', ') + ']');
  }
  const bonds = other(npc.id, 'relationships.bonds');
  if (bonds === null) lines.push('Relationships: none recorded');
  else relationships(bonds!, lines);
  lines.push(section('Personality', other(npc.id, 'lives.personality')));
  lines.push(section('Needs', other(npc.id, 'lives.needs')));
  lines.push(section('Genome', other(npc.id, 'lives.genome')));
  reply(Message.info(lines.join('\n')));
  return OK;
}

function relationships(bonds: JsonValue, lines: string[]): void {
  const keys = bonds.keys();
  lines.push('Relationships: ' + keys.length.toString());
  for (let i = 0; i < keys.length; i++) {
    const b = bonds.getObject(keys[i])!;
    const name = b.getString('name');
    lines.push('  ' + (name === null ? keys[i] : name!) + ': affection ' + signed(b.getNumber('affection', 0)) + ', trust ' + signed(b.getNumber('trust', 0)) + ', fear ' + signed(b.getNumber('fear', 0)) + ', interactions ' + (<i64>b.getNumber('n', 0)).toString() + drift(b));
  }
}

function drift(b: JsonValue): string {
  const level = b.getString('drift');
  return level === null || level! == 'none' ? '' : ', drift ' + level!;
}

/** A component of part B's pack, as `key value` pairs on one line, or why there is none. */
function section(title: string, v: JsonValue | null): string {
  if (v === null || !v.isObject()) return title + ': none recorded (the lives pack is not enabled or has not met this NPC)';
  const keys = v.keys();
  const parts: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const x = v.get(keys[i])!;
    if (x.isNumber()) parts.push(keys[i] + ' ' + fixed(x.asNumber(0), 0));
    else if (x.isString()) parts.push(keys[i] + ' ' + x.asString()!);
  }
  return title + ': ' + parts.join(', ');
}
