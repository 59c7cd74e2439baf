/**
 * The segmentation network in Node (CLI, tests, benchmarks): onnxruntime-web's Node build (wasm,
 * one thread) with the committed model, its SHA-256 checked against the model card.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEGMENTER_CARD } from '../core/segmentation/learned/card';
import { openNetwork, type CellNetwork, type OrtLike } from '../core/segmentation/learned/network';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MODEL_PATH = join(REPO_ROOT, SEGMENTER_CARD.file);

let opening: Promise<CellNetwork> | undefined;

export function nodeNetwork(path = MODEL_PATH): Promise<CellNetwork> {
  opening ??= (async () => {
    const bytes = readFileSync(path);
    const digest = createHash('sha256').update(bytes).digest('hex');
    if (digest !== SEGMENTER_CARD.sha256)
      throw new Error(`${path}: SHA-256 ${digest.slice(0, 16)}… is not the model card's ${SEGMENTER_CARD.sha256.slice(0, 16)}…`);
    const ort = await import('onnxruntime-web');
    ort.env.wasm.numThreads = 1;
    return openNetwork(ort as unknown as OrtLike, new Uint8Array(bytes));
  })();
  return opening;
}
