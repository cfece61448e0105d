/**
 * The pack's config variables (pack.json "config"), read once per instance:
 * config is fixed for the life of a loaded pack, and a trap recreates the
 * instance anyway. Defaults here mirror pack.json so a missing value is harmless.
 */
import { JsonValue, config } from '../../../sdk/assembly';
import { skillId } from './catalog';

export class Synergy {
  constructor(
    public skill: i32,
    public from: i32,
    public above: i32,
    public bonus: i32,
  ) {}
}

export class Milestone {
  constructor(
    public skill: i32,
    public level: i32,
    public unlocks: string,
  ) {}
}

export class Settings {
  xpRate: f64 = 1;
  baseXp: f64 = 10;
  critSuccessMin: i32 = 96;
  critFailMax: i32 = 5;
  repeatWindowMs: f64 = 600000;
  defaultAttribute: f64 = 50;
  showChecks: bool = true;
  synergies: Synergy[] = [];
  milestones: Milestone[] = [];
}

let cached: Settings | null = null;

function num(key: string, fallback: f64): f64 {
  const v = config(key);
  return v === null ? fallback : v.asNumber(fallback);
}

export function settings(): Settings {
  let s = cached;
  if (s !== null) return s;
  s = new Settings();
  s.xpRate = num('xpRate', 1);
  s.baseXp = num('baseXp', 10);
  s.critSuccessMin = <i32>num('critSuccessMin', 96);
  s.critFailMax = <i32>num('critFailMax', 5);
  s.repeatWindowMs = num('repeatWindowMs', 600000);
  s.defaultAttribute = num('defaultAttribute', 50);
  const show = config('showChecks');
  s.showChecks = show === null ? true : show.asBool(true);
  s.synergies = readSynergies(config('synergies'));
  s.milestones = readMilestones(config('milestones'));
  cached = s;
  return s;
}

function readSynergies(v: JsonValue | null): Synergy[] {
  const out = new Array<Synergy>();
  if (v === null) return out;
  const items = v.asArray();
  if (items === null) return out;
  for (let i = 0; i < items.length; i++) {
    const e = items[i];
    const skill = e.getString('skill');
    const from = e.getString('from');
    if (skill === null || from === null) continue;
    const a = skillId(skill);
    const b = skillId(from);
    if (a < 0 || b < 0) continue; // the config schema names the 25 skills; ignore anything else
    out.push(new Synergy(a, b, <i32>e.getNumber('above', 50), <i32>e.getNumber('bonus', 5)));
  }
  return out;
}

function readMilestones(v: JsonValue | null): Milestone[] {
  const out = new Array<Milestone>();
  if (v === null) return out;
  const items = v.asArray();
  if (items === null) return out;
  for (let i = 0; i < items.length; i++) {
    const e = items[i];
    const skill = e.getString('skill');
    const unlocks = e.getString('unlocks');
    if (skill === null || unlocks === null) continue;
    const id = skillId(skill);
    if (id < 0) continue;
    out.push(new Milestone(id, <i32>e.getNumber('level', 50), unlocks));
  }
  return out;
}
