#!/usr/bin/env node
// The SDK's `myriad` executable (`myriad pack new|build|test|dev`).
//   - installed (npm pack → an author's node_modules): runs the bundle in dist/;
//   - in the engine's repository (the npm workspace links it as node_modules/.bin/myriad):
//     runs the engine's whole CLI from TypeScript through tsx — a superset that
//     registers the same pack commands — so `npx myriad start` still starts a
//     server there and an edit never runs stale code.
import { existsSync } from 'node:fs';

const engine = new URL('../../engine/cli/main.ts', import.meta.url);
const sdk = new URL('../tooling/cli.ts', import.meta.url);
if (existsSync(sdk)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import((existsSync(engine) ? engine : sdk).href);
} else {
  await import('../dist/cli.mjs');
}
