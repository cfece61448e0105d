/**
 * `@lives sim …` (admins): the reference's simulation checks run inside the
 * pack, on the same code the world uses, with the host's seeded randomness —
 * so a harness test (and an operator) can see the formulas at work:
 *
 *   @lives sim cross <g1> <g2> <n>        n children of two genotypes: counts of each genotype
 *   @lives sim dihybrid <n>               AaBb × AaBb over two genes: the 9:3:3:1 phenotype counts
 *   @lives sim generations <pop> <gens>   a random-mating population, gene 'strength': genotype shares per generation, mutations
 *   @lives sim archetype <name> <n>       n decisions of that archetype: novel / plan / social choice rates
 *   @lives sim needs <hours>              an average person alone for <hours>: needs and the goal picked each hour
 *   @lives sim desires <n>                n people's needs grown 1 h and a goal picked (the benchmark's work)
 *   @lives sim inherit <n>                n inheritances of whole genomes
 *   @lives sim appear <n>                 n appearance texts
 *   @lives sim family <n>                 n pairs of siblings and of twins: genetic and appearance similarity
 */
import { Command, Message, OK, reply } from '../../../sdk/assembly';
import { reseed, roll } from './rng';
import { compare, describe } from './appearance';
import { Genome, MAX_SIMILARITY, dose, expressesDominant, inheritGene, similarity } from './genes';
import { Context, NEEDS, Needs, choose, grow, topGoal } from './needs';
import { ARCHETYPES, Traits, archetypeTraits, decide } from './personality';

export function simCommand(cmd: Command, words: string[]): i32 {
  reseed();
  const what = words.length > 1 ? words[1] : '';
  const n = words.length > 2 ? I32.parseInt(words[words.length - 1]) : 0;
  if (what == 'cross' && words.length == 5) return answer(cross(words[2], words[3], n));
  if (what == 'dihybrid' && n > 0) return answer(dihybrid(n));
  if (what == 'generations' && words.length == 4) return answer(generations(I32.parseInt(words[2]), n));
  if (what == 'archetype' && words.length == 4 && ARCHETYPES.includes(words[2])) return answer(archetype(words[2], n));
  if (what == 'needs' && n > 0) return answer(needsDay(n));
  if (what == 'desires' && n > 0) return answer(desires(n));
  if (what == 'inherit' && n > 0) return answer(inherit(n));
  if (what == 'appear' && n > 0) return answer(appear(n));
  if (what == 'family' && n > 0) return answer(family(n));
  reply(Message.error('Usage: @lives sim cross <Dr> <Dr> <n> | dihybrid <n> | generations <pop> <gens> | archetype <' + ARCHETYPES.join('|') + '> <n> | needs <hours> | desires <n> | inherit <n> | appear <n> | family <n>'));
  return OK;
}

function answer(text: string): i32 {
  const lines = text.split('\n');
  const msg = Message.kind('info');
  for (let i = 0; i < lines.length; i++) {
    if (i > 0) msg.newline();
    msg.text(lines[i]);
  }
  reply(msg);
  return OK;
}

/** 24 → "24", 61.5 → "61.5" (two decimals at most). */
function num(x: f64): string {
  const r = Math.round(x * 100) / 100;
  return r == Math.floor(r) ? (<i64>r).toString() : r.toString();
}

function cross(a: string, b: string, n: i32): string {
  const names: string[] = [];
  const counts: i32[] = [];
  for (let i = 0; i < n; i++) {
    const g = inheritGene(a, b, roll).genotype;
    const at = names.indexOf(g);
    if (at < 0) {
      names.push(g);
      counts.push(1);
    } else counts[at]++;
  }
  const parts: string[] = [];
  for (let i = 0; i < names.length; i++) parts.push(names[i] + '=' + counts[i].toString());
  parts.sort();
  return 'cross ' + a + ' x ' + b + ': ' + parts.join(' ');
}

/** AaBb × AaBb (two independent genes): phenotypes AB, Ab, aB, ab. */
function dihybrid(n: i32): string {
  const c: i32[] = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const a = expressesDominant(inheritGene('Dr', 'Dr', roll).genotype);
    const b = expressesDominant(inheritGene('Dr', 'Dr', roll).genotype);
    c[(a ? 0 : 2) + (b ? 0 : 1)]++;
  }
  return 'dihybrid: AB=' + c[0].toString() + ' Ab=' + c[1].toString() + ' aB=' + c[2].toString() + ' ab=' + c[3].toString();
}

