#!/usr/bin/env node
// `npm start`: the app as users get it — the production build (rebuilt when a source changed since
// the last build) with its Content-Security-Policy and offline service worker, served on
// http://127.0.0.1:5173 . The demo experiment is one click away on the start page (and opens
// automatically the first time). The development server with hot reload is `npm run dev`.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies, run } from './ensure.mjs';

const STAMP = join('dist', '.built');
const INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json', 'scripts'];

/** The newest modification time among the build's inputs. */
function newestInput() {
  let newest = 0;
  const visit = (path) => {
    const s = statSync(path);
    if (s.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, s.mtimeMs);
  };
  for (const input of INPUTS) if (existsSync(input)) visit(input);
  return newest;
}

ensureDependencies();
if (!existsSync(STAMP) || statSync(STAMP).mtimeMs < newestInput()) {
  run('npx vite build');
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
} else console.log('The production build in dist/ is up to date with the sources.');
run('npx vite preview --host 127.0.0.1 --port 5173 --strictPort');
