/**
 * skills: 25 use-based skills (gameplay-rules 2.4). Commands: skills, @skill.
 *
 * The API for other packs is an event. A pack may emit only its own namespace,
 * so a requesting pack emits `<pack>.skill_check`
 * { actor, skill, difficulty, context?, ref?, award? } and this pack subscribes
 * to it by name (events.subscribes lists the requesters: inventory today). It
 * rolls the check, awards experience and answers with `skills.check_result` in
 * the same transaction; `context`/`ref` come back unchanged so the requester
 * can tell its checks apart. See docs/packs/skills.md.
 */
import { Command, GameEvent, JsonObj, JsonValue, Message, Events, Query, OK, reply, send, log, fail, lastError, dispatchCommand, dispatchEvent } from '../../../sdk/assembly';
import { QUALITY, SKILLS, difficultyByName, displayName, skillId, skillIndex } from './catalog';
import { CRIT_FAILURE, CRIT_NONE, CRIT_SUCCESS, Outcome, performCheck } from './check';
import { MAX_LEVEL, fixed1, setLevel } from './progress';
import { settings } from './settings';
import { skillDetail, skillSheet, unknownSkill } from './show';

export function myriad_command(): i32 {
  return dispatchCommand(onCommand);
}

export function myriad_event(): i32 {
  return dispatchEvent(onEvent);
}

function onCommand(cmd: Command): i32 {
  if (cmd.verb == 'skills') return showSkills(cmd);
  if (cmd.verb == '@skill') return adminSet(cmd);
  reply(Message.error('skills does not know the command "' + cmd.verb + '".'));
  return OK;
}

function showSkills(cmd: Command): i32 {
  if (cmd.args.length == 0) {
    reply(skillSheet(cmd.actor.id));
    return OK;
  }
  const i = skillIndex(cmd.args);
  if (i < 0) {
    reply(unknownSkill(cmd.args, i == -2));
    return OK;
  }
  reply(skillDetail(cmd.actor.id, i));
  return OK;
}

/** `@skill <character|me> <skill> <level>` (admins): set a level outright. */
function adminSet(cmd: Command): i32 {
  const words = cmd.words();
  if (words.length != 3) {
    reply(Message.error('Usage: @skill <character|me> <skill> <level 0-100>'));
    return OK;
  }
  let who: string | null = null;
  let whoName = '';
  const target = words[0].toLowerCase();
  if (target == 'me' || target == 'self') {
    who = cmd.actor.id;
    whoName = cmd.actor.name;
  } else {
    const online = Query.online();
    for (let i = 0; i < online.length; i++) {
      if (online[i].name.toLowerCase() == target) {
        who = online[i].id;
        whoName = online[i].name;
      }
    }
  }
  if (who === null) {
    reply(Message.error('No one called "' + words[0] + '" is online.'));
    return OK;
  }
  const skill = skillIndex(words[1]);
  if (skill < 0) {
    reply(unknownSkill(words[1], skill == -2));
    return OK;
  }
  const parsed = parseInt(words[2], 10);
  const level = isNaN(parsed) ? -1 : <i32>parsed;
  if (level < 0 || level > MAX_LEVEL || words[2] != level.toString()) {
    reply(Message.error('The level must be a whole number from 0 to 100.'));
    return OK;
  }
  setLevel(who, skill, level);
  reply(Message.info(whoName + "'s " + displayName(skill) + ' is now ' + level.toString() + '.'));
  return OK;
}

function onEvent(event: GameEvent): i32 {
  if (event.type.endsWith('.skill_check')) return onCheckRequested(event);
  return OK;
}

/**
 * A malformed request is a bug in the requesting pack: it is logged and
 * ignored (no result), never failed — failing would undo the player's whole
 * command over a skill roll.
 */