/** Random mating over generations: genotype counts of 'strength' each generation (Hardy–Weinberg holds p near 0.5), recessive phenotype share, mutations. */
function generations(pop: i32, gens: i32): string {
  let people: Genome[] = [];
  for (let i = 0; i < pop; i++) people.push(Genome.random(roll));
  const lines: string[] = [];
  for (let gen = 1; gen <= gens; gen++) {
    const next: Genome[] = [];
    let mutations = 0;
    for (let i = 0; i < pop; i++) {
      const child = Genome.child(people[<i32>Math.floor(roll() * <f64>pop)], people[<i32>Math.floor(roll() * <f64>pop)], roll);
      mutations += child.mutations;
      next.push(child);
    }
    people = next;
    const d: i32[] = [0, 0, 0];
    for (let i = 0; i < pop; i++) d[dose(people[i].get('strength'))]++;
    lines.push('gen ' + gen.toString() + ': SS=' + d[2].toString() + ' Ss=' + d[1].toString() + ' ss=' + d[0].toString() + ' mutations=' + mutations.toString());
  }
  return lines.join('\n');
}

function archetype(name: string, n: i32): string {
  const t = archetypeTraits(name);
  let novel = 0;
  let plan = 0;
  let social = 0;
  for (let i = 0; i < n; i++) {
    if (decide(['novel', 'familiar'], t, roll) == 0) novel++;
    if (decide(['plan', 'impulsive'], t, roll) == 0) plan++;
    if (decide(['social', 'solitary'], t, roll) == 0) social++;
  }
  return name + ': novel=' + novel.toString() + ' plan=' + plan.toString() + ' social=' + social.toString() + ' of ' + n.toString();
}

function needsDay(hours: i32): string {
  const t = Traits.of(50, 50, 50, 50, 50);
  const n = new Needs();
  for (let i = 0; i < NEEDS.length; i++) n.v[i] = 0;
  const ctx = new Context();
  const lines: string[] = [];
  for (let h = 1; h <= hours; h++) {
    grow(n, 1, t, ctx);
    const parts: string[] = [];
    for (let i = 0; i < 4; i++) parts.push(NEEDS[i] + '=' + num(n.v[i]));
    lines.push('h' + h.toString() + ' ' + parts.join(' ') + ' goal=' + topGoal(n, t).goal);
  }
  return lines.join('\n');
}

function desires(count: i32): string {
  const people: Needs[] = [];
  const traits: Traits[] = [];
  for (let i = 0; i < count; i++) {
    const n = new Needs();
    for (let k = 0; k < NEEDS.length; k++) n.v[k] = 100 * roll();
    people.push(n);
    traits.push(Traits.of(100 * roll(), 100 * roll(), 100 * roll(), 100 * roll(), 100 * roll()));
  }
  const ctx = new Context();
  let eat = 0;
  for (let i = 0; i < count; i++) {
    grow(people[i], 1, traits[i], ctx);
    if (choose(people[i], traits[i], 'idle', 0).goal == 'eat') eat++;
  }
  return 'desires: ' + count.toString() + ' people, ' + eat.toString() + ' chose to eat';
}

function inherit(count: i32): string {
  const a = Genome.random(roll);
  const b = Genome.random(roll);
  let mutations = 0;
  for (let i = 0; i < count; i++) mutations += Genome.child(a, b, roll).mutations;
  return 'inherit: ' + count.toString() + ' children, ' + mutations.toString() + ' mutations';
}

function appear(count: i32): string {
  const g = Genome.random(roll);
  let chars = 0;
  for (let i = 0; i < count; i++) chars += describe(g, 'human', <f64>(i % 80), i % 2 == 0, i.toString()).length;
  return 'appear: ' + count.toString() + ' texts, ' + chars.toString() + ' characters';
}

/** Siblings (two children of the same parents) and twins (one genome, two seeds): §4.1 similarity, §4.2 CompareAppearances (siblings 0.6–0.8, twins ≥ 0.95). */
function family(count: i32): string {
  let sib: f64 = 0;
  let sibLooks: f64 = 0;
  let twinLooks: f64 = 0;
  let minTwin: f64 = 1;
  let healthy = 0;
  for (let i = 0; i < count; i++) {
    const a = Genome.random(roll);
    const b = Genome.random(roll);
    const c1 = Genome.child(a, b, roll);
    const c2 = Genome.child(a, b, roll);
    const s = similarity(c1, c2);
    sib += s;
    if (s < MAX_SIMILARITY) healthy++;
    sibLooks += compare(c1, 'x' + i.toString(), c2, 'y' + i.toString(), 'human');
    const tw = compare(c1, 'x' + i.toString(), c1, 'z' + i.toString(), 'human');
    twinLooks += tw;
    if (tw < minTwin) minTwin = tw;
  }
  const n = <f64>count;
  return 'family: siblingGenes=' + num(sib / n) + ' siblingLooks=' + num(sibLooks / n) + ' twinLooks=' + num(twinLooks / n) + ' twinMin=' + num(minTwin) + ' canBreed=' + healthy.toString() + ' of ' + count.toString();
}
