/**
 * Appearance (gameplay-rules §4.2): text made deterministically from the
 * genotype, the age and the species — the same three give the same words.
 * Template: "[Height], [build] [species] with [hair], [eyes], [features]. [Age]."
 *
 * Genetics decide the bands; a per-person hash (`appearanceID = hash(genotype +
 * seed)`) picks only within them (±5% variation that never crosses a band:
 * a TT person is never short). Age modifiers apply on reading, from the share
 * of the species' lifespan lived, so the text ages with game time.
 */
import { GENES, Genome, dose } from './genes';

export class Species {
  constructor(
    public key: string,
    public noun: string,
    /** Lifespan in game years, for the age categories (share of lifespan lived). */
    public lifespan: f64,
    /** Height scale against the human bands of §4.1 (a TT dwarf is tall for a dwarf). */
    public heightScale: f64,
    /** Cap in cm (§4.2: halflings at most 120). */
    public heightCap: f64,
    public extra: string,
  ) {}
}

/** Lifespans are our reading (the reference gives none): human 80, elf 400, dwarf 250, halfling 100, orc 60 game years. */
export const SPECIES: Species[] = [
  new Species('human', 'human', 80, 1.0, 230, ''),
  new Species('elf', 'elf', 400, 1.02, 230, 'pointed ears and angular features'),
  new Species('dwarf', 'dwarf', 250, 0.75, 160, 'broad shoulders'),
  new Species('halfling', 'halfling', 100, 0.62, 120, ''),
  new Species('orc', 'orc', 60, 1.05, 230, 'prominent tusks'),
];

export function speciesOf(key: string): Species {
  for (let i = 0; i < SPECIES.length; i++) if (SPECIES[i].key == key) return SPECIES[i];
  return SPECIES[0];
}

/** FNV-1a, 32 bits: the appearance id of §4.2 and the source of its bounded variation. */
export function hash32(text: string): u32 {
  let h: u32 = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= <u32>text.charCodeAt(i);
    h *= 16777619;
  }
  return h;
}

/** A fraction in [0, 1) for one facet of one person: hash(genotype + seed + facet). */
function facet(key: string, name: string): f64 {
  return <f64>hash32(key + '/' + name) / 4294967296.0;
}

function pick(list: string[], f: f64): string {
  return list[<i32>Math.floor(f * <f64>list.length) % list.length];
}

/** The genotype as one string (gene order fixed), for the appearance id. */
export function genotypeKey(g: Genome): string {
  let s = '';
  for (let i = 0; i < GENES.length; i++) s += g.get(GENES[i].name);
  return s;
}

/**
 * §4.1 height bands: TT 180–200, Tt 165–185, tt 150–170 cm (human); scaled and capped
 * per species. Where in its band a person stands is genetic (the whole genotype's
 * hash: twins stand alike); the environment adds ±1% (the seed's hash), never past the band.
 */
export function heightCm(g: Genome, sp: Species, seed: string): f64 {
  const n = dose(g.get('height'));
  const low: f64 = n == 2 ? 180 : n == 1 ? 165 : 150;
  const genotype = genotypeKey(g);
  const inBand = low + 20 * facet(genotype, 'height');
  const lived = inBand * (1 + 0.02 * (facet(genotype + seed, 'height') - 0.5));
  const h = Math.max(low, Math.min(low + 20, lived)) * sp.heightScale;
  return Math.min(sp.heightCap, Math.round(h));
}

/** §4.2 height descriptors: 190+ very tall, 175–189 tall, 160–174 average, 145–159 short, below very short — against the human scale, scaled per species. */
export function heightWord(cm: f64, sp: Species): string {
  const h = cm / sp.heightScale;
  if (h >= 190) return 'Very tall';
  if (h >= 175) return 'Tall';
  if (h >= 160) return 'Average height';
  if (h >= 145) return 'Short';
  return 'Very short';
}

/**
 * §4.2 build from muscle (M) and frame (B, read as body fat: the reference's
 * build table is muscle × fat): high muscle/low fat muscular; high/high stocky;
 * low/low lean; low muscle/high fat portly; the middle average. Dwarves and orcs
 * default one step heavier (stocky, muscular).
 */
export function buildWord(g: Genome, sp: Species): string {
  let m = dose(g.get('muscle'));
  const f = dose(g.get('build'));
  if (sp.key == 'orc' && m < 2) m++;
  if (sp.key == 'dwarf') return m >= 1 ? 'stocky' : 'heavyset';
  if (m == 2 && f < 2) return 'muscular';
  if (m >= 1 && f == 2) return 'stocky';
  if (m == 0 && f == 0) return 'lean';
  if (m == 0 && f == 2) return 'portly';
  return 'average-built';
}

/** §4.1 hair: HrHr/PiPi black, HrHr/Pipi brown, hrhr/pipi blonde; the other five cells are our reading. */
const HAIR: string[] = ['blonde', 'red', 'auburn', 'light brown', 'chestnut', 'brown', 'dark brown', 'brown', 'black'];
export function hairColour(g: Genome): string {
  return HAIR[dose(g.get('hair')) * 3 + dose(g.get('pigment'))];
}

