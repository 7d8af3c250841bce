#!/usr/bin/env node
// The CLI straight from the TypeScript sources through tsx (a dev dependency), for the unit tests and for trying a
// change without a build. The installed `rnn-lab` command is the bundle out/cli/rnn-lab.mjs (npm run build).
import { register } from 'tsx/esm/api';

register();
await import('./bin.ts');
