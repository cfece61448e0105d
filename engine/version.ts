/** The engine's version, from package.json (packs declare a semver range against it). */
import { readFileSync } from 'node:fs';
import { repoPath } from './paths.ts';

export const ENGINE_VERSION: string = (JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string }).version;
export const HOST_ABI = 'myriad:host/v1';
