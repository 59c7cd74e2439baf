/**
 * The segmentation network inside a worker: onnxruntime-web with its wasm files from this app's
 * origin (`ort/`, scripts/ortWasmPlugin.ts) and the model from `models/`; WebGPU when the browser
 * offers it, else wasm on one thread. The model's SHA-256 is checked against the model card.
 */
import { SEGMENTER_CARD } from '../core/segmentation/learned/card';
import { openNetwork, type CellNetwork, type OrtLike } from '../core/segmentation/learned/network';

let opening: Promise<CellNetwork> | undefined;

export function workerNetwork(): Promise<CellNetwork> {
  opening ??= open().catch((e) => {
    opening = undefined; // a later field may try again
    throw e;
  });
  return opening;
}

async function open(): Promise<CellNetwork> {
  const ort = await import('onnxruntime-web/webgpu');
  const base = new URL(import.meta.env.BASE_URL, self.location.origin).href;
  ort.env.wasm.wasmPaths = `${base}ort/`;
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  const url = `${base}${SEGMENTER_CARD.url}`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`segmentation model ${url}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const digest = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
  if (digest !== SEGMENTER_CARD.sha256)
    throw new Error(`segmentation model ${url}: SHA-256 ${digest.slice(0, 16)}… is not the model card's ${SEGMENTER_CARD.sha256.slice(0, 16)}…`);
  const backends = 'gpu' in navigator ? ['webgpu', 'wasm'] : ['wasm'];
  return openNetwork(ort as unknown as OrtLike, bytes, backends);
}
