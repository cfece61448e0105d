/**
 * Creating a character after `create`: the pack rolls the genetic variance and
 * makes a Human draft at once (so a new player can walk and talk straight
 * away), then offers the choices — species, points, confirm. Nothing blocks
 * play meanwhile; `sheet` shows where things stand and what to type next.
 */
import { Command, Events, JsonObj, Message, OK, Query, fail, lastError, reply, send } from '../../../sdk/assembly';
import { ATTRIBUTES, attributesJson, indexOf, label, resolveAttribute } from './attributes';
import { Profile, readProfile, saveDraft } from './profile';
import { allSpecies, costOfNext, findSpecies, maxAbove, tierText, totalPoints } from './rules';
import { sheet } from './sheet';

const LIVES = 'lives.genome';

/** The character's profile, created (variance rolled, Human draft) if this is the first time the pack meets them. */
export function ensureProfile(id: string): Profile | null {
  const existing = readProfile(id);
  if (existing !== null) return existing;
  const p = Profile.roll();
  if (!saveDraft(id, p)) return null;
  return p;
}

/** What a new player sees after the room: the steps, in the order to take them. */
export function creationPrompt(id: string, name: string, p: Profile): Message {
  return Message.kind('system')
    .text('Welcome, ')
    .name(name, id)
    .text('! Before you set out, shape who you are. You can look around and talk meanwhile.')
    .newline()
    .styled('  species', 'emphasis')
    .text('                 see the peoples of this world (you are ' + p.speciesInfo().name + ' until you choose)')
    .newline()
    .styled('  species <name>', 'emphasis')
    .text('          become one of them')
    .newline()
    .styled('  raise <attribute> <n>', 'emphasis')
    .text('   spend your ' + p.pointsLeft().toString() + ' points (lower <attribute> <n> gives them back)')
    .newline()
    .styled('  sheet', 'emphasis')
    .text('                   your attributes as they stand')
    .newline()
    .styled('  confirm', 'emphasis')
    .text('                 when you are happy');
}

export function showPrompt(id: string, name: string): void {
  const p = ensureProfile(id);
  if (p === null || p.complete) return;
  send(id, creationPrompt(id, name, p));
}

function finished(): i32 {
  reply(Message.error('Your character is complete; attributes now change only through what you do in the world. Type sheet to see them.'));
  return OK;
}

function hostFailure(): i32 {
  const e = lastError();
  return fail('CHARACTER_REFUSED', 'Your character could not be changed (' + (e === null ? 'the host refused' : e.message) + ').');
}

export function speciesCommand(cmd: Command): i32 {
  const p = ensureProfile(cmd.actor.id);
  if (p === null) return hostFailure();
  if (cmd.args.length == 0) {
    const list = allSpecies();
    const msg = Message.kind('info').text('The peoples of this world:');
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      msg
        .newline()
        .styled('  ' + s.name.padEnd(8), 'emphasis')
        .text(s.description + ' (' + s.modifierText() + ')');
    }
    msg.newline().text('You are ' + p.speciesInfo().name + '. ');
    msg.text(p.complete ? '(Your character is complete.)' : 'Type species <name> to choose.');
    reply(msg);
    return OK;
  }
  if (p.complete) return finished();
  const s = findSpecies(cmd.args);
  if (s === null) {
    const list = allSpecies();
    let names = '';
    for (let i = 0; i < list.length; i++) names += (i > 0 ? ', ' : '') + list[i].key;
    reply(Message.error('There is no such people here. Choose one of: ' + names + '.'));
    return OK;
  }
  p.species = s.key;
  p.confirming = false;
  p.fitToCaps();
  if (!saveDraft(cmd.actor.id, p)) return hostFailure();
  reply(
    Message.kind('info')
      .text('You are now ' + article(s.name) + ' ')
      .styled(s.name, 'emphasis')
      .text(' (' + s.modifierText() + ').'),
  );
  reply(sheet(cmd.actor.id, cmd.actor.name, p));
  return OK;
}

