/**
 * A resource node: an entity of kind "node" in its room with
 *   resources.node = { name, type (mineral|vegetation|animal|special), rarity,
 *                      item (template key), perAction, quantity, max, regen (units/day),
 *                      cooldown (fast|medium|slow|none), skill, minSkill, tool?,
 *                      depth?, grade?, lastHarvested, at }
 * `quantity` is fractional (regrowth accrues by the hour); what can be taken is its floor.
 */
import { JsonValue, Query, State } from '../../../sdk/assembly';
import { cooldownDays, regenerated } from './yield';

export const NODE = 'resources.node';
const DAY_MS: f64 = 86400000;

export class Node {
  constructor(
    public id: string,
    public data: JsonValue,
  ) {}

  str(key: string, dflt: string): string {
    const v = this.data.getString(key);
    return v === null ? dflt : v;
  }
  num(key: string, dflt: f64): f64 {
    return this.data.getNumber(key, dflt);
  }
  setNum(key: string, v: f64): void {
    this.data.set(key, JsonValue.fromNumber(v));
  }

  get name(): string {
    return this.str('name', 'something');
  }
  get type(): string {
    return this.str('type', 'vegetation');
  }
  get rarity(): string {
    return this.str('rarity', 'common');
  }
  get item(): string {
    return this.str('item', '');
  }
  get skill(): string {
    return this.str('skill', 'survival');
  }
  get tool(): string {
    return this.str('tool', '');
  }
  get quantity(): f64 {
    return this.num('quantity', 0);
  }
  get max(): f64 {
    return this.num('max', 1);
  }
  get minSkill(): f64 {
    return this.num('minSkill', 0);
  }
  get cooldownMs(): f64 {
    return cooldownDays(this.str('cooldown', this.type == 'mineral' ? 'none' : 'fast')) * DAY_MS;
  }
  get mineral(): bool {
    return this.type == 'mineral';
  }

  /** Units that can be taken now. */
  get available(): i32 {
    return <i32>Math.floor(this.quantity);
  }

  /**
   * Regrow up to game time `t` (§9.1 RegenerateResources, lazily). Returns
   * whether the quantity changed: growth is linear and capped, so an unchanged
   * node need not be written — its old `at` and quantity give the same answer later.
   */
  catchUp(t: f64): bool {
    const last = this.num('at', 0);
    const rate = this.mineral ? 0 : this.num('regen', 0);
    const q = this.quantity;
    if (last > 0) this.setNum('quantity', regenerated(q, this.max, rate, this.num('lastHarvested', 0), this.cooldownMs, last, t));
    this.setNum('at', t);
    return this.quantity != q;
  }

  /** Set by nodesIn: the quantity regrew and the node should be written. */
  public grew: bool = false;

  /** Game ms until it starts to regrow (0 when regrowing or full; -1 never: a mineral). */
  regrowsIn(t: f64): f64 {
    if (this.mineral || this.num('regen', 0) <= 0) return -1;
    const from = this.num('lastHarvested', 0) + this.cooldownMs;
    return from > t ? from - t : 0;
  }

  save(): bool {
    return State.set(this.id, NODE, this.data);
  }
}

export function nodesIn(room: string, t: f64): Node[] {
  const out = new Array<Node>();
  const here = Query.contents(room, 'node');
  for (let i = 0; i < here.length; i++) {
    const v = State.get(here[i].id, NODE);
    if (v === null || !v.isObject()) continue;
    const n = new Node(here[i].id, v);
    n.grew = n.catchUp(t);
    out.push(n);
  }
  return out;
}

/** Which verbs take from which types: mine → minerals; harvest → plants and animals; gather → anything (surface pickings too). */
export function verbFits(verb: string, n: Node): bool {
  if (verb == 'mine') return n.mineral;
  if (verb == 'harvest') return n.type == 'vegetation' || n.type == 'animal';
  return true;
}
