import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { cspPlugin } from './scripts/cspPlugin.ts';
import { ortWasmPlugin } from './scripts/ortWasmPlugin.ts';
import { serviceWorkerPlugin } from './scripts/serviceWorkerPlugin.ts';

export default defineConfig({
  plugins: [react(), cspPlugin(), ortWasmPlugin(), serviceWorkerPlugin()],
  // Vite would otherwise discover OpenCV.js late in dev and reload the page mid-call.
  optimizeDeps: { include: ['@techstark/opencv-js', 'comlink'] },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 20_000,
    reportCompressedSize: false,
  },
});
