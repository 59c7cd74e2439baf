/**
 * One image of `analyze`, start to finish: read, decode, scale to 8 bit, segment, measure,
 * summarise, by the parameters' method (learned or classical). `analyze` calls `analyzeImageFile` directly (one worker) or runs this module as a
 * `node:worker_threads` worker per core, each with its own OpenCV.js, and sends it file paths.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { getCv, type CV } from '../core/cv';
import { analyzeField } from '../core/analyzeField';
import type { SufficientStats } from '../core/descriptors';
import { decodeImage, to8bit } from '../core/image';
import type { SegmentationParams } from '../core/segmentation';
import { nodeNetwork } from './network';

export type ImageResult =
  | {
      ok: true;
      cellCount: number;
      labelIds: Int32Array;
      /** cells × 12, row-major. */
      values: Float64Array;
      stats: SufficientStats;
      /** Things the user should know (colour reduced to grey, extra pages ignored). */
      notes: string[];
      ms: number;
    }
  | { ok: false; reason: string };

/** The learned method opens the network (once per thread) on its first image. */
export async function analyzeImageFile(cv: CV, path: string, params: SegmentationParams): Promise<ImageResult> {
  const start = performance.now();
  const name = basename(path);
  try {
    const decoded = decodeImage(new Uint8Array(readFileSync(path)), name);
    const page = decoded.pages[0];
    if (!page) return { ok: false, reason: 'no image pages' };
    const notes = [...decoded.notes];
    if (decoded.pages.length > 1) notes.push(`${decoded.pages.length} pages, the first is analysed`);
    const grey = to8bit(page);
    const m = await analyzeField(cv, grey, params, { network: nodeNetwork });
    return {
      ok: true,
      cellCount: m.cellCount,
      labelIds: m.labelIds,
      values: m.values,
      stats: m.stats,
      notes,
      ms: performance.now() - start,
    };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // Decoder messages already name the file; the caller prints it in front.
    return { ok: false, reason: message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message };
  }
}

/** What the main thread sends: an image to analyse, or null to stop. */
export interface WorkerJob {
  id: number;
  path: string;
}

export const WORKER_ROLE = 'potency-analyze';

if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === WORKER_ROLE) {
  const port = parentPort;
  const params = (workerData as { params: SegmentationParams }).params;
  const cvReady = getCv();
  port.on('message', (job: WorkerJob | null) => {
    if (job === null) {
      port.close();
      return;
    }
    cvReady.then(
      async (cv) => {
        const result = await analyzeImageFile(cv, job.path, params);
        const transfer = result.ok ? [result.labelIds.buffer, result.values.buffer] : [];
        port.postMessage({ id: job.id, result }, transfer as ArrayBuffer[]);
      },
      (err: unknown) => {
        const reason = `OpenCV.js failed to load: ${err instanceof Error ? err.message : String(err)}`;
        port.postMessage({ id: job.id, result: { ok: false, reason } });
      },
    );
  });
}
