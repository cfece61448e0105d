/**
 * @combat (admins): test and balance tools.
 *   @combat hp <n>                 set your HP (tests: a fight to the death in seconds)
 *   @combat effect <kind> [ms]     afflict yourself (poison, bleed, stun, slow, haste, weakness)
 *   @combat sim <type> <base> <skill> <might> <agility> <cunning> <action> <armour> <n>
 *                                  n blows with the pack's rolls: min/avg/max, crit and fumble rates, SD
 */
import { Command, JsonObj, Message, OK, now, rand, reply } from '../../../sdk/assembly';
import { fighterOf } from './fighter';
import { readEffects, writeEffects, writeHealth } from './state';
import { apply } from './status';
import { blow } from './rules';
import { vitals } from './show';
import { announce } from './fight';

function no(text: string): i32 {
  reply(Message.error(text));
  return OK;
}

export function admin(cmd: Command): i32 {
  const w = cmd.words();
  if (w.length == 0) return no('Usage: @combat hp <n> | effect <kind> [ms] | sim <type> <base> <skill> <might> <agility> <cunning> <action> <armour> <n>');
  const t = <f64>now();
  if (w[0] == 'hp' && w.length == 2) {
    const f = fighterOf(cmd.actor.id);
    if (f === null) return no('You are not in the world.');
    const n = F64.parseFloat(w[1]);
    if (!(n >= 1 && n <= f.maxHp)) return no('HP must be 1–' + f.maxHp.toString() + '.');
    writeHealth(f.id, n, f.maxHp, t);
    reply(Message.info('Your HP is now ' + w[1] + '.').data('Char.Vitals', vitals(n, f.maxHp)));
    return OK;
  }
  if (w[0] == 'effect' && w.length >= 2) {
    const f = fighterOf(cmd.actor.id);
    if (f === null) return no('You are not in the world.');
    const k = w[1];
    if (!(k == 'poison' || k == 'bleed' || k == 'stun' || k == 'slow' || k == 'haste' || k == 'weakness')) return no('Effects: poison, bleed, stun, slow, haste, weakness.');
    const ms = w.length > 2 ? F64.parseFloat(w[2]) : 15000;
    const v = k == 'slow' ? 1.5 : k == 'haste' ? 0.7 : 0.75;
    const fx = readEffects(f.id);
    const e = apply(fx, k, t, v, ms);
    writeEffects(f.id, fx);
    announce(f, k, e, t);
    return OK;
  }
  if (w[0] == 'sim' && w.length == 10) return sim(w);
  return no('Usage: @combat hp <n> | effect <kind> [ms] | sim <type> <base> <skill> <might> <agility> <cunning> <action> <armour> <n>');
}

/** Balance runs through the pack's own formula and randomness (the harness seeds it). */
function sim(w: string[]): i32 {
  const type = w[1];
  const base = F64.parseFloat(w[2]);
  const skill = F64.parseFloat(w[3]);
  const might = F64.parseFloat(w[4]);
  const agility = F64.parseFloat(w[5]);
  const cunning = F64.parseFloat(w[6]);
  const action = w[7];
  const armor = w[8] == 'none' ? '' : w[8];
  const n = I32.parseInt(w[9]);
  if (n < 1 || n > 1500) return no('n must be 1–1500 (one host call a blow).');
  let min: f64 = 1e9;
  let max: f64 = 0;
  let sum: f64 = 0;
  let sq: f64 = 0;
  let crits = 0;
  let fumbles = 0;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    // One host call a blow (the call's budget is 2,000): the d100 from the low bits, the extra crit draw from the high 32.
    const r = rand();
    const h = blow(base, type, skill, might, agility, cunning, action, 100, armor, 100, false, <i32>(r % 100) + 1, <f64>(r >> 32) / 4294967296.0, 1.0);
    if (h.fumble) {
      fumbles++;
      continue;
    }
    hits++;
    if (h.crit) crits++;
    if (h.damage < min) min = h.damage;
    if (h.damage > max) max = h.damage;
    sum += h.damage;
    sq += h.damage * h.damage;
  }
  const avg = hits > 0 ? sum / hits : 0;
  const sd = hits > 0 ? Math.sqrt(sq / hits - avg * avg) : 0;
  const out = new JsonObj()
    .set('n', n)
    .set('min', min)
    .set('avg', avg)
    .set('max', max)
    .set('sd', sd)
    .set('critRate', <f64>crits / <f64>n)
    .set('fumbleRate', <f64>fumbles / <f64>n);
  reply(Message.info('sim ' + out.toJson()));
  return OK;
}
