/**
 * An NPC's relationships (`relationships.bonds` on the NPC): per entity it
 * knows, affection/trust/fear (−100..100), the last 20 interactions, the
 * behavioural baseline once 20 are known, and the drift level last reacted to.
 * Bounded at MAX_BONDS per NPC: past it the weakest bond is dropped.
 */
import { JsonArr, JsonObj, JsonValue, State } from '../../../sdk/assembly';
import { TRAITS, WINDOW, blend, clamp, decayed, modifier, sample } from './rules';

export const BONDS = 'relationships.bonds';
/** 200 acquaintances: a villager knows the village; one bond is ~1.5 KB of JSON with its 20 interactions. */
const MAX_BONDS = 200;

export class Interaction {
  constructor(
    public at: f64,
    public action: string,
    public delta: f64,
  ) {}
}

export class Bond {
  id: string = '';
  name: string = '';
  affection: f64 = 0;
  trust: f64 = 0;
  fear: f64 = 0;
  first: f64 = 0;
  last: f64 = 0;
  settled: f64 = 0;
  n: i32 = 0;
  loyalty: f64 = 0.5;
  base: f64[] = [];
  since: i32 = 0;
  recent: Interaction[] = [];
  drift: string = 'none';
  greeted: f64 = 0;
  fight: f64 = -1e15;
  chat: f64 = -1e15;

  /** Decay owed since `settled` for the time beyond 30 idle days (§3.3); fear does not decay. */
  settle(now: f64): void {
    const from = Math.max(this.settled, this.last + 30 * 86400000);
    const owed = now - from;
    if (owed > 0) {
      const a = this.affection;
      this.affection = decayed(this.affection, a, owed);
      this.trust = decayed(this.trust, a, owed);
    }
    this.settled = Math.max(this.settled, now);
  }

  /** Current behaviour: the mean of the last 20 interactions per trait. */
  current(): f64[] {
    const out: f64[] = [0, 0, 0, 0, 0, 0];
    if (this.recent.length == 0) return out;
    for (let i = 0; i < this.recent.length; i++) {
      const s = sample(this.recent[i].action);
      for (let t = 0; t < 6; t++) out[t] += s[t];
    }
    for (let t = 0; t < 6; t++) out[t] /= <f64>this.recent.length;
    return out;
  }

  /**
   * Record one interaction: affinity by the modifier table (clamped), the
   * FIFO of 20, the baseline fixed at the 20th interaction and blended
   * (×0.9 + ×0.1) every 20 after. `affect` false records behaviour without
   * changing feelings (the second blow of one fight).
   */
  record(action: string, now: f64, giftValue: f64, affect: bool): void {
    this.settle(now);
    const m = modifier(action, giftValue);
    if (affect) {
      this.affection = clamp(this.affection + m.affection, -100, 100);
      this.trust = clamp(this.trust + m.trust, -100, 100);
      this.fear = clamp(this.fear + m.fear, -100, 100);
      this.loyalty = clamp(this.loyalty + m.loyalty, 0, 1);
    }
    this.recent.push(new Interaction(now, action, affect ? m.affection : 0));
    if (this.recent.length > WINDOW) this.recent.shift();
    this.n++;
    this.last = now;
    if (this.base.length == 0) {
      if (this.n >= WINDOW) this.base = this.current();
    } else if (++this.since >= WINDOW) {
      const c = this.current();
      for (let t = 0; t < 6; t++) this.base[t] = blend(this.base[t], c[t]);
      this.since = 0;
    }
  }

  /** The largest per-trait |current − baseline| (0 without a baseline). */
  driftNow(): f64 {
    if (this.base.length == 0) return 0;
    const c = this.current();
    let d: f64 = 0;
    for (let t = 0; t < 6; t++) d = Math.max(d, Math.abs(c[t] - this.base[t]));
    return d;
  }
}

export class Bonds {
  list: Bond[] = [];

  of(id: string, name: string, now: f64): Bond {
    for (let i = 0; i < this.list.length; i++) if (this.list[i].id == id) return this.list[i];
    const b = new Bond();
    b.id = id;
    b.name = name;
    b.first = now;
    b.last = now;
    b.settled = now;
    if (this.list.length >= MAX_BONDS) this.dropWeakest();
    this.list.push(b);
    return b;
  }

  find(id: string): Bond | null {
    for (let i = 0; i < this.list.length; i++) if (this.list[i].id == id) return this.list[i];
    return null;
  }

  private dropWeakest(): void {
    let worst = 0;
    let low = Infinity;
    for (let i = 0; i < this.list.length; i++) {
      const b = this.list[i];
      const w = Math.abs(b.affection) + Math.abs(b.trust) + Math.abs(b.fear);
      if (w < low) {
        low = w;
        worst = i;
      }
    }
    this.list.splice(worst, 1);
  }
}

function str(v: JsonValue, k: string): string {
  const s = v.getString(k);
  return s === null ? '' : s!;
}

export function load(npc: string): Bonds {
  const out = new Bonds();
  const v = State.get(npc, BONDS);
  if (v === null || !v.isObject()) return out;
  const keys = v.keys();
  for (let i = 0; i < keys.length; i++) {
    const o = v.getObject(keys[i])!;
    const b = new Bond();
    b.id = keys[i];
    b.name = str(o, 'name');
    b.affection = o.getNumber('affection', 0);
    b.trust = o.getNumber('trust', 0);
    b.fear = o.getNumber('fear', 0);
    b.first = o.getNumber('first', 0);
    b.last = o.getNumber('last', 0);
    b.settled = o.getNumber('settled', b.last);
    b.n = <i32>o.getNumber('n', 0);
    b.loyalty = o.getNumber('loyalty', 0.5);
    b.since = <i32>o.getNumber('since', 0);
    b.drift = str(o, 'drift');
    b.greeted = o.getNumber('greeted', 0);
    b.fight = o.getNumber('fight', -1e15);
    b.chat = o.getNumber('chat', -1e15);
    const base = o.getObject('base');
    if (base !== null) for (let t = 0; t < 6; t++) b.base.push(base.getNumber(TRAITS[t], 0));
    const recent = o.getArray('recent');
    if (recent !== null) for (let j = 0; j < recent.length; j++) b.recent.push(new Interaction(recent[j].getNumber('at', 0), str(recent[j], 'action'), recent[j].getNumber('delta', 0)));
    out.list.push(b);
  }
  return out;
}

export function save(npc: string, bonds: Bonds): bool {
  const all = new JsonObj();
  for (let i = 0; i < bonds.list.length; i++) {
    const b = bonds.list[i];
    const recent = new JsonArr();
    for (let j = 0; j < b.recent.length; j++) recent.push(new JsonObj().set('at', b.recent[j].at).set('action', b.recent[j].action).set('delta', b.recent[j].delta));
    const o = new JsonObj()
      .set('name', b.name)
      .set('affection', b.affection)
      .set('trust', b.trust)
      .set('fear', b.fear)
      .set('first', b.first)
      .set('last', b.last)
      .set('settled', b.settled)
      .set('n', b.n)
      .set('loyalty', b.loyalty)
      .set('since', b.since)
      .set('drift', b.drift)
      .set('greeted', b.greeted)
      .set('fight', b.fight)
      .set('chat', b.chat)
      .set('recent', recent);
    if (b.base.length == 6) {
      const base = new JsonObj();
      for (let t = 0; t < 6; t++) base.set(TRAITS[t], b.base[t]);
      o.set('base', base);
    }
    all.set(b.id, o);
  }
  return State.set(npc, BONDS, all);
}
