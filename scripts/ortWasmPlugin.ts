/**
 * Serves onnxruntime-web's WebAssembly files from the app's own origin under `ort/` (dev server)
 * and copies them into the build, so the learned segmentation never reaches for a CDN and the CSP
 * (`connect-src 'self'`) stays as strict as it is. The worker sets `ort.env.wasm.wasmPaths` to it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

/** The wasm binaries and their JS glue (onnxruntime-web imports the `.mjs` from wasmPaths too). */
export const ORT_WASM_FILES = [
  'ort-wasm-simd-threaded.wasm',
  'ort-wasm-simd-threaded.mjs',
  'ort-wasm-simd-threaded.jsep.wasm',
  'ort-wasm-simd-threaded.jsep.mjs',
];

function ortDist(): string {
  const require = createRequire(import.meta.url);
  // The package's exports hide package.json; its main entry (Node build) lies in dist/ with the wasm files.
  return dirname(require.resolve('onnxruntime-web'));
}

export function ortWasmPlugin(): Plugin {
  return {
    name: 'potency-workbench-ort-wasm',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = req.url?.split('?')[0]?.replace(/^\/ort\//, '');
        if (!req.url?.startsWith('/ort/') || !name || !ORT_WASM_FILES.includes(name)) return next();
        res.setHeader('Content-Type', name.endsWith('.mjs') ? 'text/javascript' : 'application/wasm');
        res.end(readFileSync(join(ortDist(), name)));
      });
    },
    generateBundle() {
      for (const name of ORT_WASM_FILES)
        this.emitFile({ type: 'asset', fileName: `ort/${name}`, source: readFileSync(join(ortDist(), name)) });
    },
  };
}
