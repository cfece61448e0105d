/**
 * Skill checks (gameplay-rules 2.4):
 *
 *   total = d100 + skill + floor(attribute / 5) + synergy bonuses   vs   difficulty
 *
 * success when total ≥ difficulty; a natural 96–100 always succeeds (critical
 * success), a natural 1–5 always fails (critical failure). Thresholds are config
 * (critSuccessMin, critFailMax): combat's 95–100 (7.2) is the combat pack's call.
 *
 * Experience for the use: difficulty / 10 (Easy 3 … Very hard 9) × outcome
 * (critical success 1.5, success 1, failure 0.5, critical failure 0) × the
 * repeat factor (diminishing returns) × xpRate.
 */
import { JsonValue, randInt } from '../../../sdk/assembly';
import { SKILLS, qualityOf } from './catalog';
import { Gain, addXp, attributeValue, levelsOf, recordIn, repeatFactor, round2 } from './progress';
import { settings } from './settings';

export const CRIT_NONE = 'none';
export const CRIT_SUCCESS = 'success';
export const CRIT_FAILURE = 'failure';

export class Outcome {
  roll: i32 = 0;
  level: i32 = 0;
  attributeBonus: i32 = 0;
  synergy: i32 = 0;
  total: i32 = 0;
  difficulty: i32 = 0;
  success: bool = false;
  critical: string = CRIT_NONE;
  quality: i32 = 0;
  factor: f64 = 1;
  xp: f64 = 0;
  gain: Gain | null = null;
}

/** Synergy bonus for `skill`: +bonus for each configured pair whose source skill is above its threshold. */
export function synergyBonus(who: string, skill: i32): i32 {
  return synergyFrom(levelsOf(who), skill);
}

function synergyFrom(levels: JsonValue, skill: i32): i32 {
  const pairs = settings().synergies;
  let bonus = 0;
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i];
    if (p.skill == skill && recordIn(levels, p.from).level > p.above) bonus += p.bonus;
  }
  return bonus;
}

/**
 * Quality of the result: floor(skill / 20) (Poor … Legendary); a critical
 * success lifts it one tier, a critical failure makes it Poor.
 */
function qualityFor(level: i32, critical: string): i32 {
  let q = qualityOf(level);
  if (critical == CRIT_SUCCESS && q < 4) q++;
  if (critical == CRIT_FAILURE) q = 0;
  return q;
}

function outcomeFactor(o: Outcome): f64 {
  if (o.critical == CRIT_SUCCESS) return 1.5;
  if (o.critical == CRIT_FAILURE) return 0;
  return o.success ? 1.0 : 0.5;
}

export function performCheck(who: string, skill: i32, difficulty: i32, context: string, ref: string, award: bool): Outcome {
  const s = settings();
  const o = new Outcome();
  o.difficulty = difficulty;
  o.roll = randInt(100) + 1;
  // One read each of the levels and the attribute serves the whole check.
  const levels = levelsOf(who);
  const attribute = attributeValue(who, skill);
  o.level = recordIn(levels, skill).level;
  o.attributeBonus = <i32>Math.floor(attribute / 5);
  o.synergy = synergyFrom(levels, skill);
  o.total = o.roll + o.level + o.attributeBonus + o.synergy;
  if (o.roll >= s.critSuccessMin) o.critical = CRIT_SUCCESS;
  else if (o.roll <= s.critFailMax) o.critical = CRIT_FAILURE;
  o.success = o.critical == CRIT_SUCCESS || (o.critical == CRIT_NONE && o.total >= difficulty);
  o.quality = qualityFor(o.level, o.critical);
  if (award) {
    o.factor = repeatFactor(who, SKILLS[skill] + '|' + context + '|' + ref);
    o.xp = round2((<f64>difficulty / 10.0) * outcomeFactor(o) * o.factor * s.xpRate);
    if (o.xp > 0) o.gain = addXp(who, skill, o.xp, levels, <i32>Math.floor(attribute * 1.5));
  }
  return o;
}
