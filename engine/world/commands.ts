/**
 * The command table the router is built from: every pack's commands, with
 * conflicts settled by the operator's `packs.precedence` (verb or alias → the
 * pack that wins). The loader already refused conflicts without a precedence.
 *
 * A word (verb or alias) belongs to exactly one pack. A command that loses its
 * verb is dropped with all its aliases: `l` meaning the losing pack's `look`
 * while `look` means the winner's would surprise every player.
 */
import type { PackInstance } from './pack-runtime/runtime.ts';
import type { CommandInfo } from './protocol.ts';

export function commandTable(packs: readonly PackInstance[], precedence: Readonly<Record<string, string>> = {}): CommandInfo[] {
  const all: CommandInfo[] = [];
  for (const pack of packs) {
    const m = pack.spec.manifest;
    for (const c of m.commands ?? []) {
      const when = c.when !== undefined ? m.states?.[c.when] : undefined;
      all.push({ verb: c.verb, aliases: c.aliases ?? [], help: c.help, usage: c.usage ?? c.verb, pack: m.name, admin: c.admin === true, ...(c.builder === true ? { builder: true } : {}), ...(c.talk === true ? { talk: true } : {}), ...(c.fallback === true ? { fallback: true } : {}), ...(when ? { when } : {}) });
    }
  }
  const claimants = new Map<string, Set<string>>();
  for (const c of all) for (const word of [c.verb, ...c.aliases]) claimants.set(word, (claimants.get(word) ?? new Set()).add(c.pack));
  const wins = (word: string, pack: string): boolean => {
    const packs = claimants.get(word)!;
    return packs.size === 1 || precedence[word] === pack;
  };
  const out: CommandInfo[] = [];
  for (const c of all) {
    if (!wins(c.verb, c.pack)) continue;
    out.push({ ...c, aliases: c.aliases.filter((a) => wins(a, c.pack)) });
  }
  return out;
}
