/**
 * The `myriad` command line: init, start, status, stop, migrate, backup, restore, pack build|new|test, doctor,
 * tail, reload, unquarantine, rebuild, world export.
 * Errors print the catalogue code, what is wrong and how to fix it, and exit 1.
 */
import { Command } from 'commander';
import { MyriadError } from '../errors.ts';
import { ENGINE_VERSION } from '../version.ts';
import { registerStart } from './start.ts';
import { registerPack } from '../../sdk/tooling/pack-commands.ts';
import { registerMigrate } from './migrate.ts';
import { registerRebuild } from './rebuild.ts';
import { registerTail } from './tail.ts';
import { registerDoctor } from './doctor.ts';
import { registerReload } from './reload.ts';
import { registerUnquarantine } from './unquarantine.ts';
import { registerStatus } from './status.ts';
import { registerInit } from './init.ts';
import { registerBackup } from './backup.ts';
import { registerWorld } from './world.ts';

const program = new Command('myriad').description('Myriad: a MUD server whose gameplay lives in sandboxed WebAssembly packs').version(ENGINE_VERSION).showHelpAfterError();

registerInit(program);
registerStart(program);
registerStatus(program);
registerMigrate(program);
registerPack(program);
registerDoctor(program);
registerTail(program);
registerReload(program);
registerUnquarantine(program);
registerRebuild(program);
registerBackup(program);
registerWorld(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  exitWithError(e);
}

export function exitWithError(e: unknown): never {
  if (e instanceof MyriadError) console.error(`myriad: ${e.explain()}`);
  // By name: importing the pack loader here would slow every command down.
  else if (e instanceof Error && e.name === 'PackLoadError') console.error(`myriad: ${e.message}`);
  else console.error(`myriad: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
}
