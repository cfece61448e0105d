/**
 * Retrieval (§3.1 GetRelevantMemories, compare the memory stream of Park et
 * al., "Generative Agents", 2023: recency + importance + relevance), rehearsal
 * on recall (§3.2: access count and last access) and corruption on recall
 * (§3.2: `0.05 × (1 − clarity)`, seeded randomness).
 */
import { randFloat, randInt } from '../../../sdk/assembly';
import { FORGET_BELOW, corruptionChance, relevance } from './rules';
import { Mem, Stream } from './store';

/**
 * The `limit` best memories for a situation described by `context` tags and,
 * optionally, the entity it is about (`about` counts as one more matching tag).
 * Forgotten memories (retention < 0.15) are left out. Indexes into `s.items`.
 */
export function relevant(s: Stream, context: string[], about: string, limit: i32, now: f64): i32[] {
  const scores: f64[] = [];
  const idx: i32[] = [];
  const wanted = <f64>(context.length + (about.length > 0 ? 1 : 0));
  for (let i = 0; i < s.items.length; i++) {
    const m = s.items[i];
    if (m.retentionNow(now) < FORGET_BELOW) continue;
    let hits = 0;
    for (let j = 0; j < context.length; j++) if (m.hasTag(context[j])) hits++;
    if (about.length > 0 && m.about == about) hits++;
    if (wanted > 0 && hits == 0) continue;
    const score = relevance(m.ew, m.access, m.days(now), wanted > 0 ? <f64>hits / wanted : 0);
    // Insertion into a short sorted list: limit is small (≤ 10), the stream ≤ maxMemories.
    let at = idx.length;
    while (at > 0 && scores[at - 1] < score) at--;
    if (at >= limit) continue;
    scores.push(score);
    idx.push(i);
    for (let k = idx.length - 1; k > at; k--) {
      scores[k] = scores[k - 1];
      idx[k] = idx[k - 1];
    }
    scores[at] = score;
    idx[at] = i;
    if (idx.length > limit) {
      scores.pop();
      idx.pop();
    }
  }
  return idx;
}

/** Recall strengthens a memory (rehearsal) and may corrupt it; returns whether it was corrupted now. */
export function rehearse(m: Mem, now: f64, names: string[]): bool {
  const clarity = m.clarityNow(now);
  m.access++;
  m.last = now;
  if (m.corrupted || randFloat() >= corruptionChance(clarity)) return false;
  corrupt(m, names);
  return true;
}

/**
 * §3.2 corruption types: entity confusion (another name the NPC knows in place
 * of the one remembered), detail loss (the last words become "something"),
 * emotional shift (weight ±10 %). Location drift has nothing to drift in a
 * world of rooms without coordinates. The original text is kept.
 */
export function corrupt(m: Mem, names: string[]): void {
  m.original = m.text;
  m.corrupted = true;
  const kind = randInt(3);
  if (kind == 0 && names.length > 0) {
    const other = names[randInt(names.length)];
    const sp = m.text.indexOf(' ');
    if (sp > 0 && !m.text.startsWith('I ')) m.text = other + m.text.substring(sp);
    else m.text = m.text + ', or was it ' + other;
  } else if (kind == 1) {
    const sp = m.text.lastIndexOf(' ');
    if (sp > 0) m.text = m.text.substring(0, sp) + ' something';
  } else {
    m.ew = Math.min(1, Math.max(0, m.ew * (randFloat() < 0.5 ? 0.9 : 1.1)));
  }
}