/** §4.1 eyes: EyEy/MeMe brown, Eyey/Meme hazel, eyey/meme blue; the rest our reading. */
const EYES: string[] = ['blue', 'grey', 'green', 'hazel', 'hazel', 'brown', 'hazel', 'brown', 'brown'];
export function eyeColour(g: Genome): string {
  return EYES[dose(g.get('eye')) * 3 + dose(g.get('melanin'))];
}

const JAW: string[] = ['a pointed chin', 'a square jaw', 'a strong jawline'];
const NOSE: string[] = ['a button nose', 'an aquiline nose', 'a prominent nose'];
const CHEEK: string[] = ['hollow cheeks', 'full cheeks', 'high cheekbones'];
const TEXTURE: string[] = ['straight', 'wavy', 'curly', 'thick'];
const EYE_WORD: string[] = ['bright', 'piercing', 'deep-set', 'warm', 'steady'];
const MARKS: string[] = ['a scatter of freckles', 'a small mole on one cheek', 'a pale birthmark at the temple', 'an old scar across one brow'];

/** §4.2 age categories by share of lifespan: child <20%, young adult <40%, adult <60%, middle-aged <80%, elder. */
export function ageCategory(share: f64): string {
  if (share < 0.2) return 'child';
  if (share < 0.4) return 'young adult';
  if (share < 0.6) return 'adult';
  if (share < 0.8) return 'middle-aged';
  return 'elder';
}

function ageText(share: f64, sp: Species): string {
  // Halflings look young however old (§4.2).
  const s = sp.key == 'halfling' ? Math.min(share, 0.55) : share;
  let t = s < 0.2 ? 'Youthful, with smooth skin and bright eyes' : s < 0.4 ? 'In their prime, with clear features' : s < 0.6 ? 'Mature, with some weathering' : s < 0.8 ? 'Middle-aged, with lines forming' : 'Elderly and deeply lined';
  // Modifiers: wrinkles and age spots after 70%, a slight stoop after 85%, clouding eyes after 90%.
  if (s >= 0.7 && s < 0.8) t += ' and the first age spots';
  if (s >= 0.85) t += ', a little stooped';
  if (s >= 0.9) t += ', eyes clouding';
  return t + '.';
}

/**
 * The whole text. `ageYears` in game years; `male` only changes the dwarf's beard.
 * Hair greys after 60% of the lifespan and whitens after 80%.
 */
export function describe(g: Genome, species: string, ageYears: f64, male: bool, seed: string): string {
  const sp = speciesOf(species);
  const key = genotypeKey(g) + seed;
  const share = ageYears / sp.lifespan;
  const cm = heightCm(g, sp, seed);
  let hair = hairColour(g);
  if (share >= 0.8) hair = 'white';
  else if (share >= 0.6) hair = 'greying ' + hair;
  const texture = sp.key == 'halfling' ? 'curly' : pick(TEXTURE, facet(key, 'texture'));
  const hairText = sp.key == 'dwarf' && male ? texture + ' ' + hair + ' hair and a thick ' + hair + ' beard' : texture + ' ' + hair + ' hair';
  let features = JAW[dose(g.get('jaw'))] + ', ' + NOSE[dose(g.get('nose'))] + ' and ' + CHEEK[dose(g.get('cheek'))];
  if (sp.extra.length > 0) features += ', ' + sp.extra;
  // Bounded variation (§4.2: moles, freckles, scars): 3 in 10 people carry one mark.
  if (facet(key, 'mark') < 0.3) features += ', ' + pick(MARKS, facet(key, 'markKind'));
  return heightWord(cm, sp) + ', ' + buildWord(g, sp) + ' ' + sp.noun + ' with ' + hairText + ', ' + pick(EYE_WORD, facet(key, 'eyes')) + ' ' + eyeColour(g) + ' eyes, ' + features + '. ' + ageText(share, sp);
}

/**
 * §4.2 CompareAppearances: height 20%, build 20%, colouring 30%, features 30%.
 * Height `1 − |h1 − h2| / 50` (50 cm, the human range 150–200); build, colouring
 * and features compare the expressed doses (a gene's 0/1/2 dominant alleles).
 * Identical genotypes differ only in the ±1% of height the environment adds,
 * so twins score at least 0.95; the reference says never 1.0, so a perfect
 * match of two people (not one compared with itself) counts 0.99.
 */
export function compare(a: Genome, sa: string, b: Genome, sb: string, species: string): f64 {
  const sp = speciesOf(species);
  const ha = heightCm(a, sp, sa);
  const hb = heightCm(b, sp, sb);
  const height = Math.max(0, 1 - Math.abs(ha - hb) / (50 * sp.heightScale));
  const build = doseMatch(a, b, ['muscle', 'build']);
  const colouring = doseMatch(a, b, ['hair', 'pigment', 'eye', 'melanin']);
  const features = doseMatch(a, b, ['jaw', 'nose', 'cheek']);
  const score = 0.2 * height + 0.2 * build + 0.3 * colouring + 0.3 * features;
  return ha == hb && score == 1 ? 0.99 : score;
}

function doseMatch(a: Genome, b: Genome, genes: string[]): f64 {
  let s: f64 = 0;
  for (let i = 0; i < genes.length; i++) s += 1 - <f64>Math.abs(dose(a.get(genes[i])) - dose(b.get(genes[i]))) / 2;
  return s / <f64>genes.length;
}
