/** The contract between the page and the image worker. Pixel buffers cross as transferables. */
import type { OmePlane, PixelSize } from '../core/image';

export interface Thumbnail {
  width: number;
  height: number;
  /** 8-bit grey. */
  pixels: Uint8Array;
}

export interface DecodedPage {
  width: number;
  height: number;
  bitDepth: 8 | 16;
  /** Range of raw values actually used, shown to the user (CellProfiler users ask for it). */
  min: number;
  max: number;
  thumbnail: Thumbnail;
}

export interface DecodedFile {
  fileName: string;
  format: 'png' | 'jpeg' | 'tiff';
  notes: string[];
  contentHash: string;
  pages: DecodedPage[];
  /** The original bytes, handed back (transferred) so the page can store them. */
  bytes: ArrayBuffer;
  /** The pixel size the file states (OME-XML, ImageJ, Nikon tag 65326, TIFF resolution), or null. */
  pixelSize: PixelSize | null;
  /** What the values are, in one sentence (e.g. "12-bit data in a 16-bit container …"). */
  bitDepthStatement: string;
  /** OME-TIFF: each page's T, Z, C and position from the OME-XML (pages[i] ↔ planes[i]); null otherwise. */
  planes: OmePlane[] | null;
}

export interface DemoImageRequest {
  seed: number;
  nClones: number;
  size: number;
  clone: string;
  timeH: number;
  fov: number;
}

export type FieldRequest =
  | { source: 'demo'; demo: DemoImageRequest }
  | { source: 'bytes'; bytes: ArrayBuffer; fileName: string; page?: number };


export interface FieldView {
  width: number;
  height: number;
  /** The 8-bit image the method works on. */
  pixels: Uint8Array;
  bitDepth: 8 | 16;
  pLo?: number;
  pHi?: number;
  /** What the file's values are and how they were made 8-bit (absent for demo fields). */
  bitDepthStatement?: string;
  background?: Uint8Array;
  corrected?: Uint8Array;
  backgroundMs?: number;
}

export interface SegmentedField {
  width: number;
  height: number;
  /** The 8-bit image that was segmented. */
  pixels: Uint8Array;
  /** Instance labels, 0 = background, 1..count. */
  labels: Int32Array;
  count: number;
  /** Pixel area of each cell, label order. */
  areas: Float64Array;
  timingsMs: Record<string, number>;
  steps?: { name: string; image: Uint8Array }[];
}

export interface MeasuredField {
  cellCount: number;
  /** Float32, cells × 12 descriptors in DESCRIPTORS order. */
  values: Float32Array;
  /** Per-descriptor sufficient statistics, computed from float64 values. */
  stats: { n: number[]; mean: number[]; m2: number[] };
  /** Worker time for the whole field, and the part spent getting its pixels (decode or demo drawing). */
  elapsedMs: number;
  loadMs: number;
}

export interface SegmentationBench {
  cells: number;
  plainMs: number;
  segmentMs: number;
  measureMs: number;
  stepsMs: Record<string, number>;
}

/** The learned segmentation's timing in one worker, beside the classical pipeline (medians, ms). */
export interface LearnedBench {
  /** The execution provider that answered ('webgpu' or 'wasm'). */
  backend: string;
  /** Opening the network (fetch, hash, session), once per worker; 0 when it was already open. */
  openMs: number;
  cells: number;
  classicalCells: number;
  /** The classical eight steps + split on the same field, same worker. */
  classicalMs: number;
  prepareMs: number;
  networkMs: number;
  cellsMs: number;
  totalMs: number;
}

export interface ImageWorkerApi {
  decodeFile(bytes: ArrayBuffer, fileName: string): Promise<DecodedFile>;
  demoThumbnail(req: DemoImageRequest): Promise<Thumbnail>;
  /** With `backgroundParams` (segmentation parameters), also the background that segmentation subtracts. */
  loadField(req: FieldRequest, options?: { backgroundParams?: unknown }): Promise<FieldView>;
  /** Segments one field (for the live preview), optionally keeping each step's picture. */
  segmentField(req: FieldRequest, params: unknown, options?: { keepSteps?: boolean }): Promise<SegmentedField>;
  /** Single-threaded timing of one field inside this worker (medians over runs), for `npm run bench`. */
  benchSegmentation(image: { width: number; height: number; data: Uint8Array }, runs: number): Promise<SegmentationBench>;
  /** The learned segmentation on one field, single-threaded in this worker (medians over runs), for `npm run bench`. */
  benchLearned(image: { width: number; height: number; data: Uint8Array }, runs: number): Promise<LearnedBench>;
  /** Segments and measures one field (the batch run). */
  measureField(req: FieldRequest, params: unknown): Promise<MeasuredField>;
}

/** Starts the message of every error that comes from the segmentation model not loading. */
export const MODEL_ERROR = 'The segmentation model could not be loaded';

/** True for an error (also one that crossed from a worker) of the model not loading. */
export function isModelError(err: unknown): boolean {
  const text = err instanceof Error ? err.message : String(err);
  return text.startsWith(MODEL_ERROR);
}
