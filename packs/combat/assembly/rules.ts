/**
 * The numbers of gameplay-rules.md §7.1–7.3, as pure functions (no host calls),
 * so the harness can check every formula and the benchmark can run them.
 */

// §7.1 base reaction times, ms.
export const BASE_QUICK: f64 = 800;
export const BASE_NORMAL: f64 = 1000;
export const BASE_HEAVY: f64 = 1500;
export const BASE_DEFEND: f64 = 500;
export const BASE_FLEE: f64 = 2000;
export const BASE_USE: f64 = 700;
/** §7.1: no reaction is faster than 200 ms, and no action may follow the last by less. */
export const MIN_REACTION: f64 = 200;
export const MIN_GAP: f64 = 200;

export function baseTime(action: string): f64 {
  if (action == 'quick') return BASE_QUICK;
  if (action == 'heavy') return BASE_HEAVY;
  if (action == 'defend') return BASE_DEFEND;
  if (action == 'flee') return BASE_FLEE;
  if (action == 'use') return BASE_USE;
  return BASE_NORMAL;
}

/**
 * finalReactionTime = base × (1 − Agility/100 × 0.3) × status multiplier, at least 200 ms.
 * Agility 50 normal → 850; Agility 90 quick → 584; Agility 20 heavy → 1410.
 * `mult`: 1.5 slowed, 0.7 hasted (§7.3), their product when both.
 */
export function reactionTime(action: string, agility: f64, mult: f64): f64 {
  const t = Math.floor(baseTime(action) * (1.0 - (agility / 100.0) * 0.3) * mult);
  return t < MIN_REACTION ? MIN_REACTION : t;
}

/** §7.1 stamina per action. */
export function staminaCost(action: string): f64 {
  if (action == 'quick') return 10;
  if (action == 'heavy') return 25;
  if (action == 'defend') return 5;
  if (action == 'flee') return 20;
  if (action == 'use') return 5;
  return 15;
}

/** §7.1 damage share of the action: quick 70 %, heavy 150 %. */
export function actionShare(action: string): f64 {
  if (action == 'quick') return 0.7;
  if (action == 'heavy') return 1.5;
  return 1.0;
}

/** §7.1 flee success = (Agility/100) × (1 − enemyAgility/200). */
export function fleeChance(agility: f64, enemyAgility: f64): f64 {
  return (agility / 100.0) * (1.0 - enemyAgility / 200.0);
}

/** §7.2 skillModifier = 1 + skill/200. */
export function skillModifier(skill: f64): f64 {
  return 1.0 + skill / 200.0;
}

/** §7.2: slashing/bludgeoning 1 + Might/200; piercing 1 + (Might+Agility)/400; ranged 1 + Agility/200. */
export function attributeModifier(type: string, might: f64, agility: f64): f64 {
  if (type == 'piercing') return 1.0 + (might + agility) / 400.0;
  if (type == 'ranged') return 1.0 + agility / 200.0;
  return 1.0 + might / 200.0;
}

/**
 * §7.2 ArmorEffectiveness[weapon][armour]. Ranged has no row in the reference:
 * choice — it uses piercing's (an arrow is a point).
 */
export function armorBase(weaponType: string, armorClass: string): f64 {
  const w = weaponType == 'bludgeoning' ? 2 : weaponType == 'slashing' ? 0 : 1;
  const a = armorClass == 'plate' ? 2 : armorClass == 'chain' ? 1 : armorClass == 'leather' ? 0 : -1;
  if (a < 0) return 0;
  if (w == 0) return a == 0 ? 0.15 : a == 1 ? 0.35 : 0.5;
  if (w == 1) return a == 0 ? 0.1 : a == 1 ? 0.2 : 0.4;
  return a == 0 ? 0.05 : a == 1 ? 0.15 : 0.25;
}

/** §7.2 armorReduction = base × durability/100; broken (0) → 0. */
export function armorReduction(weaponType: string, armorClass: string, durability: f64): f64 {
  if (durability <= 0) return 0;
  return armorBase(weaponType, armorClass) * (durability / 100.0);
}

