/** §7.3's expiration job, every world second: expiry and damage over time. */
import { Events, JsonObj, Query, State, randFloat } from '../../../sdk/assembly';
import { fighterOf } from './fighter';
import { EFFECTS, Effect, STATE, hpNow, readEffects, readHealth, writeEffects, writeHealth } from './state';
import { nameOf, POISON_INTERVAL, BLEED_INTERVAL } from './status';
import { tell, tellVitals, whole } from './show';
import { defeat } from './defeat';
import { isSafe } from './world';

export function sweep(t: f64): void {
  const ids = Query.withComponent(EFFECTS);
  for (let i = 0; i < ids.length; i++) sweepOne(ids[i], t);
}

function sweepOne(id: string, t: f64): void {
  const list = readEffects(id);
  const keep = new Array<Effect>();
  let damage: f64 = 0;
  const f = fighterOf(id, false);
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    if (e.until <= t) {
      tell(id, 'You are no longer ' + nameOf(e.k) + '.', 'good');
      Events.emit('combat.effect', 'char:' + id, new JsonObj().set('id', id).set('effect', e.k).set('change', 'expired').set('stacks', e.stacks).set('until', e.until));
      continue;
    }
    if ((e.k == 'poison' || e.k == 'bleed') && e.next <= t) {
      damage += e.k == 'poison' ? e.v * <f64>e.stacks : e.v;
      e.next += e.k == 'poison' ? POISON_INTERVAL : BLEED_INTERVAL;
      // §7.3: Vitality > 70 shakes off a dose 10 % of ticks.
      if (e.k == 'poison' && f !== null && f.vitality > 70 && randFloat() < 0.1) {
        e.stacks--;
        if (e.stacks <= 0) {
          tell(id, 'You shake off the poison.', 'good');
          continue;
        }
      }
    }
    keep.push(e);
  }
  writeEffects(id, keep);
  if (damage <= 0 || f === null) return;
  const h = readHealth(id, f.maxHp, t);
  const fighting = State.get(id, STATE) !== null;
  const before = hpNow(h, t, fighting, isSafe(f.room));
  const after = before - damage > 0 ? before - damage : 0;
  writeHealth(id, after, f.maxHp, t);
  tellVitals(id, 'You lose ' + whole(damage).toString() + ' HP to your wounds and poison. HP ' + whole(after).toString() + '/' + whole(f.maxHp).toString() + '.', 'bad', after, f.maxHp);
  if (after <= 0) defeat(f, '', t);
}
