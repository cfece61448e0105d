/**
 * The telnet prompt: after every command the character sees their vitals,
 * e.g. "[480/500 st] > ", on a prompt line (EOR/GA-marked by the host).
 * `prompt <template>` changes it, `prompt off` hides it, `prompt default`
 * restores it. Tokens: {stamina} {maxstamina} {hp} {maxhp} {gait}. Hit points
 * come from the combat pack's `combat.health` ({hp, max, at}, granted read) when
 * the character has one, so the default prompt shows them once combat is
 * enabled. Between fights combat regenerates hit points lazily at 1 % of the
 * maximum a second from `at` (3× in a safe room; docs/packs/combat.md): the prompt
 * adds the base rate while `combat.state` is absent (not fighting), so it may
 * read a little low in a safe room; `health` gives the exact figure.
 *
 *   stamina.prompt  { template }  on a character ("" = off); absent = default
 */
import { Actor, Command, JsonObj, Message, OK, State, now, reply, send } from '../../../sdk/assembly';
import { gameNow } from './clock';
import { currentAt, readPool, statsOf } from './pool';
import { whole } from './status';
import { ing } from './gaits';

const PROMPT = 'stamina.prompt';
const HEALTH = 'combat.health';
const FIGHTING = 'combat.state';
/** The combat pack's base regeneration out of a fight: 1 % of the maximum a second. */
const REGEN_PER_S: f64 = 0.01;
const MAX_TEMPLATE = 120;

export function promptCommand(cmd: Command): i32 {
  const me = cmd.actor.id;
  const arg = cmd.args;
  if (arg.length == 0) {
    const t = templateOf(me);
    reply(
      Message.info(t.length == 0 ? 'Your prompt is off. Type prompt default to show it again.' : 'Your prompt: ' + t)
        .newline()
        .text('Change it with prompt <template>; tokens: {stamina} {maxstamina} {hp} {maxhp} {gait}. prompt off hides it, prompt default restores it.'),
    );
    return OK;
  }
  const lower = arg.toLowerCase();
  if (lower == 'default') {
    if (State.get(me, PROMPT) !== null && !State.del(me, PROMPT)) return OK;
    reply(Message.info('Your prompt is back to the default: ' + defaultTemplate(me)));
    return OK;
  }
  if (arg.length > MAX_TEMPLATE) {
    reply(Message.error('That prompt is too long (' + arg.length.toString() + ' characters; at most ' + MAX_TEMPLATE.toString() + ').'));
    return OK;
  }
  const template = lower == 'off' ? '' : arg.endsWith(' ') ? arg : arg + ' ';
  State.set(me, PROMPT, new JsonObj().set('template', template));
  reply(Message.info(template.length == 0 ? 'Your prompt is off.' : 'Your prompt is now: ' + template));
  return OK;
}

function templateOf(id: string): string {
  const v = State.get(id, PROMPT);
  if (v === null) return defaultTemplate(id);
  const t = v.getString('template');
  return t === null ? defaultTemplate(id) : t;
}

function defaultTemplate(id: string): string {
  return hpOf(id) >= 0 ? '[{hp}/{maxhp} hp {stamina}/{maxstamina} st] > ' : '[{stamina}/{maxstamina} st] > ';
}

/** Hit points now from the combat pack's health, or -1 when there are none. */
function hpOf(id: string): f64 {
  const v = State.get(id, HEALTH);
  if (v === null) return -1;
  const hp = v.getNumber('hp', -1);
  const max = v.getNumber('max', -1);
  if (hp < 0 || State.get(id, FIGHTING) !== null) return hp;
  const t = <f64>now();
  const at = v.getNumber('at', t);
  const grown = t > at ? hp + (max * REGEN_PER_S * (t - at)) / 1000.0 : hp;
  return grown > max ? max : grown;
}

function maxHpOf(id: string): f64 {
  const v = State.get(id, HEALTH);
  return v === null ? -1 : v.getNumber('max', -1);
}

function num(v: f64): string {
  return v < 0 ? '?' : whole(v).toString();
}

/** After each command: the character's prompt, rendered now (stamina recovers lazily, so it is computed, not stored). */
export function onPrompt(actor: Actor): i32 {
  const template = templateOf(actor.id);
  if (template.length == 0) return OK;
  const p = readPool(actor.id);
  const s = statsOf(actor.id);
  const cur = currentAt(p, s, gameNow());
  let text = template;
  if (text.includes('{stamina}')) text = text.replaceAll('{stamina}', num(cur));
  if (text.includes('{maxstamina}')) text = text.replaceAll('{maxstamina}', num(s.max));
  if (text.includes('{hp}')) text = text.replaceAll('{hp}', num(hpOf(actor.id)));
  if (text.includes('{maxhp}')) text = text.replaceAll('{maxhp}', num(maxHpOf(actor.id)));
  if (text.includes('{gait}')) text = text.replaceAll('{gait}', ing(p.gait));
  send('actor', Message.kind('prompt').text(text));
  return OK;
}
