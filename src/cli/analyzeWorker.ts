/**
 * One image of `analyze`, start to finish: read, decode, scale to 8 bit, segment, measure,
 * summarise, by the parameters' method (learned or classical). `analyze` runs it here (one worker)
 * or on the CLI pool (src/cli/pool.ts), a thread per core, each with its own OpenCV.js.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { serveJobs } from './pool';
import { getCv, type CV } from '../core/cv';
import { analyzeField } from '../core/analyzeField';
import type { SufficientStats } from '../core/descriptors';
import { choosePages, decodeImage, readPageLayout, type PixelSize } from '../core/image';
import { fieldImage } from '../core/image/fieldImage';
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
      /** The pixel size the file states, or null. */
      pixelSize: PixelSize | null;
      ms: number;
    }
  | { ok: false; reason: string };

/** The learned method opens the network (once per thread) on its first image. */
export async function analyzeImageFile(cv: CV, path: string, params: SegmentationParams, pageIndex = 0): Promise<ImageResult> {
  const start = performance.now();
  const name = basename(path);
  try {
    const field = fieldImage(new Uint8Array(readFileSync(path)), name, pageIndex);
    const notes = field.notes;
    const m = await analyzeField(cv, field.image, params, { network: nodeNetwork });
    return {
      ok: true,
      cellCount: m.cellCount,
      labelIds: m.labelIds,
      values: m.values,
      stats: m.stats,
      notes,
      pixelSize: field.pixelSize,
      ms: performance.now() - start,
    };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // Decoder messages already name the file; the caller prints it in front.
    return { ok: false, reason: message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message };
  }
}

/** The pixel size `path` states (tags only matter, but the file is decoded once); null if none or unreadable. */
export function statedPixelSize(path: string): PixelSize | null {
  try {
    return decodeImage(new Uint8Array(readFileSync(path)), basename(path)).pixelSize;
  } catch {
    return null; // the image's own job reports why it cannot be read
  }
}

/**
 * One job per image: a multi-page TIFF's pages are images of their own — consecutive FOVs, or, in
 * an OME-TIFF, where its OME-XML puts them (core/image readPageLayout, the browser's rule). Pages
 * left out (other channels, Z planes) are said through `note`. Reads the headers only.
 */
export function expandPages<J extends { file: string; path: string; timeH: number; fov: number }>(
  jobs: readonly J[],
  note: (file: string, text: string) => void,
  choice: { channel?: string; z?: number } = {},
): (J & { page: number })[] {
  return jobs.flatMap((job) => {
    if (!/\.tiff?$/i.test(job.path)) return [{ ...job, page: 0 }];
    let layout;
    try {
      layout = readPageLayout(new Uint8Array(readFileSync(job.path)), basename(job.path));
    } catch {
      return [{ ...job, page: 0 }]; // analysing it says why it cannot be read
    }
    if (layout.pageCount <= 1) return [{ ...job, page: 0 }];
    const { pages, notes } = choosePages(layout.pageCount, layout.planes, choice);
    for (const n of notes) note(job.file, n);
    return pages.flatMap((p) => {
      if (!p.keep) {
        note(`${job.file} [${p.label}]`, `left out: ${p.reason}`);
        return [];
      }
      return [{ ...job, file: `${job.file} [${p.label}]`, timeH: job.timeH + p.timeOffsetH, fov: job.fov + p.fovOffset, page: p.pageIndex }];
    });
  });
}

export const WORKER_ROLE = 'potency-analyze';
export const ANALYZE_WORKER = new URL(import.meta.url);

let cvReady: Promise<CV> | undefined;

/** One image on this thread, OpenCV.js loaded once per thread. */
export async function analyzeImage(path: string, params: SegmentationParams, page = 0): Promise<ImageResult> {
  let cv: CV;
  try {
    cv = await (cvReady ??= getCv());
  } catch (err) {
    return { ok: false, reason: `OpenCV.js failed to load: ${err instanceof Error ? err.message : String(err)}` };
  }
  return analyzeImageFile(cv, path, params, page);
}

serveJobs<{ params: SegmentationParams }, { path: string; page?: number }, ImageResult>(
  WORKER_ROLE,
  (job, setup) => analyzeImage(job.path, setup.params, job.page ?? 0),
  (r) => (r.ok ? ([r.labelIds.buffer, r.values.buffer] as ArrayBuffer[]) : []),
);
