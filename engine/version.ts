/** The engine's version, from package.json (packs declare a semver range against it). */
import { readFileSync } from 'node:fs';

export const ENGINE_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
export const HOST_ABI = 'myriad:host/v1';
