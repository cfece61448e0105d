/**
 * The first time the pack meets a world: spawn the clock entity, starting at
 * the world file's day and hour (Emberford wakes on the first morning of spring,
 * 08:00), and arm the first wake.
 */
import { JsonObj, JsonValue, OK, Query, State, fail, now } from '../../../sdk/assembly';
import { Clock } from './clock';
import { band, dayMs, dayNumber, season } from './calendar';
import { CLOCK, NOW, hostError, numberConfig, saveClock, snapshot } from './world';

export function seedClock(world: JsonValue): i32 {
  if (Query.withComponent(CLOCK).length > 0) return OK; // seeded before: never two clocks
  const day = world.isObject() ? world.getNumber('startDay', 1) : 1;
  const hour = world.isObject() ? world.getNumber('startHour', 8) : 8;
  if (day < 1 || hour < 0 || hour >= 24) return fail('TIME_BAD_WORLD', 'world.json: startDay must be ≥ 1 and startHour 0–23');
  const t = <f64>now();
  const c = new Clock();
  c.at = t;
  c.game = Math.floor((day - 1) * dayMs() + (hour / 24) * dayMs());
  c.dilation = numberConfig('dilation', 1);
  c.rate = c.dilation;
  c.then = c.dilation;
  c.band = band(c.game);
  c.season = season(c.game);
  c.day = <f64>(dayNumber(c.game) + 1);
  const id = State.spawn(new JsonObj().set('name', 'time: world clock').set('kind', 'config').set(CLOCK, c).set(NOW, snapshot(c, t)));
  if (id === null) return fail('TIME_SEED_FAILED', 'could not create the world clock: ' + hostError());
  if (!saveClock(id, c, t)) return fail('TIME_SEED_FAILED', 'could not arm the clock: ' + hostError());
  return OK;
}
