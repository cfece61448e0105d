/**
 * Genes (gameplay-rules §4.1): two alleles per gene, one from each parent.
 * An allele is one character in the stored genotype:
 *
 *   D  dominant (the reference's capital letter, "S")
 *   r  recessive ("s")
 *   v  a new rare allele from mutation: recessive in expression, kept apart so
 *      the lineage can show it ("s*")
 *   P  an amplified dominant allele from mutation: dominant, and half again its
 *      attribute bonus ("S+")
 *
 * so `{"strength": "Dr"}` is the reference's Ss. Expression: the phenotype is
 * dominant when either allele is D or P, recessive only when both are r/v.
 * Inheritance picks one allele of each parent at random (Punnett: Aa×Aa gives
 * 1:2:1); 5% of genes mutate during inheritance: flip 50%, rare allele 30%,
 * amplification 20%.
 */
import { JsonObj, JsonValue } from '../../../sdk/assembly';

export const MUTATION_RATE: f64 = 0.05;
export const FLIP_SHARE: f64 = 0.5;
export const RARE_SHARE: f64 = 0.3; // the remaining 0.2 amplifies
/** §4.1: each gene contributes at most ±15 to an attribute. */
export const MAX_GENE_BONUS: f64 = 15;
/** §4.1: healthy offspring need genetic similarity below 0.8. */
export const MAX_SIMILARITY: f64 = 0.8;

export class GeneDef {
  constructor(
    public name: string,
    public symbol: string,
    /** The attribute it adds to ('' for appearance and temperament genes). */
    public attribute: string,
    /** Bonus per dominant allele: §4.1 strength SS +10 / Ss +5, muscle MM +8 / Mm +4. */
    public perAllele: f64,
  ) {}
}

/**
 * The genome: the reference's attribute genes (two per attribute it names),
 * appearance genes, and the temperament genes of §5.2 (Ne, Ex and "similar
 * mappings for O/C/A"). Genes it names without a number take the first gene's 5
 * per allele for the first of a pair and the second's 4 for the other.
 */
export const GENES: GeneDef[] = [
  new GeneDef('strength', 'S', 'might', 5),
  new GeneDef('muscle', 'M', 'might', 4),
  new GeneDef('reflex', 'R', 'agility', 5),
  new GeneDef('coordination', 'C', 'agility', 4),
  new GeneDef('stamina', 'E', 'endurance', 5),
  new GeneDef('resilience', 'L', 'endurance', 4),
  new GeneDef('health', 'H', 'vitality', 5),
  new GeneDef('recovery', 'V', 'vitality', 4),
  new GeneDef('cognition', 'I', 'intellect', 5),
  new GeneDef('learning', 'K', 'intellect', 4),
  new GeneDef('perception', 'P', 'cunning', 5),
  new GeneDef('analysis', 'A', 'cunning', 4),
  new GeneDef('vision', 'Vi', 'sight', 5),
  new GeneDef('color', 'Co', 'sight', 4),
  new GeneDef('auditory', 'Au', 'hearing', 5),
  new GeneDef('range', 'Ra', 'hearing', 4),
  new GeneDef('height', 'T', '', 0),
  new GeneDef('build', 'B', '', 0),
  new GeneDef('hair', 'Hr', '', 0),
  new GeneDef('pigment', 'Pi', '', 0),
  new GeneDef('eye', 'Ey', '', 0),
  new GeneDef('melanin', 'Me', '', 0),
  new GeneDef('nose', 'N', '', 0),
  new GeneDef('jaw', 'J', '', 0),
  new GeneDef('cheek', 'Ch', '', 0),
  new GeneDef('neuroticism', 'Ne', '', 0),
  new GeneDef('extraversion', 'Ex', '', 0),
  new GeneDef('openness', 'Op', '', 0),
  new GeneDef('conscientiousness', 'Cs', '', 0),
  new GeneDef('agreeableness', 'Ag', '', 0),
];

/** A source of uniform numbers in [0, 1): the host's seeded rand in the world, anything in a simulation. */
export type Roll = () => f64;

export function isDominant(allele: string): bool {
  return allele == 'D' || allele == 'P';
}

/** Dominant alleles in a genotype: 0 (aa), 1 (Aa) or 2 (AA). */
export function dose(genotype: string): i32 {
  if (genotype.length < 2) return 0;
  return (isDominant(genotype.charAt(0)) ? 1 : 0) + (isDominant(genotype.charAt(1)) ? 1 : 0);
}

/** Dominant phenotype: either allele dominant. */
export function expressesDominant(genotype: string): bool {
  return dose(genotype) > 0;
}

/** Sorted so that Dr and rD are one genotype (dominant first, as the reference writes Aa). */
export function normalize(a: string, b: string): string {
  const ra = rank(a);
  const rb = rank(b);
  // Interned: a thousand genomes share ten strings instead of allocating 30,000.
  return ra <= rb ? GENOTYPES[ra * 4 + rb] : GENOTYPES[rb * 4 + ra];
}

function rank(x: string): i32 {
  return x == 'P' ? 0 : x == 'D' ? 1 : x == 'r' ? 2 : 3;
}

