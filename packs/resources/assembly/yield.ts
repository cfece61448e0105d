/**
 * The harvest formulas of gameplay-rules §9.1, pure so the tests can run them.
 *
 *   skillModifier = 0.5 + skill/200            (0 → 0.5, 50 → 0.75, 100 → 1.0)
 *   toolModifier  = none 0.5, basic 0.7, good 1.0, excellent 1.3
 *   randomFactor  = 0.8 … 1.2
 *   efficiency    = skillModifier × toolModifier × randomFactor
 *   finalYield    = round(min(perAction, quantity) × efficiency)   (mining: × depth × grade)
 *   depthModifier = 1 − depth/10000 m × 0.5
 *
 * §G 15: "baseYield = nodeQuantity × harvestEfficiency" then "finalYield =
 * round(baseYield × harvestEfficiency)" applies the efficiency twice, and
 * taking a share of the whole node would empty a 2,000-unit rich source in one
 * swing. Choice: efficiency once, on a per-action base (`perAction` in the
 * node's data, capped by what is left).
 *
 * Failure: skill < required − 20 → 50 %; skill < required → 25 %; else none.
 */

export function skillModifier(skill: f64): f64 {
  const s = skill < 0 ? 0 : skill > 100 ? 100 : skill;
  return 0.5 + s / 200;
}

export function toolModifier(tier: string): f64 {
  if (tier == 'basic') return 0.7;
  if (tier == 'good') return 1.0;
  if (tier == 'excellent') return 1.3;
  return 0.5;
}

/** 0.8 … 1.2 from a uniform [0, 1). */
export function randomFactor(u: f64): f64 {
  return 0.8 + 0.4 * u;
}

export function depthModifier(depthM: f64): f64 {
  return 1 - (depthM / 10000) * 0.5;
}

export function failChance(skill: f64, required: f64): f64 {
  if (skill < required - 20) return 0.5;
  if (skill < required) return 0.25;
  return 0;
}

export function finalYield(perAction: f64, quantity: f64, skill: f64, tier: string, u: f64, depthM: f64, grade: f64): i32 {
  const base = perAction < quantity ? perAction : quantity;
  const y = Math.round(base * skillModifier(skill) * toolModifier(tier) * randomFactor(u) * depthModifier(depthM) * grade);
  const n = <i32>y;
  const cap = <i32>Math.floor(quantity);
  return n > cap ? cap : n < 0 ? 0 : n;
}

/** Least skill a rarity asks (the lower bound of §9.1's bands). */
export function requiredFor(rarity: string): i32 {
  if (rarity == 'uncommon') return 20;
  if (rarity == 'rare') return 40;
  if (rarity == 'very_rare') return 60;
  if (rarity == 'legendary') return 80;
  return 0;
}

/** §9.1 cooldowns: fast 1 day, medium 3, slow 7; minerals none (they never regrow). */
export function cooldownDays(tier: string): f64 {
  if (tier == 'medium') return 3;
  if (tier == 'slow') return 7;
  if (tier == 'none') return 0;
  return 1;
}

/**
 * §9.1 RegenerateResources for one node, from `last` (when it was last brought up
 * to date) to `t`: nothing regrows until the cooldown after the last harvest has
 * passed; then regenRate × days, up to the maximum. Minerals (rate 0) never regrow.
 */
export function regenerated(quantity: f64, max: f64, ratePerDay: f64, lastHarvested: f64, cooldownMs: f64, last: f64, t: f64): f64 {
  if (ratePerDay <= 0 || quantity >= max) return quantity;
  const from = last > lastHarvested + cooldownMs ? last : lastHarvested + cooldownMs;
  if (t <= from) return quantity;
  const q = quantity + (ratePerDay * (t - from)) / 86400000;
  return q > max ? max : q;
}
