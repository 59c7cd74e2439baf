#!/usr/bin/env node
// Measures the JavaScript the browser loads before first paint (the entry script and every chunk
// it preloads, as listed in dist/index.html), gzipped, and checks that OpenCV.js is not in it.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const LIMIT_KB = 400;
const dist = 'dist';
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
let total = 0;
for (const file of initial) {
  const bytes = readFileSync(join(dist, file));
  const gz = gzipSync(bytes, { level: 9 }).length;
  total += gz;
  if (/opencv|cv\.Mat|onRuntimeInitialized/.test(bytes.toString('latin1')))
    throw new Error(`${file} is loaded before first paint but contains OpenCV.js`);
  console.log(`  ${file}: ${(bytes.length / 1024).toFixed(1)} KB, ${(gz / 1024).toFixed(1)} KB gzip`);
}
const lazy = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js') && !initial.includes(`assets/${f}`));
for (const f of lazy) console.log(`  (lazy) assets/${f}: ${(statSync(join(dist, 'assets', f)).size / 1024).toFixed(0)} KB`);
console.log(`initial JavaScript before first paint: ${(total / 1024).toFixed(1)} KB gzip (goal < ${LIMIT_KB} KB); OpenCV.js not in it`);
if (total / 1024 > LIMIT_KB) process.exit(1);
