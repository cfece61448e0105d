/**
 * NPC-to-NPC conversation (§5.3): every `chatEveryMs` (30 s, the reference's
 * check interval) each NPC with memories that shares a room with another
 * speaking NPC may start a conversation, with probability
 * `chatChance × (1 + extraversion/100) × (1 + affection/200) × (1 + companionship/100)`
 * and a cooldown of 5 game minutes (shorter for extraverts). The topic is its
 * best news by `topicScore` that the listener does not already know; the
 * listener remembers it as gossip ("Marta told me that …"), a memory carried
 * from one NPC to another. Both speak through `act … say`.
 */
import { Events, JsonObj, Query, act, config, randFloat, schedule } from '../../../sdk/assembly';
import { gameNow } from './clock';
import { feeling, other, speaks } from './people';
import { chatCooldownMs, chatProbability, topicScore } from './rules';
import { emotionWord } from './say';
import { Mem, Stream, STREAM, load, save } from './store';
import { store } from './observe';

export const CHAT = 'memory.chat';

export function chatEveryMs(): i64 {
  const v = config('chatEveryMs');
  return v === null ? 30000 : <i64>v.asNumber(30000);
}

export function chatRound(): void {
  const now = gameNow();
  const chance = setting('chatChance', 0.1);
  const ids = Query.withComponent(STREAM);
  for (let i = 0; i < ids.length; i++) {
    const a = ids[i];
    const info = Query.entity(a);
    if (info === null || info!.location === null || !speaks(a)) continue;
    const s = load(a);
    if (now < s.chatAt) continue;
    const others = Query.contents(info!.location!, 'npc', -1, a, 20);
    for (let j = 0; j < others.length; j++) {
      const b = others[j].id;
      if (!speaks(b)) continue;
      const extraversion = trait(a, 'lives.personality', 'extraversion', 50);
      const p = chatProbability(chance, extraversion, feeling(a, b).affection, trait(a, 'lives.needs', 'companionship', 0));
      if (randFloat() >= p) continue;
      if (converse(a, info!.name, b, others[j].name, s, now)) {
        s.chatAt = now + chatCooldownMs(extraversion);
        save(a, s);
        break;
      }
    }
  }
  schedule(chatEveryMs(), CHAT, new JsonObj());
}

/** One conversation of a with b about a's best news b has not heard; false if a has nothing to tell. */
function converse(a: string, aName: string, b: string, bName: string, s: Stream, now: f64): bool {
  const heard = load(b);
  let best = -1;
  let bestScore: f64 = -1;
  for (let i = 0; i < s.items.length; i++) {
    const m = s.items[i];
    if (m.ew < 0.3 || m.type == 'relationship' || m.told.length == 0 || m.about == b || m.source == b || knowsTold(heard, m.told)) continue;
    const score = topicScore(m.ew, m.days(now), false);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  if (best < 0) return false;
  const m = s.items[best];
  const f = feeling(b, a);
  // §5.3: the responder matches the tone unless it dislikes the speaker.
  const outcome = f.affection < -20 ? 'negative' : f.affection > 20 ? 'positive' : 'neutral';
  act(a, 'say ' + opener(feeling(a, b).affection, bName) + ' Did you hear? ' + m.told + '.');
  act(b, 'say ' + (outcome == 'negative' ? 'Spare me your stories, ' + aName + '.' : 'That sounds ' + emotionWord(m.emotion) + '!'));
  if (outcome != 'negative') {
    const g = new Mem();
    g.type = 'conversation';
    g.about = m.about;
    g.text = aName + ' told me that ' + m.told;
    g.told = m.told;
    // Second-hand news weighs less than the teller's memory of it (×0.8), and starts less clear.
    g.ew = m.ew * 0.8;
    g.clarity = m.clarityNow(now) * 0.9;
    g.emotion = m.emotion;
    g.tags = m.tags.slice(0);
    g.tags.push('gossip');
    g.source = a;
    store(b, g, now);
  }
  Events.emit('memory.conversed', 'entity:' + a, new JsonObj().set('a', a).set('b', b).set('topic', m.told).set('outcome', outcome));
  return true;
}

function knowsTold(s: Stream, told: string): bool {
  for (let i = 0; i < s.items.length; i++) if (s.items[i].told == told) return true;
  return false;
}

function opener(affection: f64, name: string): string {
  if (affection > 60) return 'Hello friend, ' + name + '!';
  if (affection >= 20) return 'Greetings, ' + name + '.';
  return name + '.';
}

function trait(npc: string, key: string, field: string, fallback: f64): f64 {
  const v = other(npc, key);
  return v === null ? fallback : v.getNumber(field, fallback);
}

function setting(key: string, fallback: f64): f64 {
  const v = config(key);
  return v === null ? fallback : v.asNumber(fallback);
}
