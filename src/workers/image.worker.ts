/**
 * The image worker: decoding, thumbnails, demo rendering and OpenCV work, off the main thread.
 * A thin comlink adapter over src/core; OpenCV.js is imported here (lazily), never by the page.
 */
import * as Comlink from 'comlink';
import { getCv } from '../core/cv';
import { decodeImage } from '../core/image/decode';
import { fieldImage } from '../core/image/fieldImage';
import { to8bit } from '../core/image/to8bit';
import { makeThumbnail } from '../core/image/thumbnail';
import { contentHash } from '../core/image/hash';
import { estimateBackground } from '../core/background';
import { makeDemoClones, renderDemoImage, type DemoClone } from '../core/demo';
import type { Grey8 } from '../core/experiment';
import { mergeParams, validateParams } from '../core/segmentation/params';
import { segmentImage } from '../core/segmentation/pipeline';
import { segmentField as segmentWithMethod } from '../core/segmentation/segmentField';
import { plainEightSteps } from '../core/segmentation/baseline';
import { measureCells } from '../core/descriptors';
import { analyzeField } from '../core/analyzeField';
import { benchLearnedField } from './benchLearned';
import { workerNetwork } from './network';
import { SEGMENTER_CARD } from '../core/segmentation/learned/card';
import type { SegmentationParams } from '../core/segmentation/params';
import {
  type DecodedFile,
  type DemoImageRequest,
  type FieldRequest,
  type FieldView,
  type ImageWorkerApi,
  type MeasuredField,
  MODEL_ERROR,
  type SegmentedField,
  type Thumbnail,
} from './imageApi';

const THUMB_SIDE = 96;

const clonesBySeed = new Map<string, DemoClone[]>();
function demoClone(seed: number, nClones: number, cloneId: string): DemoClone {
  const key = `${seed}:${nClones}`;
  let clones = clonesBySeed.get(key);
  if (!clones) {
    clones = makeDemoClones(seed, nClones);
    clonesBySeed.set(key, clones);
  }
  const clone = clones.find((c) => c.id === cloneId);
  if (!clone) throw new Error(`demo seed ${seed} has no clone ${cloneId}`);
  return clone;
}

function renderDemo(req: DemoImageRequest): Grey8 {
  return renderDemoImage({
    seed: req.seed,
    clone: demoClone(req.seed, req.nClones, req.clone),
    timeH: req.timeH,
    fov: req.fov,
    size: req.size,
  });
}

function thumbnailOf(img: Grey8): Thumbnail {
  const t = makeThumbnail(img, THUMB_SIDE);
  return { width: t.width, height: t.height, pixels: t.data };
}

function loadGrey8(req: FieldRequest): { image: Grey8; bitDepth: 8 | 16; pLo?: number; pHi?: number; bitDepthStatement?: string } {
  if (req.source === 'demo') return { image: renderDemo(req.demo), bitDepth: 8 };
  const { image, bitDepth, pLo, pHi, bitDepthStatement } = fieldImage(new Uint8Array(req.bytes), req.fileName, req.page ?? 0);
  return { image, bitDepth, pLo, pHi, bitDepthStatement };
}

function checkedParams(raw: unknown) {
  const params = mergeParams(raw);
  const problems = validateParams(params);
  if (problems.length > 0) throw new Error(`Segmentation parameters: ${problems.join('; ')}`);
  return params;
}

/** The network, or an error saying plainly that the model could not be loaded and why. */
function network() {
  return workerNetwork().catch((err: unknown) => {
    throw new Error(`${MODEL_ERROR}: ${err instanceof Error ? err.message : String(err)}. The classical method still works.`);
  });
}

/** Learned settings must name the model this app has; said here with the UI's way out. */
function checkModel(params: SegmentationParams) {
  const model = SEGMENTER_CARD.sha256.slice(0, 16);
  if (params.method === 'learned' && params.learned.model !== model)
    throw new Error(
      `${MODEL_ERROR}: these parameters were saved with segmentation model ${params.learned.model}, and this app has model ${model}. Press "Reset to defaults" to use it.`,
    );
}

/** Both methods through core's one entry. */
function segmentWith(cv: Awaited<ReturnType<typeof getCv>>, image: Grey8, params: SegmentationParams, keepSteps = false) {
  checkModel(params);
  return segmentWithMethod(cv, image, params, { keepSteps, network });
}

