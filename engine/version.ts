/** The engine's version, from package.json (packs declare a semver range against it). */
import { readFileSync } from 'node:fs';
import { repoPath } from './paths.ts';

export const ENGINE_VERSION: string = (JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string }).version;
export const HOST_ABI = 'myriad:host/v1';

/** MSSP CODEBASE, e.g. "Myriad 0.1.0": the engine's name and version from package.json. */
export const CODEBASE = `Myriad ${ENGINE_VERSION}`;
