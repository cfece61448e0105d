/**
 * `talk <npc>` and `ask <npc> about <topic>`: the NPC answers from its
 * memories, its feelings (relationships.bonds) and its mood (lives.personality
 * when part B's pack is there) — templated and deterministic (§5.3 templates;
 * language-model text waits for an LLM capability). The NPC speaks through the
 * command path (`act … say`, decision 0018), so the room hears it like any say.
 */
import { Command, Events, JsonObj, Message, OK, act, reply } from '../../../sdk/assembly';
import { gameNow } from './clock';
import { Feeling, Npc, findNpc, feeling, other, speaks } from './people';
import { rehearse, relevant } from './recall';
import { clarityWords } from './rules';
import { emotionWord, greeting, toYou } from './say';
import { Stream, load, save } from './store';

/** Fear at or above this and the NPC will not talk; it backs away. 30: one act of violence (§3.3 violence +30) is enough. */
export const AFRAID: f64 = 30;

export function talk(cmd: Command): i32 {
  const npc = target(cmd, cmd.args, 'Talk to whom? Type: talk <name>');
  if (npc === null) return OK;
  const me = cmd.actor;
  const f = feeling(npc.id, me.id);
  if (f.fear >= AFRAID) {
    act(npc.id, 'pose backs away from ' + me.name + ', eyes wide.');
    act(npc.id, 'say Keep away from me!');
    return OK;
  }
  const now = gameNow();
  const s = load(npc.id);
  // A first word exchanged (no bond yet) is an introduction; after that, §5.3's greeting by affection.
  let line = f.known ? greeting(f.affection, me.name) : 'Well met, ' + me.name + ". I'm " + npc.name + '.';
  // The best memory about this player, other than meeting them.
  const about = relevant(s, [], me.id, 4, now);
  let spoke = false;
  for (let i = 0; i < about.length && !spoke; i++) {
    const m = s.items[about[i]];
    if (m.type == 'relationship') continue;
    rehearse(m, now, names(s, me.id));
    line += ' ' + toYou(m.text, me.name) + ' — ' + clarityWords(m.clarityNow(now)) + '.' + afterthought(m.emotion, f);
    spoke = true;
  }
  if (!spoke) {
    // News: the freshest strong memory about someone else (§5.3 topic score, recency over a day).
    const news = relevant(s, [], '', 8, now);
    for (let i = 0; i < news.length && !spoke; i++) {
      const m = s.items[news[i]];
      if (m.about == me.id || m.ew < 0.5 || m.told.length == 0) continue;
      rehearse(m, now, names(s, me.id));
      line += ' Did you hear? ' + m.told + '. ' + capital(emotionWord(m.emotion)) + ', is it not?';
      spoke = true;
    }
  }
  if (!spoke) line += ' ' + smallTalk(npc.id);
  save(npc.id, s);
  act(npc.id, 'say ' + line);
  talked(npc.id, me.id);
  return OK;
}

/** Talking is an interaction the relationships pack counts (§5.3 small talk: affection +1 an hour). */
function talked(npc: string, who: string): void {
  Events.emit('memory.talked', 'entity:' + npc, new JsonObj().set('npc', npc).set('who', who));
}

export function ask(cmd: Command): i32 {
  const at = cmd.args.toLowerCase().indexOf(' about ');
  if (at <= 0) {
    reply(Message.error('Ask whom about what? Type: ask <name> about <topic>'));
    return OK;
  }
  const npc = target(cmd, cmd.args.substring(0, at), '');
  if (npc === null) return OK;
  const topic = cmd.args.substring(at + 7).trim();
  if (topic.length == 0) {
    reply(Message.error('Ask ' + npc.name + ' about what?'));
    return OK;
  }
  const me = cmd.actor;
  const f = feeling(npc.id, me.id);
  if (f.fear >= AFRAID) {
    act(npc.id, 'say I will tell you nothing. Go away!');
    return OK;
  }
  const now = gameNow();
  const s = load(npc.id);
  const tags = topic.toLowerCase().split(' ');
  const aboutId = topic.toLowerCase() == 'me' || topic.toLowerCase() == 'myself' ? me.id : knownAs(s, topic);
  const found = relevant(s, aboutId.length > 0 ? [] : tags, aboutId, 4, now);
  let line: string;
  if (found.length == 0) {
    line = capital(topic) + '? I know nothing about that.';
  } else {
    // What happened says more than having met: a "relationship" memory only when there is nothing else.
    let pick = found[0];
    for (let i = found.length - 1; i >= 0; i--) if (s.items[found[i]].type != 'relationship') pick = found[i];
    const m = s.items[pick];
    rehearse(m, now, names(s, m.about));
    const text = m.about == me.id ? toYou(m.text, me.name) : m.text;
    line = capital(topic) + '? ' + text + ' — ' + clarityWords(m.clarityNow(now)) + '.';
    if (m.about.length > 0 && m.about != me.id) line += opinion(feeling(npc.id, m.about));
  }
  save(npc.id, s);
  act(npc.id, 'say ' + line);
  talked(npc.id, me.id);
  return OK;
}

function target(cmd: Command, word: string, usage: string): Npc | null {
  if (word.trim().length == 0) {
    reply(Message.error(usage));
    return null;
  }
  const here = cmd.actor.location;
  let npc: Npc | null = null;
  if (here !== null) npc = findNpc(here!, word);
  if (npc === null) {
    reply(Message.error('There is no one called "' + word.trim() + '" here to talk to.'));
    return null;
  }
  if (!speaks(npc!.id)) {
    reply(Message.info(capital(npc!.name) + ' does not talk.'));
    return null;
  }
  return npc;
}

/** The id of someone the NPC remembers by this name ("" if none). */
function knownAs(s: Stream, name: string): string {
  const n = name.toLowerCase();
  for (let i = s.items.length - 1; i >= 0; i--) {
    const m = s.items[i];
    if (m.about.length > 0 && m.hasTag(n) && (m.text.toLowerCase().startsWith(n + ' ') || m.text.toLowerCase().endsWith(' ' + n))) return m.about;
  }
  return '';
}

/** Names the NPC knows, for entity confusion when a memory is corrupted (not the one it is about). */
function names(s: Stream, except: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.items.length; i++) {
    const m = s.items[i];
    if (m.type == 'relationship' && m.about != except && m.text.startsWith('I met ')) {
      const n = m.text.substring(6);
      if (!out.includes(n)) out.push(n);
    }
  }
  return out;
}

function afterthought(emotion: string, f: Feeling): string {
  if (emotion == 'joy') return f.affection > 20 ? ' That was kind of you.' : ' I have not forgotten it.';
  if (emotion == 'fear') return ' Do not do it again.';
  return '';
}

function opinion(f: Feeling): string {
  if (f.fear >= AFRAID) return " I'd keep away from them.";
  if (f.affection > 40) return ' A kind soul.';
  if (f.trust < -20) return " I don't trust them.";
  return '';
}

/** Small talk by mood (part B's lives.personality mood when present). */
function smallTalk(npc: string): string {
  const p = other(npc, 'lives.personality');
  let mood = '';
  if (p !== null) {
    const m = p.getString('mood');
    if (m !== null) mood = m!;
  }
  if (mood == 'cheerful') return 'What a fine day it is!';
  if (mood == 'melancholy') return 'The days are long, these days.';
  if (mood == 'anxious') return 'Have you seen anything strange about?';
  if (mood == 'angry') return 'What do you want?';
  return 'Quiet day, is it not?';
}

export function capital(s: string): string {
  return s.length == 0 ? s : s.charAt(0).toUpperCase() + s.substring(1);
}