/**
 * A weapon's damage share by durability: §7.2's steps (< 50 → 90 %, < 25 → 75 %)
 * and, for a broken weapon, §2.3's 50 % (§G6: §7.2 says 0; the inventory pack
 * chose 50 % — a broken blade is still a lump of steel — and combat follows it).
 */
export function wearShare(durability: f64): f64 {
  if (durability <= 0) return 0.5;
  if (durability < 25) return 0.75;
  if (durability < 50) return 0.9;
  return 1.0;
}

/** §7.2 critical failure: natural 1–5 (heavy attacks, "lower accuracy": 1–10). */
export function isFumble(roll: i32, action: string): bool {
  return roll <= (action == 'heavy' ? 10 : 5);
}

/** §7.2 critical hit: natural 95–100 (§G5: combat keeps 95, skill checks 96). */
export const CRIT_NATURAL: i32 = 95;

/** The extra crit chance, percent: Cunning/50, heavy +5. */
export function extraCritPercent(cunning: f64, action: string): f64 {
  return cunning / 50.0 + (action == 'heavy' ? 5.0 : 0.0);
}

export class Hit {
  damage: f64 = 0;
  crit: bool = false;
  fumble: bool = false;
  raw: f64 = 0;
  reduction: f64 = 0;
}

/**
 * One blow (§7.2):
 *   raw    = weaponBase × skillMod × attrMod × roll/100 × action share × wear share × status share
 *   final  = raw × (1 − armorReduction), armour halved on a critical, ×2 on a critical
 * `roll` is the d100, `extra` a uniform [0,1) deciding the extra crit chance.
 */
export function blow(base: f64, type: string, skill: f64, might: f64, agility: f64, cunning: f64, action: string, weaponDurability: f64, armorClass: string, armorDurability: f64, defending: bool, roll: i32, extra: f64, damageShare: f64): Hit {
  const h = new Hit();
  if (isFumble(roll, action)) {
    h.fumble = true;
    return h;
  }
  h.crit = roll >= CRIT_NATURAL || extra * 100.0 < extraCritPercent(cunning, action);
  h.raw = base * skillModifier(skill) * attributeModifier(type, might, agility) * (<f64>roll / 100.0) * actionShare(action) * wearShare(weaponDurability) * damageShare;
  let red = armorReduction(type, armorClass, armorDurability);
  if (h.crit) red *= 0.5;
  h.reduction = red;
  let d = h.raw * (1.0 - red);
  if (h.crit) d *= 2.0;
  // §7.1 defend: −50 % incoming damage until the defender's next action.
  if (defending) d *= 0.5;
  h.damage = Math.round(d);
  if (h.damage < 1) h.damage = 1;
  return h;
}

/** §7.1 interrupt: a blow over 30 % of max HP interrupts with chance damage% × 0.5. */
export function interruptChance(damage: f64, maxHp: f64): f64 {
  if (maxHp <= 0) return 0;
  const pct = damage / maxHp;
  return pct > 0.3 ? pct * 0.5 : 0;
}

/** §7.2 weapon wear: normal −1, heavy −2, fumble −3 (§G6: −3, as the inventory pack chose). */
export function weaponWear(action: string, fumble: bool): i32 {
  if (fumble) return 3;
  return action == 'heavy' ? 2 : 1;
}

/** §7.3 stun chance, percent: heavy 15, bludgeoning +10, critical +20 (0 for a normal blow that is none of these). */
export function stunPercent(action: string, type: string, crit: bool): f64 {
  let p: f64 = 0;
  if (action == 'heavy') p += 15;
  if (type == 'bludgeoning' && (action == 'heavy' || crit)) p += 10;
  if (crit) p += 20;
  return p;
}

/** §7.3 stun extension: newEnd = max(end, now) + duration, at most 10 s from now. */
export function stunEnd(existingEnd: f64, t: f64, duration: f64): f64 {
  let end = (existingEnd > t ? existingEnd : t) + duration;
  if (end > t + 10000) end = t + 10000;
  return end;
}
