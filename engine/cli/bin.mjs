#!/usr/bin/env node
// The `myriad` executable: registers the TypeScript loader (tsx), then runs the CLI,
// so `npx myriad …` works from any directory without a build step.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
