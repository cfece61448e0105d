/**
 * `myriad init [dir]`: write a commented starting config, `<dir>/myriad.json`, and
 * say what to do next. Every key in it is the default, so the file changes nothing
 * until edited; the comments say what each does, and `$schema` lets an editor
 * complete and check keys. The written file is loaded back through the normal
 * loader before the command reports success, so the template cannot drift from the
 * schema unnoticed.
 */
import type { Command } from 'commander';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config/load.ts';
import { DEFAULT_PACKS } from '../config/defaults.ts';
import { repoPath } from '../paths.ts';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('write a commented starting config (myriad.json) into a directory and explain the next step')
    .argument('[dir]', 'where the game lives: its config, and its data unless you change storage.dataDir', '.')
    .option('--force', 'replace an existing myriad.json')
    .action((dir: string, opts: { force?: boolean }) => {
      process.exitCode = init(dir, opts);
    });
}

export function init(dir: string, opts: { force?: boolean } = {}): number {
  const target = path.resolve(dir);
  const file = path.join(target, DEFAULT_CONFIG_FILE);
  if (existsSync(file) && !opts.force) {
    console.error(`myriad init: ${file} already exists; edit it, or run again with --force to replace it with the defaults.`);
    return 1;
  }
  try {
    mkdirSync(target, { recursive: true });
    writeFileSync(file, configTemplate(schemaReference(target)));
  } catch (e) {
    console.error(`myriad init: cannot write ${file}: ${(e as Error).message}`);
    return 1;
  }
  loadConfig({ file, cwd: target, env: {} }); // throws CONFIG_INVALID if the template is wrong
  const shown = readable(process.cwd(), target);
  console.log(`wrote ${path.join(shown, DEFAULT_CONFIG_FILE)}: every setting at its default, with comments (docs/operators.md has them all).`);
  console.log('next:');
  console.log(`  cd ${shown} && ${invocation(target)} start`);
  console.log('  then connect with a MUD client or telnet to port 4000, or open http://localhost:4001/;');
  console.log('  the first account created becomes the admin. `myriad status` and `myriad stop` manage it from that directory.');
  return 0;
}

/** The schema beside this install, relative to the config when it can be (editors resolve it from the file). */
function schemaReference(target: string): string {
  const rel = path.relative(target, repoPath('schemas', 'config.schema.json')).split(path.sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** How to run this same `myriad` from the new directory. */
function invocation(target: string): string {
  const entry = process.argv[1] ?? '';
  // Run from source through tsx (engine/cli/main.ts): the executable beside it is bin.mjs.
  const script = entry.endsWith('.ts') ? repoPath('engine', 'cli', 'bin.mjs') : entry;
  if (path.basename(script) === 'myriad') return 'myriad'; // installed on PATH
  return `node ${readable(target, script)}`;
}

/** A path relative to `from` when it stays below it, else absolute (../../.. helps nobody). */
function readable(from: string, to: string): string {
  const rel = path.relative(from, to);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? to : rel;
}

function configTemplate(schema: string): string {
  return `// Myriad server configuration, written by \`myriad init\`. Every key is optional and
// shown at its default: change what you need, delete the rest. Comments are allowed.
// Environment variables override the file: MYRIAD_TELNET_PORT, MYRIAD_HTTP_PORT,
// MYRIAD_DATA_DIR, DATABASE_URL, MYRIAD_ADMIN_TOKEN (docs/operators.md).
// Relative paths are relative to the directory the server is started in.
{
  "$schema": "${schema}",
  "server": {
    // Shown in the login banner and to MSSP crawlers.
    "name": "Myriad",
    // The address both listeners bind to; 127.0.0.1 keeps the game private to this machine.
    "host": "0.0.0.0"
  },
  // Players connect with a MUD client or telnet here.
  "telnet": { "port": 4000 },
  "http": {
    // The web client, WebSocket (/ws), /health and the admin monitor (/admin).
    "port": 4001,
    // A bearer token (16+ characters) for scripts: myriad tail, reload, status of the packs.
    // Better in the environment (MYRIAD_ADMIN_TOKEN) than in this file. "" = off.
    "adminToken": ""
  },
  // Prometheus metrics on their own listener, loopback only.
  "metrics": { "host": "127.0.0.1", "port": 4002 },
  "storage": {
    // The embedded database (PGlite) keeps the world here; myriad.pid is written here too.
    "dataDir": "./data"
    // To use PostgreSQL instead, create the database (createdb myriad) and add
    //   "databaseUrl": "postgres://user:password@host:5432/myriad"
    // or set DATABASE_URL; the schema is created on start.
  },
  "accounts": {
    // The first account created on an empty database is the admin.
    "firstAccountIsAdmin": true
  },
  "world": {
    // Seed of the packs' randomness: the same seed and commands give the same world.
    "seed": 1,
    // World ticks per second (creatures, fights, regeneration).
    "tickHz": 10
  },
  "packs": {
    // The gameplay packs to load; dependencies decide the order.
    "enabled": ${JSON.stringify(DEFAULT_PACKS)},
    // More directories holding your own packs (myriad pack new <name>).
    "dirs": []
  },
  // trace, debug, info, warn, error, fatal or silent.
  "log": { "level": "info" }
}
`;
}
