#!/usr/bin/env node
// `npm test`: every test — type check (src/core without DOM or Node: tsconfig.core.json), the layer
// check (scripts/check-layers.mjs), lint, unit tests in Node (Vitest), then a production build and
// the end-to-end tests in Debian's Chromium (Playwright). Installs what is missing first.
import { ensureChromium, ensureDependencies, run } from './ensure.mjs';

ensureDependencies();
ensureChromium();
run('npx tsc -b');
run('node scripts/check-layers.mjs');
run('npx oxlint src e2e scripts');
run('npx vitest run');
// A one-node Slurm from Debian's packages, started by the script itself (it needs root: CI has it).
if (process.env.CI || process.getuid?.() === 0) run('npm run test:slurm');
run('npx vite build');
run('node scripts/check-bundle.mjs');
run('npx playwright test', { env: { ...process.env, CI: process.env.CI ?? '' } });
console.log('\nAll tests passed.');
