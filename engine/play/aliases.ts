/**
 * Per-player command aliases: `alias gs = go south`, `alias` (list), `alias gs`
 * (show one), `unalias gs`. The gateway expands the first word of a line before
 * the line reaches the world, once (an expansion is not expanded again, so two
 * aliases cannot loop); the rest of the line is appended (`alias greet = say
 * hello` makes `greet all` into `say hello all`).
 *
 * Stored per account in the `aliases` table (migration 0002): host data about a
 * player's input, not world state, so not in the event log. The cache is shared
 * by every connection of the account.
 */
import { textMessage, type OutputMessage } from '../output/message.ts';
import type { EventStore } from '../store/types.ts';
import type { HostHelpSection } from '../world/protocol.ts';

/** 100 aliases per account: players keep a few dozen; the cap bounds the table per account. */
export const MAX_ALIASES = 100;
/** 20 characters for a name: one word, like a verb. */
export const MAX_ALIAS_NAME = 20;
/** 256 characters for an expansion: a command line, not a script. */
export const MAX_ALIAS_EXPANSION = 256;
/** Words that keep their meaning: otherwise a player could lock themselves out of these. */
const RESERVED = new Set(['alias', 'unalias', 'quit', 'help']);
const NAME = /^[^\s="']+$/u;

type Answer = { readonly kind: 'answered'; readonly msg: OutputMessage; readonly done?: Promise<void> } | { readonly kind: 'line'; readonly line: string };

export class AliasBook {
  private readonly cache = new Map<string, Promise<Map<string, string>>>();

  constructor(private readonly store: EventStore) {}

  /** Forget an account's cached aliases (its last connection left). */
  forget(accountId: string): void {
    this.cache.delete(accountId);
  }

  /** The account's aliases, loaded once and shared by its connections. */
  load(accountId: string): Promise<Map<string, string>> {
    let entry = this.cache.get(accountId);
    if (!entry) {
      entry = this.store.getAliases(accountId).then((rows) => new Map(rows));
      entry.catch(() => this.cache.delete(accountId));
      this.cache.set(accountId, entry);
    }
    return entry;
  }

  /**
   * Handle `alias`/`unalias`, or expand an alias. Returns the answer to show, or
   * the line to run (expanded or unchanged).
   */
  async handle(accountId: string, line: string): Promise<Answer> {
    const space = line.search(/\s/);
    const word = (space < 0 ? line : line.slice(0, space)).toLowerCase();
    const rest = space < 0 ? '' : line.slice(space + 1).trim();
    // The database briefly away must not stop play: lines then run unexpanded.
    const aliases = await this.load(accountId).catch(() => null);
    if (aliases === null) {
      if (word === 'alias' || word === 'unalias') return answered(textMessage('error', 'Aliases are unavailable right now; please try again in a moment.', 'error'));
      return { kind: 'line', line };
    }
    if (word === 'alias') return this.alias(accountId, aliases, rest);
    if (word === 'unalias') return this.unalias(accountId, aliases, rest);
    const expansion = aliases.get(word);
    if (expansion === undefined) return { kind: 'line', line };
    return { kind: 'line', line: rest ? `${expansion} ${rest}` : expansion };
  }

  private alias(accountId: string, aliases: Map<string, string>, args: string): Answer {
    if (!args) {
      if (aliases.size === 0) return answered(textMessage('info', 'You have no aliases. Make one with: alias gs = go south', 'hint'));
      const width = Math.max(...[...aliases.keys()].map((k) => k.length));
      const lines = [...aliases].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `\n  ${k.padEnd(width)} = ${v}`);
      return answered({ kind: 'info', spans: [{ text: `Your aliases (${aliases.size}):`, style: 'emphasis' }, { text: lines.join('') }] });
    }
    const eq = args.indexOf('=');
    if (eq < 0) {
      const name = args.toLowerCase();
      const v = aliases.get(name);
      return answered(v === undefined ? textMessage('error', `You have no alias "${name}".`, 'error') : textMessage('info', `${name} = ${v}`));
    }
    const name = args.slice(0, eq).trim().toLowerCase();
    const expansion = args.slice(eq + 1).trim();
    const problem = this.problem(aliases, name, expansion);
    if (problem) return answered(textMessage('error', problem, 'error'));
    const before = aliases.get(name);
    aliases.set(name, expansion);
    const done = this.store.setAlias(accountId, name, expansion).catch((e: unknown) => {
      if (before === undefined) aliases.delete(name);
      else aliases.set(name, before);
      throw e;
    });
    return answered(textMessage('system', `Alias ${name} = ${expansion}${before !== undefined ? ` (was: ${before})` : ''}.`, 'system'), done);
  }

  private unalias(accountId: string, aliases: Map<string, string>, args: string): Answer {
    const name = args.trim().toLowerCase();
    if (!name) return answered(textMessage('error', 'Usage: unalias <name>', 'hint'));
    const before = aliases.get(name);
    if (before === undefined) return answered(textMessage('error', `You have no alias "${name}".`, 'error'));
    aliases.delete(name);
    const done = this.store.setAlias(accountId, name, null).catch((e: unknown) => {
      aliases.set(name, before);
      throw e;
    });
    return answered(textMessage('system', `Alias ${name} removed.`, 'system'), done);
  }

  private problem(aliases: Map<string, string>, name: string, expansion: string): string | null {
    if (!name || !NAME.test(name)) return 'Usage: alias <name> = <command>, e.g. alias gs = go south (the name is one word).';
    if (name.length > MAX_ALIAS_NAME) return `Alias names are at most ${MAX_ALIAS_NAME} characters.`;
    if (RESERVED.has(name)) return `"${name}" cannot be an alias: it always means itself.`;
    if (!expansion) return `Alias ${name} = what? e.g. alias ${name} = go south (unalias ${name} removes one).`;
    if (expansion.length > MAX_ALIAS_EXPANSION) return `An alias expands to at most ${MAX_ALIAS_EXPANSION} characters.`;
    if (!aliases.has(name) && aliases.size >= MAX_ALIASES) return `You have ${MAX_ALIASES} aliases, the most there may be; unalias one first.`;
    return null;
  }
}

function answered(msg: OutputMessage, done?: Promise<void>): Answer {
  return done ? { kind: 'answered', msg, done } : { kind: 'answered', msg };
}

const books = new WeakMap<EventStore, AliasBook>();

/** The one alias book of a server (keyed by its store), shared by all its connections. */
export function aliasBookFor(store: EventStore): AliasBook {
  let book = books.get(store);
  if (!book) books.set(store, (book = new AliasBook(store)));
  return book;
}

/** alias/unalias for `help` (the world lists them after the pack commands: engine/world/help.ts). */
export const ALIAS_HELP: HostHelpSection = {
  title: 'Your aliases',
  note: ' (kept with your account):',
  commands: [
    { verb: 'alias', usage: 'alias <name> = <command>', help: 'Make a shortcut, e.g. alias gs = go south; words after it are added on.', admin: false },
    { verb: 'alias', usage: 'alias', help: 'List your aliases.', admin: false },
    { verb: 'unalias', usage: 'unalias <name>', help: 'Remove one.', admin: false },
  ],
};
