/**
 * `help` and `help <command>`: one answer, built here, before the one prompt.
 *
 * The pack commands come from the router; the host's own (aliases, admins' @commands,
 * answered on the main thread) come with the request as data (`HostHelpSection`), so
 * a telnet client sees the whole list and then EOR, never part of it after the prompt.
 * The availability rule (availability.ts) decides what is listed: a command this
 * character cannot use now is hidden, and `help <command>` says why. Admin commands
 * stay unnamed to players: "no help" rather than a list of what they cannot do.
 */
import { textMessage, type OutputMessage, type Span } from '../output/message.ts';
import { availability, type Rank } from './availability.ts';
import type { CommandInfo, HostCommandHelp, HostHelpSection } from './protocol.ts';

export interface HelpContext {
  readonly commands: readonly CommandInfo[];
  readonly hostHelp: readonly HostHelpSection[];
  readonly rank: Rank;
  /** The character's value of a component (for `when` states). */
  readonly read: (component: string) => unknown;
}

export function helpAnswer(ctx: HelpContext, args: string): OutputMessage {
  return args ? helpOn(ctx, args) : helpList(ctx);
}

function helpList({ commands, hostHelp, rank, read }: HelpContext): OutputMessage {
  const admin = rank.admin;
  const visible = commands.filter((c) => availability(c, rank, read).ok);
  const width = Math.max(4, ...visible.map((c) => c.verb.length));
  const spans: Span[] = [{ text: 'Commands', style: 'emphasis' }, { text: ' (type "help <command>" for more):' }];
  const line = (verb: string, help: string): Span => ({ text: `\n  ${verb.padEnd(width)}  ${help}` });
  for (const c of [...visible].sort((a, b) => a.verb.localeCompare(b.verb))) {
    spans.push(line(c.verb, c.help + (c.aliases.length ? ` [${c.aliases.join(', ')}]` : '')));
  }
  spans.push(line('help', 'This list, or help on one command.'));
  spans.push(line('quit', 'Leave the game (your character stays where it is).'));
  for (const section of hostHelp) {
    const shown = section.commands.filter((c) => admin || !c.admin);
    if (shown.length === 0) continue;
    const usageWidth = Math.max(...shown.map((c) => c.usage.length));
    spans.push({ text: '\n' }, { text: section.title, style: 'emphasis' }, { text: section.note });
    for (const c of shown) spans.push({ text: `\n  ${c.usage.padEnd(usageWidth)}  ${c.help}` });
  }
  return { kind: 'help', spans };
}

function helpOn({ commands, hostHelp, rank, read }: HelpContext, args: string): OutputMessage {
  const admin = rank.admin;
  const word = args.toLowerCase();
  if (word === 'help' || word === '?') {
    return { kind: 'help', spans: [{ text: 'help [<command>]', style: 'emphasis' }, { text: ' (also: ?)\nWith nothing after it, the commands you can use; with a command, what it does and how to type it. Example: help tell' }] };
  }
  const hostCommands: HostCommandHelp[] = hostHelp.flatMap((s) => s.commands.filter((c) => c.verb === word && (admin || !c.admin)));
  if (hostCommands.length) return hostHelpOn(hostCommands);
  const known = commands.find((x) => x.verb === word || x.aliases.includes(word));
  const c = known && (admin || !known.admin) ? known : undefined;
  if (!c) return textMessage('error', `No help for "${args}". Type "help" for the list of commands.`, 'error');
  const aliases = c.aliases.length ? ` (also: ${c.aliases.join(', ')})` : '';
  const now = availability(c, rank, read);
  const spans: Span[] = [{ text: c.usage, style: 'emphasis' }, { text: `${aliases}\n${c.help}` }];
  if (!now.ok) spans.push({ text: `\nNot available to you now: ${now.reason}`, style: 'hint' });
  return { kind: 'help', spans };
}

/** One host verb may have several usages (`alias`, `alias <name> = <command>`): each on its own line. */
function hostHelpOn(commands: readonly HostCommandHelp[]): OutputMessage {
  const spans: Span[] = [];
  commands.forEach((c, i) => {
    spans.push({ text: `${i ? '\n' : ''}${c.usage}`, style: 'emphasis' }, { text: `${c.admin ? ' (admin)' : ''}\n${c.help}` });
  });
  return { kind: 'help', spans };
}
