/**
 * What combat knows about a combatant, read through granted components only:
 * a character's `character.attributes`/`character.derived`, its wielded weapon and
 * worn armour (`inventory.equipment` → `inventory.item`) and weapon skill
 * (`skills.levels`); a creature's `creatures.stats` (written by the creatures pack).
 * Missing neighbours fall back to the middle of the 1–100 scale.
 */
import { Query, State } from '../../../sdk/assembly';

const ATTRS = 'character.attributes';
const DERIVED = 'character.derived';
const EQUIP = 'inventory.equipment';
const ITEM = 'inventory.item';
const LEVELS = 'skills.levels';
export const STATS = 'creatures.stats';
/** The attribute every stat defaults to without the pack that owns it. */
const MID: f64 = 50;
/** Bare fists: bludgeoning 4 (below the weakest weapon, the club's 12). */
const FIST: f64 = 4;

export class Fighter {
  id: string = '';
  name: string = '';
  kind: string = 'character';
  room: string = '';
  might: f64 = MID;
  agility: f64 = MID;
  cunning: f64 = MID;
  vitality: f64 = MID;
  maxHp: f64 = 500;
  level: i32 = 1;
  weaponId: string = '';
  weaponName: string = 'fists';
  weaponType: string = 'bludgeoning';
  weaponBase: f64 = FIST;
  weaponDurability: f64 = 100;
  weaponVerb: string = 'hit';
  skillName: string = 'bludgeoning';
  skill: f64 = 0;
  poison: f64 = 0;
  frost: f64 = 0;
  armorId: string = '';
  armorClass: string = '';
  armorDurability: f64 = 100;
}

/** `gear`: also read the weapon, armour and skill (a blow needs them; the sweep and HP do not). */
export function fighterOf(id: string, gear: bool = true): Fighter | null {
  const info = Query.entity(id);
  if (info === null) return null;
  const f = new Fighter();
  f.id = id;
  f.name = info.name;
  f.kind = info.kind;
  f.room = info.location === null ? '' : info.location!;
  if (info.kind == 'npc') creature(f);
  else character(f, gear);
  return f;
}

function creature(f: Fighter): void {
  const s = State.get(f.id, STATS);
  if (s === null) return;
  f.level = <i32>s.getNumber('level', 1);
  f.might = s.getNumber('might', MID);
  f.agility = s.getNumber('agility', MID);
  f.cunning = s.getNumber('cunning', MID);
  f.vitality = s.getNumber('vitality', MID);
  f.maxHp = s.getNumber('hp', f.vitality * 10);
  f.skill = s.getNumber('skill', 0);
  const w = s.getObject('weapon');
  if (w !== null) {
    const n = w.getString('name');
    if (n !== null) f.weaponName = n!;
    const t = w.getString('type');
    if (t !== null) f.weaponType = t!;
    const v = w.getString('verb');
    if (v !== null) f.weaponVerb = v!;
    f.weaponBase = w.getNumber('damage', FIST);
    f.poison = w.getNumber('poison', 0);
  }
  const a = s.getString('armor');
  if (a !== null) f.armorClass = a!;
}

function character(f: Fighter, gear: bool): void {
  const a = State.get(f.id, ATTRS);
  if (a !== null) {
    f.might = a.getNumber('might', MID);
    f.agility = a.getNumber('agility', MID);
    f.cunning = a.getNumber('cunning', MID);
    f.vitality = a.getNumber('vitality', MID);
  }
  const d = State.get(f.id, DERIVED);
  f.maxHp = d !== null ? d.getNumber('hp', f.vitality * 10) : f.vitality * 10;
  if (!gear) return;
  const eq = State.get(f.id, EQUIP);
  if (eq !== null) {
    const main = eq.getString('mainHand');
    if (main !== null) weapon(f, main!);
    const chest = eq.getString('chest');
    if (chest !== null) armor(f, chest!);
  }
  const lv = State.get(f.id, LEVELS);
  if (lv !== null) {
    const rec = lv.getObject(f.skillName);
    if (rec !== null) f.skill = rec.getNumber('level', 0);
  }
}

function weapon(f: Fighter, id: string): void {
  const it = State.get(id, ITEM);
  if (it === null) return;
  const p = it.getObject('properties');
  if (p === null) return;
  const type = p.getString('damageType');
  if (type === null) return; // wielding a fishing rod: fists it is
  const info = Query.entity(id);
  f.weaponId = id;
  f.weaponName = info === null ? 'weapon' : info.name;
  f.weaponType = type!;
  f.weaponBase = p.getNumber('damage', FIST);
  f.weaponDurability = it.getNumber('durability', 100);
  f.weaponVerb = type! == 'piercing' ? 'stab' : type! == 'bludgeoning' ? 'club' : 'slash';
  const skill = p.getString('skill');
  f.skillName = skill === null ? type! : skill!;
  f.poison = p.getNumber('poison', 0);
  f.frost = p.getNumber('frost', 0);
}

function armor(f: Fighter, id: string): void {
  const it = State.get(id, ITEM);
  if (it === null) return;
  const p = it.getObject('properties');
  if (p === null) return;
  const cls = p.getString('armorClass');
  f.armorClass = cls === null ? 'leather' : cls!;
  f.armorId = id;
  f.armorDurability = it.getNumber('durability', 100);
}

/** "a brown rat" → "the brown rat"; a character's name is kept. */
export function the(f: Fighter): string {
  if (f.kind != 'npc') return f.name;
  if (f.name.startsWith('a ')) return 'the ' + f.name.substring(2);
  if (f.name.startsWith('an ')) return 'the ' + f.name.substring(3);
  return f.name;
}

export function The(f: Fighter): string {
  const s = the(f);
  return s.length > 0 ? s.charAt(0).toUpperCase() + s.substring(1) : s;
}
