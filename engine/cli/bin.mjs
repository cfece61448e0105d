#!/usr/bin/env node
// The `myriad` executable. In a source checkout it registers the TypeScript loader
// (tsx, a dev dependency) and runs the CLI from source, so `npx myriad …` works from
// any directory without a build step. A production install (`npm ci --omit=dev`, the
// Docker runtime stage) has no tsx: it runs the bundled engine in dist/ instead.
let register = null;
try {
  ({ register } = await import('tsx/esm/api'));
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
}
if (register) {
  register();
  await import('./main.ts');
} else {
  await import('../../dist/myriad.mjs');
}
