#!/usr/bin/env node
// Runs the TypeScript sources through tsx so `npx jgg` works straight from a
// checkout after `npm install`, with no build step to forget.
import { register } from 'tsx/esm/api';

// graphql-js adds development checks to every type test (a cross-realm
// instanceOf fallback) unless NODE_ENV is production, and reads it once, when
// loaded: a measurable share of a large page's CPU (BENCHMARKS.md).
process.env.NODE_ENV ??= 'production';

register();
await import('../src/cli/main.ts');