const ALLELES = ['P', 'D', 'r', 'v'];
const GENOTYPES: string[] = ((): string[] => {
  const out: string[] = [];
  for (let i = 0; i < 4; i++) for (let k = 0; k < 4; k++) out.push(ALLELES[i] + ALLELES[k]);
  return out;
})();

/** §4.1 MutateGene: flip D↔r (50%), a rare allele (30%), amplification (20%). */
export function mutate(allele: string, roll: Roll): string {
  const kind = roll();
  if (kind < FLIP_SHARE) return isDominant(allele) ? 'r' : 'D';
  if (kind < FLIP_SHARE + RARE_SHARE) return 'v';
  return 'P';
}

/** One allele from each parent (§4.1 InheritGene); `mutations` counts the mutated alleles. */
export class Inherited {
  constructor(
    public genotype: string,
    public mutated: bool,
  ) {}
}

export function inheritGene(p1: string, p2: string, roll: Roll): Inherited {
  let a = p1.charAt(roll() < 0.5 ? 0 : 1);
  let b = p2.charAt(roll() < 0.5 ? 0 : 1);
  let mutated = false;
  if (roll() < MUTATION_RATE) {
    mutated = true;
    if (roll() < 0.5) a = mutate(a, roll);
    else b = mutate(b, roll);
  }
  return new Inherited(normalize(a, b), mutated);
}

export function geneIndex(name: string): i32 {
  for (let i = 0; i < GENES.length; i++) if (GENES[i].name == name) return i;
  return -1;
}

/** A random genotype for a founder: each allele dominant with probability `pDominant` (0.5: diverse). */
export function randomGenotype(roll: Roll, pDominant: f64 = 0.5): string {
  return normalize(roll() < pDominant ? 'D' : 'r', roll() < pDominant ? 'D' : 'r');
}

/** A whole genome as a map of gene name → genotype. */
export class Genome {
  /** Genotypes in GENES order (a gene not yet set reads as rr). */
  types: string[] = [];

  constructor() {
    for (let i = 0; i < GENES.length; i++) this.types.push('rr');
  }

  get(name: string): string {
    const i = geneIndex(name);
    return i < 0 ? 'rr' : this.types[i];
  }

  put(name: string, genotype: string): void {
    const i = geneIndex(name);
    if (i >= 0) this.types[i] = genotype;
  }

  toJson(): JsonObj {
    const o = new JsonObj();
    for (let i = 0; i < GENES.length; i++) o.set(GENES[i].name, this.types[i]);
    return o;
  }

  static fromJson(v: JsonValue | null): Genome {
    const g = new Genome();
    if (v === null || !v.isObject()) return g;
    const keys = v.keys();
    for (let i = 0; i < keys.length; i++) {
      const t = v.getString(keys[i]);
      if (t !== null && t!.length == 2) g.put(keys[i], t!);
    }
    return g;
  }

  /** Founders: every gene random (each allele dominant with probability 0.5). */
  static random(roll: Roll): Genome {
    const g = new Genome();
    for (let i = 0; i < GENES.length; i++) g.types[i] = randomGenotype(roll);
    return g;
  }

  /** The child of two genomes; `mutations` is how many genes mutated. */
  static child(a: Genome, b: Genome, roll: Roll): Genome {
    const g = new Genome();
    let mutations = 0;
    for (let i = 0; i < GENES.length; i++) {
      const got = inheritGene(a.types[i], b.types[i], roll);
      if (got.mutated) mutations++;
      g.types[i] = got.genotype;
    }
    g.mutations = mutations;
    return g;
  }

  mutations: i32 = 0;
}

/** The reference's notation: Dr of strength → "Ss", of vision → "Vivi", P → "S+", v → "s*". */
export function notation(symbol: string, genotype: string): string {
  let out = '';
  for (let i = 0; i < genotype.length; i++) {
    const a = genotype.charAt(i);
    if (a == 'D') out += symbol;
    else if (a == 'P') out += symbol + '+';
    else if (a == 'v') out += symbol.toLowerCase() + '*';
    else out += symbol.toLowerCase();
  }
  return out;
}

/** §4.1 gene → attribute: Σ over the attribute's genes of perAllele × dominant alleles (an amplified allele counts 1.5), each gene capped at ±15. */
export function attributeBonus(g: Genome, attribute: string): f64 {
  let total: f64 = 0;
  for (let i = 0; i < GENES.length; i++) {
    const d = GENES[i];
    if (d.attribute != attribute) continue;
    const t = g.get(d.name);
    let n: f64 = 0;
    for (let k = 0; k < 2; k++) {
      const a = t.charAt(k);
      if (a == 'D') n += 1;
      else if (a == 'P') n += 1.5;
    }
    total += Math.min(MAX_GENE_BONUS, d.perAllele * n);
  }
  return total;
}

/**
 * §4.1 diversity: the share of genes with the same genotype in both (0–1).
 * Two unrelated founders share ~3/8 of genotypes; siblings ~1/2 or more; a
 * parent and child often more. Healthy offspring need < MAX_SIMILARITY.
 */
export function similarity(a: Genome, b: Genome): f64 {
  let same = 0;
  for (let i = 0; i < GENES.length; i++) if (a.get(GENES[i].name) == b.get(GENES[i].name)) same++;
  return <f64>same / <f64>GENES.length;
}
