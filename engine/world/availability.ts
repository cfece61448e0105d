/**
 * Whether a command is for this character now: admins' commands for admins, builders'
 * (in-game building) for builders and admins, and a
 * command with a `when` state (a pack's manifest `states`, docs/packs.md) only for a
 * character in that state — character creation's `raise` while creating, not after.
 *
 * The host answers from the world state, without calling the pack: `help` checks
 * every command (~100 with the first-party packs), so one Map lookup each, not a
 * wasm call each (~15 µs a call, docs/benchmarks.md: 1.5 ms a `help`).
 */
import type { StateSpec } from '../packs/types.ts';
import type { CommandInfo } from './protocol.ts';

/** What the character's account may do: its role, as the command request carries it. */
export interface Rank {
  readonly admin: boolean;
  /** True for admins too: an admin builds. */
  readonly builder: boolean;
  /** Set while the account is muted: what to tell them when a talk command is refused. */
  readonly muted?: string;
}

export type Availability = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const AVAILABLE: Availability = { ok: true };

/** `read(component)`: the character's value of a component, undefined when it has none. */
export function availability(command: CommandInfo, rank: Rank, read: (component: string) => unknown): Availability {
  if (command.admin && !rank.admin) return { ok: false, reason: `Only admins may use "${command.verb}".` };
  if (command.builder && !rank.builder) return { ok: false, reason: `Only builders may use "${command.verb}" (an admin can make you one with @role <name> builder).` };
  if (command.when && !inState(command.when, read)) return { ok: false, reason: command.when.otherwise };
  return AVAILABLE;
}

function inState(state: StateSpec, read: (component: string) => unknown): boolean {
  let value = read(state.component);
  if (value !== undefined && state.field !== undefined) {
    value = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[state.field] : undefined;
  }
  if (value === undefined) return state.ifMissing === true;
  return value === state.equals;
}