/** raise <attribute> [n] / lower <attribute> [n]; also "raise 5 might". */
export function buyCommand(cmd: Command, up: bool): i32 {
  const p = ensureProfile(cmd.actor.id);
  if (p === null) return hostFailure();
  if (p.complete) return finished();
  const words = cmd.words();
  let attrWord = '';
  let n: i32 = 1;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const k = parseCount(w);
    if (k > 0) n = k;
    else if (w != 'by' && w != 'points' && w != 'point') attrWord = w;
  }
  const verb = up ? 'raise' : 'lower';
  if (attrWord.length == 0) {
    reply(Message.error('Usage: ' + verb + ' <attribute> [amount], e.g. ' + verb + ' might 5. Attributes: ' + ATTRIBUTES.join(', ') + '.'));
    return OK;
  }
  const attr = resolveAttribute(attrWord);
  if (attr.length == 0) {
    reply(Message.error('There is no attribute "' + attrWord + '". Attributes: ' + ATTRIBUTES.join(', ') + '.'));
    return OK;
  }
  if (attr.startsWith('?')) {
    reply(Message.error('"' + attrWord + '" could be ' + attr.substring(1) + '. Which one?'));
    return OK;
  }
  const i = indexOf(attr);
  if (up) {
    let done = 0;
    let left = p.pointsLeft();
    const max = p.maxBuy(i);
    while (done < n && p.bought[i] < max && costOfNext(p.bought[i]) <= left) {
      left -= costOfNext(p.bought[i]);
      p.bought[i]++;
      done++;
    }
    if (done == 0) {
      if (p.bought[i] >= max) reply(Message.error(label(attr) + ' is as high as point-buy can take it (+' + maxAbove().toString() + ' above your baseline, at most 100).'));
      else reply(Message.error('You have ' + pointsText(left) + ' left; the next point of ' + label(attr) + ' costs ' + costOfNext(p.bought[i]).toString() + '.'));
      return OK;
    }
    p.confirming = false;
    if (!saveDraft(cmd.actor.id, p)) return hostFailure();
    const values = p.values();
    let text = label(attr) + ' rises to ' + values[i].toString() + ' (+' + done.toString() + '). ' + pointsText(p.pointsLeft()) + ' left.';
    if (done < n) text += ' (' + (n - done).toString() + ' more would not fit: ' + tierText() + ', at most +' + maxAbove().toString() + '.)';
    reply(Message.kind('info').text(text));
    return OK;
  }
  const give = n < p.bought[i] ? n : p.bought[i];
  if (give == 0) {
    reply(Message.error(label(attr) + ' is at its baseline; you can only lower what you bought.'));
    return OK;
  }
  p.bought[i] -= give;
  p.confirming = false;
  if (!saveDraft(cmd.actor.id, p)) return hostFailure();
  reply(Message.kind('info').text(label(attr) + ' falls to ' + p.values()[i].toString() + '. ' + pointsText(p.pointsLeft()) + ' left.'));
  return OK;
}

export function confirmCommand(cmd: Command): i32 {
  const p = ensureProfile(cmd.actor.id);
  if (p === null) return hostFailure();
  if (p.complete) return finished();
  const left = p.pointsLeft();
  if (left > 0 && !p.confirming) {
    p.confirming = true;
    if (!saveDraft(cmd.actor.id, p)) return hostFailure();
    reply(
      Message.kind('system')
        .styled('You still have ' + pointsText(left) + ' to spend.', 'emphasis')
        .text(' Type confirm again to finish anyway (they are lost), or raise <attribute> <n> to spend them.'),
    );
    return OK;
  }
  p.complete = true;
  p.confirming = false;
  p.via = 'generation';
  if (!saveDraft(cmd.actor.id, p)) return hostFailure();
  const payload = new JsonObj().set('id', cmd.actor.id).set('via', 'generation').set('species', p.species).set('attributes', attributesJson(p.values())).set('variance', attributesJson(p.variance)).set('pointBuy', attributesJson(p.bought)).set('pointsSpent', p.spent()).set('pointsTotal', totalPoints());
  const species = p.speciesInfo().name;
  const mine = Message.kind('system')
    .styled('Your character is complete.', 'good')
    .text(' Welcome to the world, ' + cmd.actor.name + ' the ' + species + '.');
  if (!Events.emit('character.created', 'char:' + cmd.actor.id, payload, mine, null)) return hostFailure();
  reply(sheet(cmd.actor.id, cmd.actor.name, p));
  return OK;
}

/**
 * The hook for the second path of the reference (inhabiting an existing NPC).
 * This pack announces the wish as `character.inhabit_requested`; an NPC pack
 * that offers lives to inhabit subscribes to it, shows the candidates, and
 * hands the chosen NPC back (docs/packs/character.md, "Inhabiting an NPC").
 */
export function inhabitCommand(cmd: Command): i32 {
  const p = ensureProfile(cmd.actor.id);
  if (p === null) return hostFailure();
  if (p.complete) return finished();
  const payload = new JsonObj().set('id', cmd.actor.id).set('filter', cmd.args);
  if (!Events.emit('character.inhabit_requested', 'char:' + cmd.actor.id, payload, null, null)) return hostFailure();
  // With an NPC pack that offers lives (lives: its NPCs carry lives.genome), it answers; without one, say so.
  if (Query.withComponent(LIVES).length == 0) reply(Message.kind('info').text('No one in this world can be inhabited yet: that path opens when an NPC pack is enabled. Shape a new character instead: type species.'));
  return OK;
}

function pointsText(n: i32): string {
  return n.toString() + (n == 1 ? ' point' : ' points');
}

function article(word: string): string {
  const c = word.charAt(0).toLowerCase();
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' ? 'an' : 'a';
}

/** "5" → 5; anything else → 0. */
export function parseCount(w: string): i32 {
  if (w.length == 0 || w.length > 4) return 0;
  let n: i32 = 0;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c < 48 || c > 57) return 0;
    n = n * 10 + (c - 48);
  }
  return n;
}
