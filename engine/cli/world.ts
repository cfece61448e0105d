/**
 * `myriad world export <file>`: the built world (rooms, exits, descriptions and
 * the things builders made) as a world file a fresh server loads
 * (engine/world-file/export.ts). Reads the snapshot of a stopped server's data
 * (PGlite locks its directory) or any PostgreSQL database; writes only the file.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../config/load.ts';
import { snapshotToState } from '../store/rebuild.ts';
import { exportWorld } from '../world-file/export.ts';

export function registerWorld(program: Command): void {
  const world = program.command('world').description('the built world as a file');
  world
    .command('export <file>')
    .description('write the rooms, exits, descriptions and built things as a world file (load it with packs.settings.rooms.world and packs.settings.building.world)')
    .option('-c, --config <file>', 'config file')
    .action(async (file: string, opts: { config?: string }) => {
      const config = loadConfig(opts.config ? { file: opts.config } : {});
      const { openStore } = await import('../store/open.ts');
      const store = await openStore({ databaseUrl: config.storage.databaseUrl ?? undefined, dataDir: config.storage.dataDir });
      try {
        const exported = exportWorld(snapshotToState((await store.loadSnapshot()).components));
        writeFileSync(file, `${JSON.stringify(exported, null, 2)}\n`);
        console.log(`wrote ${file}: ${Object.keys(exported.rooms).length} rooms, ${exported.things.length} things, start ${exported.start}`);
        console.log(`load it on a fresh server: "packs": { "settings": { "rooms": { "world": "${file}" }, "building": { "world": "${file}" } } }`);
      } finally {
        await store.close();
      }
    });
}
