/**
 * An NPC's memory stream (`memory.stream` on the NPC): its memories as
 * written, each with the numbers the formulas need. Clarity is stored as made
 * (`clarity`) and computed for now when read (rules.ts). The stream is bounded
 * (`maxMemories`, default 50, at most 60: decision 0050): a new memory past the bound pushes out the one
 * with the lowest retention — the forgetting of §3.2 done at write time.
 */
import { JsonArr, JsonObj, JsonValue, State, config } from '../../../sdk/assembly';
import { DAY_MS, clarityAt, retention } from './rules';

export const STREAM = 'memory.stream';

export class Mem {
  id: i32 = 0;
  type: string = 'observation';
  at: f64 = 0;
  clarity: f64 = 1;
  ew: f64 = 0.1;
  emotion: string = 'neutral';
  access: i32 = 0;
  last: f64 = 0;
  about: string = '';
  text: string = '';
  told: string = '';
  tags: string[] = [];
  corrupted: bool = false;
  original: string = '';
  source: string = '';

  days(now: f64): f64 {
    return Math.max(0, (now - this.at) / DAY_MS);
  }
  clarityNow(now: f64): f64 {
    return clarityAt(this.clarity, this.ew, this.access, this.days(now));
  }
  retentionNow(now: f64): f64 {
    return retention(this.clarityNow(now), this.ew, this.access, this.days(now));
  }
  hasTag(t: string): bool {
    for (let i = 0; i < this.tags.length; i++) if (this.tags[i] == t) return true;
    return false;
  }
}

export class Stream {
  next: i32 = 1;
  chatAt: f64 = 0;
  items: Mem[] = [];
}

function str(v: JsonValue, k: string): string {
  const s = v.getString(k);
  return s === null ? '' : s!;
}

export function load(npc: string): Stream {
  const s = new Stream();
  const v = State.get(npc, STREAM);
  if (v === null || !v.isObject()) return s;
  s.next = <i32>v.getNumber('next', 1);
  s.chatAt = v.getNumber('chatAt', 0);
  const items = v.getArray('items');
  if (items === null) return s;
  for (let i = 0; i < items.length; i++) {
    const o = items[i];
    const m = new Mem();
    m.id = <i32>o.getNumber('id', 0);
    m.type = str(o, 'type');
    m.at = o.getNumber('at', 0);
    m.clarity = o.getNumber('clarity', 1);
    m.ew = o.getNumber('ew', 0.1);
    m.emotion = str(o, 'emotion');
    m.access = <i32>o.getNumber('access', 0);
    m.last = o.getNumber('last', 0);
    m.about = str(o, 'about');
    m.text = str(o, 'text');
    m.told = str(o, 'told');
    const tags = o.getArray('tags');
    if (tags !== null) for (let j = 0; j < tags.length; j++) m.tags.push(tags[j].asString()!);
    m.corrupted = o.getBool('corrupted', false);
    m.original = str(o, 'original');
    m.source = str(o, 'source');
    s.items.push(m);
  }
  return s;
}

export function save(npc: string, s: Stream): bool {
  const items = new JsonArr();
  for (let i = 0; i < s.items.length; i++) {
    const m = s.items[i];
    const tags = new JsonArr();
    for (let j = 0; j < m.tags.length; j++) tags.push(m.tags[j]);
    const o = new JsonObj()
      .set('id', m.id)
      .set('type', m.type)
      .set('at', m.at)
      .set('clarity', m.clarity)
      .set('ew', m.ew)
      .set('emotion', m.emotion)
      .set('access', m.access)
      .set('last', m.last)
      .set('about', m.about)
      .set('text', m.text)
      .set('told', m.told)
      .set('tags', tags)
      .set('corrupted', m.corrupted)
      .set('source', m.source);
    if (m.corrupted) o.set('original', m.original);
    items.push(o);
  }
  return State.set(npc, STREAM, new JsonObj().set('next', s.next).set('chatAt', s.chatAt).set('items', items));
}

let cap: i32 = -1;
export function maxMemories(): i32 {
  if (cap < 0) {
    const c = config('maxMemories');
    cap = c === null ? 50 : <i32>c.asNumber(50);
  }
  return cap;
}

/** Add `m` (numbered here); past the bound, forget the memory with the lowest retention now. */
export function remember(s: Stream, m: Mem, now: f64): void {
  m.id = s.next++;
  m.at = now;
  m.last = now;
  s.items.push(m);
  if (s.items.length <= maxMemories()) return;
  let worst = 0;
  let low = Infinity;
  for (let i = 0; i < s.items.length; i++) {
    const r = s.items[i].retentionNow(now);
    if (r < low) {
      low = r;
      worst = i;
    }
  }
  s.items.splice(worst, 1);
}
