/**
 * The `skills` command: all 25 skills by category, or one skill in detail.
 */
import { Message } from '../../../sdk/assembly';
import { CATEGORIES, QUALITY, SKILLS, SKILLS_PER_CATEGORY, attributeOf, categoryOf, displayName, qualityOf, titleCase } from './catalog';
import { MAX_LEVEL, attributeValue, fixed1, levelsOf, recordIn, softCap, xpToNext } from './progress';
import { settings } from './settings';
import { synergyBonus } from './check';

/** "Combat: Slashing 2 (40%), Piercing 0, …" — one line per category. */
export function skillSheet(who: string): Message {
  const levels = levelsOf(who);
  const msg = Message.kind('info').styled('Your skills', 'emphasis').text(' (level, progress to the next):');
  for (let c = 0; c < CATEGORIES.length; c++) {
    msg.newline().styled(padRight(CATEGORIES[c] + ':', 11), 'emphasis');
    for (let k = 0; k < SKILLS_PER_CATEGORY; k++) {
      const i = c * SKILLS_PER_CATEGORY + k;
      const rec = recordIn(levels, i);
      if (k > 0) msg.text(', ');
      let entry = displayName(i) + ' ' + rec.level.toString();
      if (rec.xp > 0 && rec.level < MAX_LEVEL) {
        const pct = <i32>Math.floor((rec.xp / xpToNext(rec.level, softCap(who, i))) * 100);
        entry += ' (' + pct.toString() + '%)';
      }
      if (rec.level > 0 || rec.xp > 0) msg.styled(entry, 'good');
      else msg.text(entry);
    }
  }
  msg.newline().styled('Type "skills <name>" for one skill in detail.', 'hint');
  return msg;
}

export function skillDetail(who: string, skill: i32): Message {
  const rec = recordIn(levelsOf(who), skill);
  const cap = softCap(who, skill);
  const attr = attributeValue(who, skill);
  const msg = Message.kind('info')
    .styled(displayName(skill), 'emphasis')
    .text(' (' + categoryOf(skill) + '): level ' + rec.level.toString() + ', ' + QUALITY[qualityOf(rec.level)] + ' quality.');
  msg.newline();
  if (rec.level >= MAX_LEVEL) msg.text('  Mastered.');
  else msg.text('  Experience ' + fixed1(rec.xp) + ' of ' + fixed1(xpToNext(rec.level, cap)) + ' to level ' + (rec.level + 1).toString() + '.');
  msg.newline().text('  ' + titleCase(attributeOf(skill)) + ' ' + (<i32>attr).toString() + ': +' + (<i32>Math.floor(attr / 5)).toString() + ' to checks; soft cap ' + cap.toString() + (rec.level >= cap ? ' (reached: experience needed doubles).' : '.'));
  const s = settings();
  for (let i = 0; i < s.synergies.length; i++) {
    const p = s.synergies[i];
    if (p.skill != skill) continue;
    msg.newline().text('  Synergy: +' + p.bonus.toString() + ' from ' + displayName(p.from) + ' above ' + p.above.toString());
    msg.text(recordIn(levelsOf(who), p.from).level > p.above ? ' (active).' : ' (inactive).');
  }
  const bonus = synergyBonus(who, skill);
  if (bonus > 0) msg.newline().text('  Synergy bonus now: +' + bonus.toString() + '.');
  for (let i = 0; i < s.milestones.length; i++) {
    const m = s.milestones[i];
    if (m.skill != skill) continue;
    msg.newline().text('  At ' + m.level.toString() + ': ' + m.unlocks + (rec.level >= m.level ? ' (unlocked).' : '.'));
  }
  return msg;
}

function padRight(s: string, width: i32): string {
  let out = s;
  while (out.length < width) out += ' ';
  return out;
}

export function unknownSkill(name: string, ambiguous: bool): Message {
  if (ambiguous) return Message.error('"' + name + '" could mean several skills; type more of the name.');
  return Message.error('There is no skill called "' + name + '". The skills are: ' + SKILLS.join(', ') + '.');
}
