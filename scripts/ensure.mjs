// Shared set-up for the README's two commands: install dependencies and the browser when missing.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

export function run(cmd, opts = {}) {
  console.log(`\n$ ${cmd}`);
  execSync(cmd, { stdio: 'inherit', ...opts });
}

/** `npm ci` when node_modules is missing or older than the lock file. */
export function ensureDependencies() {
  const stale =
    !existsSync('node_modules/.package-lock.json') ||
    statSync('package-lock.json').mtimeMs > statSync('node_modules/.package-lock.json').mtimeMs;
  if (stale) run('npm ci --no-audit --no-fund');
}

/** Debian's Chromium for Playwright; never a downloaded browser. */
export function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return;
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  try {
    run(`${sudo}apt-get install -y chromium`);
  } catch {
    run(`${sudo}apt-get update`);
    run(`${sudo}apt-get install -y chromium`);
  }
  if (!existsSync(path)) throw new Error(`Chromium is still missing at ${path}`);
}
