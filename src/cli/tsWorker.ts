/**
 * A `node:worker_threads` worker on one of the CLI's TypeScript modules. Under tsx a worker cannot
 * load a `.ts` entry directly, so its loader is registered inside the worker first; a compiled
 * `.js` entry starts as usual.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';

export function spawnTsWorker(url: URL, workerData: unknown): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(fileURLToPath(url), { workerData });
  const api = import.meta.resolve('tsx/esm/api');
  const code =
    `import(${JSON.stringify(api)}).then(({ register }) => { register(); ` +
    `return import(${JSON.stringify(url.href)}); })`;
  return new Worker(code, { eval: true, workerData });
}