function onCheckRequested(event: GameEvent): i32 {
  const p = event.payload;
  const who = p.getString('actor');
  const skillName = p.getString('skill');
  if (who === null || skillName === null) return ignored('needs "actor" and "skill"');
  const skill = skillId(skillName);
  if (skill < 0) return ignored('unknown skill "' + skillName + '"');
  const info = Query.entity(who);
  if (info === null || info.kind != 'character') return ignored('actor ' + who + ' is not a character');
  const difficulty = difficultyOf(p.get('difficulty'));
  if (difficulty < 0) return ignored('difficulty must be 0–200 or easy|medium|hard|veryhard');
  let context = p.getString('context');
  if (context === null) context = 'unspecified';
  let ref = p.getString('ref');
  if (ref === null) ref = '';
  const award = p.getBool('award', true);
  // `quiet`: no check line (combat asks for one a blow; a level gained is still shown).
  const quiet = p.getBool('quiet', false);

  const o = performCheck(who, skill, difficulty, context, ref, award);
  // Displays go to the character through the event when they caused it (the
  // usual case: their command), otherwise by a direct send.
  const own = event.actor !== null && event.actor!.kind == 'character' && event.actor!.id == who;
  const stream = 'char:' + who;

  if (award) {
    const used = new JsonObj().set('actor', who).set('skill', SKILLS[skill]).set('context', context).set('xp', o.xp).set('factor', o.factor);
    if (!Events.emit('skills.used', stream, used)) return refused();
  }
  const result = new JsonObj()
    .set('actor', who)
    .set('skill', SKILLS[skill])
    .set('difficulty', difficulty)
    .set('roll', o.roll)
    .set('total', o.total)
    .set('success', o.success)
    .set('critical', o.critical)
    .set('quality', o.quality)
    .set('qualityName', QUALITY[o.quality])
    .set('xp', o.xp)
    .set('context', context)
    .set('ref', ref);
  if (!announce('skills.check_result', stream, result, settings().showChecks && !quiet ? checkLine(skill, o) : null, who, own)) return refused();

  const gain = o.gain;
  if (gain !== null && gain.newLevel > gain.oldLevel) {
    const inc = new JsonObj().set('actor', who).set('skill', SKILLS[skill]).set('old', gain.oldLevel).set('new', gain.newLevel).set('xp', o.xp);
    if (!announce('skills.increased', stream, inc, levelLine(skill, gain.oldLevel, gain.newLevel, gain.cap), who, own)) return refused();
    const milestones = settings().milestones;
    for (let i = 0; i < milestones.length; i++) {
      const m = milestones[i];
      if (m.skill != skill || m.level <= gain.oldLevel || m.level > gain.newLevel) continue;
      const payload = new JsonObj().set('actor', who).set('skill', SKILLS[skill]).set('level', m.level).set('unlocks', m.unlocks);
      const line = Message.kind('info').styled(displayName(skill) + ' ' + m.level.toString() + ': you have unlocked ' + m.unlocks + '.', 'good');
      if (!announce('skills.milestone', stream, payload, line, who, own)) return refused();
    }
  }
  return OK;
}

function difficultyOf(v: JsonValue | null): i32 {
  if (v === null) return -1;
  if (v.isNumber()) {
    const d = v.asNumber(-1);
    return d >= 0 && d <= 200 ? <i32>Math.floor(d) : -1;
  }
  const s = v.asString();
  return s === null ? -1 : difficultyByName(s);
}

function announce(type: string, stream: string, payload: JsonObj, msg: Message | null, who: string, own: bool): bool {
  if (msg === null) return Events.emit(type, stream, payload);
  if (own) return Events.emit(type, stream, payload, msg);
  if (!Events.emit(type, stream, payload)) return false;
  send(who, msg);
  return true;
}

/** "Slashing check: 57 + 12 = 69 vs 30, success (+3 xp)". */
function checkLine(skill: i32, o: Outcome): Message {
  const bonus = o.total - o.roll;
  let verdict = o.success ? 'success' : 'failure';
  if (o.critical == CRIT_SUCCESS) verdict = 'critical success!';
  else if (o.critical == CRIT_FAILURE) verdict = 'critical failure!';
  let text = displayName(skill) + ' check: ' + o.roll.toString() + ' + ' + bonus.toString() + ' = ' + o.total.toString() + ' vs ' + o.difficulty.toString() + ', ' + verdict;
  if (o.xp > 0) text += ' (+' + fixed1(o.xp) + ' xp)';
  const style = o.critical == CRIT_NONE ? 'hint' : o.success ? 'good' : 'bad';
  return Message.kind('info').styled(text, style);
}

function levelLine(skill: i32, oldLevel: i32, newLevel: i32, cap: i32): Message {
  const msg = Message.kind('info').styled('Your ' + displayName(skill) + ' skill rises to ' + newLevel.toString() + '.', 'good');
  if (oldLevel < cap && newLevel >= cap) msg.text(' You have reached your soft cap (' + cap.toString() + '): from here, learning is slower.');
  return msg;
}

function ignored(why: string): i32 {
  log('warn', 'skill check request ignored: ' + why);
  return OK;
}

function refused(): i32 {
  const err = lastError();
  return fail('SKILLS_REFUSED', 'Your training comes to nothing' + (err === null ? '.' : ' (' + err.message + ').'));
}