const api: ImageWorkerApi = {
  async decodeFile(bytes, fileName) {
    const view = new Uint8Array(bytes);
    const decoded = decodeImage(view, fileName);
    const hash = await contentHash(view);
    const pages = decoded.pages.map((page) => {
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < page.data.length; i++) {
        const v = page.data[i]!;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      return {
        width: page.width,
        height: page.height,
        bitDepth: page.bitDepth,
        min,
        max,
        thumbnail: thumbnailOf(to8bit(page)),
      };
    });
    const result: DecodedFile = {
      fileName,
      format: decoded.format,
      notes: decoded.notes,
      contentHash: hash,
      pages,
      bytes,
      pixelSize: decoded.pixelSize,
      bitDepthStatement: decoded.bitDepthInfo.statement,
      planes: decoded.ome?.planes ?? null,
    };
    // Hand the bytes back without a copy: the page stores them next.
    return Comlink.transfer(result, [bytes, ...pages.map((p) => p.thumbnail.pixels.buffer as ArrayBuffer)]);
  },

  async demoThumbnail(req) {
    const thumb = thumbnailOf(renderDemo(req));
    return Comlink.transfer(thumb, [thumb.pixels.buffer as ArrayBuffer]);
  },

  async loadField(req, options) {
    const { image, bitDepth, pLo, pHi, bitDepthStatement } = loadGrey8(req);
    const view: FieldView = {
      width: image.width,
      height: image.height,
      pixels: image.data,
      bitDepth,
      pLo,
      pHi,
      bitDepthStatement,
    };
    const transfers: ArrayBuffer[] = [image.data.buffer as ArrayBuffer];
    if (options?.backgroundParams) {
      const params = checkedParams(options.backgroundParams);
      const cv = await getCv();
      const t0 = performance.now();
      const { background, corrected } = estimateBackground(cv, image, params);
      view.background = background;
      view.corrected = corrected;
      view.backgroundMs = performance.now() - t0;
      transfers.push(background.buffer as ArrayBuffer, corrected.buffer as ArrayBuffer);
    }
    return Comlink.transfer(view, transfers);
  },

  async segmentField(req, rawParams, options) {
    const params = checkedParams(rawParams);
    const cv = await getCv();
    const { image } = loadGrey8(req);
    const result = await segmentWith(cv, image, params, options?.keepSteps);
    const areas = new Float64Array(result.count);
    for (let i = 0; i < result.labels.length; i++) {
      const l = result.labels[i]!;
      if (l > 0) areas[l - 1]!++;
    }
    const field: SegmentedField = {
      width: image.width,
      height: image.height,
      pixels: image.data,
      labels: result.labels,
      count: result.count,
      areas,
      timingsMs: result.timingsMs,
      steps: result.steps,
    };
    // A buffer may appear once only in a transfer list.
    const transfers = new Set([image.data.buffer, result.labels.buffer, areas.buffer, ...(result.steps ?? []).map((s) => s.image.buffer)]);
    return Comlink.transfer(field, [...transfers] as ArrayBuffer[]);
  },

  benchLearned: (image, runs) => benchLearnedField(image, runs),

  async benchSegmentation(image, runs) {
    const cv = await getCv();
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    // Warm-up: JIT and wasm tiers, so the medians show steady state.
    plainEightSteps(cv, image);
    measureCells(cv, image, segmentImage(cv, image).labels);
    const plain: number[] = [];
    const segment: number[] = [];
    const measure: number[] = [];
    const steps: Record<string, number[]> = {};
    let cells = 0;
    for (let k = 0; k < runs; k++) {
      let t = performance.now();
      plainEightSteps(cv, image);
      plain.push(performance.now() - t);
      const r = segmentImage(cv, image);
      segment.push(r.timingsMs.total);
      for (const [name, ms] of Object.entries(r.timingsMs)) (steps[name] ??= []).push(ms);
      t = performance.now();
      cells = measureCells(cv, image, r.labels).cellCount;
      measure.push(performance.now() - t);
    }
    return {
      cells,
      plainMs: median(plain),
      segmentMs: median(segment),
      measureMs: median(measure),
      stepsMs: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, median(v)])),
    };
  },

  async measureField(req, rawParams) {
    const params = checkedParams(rawParams);
    const t0 = performance.now();
    const cv = await getCv();
    const tLoad = performance.now();
    const { image } = loadGrey8(req);
    const loadMs = performance.now() - tLoad;
    checkModel(params);
    const m = await analyzeField(cv, image, params, { network });
    const s = m.stats;
    const measured: MeasuredField = {
      cellCount: m.cellCount,
      values: Float32Array.from(m.values),
      stats: { n: Array.from(s.n), mean: Array.from(s.mean), m2: Array.from(s.m2) },
      elapsedMs: performance.now() - t0,
      loadMs,
    };
    return Comlink.transfer(measured, [measured.values.buffer as ArrayBuffer]);
  },
};

Comlink.expose(api);
