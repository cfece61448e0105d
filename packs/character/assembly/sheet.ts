/** `sheet` / `score`: who you are, in three rows of five plus the derived values. */
import { Message, State, Query, JsonObj, gmcp } from '../../../sdk/assembly';
import { ATTRIBUTES, DERIVED_LABELS, GROUPS, derive, label, valuesOf } from './attributes';
import { ATTRS, Profile } from './profile';
import { tierText } from './rules';

export function sheet(id: string, name: string, p: Profile): Message {
  const values = valuesOf(State.get(id, ATTRS));
  const species = p.speciesInfo();
  const msg = Message.kind('info').name(name, id).text(' — ').styled(species.name, 'emphasis');
  if (p.complete) msg.text('.');
  else {
    const left = p.pointsLeft();
    msg
      .text(' (unfinished: ')
      .styled(left.toString(), 'emphasis')
      .text(' of ' + (left + p.spent()).toString() + ' points to spend).');
  }
  // Three columns (physical, mental, sensory) of five rows: 66 columns wide, fits any terminal.
  msg.newline();
  for (let g = 0; g < GROUPS.length; g++) msg.styled(g < GROUPS.length - 1 ? GROUPS[g].padEnd(22) : GROUPS[g], 'hint');
  for (let row = 0; row < 5; row++) {
    msg.newline();
    for (let g = 0; g < GROUPS.length; g++) {
      const i = g * 5 + row;
      let cell = '  ' + label(ATTRIBUTES[i]).padEnd(10) + values[i].toString().padStart(3);
      if (!p.complete && p.bought[i] > 0) cell += ' +' + p.bought[i].toString();
      msg.text(g < GROUPS.length - 1 ? cell.padEnd(22) : cell);
    }
  }
  const d = derive(values);
  msg.newline().styled('Derived', 'hint').text('  ');
  for (let i = 0; i < d.length; i++) msg.text((i > 0 ? ', ' : '') + DERIVED_LABELS[i] + ' ' + d[i].toString());
  if (!p.complete) {
    msg
      .newline()
      .styled('Next: ', 'hint')
      .text('raise <attribute> <n> (' + tierText() + '), lower <attribute> <n>, species <name>, then confirm.');
  }
  const data = new JsonObj();
  for (let i = 0; i < ATTRIBUTES.length; i++) data.set(ATTRIBUTES[i], values[i]);
  msg.data('Char.Attributes', data);
  return msg;
}

/** The name of an entity for messages ("someone" when unknown). */
export function nameOf(id: string): string {
  const info = Query.entity(id);
  return info === null ? 'someone' : info.name;
}

/**
 * GMCP Char.Status for clients' status panels: name, race (the species' name, as
 * IRE clients read it), species key and whether creation is finished. Sent when a
 * character enters the game and with `sheet`.
 */
export function publishStatus(id: string, name: string, p: Profile): void {
  const species = p.speciesInfo();
  gmcp(id, 'Char.Status', new JsonObj().set('name', name).set('fullname', name).set('race', species.name).set('species', p.species).set('complete', p.complete).toJson());
}
