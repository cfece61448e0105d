/**
 * The SDK's `myriad` command line (bin/myriad.mjs): the pack author's half of the
 * engine's CLI — `myriad pack new|build|test`. Installed from @myriad/sdk in an
 * author's own repository; the server's commands (start, reload, …) belong to
 * the engine, whose CLI registers these same pack commands.
 */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { registerPack } from './pack-commands.ts';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command('myriad').description('Myriad pack SDK: scaffold, build and test packs (the server itself is the engine: docs/operators.md)').version(version).showHelpAfterError();
registerPack(program);
await program.parseAsync(process.argv);
