#!/usr/bin/env node
// Runs the TypeScript sources through tsx so `npx jgg` works straight from a
// checkout after `npm install`, with no build step to forget.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
