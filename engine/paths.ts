/**
 * Where the engine's files are, in both ways it runs:
 *   - from source (tsx): this module is engine/paths.ts;
 *   - bundled (`npm run build:engine`, what `npm start` runs): it is inlined into
 *     dist/myriad.mjs or dist/world-worker.mjs.
 * engine/ and dist/ are both one folder below the repository root, so `../` from
 * here is the root either way. Every file the engine reads at run time (schemas,
 * first-party packs, the web client, package.json) is found from REPO_ROOT, never
 * from a module's own location.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** True when running the esbuild bundle (dist/*.mjs) rather than TypeScript through tsx. */
export const BUNDLED = !import.meta.url.endsWith('.ts');

export const repoPath = (...parts: string[]): string => path.join(REPO_ROOT, ...parts);
