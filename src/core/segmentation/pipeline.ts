/**
 * The paper's eight segmentation steps (DESIGN.md §4) followed by instance labelling, on one 8-bit
 * image. OpenCV.js does the filters it is fast at (shrunk blurs, Sobel, distance transform); the
 * mask bookkeeping runs in typed-array loops. Every Mat is deleted in a `finally`.
 */
import type { CV } from '../cv';
import type { Grey8 } from '../experiment';
import { subtractBackground } from './background';
import { compactLabels, fillHoles, labelComponents, removeBorderObjects, removeSmallObjects } from './masks';
import { DEFAULT_SEGMENTATION_PARAMS, type SegmentationParams } from './params';
import { enhanceTexture, type ByteImageWithHistogram } from './texture';
import { binarise } from './threshold';
import { splitTouchingCells } from './watershed';

type Mat = InstanceType<CV['Mat']>;

export const STEP_NAMES = [
  'background',
  'texture',
  'threshold',
  'removeSmall1',
  'erosion',
  'removeSmall2',
  'fillHoles',
  'removeBorder',
  'labels',
] as const;
export type StepName = (typeof STEP_NAMES)[number];

export interface SegmentationResult {
  /** 0 = background, 1..count, contiguous. */
  labels: Int32Array;
  count: number;
  width: number;
  height: number;
  /** Milliseconds per step (STEP_NAMES) plus `total`. */
  timingsMs: Record<StepName | 'total', number>;
  /** 8-bit picture of each intermediate step, for the step view (only with keepSteps). */
  steps?: { name: StepName; image: Uint8Array }[];
}

export function segmentImage(
  cv: CV,
  image: Grey8,
  params: SegmentationParams = DEFAULT_SEGMENTATION_PARAMS,
  options: { keepSteps?: boolean } = {},
): SegmentationResult {
  const { width, height } = image;
  const n = width * height;
  if (image.data.length !== n) throw new Error(`image data has ${image.data.length} values, expected ${n}`);
  const timings = {} as Record<StepName | 'total', number>;
  const steps: { name: StepName; image: Uint8Array }[] | undefined = options.keepSteps ? [] : undefined;
  const keepMask = (name: StepName, mask: Uint8Array) => {
    if (!steps) return;
    const img = new Uint8Array(n);
    for (let i = 0; i < n; i++) img[i] = mask[i] ? 255 : 0;
    steps.push({ name, image: img });
  };
  const start = performance.now();
  let t = start;
  const lap = (name: StepName) => {
    const now = performance.now();
    timings[name] = (timings[name] ?? 0) + (now - t);
    t = now;
  };

  // Steps 1-2 on Mats; from here on only typed arrays.
  let texture: ByteImageWithHistogram;
  const src = new cv.Mat(height, width, cv.CV_8UC1);
  let adjusted: Mat | undefined;
  try {
    src.data.set(image.data);
    adjusted = subtractBackground(cv, src, params.background);
    steps?.push({ name: 'background', image: adjusted.data.slice(0, n) });
    lap('background');
    texture = enhanceTexture(cv, adjusted, params.texture);
    steps?.push({ name: 'texture', image: texture.values });
    lap('texture');
  } finally {
    src.delete();
    adjusted?.delete();
  }

  // 3. binarisation
  const { mask } = binarise(texture.values, params.threshold, texture.histogram);
  keepMask('threshold', mask);
  lap('threshold');

  // 4. small objects (and, optionally, holes before the erosion can open them up)
  removeSmallObjects(mask, width, height, params.minArea1);
  if (params.fillHolesBeforeErosion) fillHoles(mask, width, height);
  keepMask('removeSmall1', mask);
  lap('removeSmall1');

  // 5. erosion: a disc erosion is a threshold of the distance map, which the split needs anyway.
  const r = params.erosion.radius;
  const needDistance = params.split.enabled || (params.erosion.shape === 'disc' && r > 0);
  const distance = needDistance ? distanceMap(cv, mask, width, height) : undefined;
  const eroded = erode(cv, mask, width, height, params.erosion, distance);
  keepMask('erosion', eroded);
  lap('erosion');

  // 6-8
  removeSmallObjects(eroded, width, height, params.minArea2);
  keepMask('removeSmall2', eroded);
  lap('removeSmall2');
  if (params.fillHoles) fillHoles(eroded, width, height);
  keepMask('fillHoles', eroded);
  lap('fillHoles');
  // With the split, step 8 drops border-touching *cells* after labelling (below): dropping whole
  // mask components here would throw away every cell of a cluster that reaches the edge.
  if (params.removeBorder && !params.split.enabled) removeBorderObjects(eroded, width, height);
  keepMask('removeBorder', eroded);
  lap('removeBorder');

  // instance labels
  let labels: Int32Array;
  let count: number;
  if (params.split.enabled && distance) {
    ({ labels, count } = splitAtScale(cv, image, mask, eroded, distance, params));
  } else {
    labels = labelComponents(eroded, width, height).labels;
    count = compactLabels(labels, width, height, params.minFinalArea, params.removeBorder);
  }
  if (steps) {
    const img = new Uint8Array(n);
    for (let i = 0; i < n; i++) img[i] = labels[i] === 0 ? 0 : 56 + ((labels[i]! * 73) % 200);
    steps.push({ name: 'labels', image: img });
  }
  lap('labels');
  timings.total = performance.now() - start;
  return { labels, count, width, height, timingsMs: timings, ...(steps ? { steps } : {}) };
}

/**
 * The split on a copy shrunk by `split.downscale`: depth = smoothed distance − erosion radius (in
 * full-size px), the mask shrunk by "any pixel of the block", labels mapped back by block.
 */
function splitAtScale(
  cv: CV,
  image: Grey8,
  preMask: Uint8Array,
  eroded: Uint8Array,
  distance: Float32Array,
  params: SegmentationParams,
): { labels: Int32Array; count: number } {
  const { width, height } = image;
  const s = params.split;
  const r = params.erosion.radius;
  const f = Math.max(1, Math.round(s.downscale));
  let floodMask = eroded;
  if (s.regrow > 0) {
    // The rim the erosion trimmed, within `regrow` px, may be claimed back by neighbouring labels.
    floodMask = eroded.slice();
    for (let i = 0; i < floodMask.length; i++) {
      const d = distance[i]!;
      if (preMask[i] !== 0 && d > r - s.regrow && d <= r) floodMask[i] = 1;
    }
  }
  const sw = Math.ceil(width / f);
  const sh = Math.ceil(height / f);
  // Full-size flood pixels per block: the areas of the labels, without another full-size pass.
  const blockCount = countBlocks(floodMask, width, height, f);
  const smallMask =
    f === 1 ? eroded : floodMask === eroded ? countToMask(blockCount) : shrinkAny(eroded, width, height, f);
  const smallFlood = floodMask === eroded ? smallMask : countToMask(blockCount);
  const depth = shrinkAndSmooth(cv, distance, width, height, f, s.smoothing / f);
  subtractInPlace(depth, r);
  const brightness = s.haloWeight > 0 ? shrinkImage(cv, image, f) : undefined;
  const small = splitTouchingCells(
    {
      width: sw,
      height: sh,
      mask: smallMask,
      floodMask: smallFlood,
      depth,
      ...(brightness ? { brightness } : {}),
    },
    { ...s, minPeakDistance: s.minPeakDistance / f },
  );
  // Final ids: contiguous, small labels and (step 8) labels on the image border dropped.
  const drop = params.removeBorder ? borderBlockLabels(floodMask, small, width, height, f) : undefined;
  const { finalId, count } = finalIds(small, blockCount, params.minFinalArea, drop);
  return { labels: enlargeLabels(floodMask, small, finalId, width, height, f), count };
}

// Small one-loop helpers: V8 optimises them reliably, a long function of loops keeps deoptimising.

function countBlocks(mask: Uint8Array, width: number, height: number, f: number): Int32Array {
  const sw = Math.ceil(width / f);
  const counts = new Int32Array(sw * Math.ceil(height / f));
  const column = blockColumns(width, f);
  for (let y = 0; y < height; y++) {
    const row = ((y / f) | 0) * sw;
    const base = y * width;
    for (let x = 0; x < width; x++) if (mask[base + x] !== 0) counts[row + column[x]!]!++;
  }
  return counts;
}

function blockColumns(width: number, f: number): Int32Array {
  const column = new Int32Array(width);
  for (let x = 0; x < width; x++) column[x] = (x / f) | 0;
  return column;
}

function subtractInPlace(values: Float32Array, r: number): void {
  for (let i = 0; i < values.length; i++) values[i] = values[i]! - r;
}

/** Labels (of the shrunk image) that have a flood pixel on the full-size image border. */
function borderBlockLabels(
  floodMask: Uint8Array,
  small: Int32Array,
  width: number,
  height: number,
  f: number,
): Set<number> {
  const sw = Math.ceil(width / f);
  const ids = new Set<number>();
  const mark = (x: number, y: number) => {
    if (floodMask[y * width + x] !== 0) ids.add(small[((y / f) | 0) * sw + ((x / f) | 0)]!);
  };
  for (let x = 0; x < width; x++) {
    mark(x, 0);
    mark(x, height - 1);
  }
  for (let y = 0; y < height; y++) {
    mark(0, y);
    mark(width - 1, y);
  }
  return ids;
}

/** Map from label to final id (0 = dropped), numbering kept labels 1..count in order of appearance. */
function finalIds(
  small: Int32Array,
  blockCount: Int32Array,
  minArea: number,
  drop: Set<number> | undefined,
): { finalId: Int32Array; count: number } {
  let maxId = 0;
  for (let j = 0; j < small.length; j++) if (small[j]! > maxId) maxId = small[j]!;
  const area = new Float64Array(maxId + 1);
  for (let j = 0; j < small.length; j++) area[small[j]!]! += blockCount[j]!;
  const finalId = new Int32Array(maxId + 1).fill(-1);
  finalId[0] = 0;
  let count = 0;
  for (let j = 0; j < small.length; j++) {
    const v = small[j]!;
    if (finalId[v]! < 0) finalId[v] = area[v]! >= minArea && !drop?.has(v) ? ++count : 0;
  }
  return { finalId, count };
}

function enlargeLabels(
  floodMask: Uint8Array,
  small: Int32Array,
  finalId: Int32Array,
  width: number,
  height: number,
  f: number,
): Int32Array {
  const sw = Math.ceil(width / f);
  const column = blockColumns(width, f);
  const labels = new Int32Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = ((y / f) | 0) * sw;
    const base = y * width;
    for (let x = 0; x < width; x++)
      if (floodMask[base + x] !== 0) labels[base + x] = finalId[small[row + column[x]!]!]!;
  }
  return labels;
}

function countToMask(counts: Int32Array): Uint8Array {
  const m = new Uint8Array(counts.length);
  for (let j = 0; j < counts.length; j++) m[j] = counts[j]! > 0 ? 1 : 0;
  return m;
}

/** Shrinks a mask by `f`: a block is set when any of its pixels is. */
function shrinkAny(mask: Uint8Array, width: number, height: number, f: number): Uint8Array {
  if (f === 1) return mask;
  const sw = Math.ceil(width / f);
  const out = new Uint8Array(sw * Math.ceil(height / f));
  for (let y = 0; y < height; y++) {
    const row = ((y / f) | 0) * sw;
    const base = y * width;
    for (let x = 0; x < width; x++) if (mask[base + x] !== 0) out[row + ((x / f) | 0)] = 1;
  }
  return out;
}

/** Distance map shrunk by `f` (block means, OpenCV's INTER_AREA) and Gaussian-smoothed there. */
function shrinkAndSmooth(
  cv: CV,
  values: Float32Array,
  width: number,
  height: number,
  f: number,
  sigma: number,
): Float32Array {
  const sw = Math.ceil(width / f);
  const sh = Math.ceil(height / f);
  const full = new cv.Mat(height, width, cv.CV_32F);
  const small = new cv.Mat();
  try {
    full.data32F.set(values);
    if (f === 1) full.copyTo(small);
    else cv.resize(full, small, new cv.Size(sw, sh), 0, 0, cv.INTER_AREA);
    if (sigma > 0) cv.GaussianBlur(small, small, new cv.Size(0, 0), sigma, sigma, cv.BORDER_REFLECT);
    return small.data32F.slice(0, sw * sh);
  } finally {
    full.delete();
    small.delete();
  }
}

/** The 8-bit image shrunk by `f` (block means). */
function shrinkImage(cv: CV, image: Grey8, f: number): Uint8Array {
  const full = new cv.Mat(image.height, image.width, cv.CV_8UC1);
  const small = new cv.Mat();
  try {
    full.data.set(image.data);
    cv.resize(full, small, new cv.Size(Math.ceil(image.width / f), Math.ceil(image.height / f)), 0, 0, cv.INTER_AREA);
    return small.data.slice(0, small.rows * small.cols);
  } finally {
    full.delete();
    small.delete();
  }
}

/** Euclidean distance (OpenCV's 5×5 mask approximation) of each cell pixel to the background. */
function distanceMap(cv: CV, mask: Uint8Array, width: number, height: number): Float32Array {
  const m = new cv.Mat(height, width, cv.CV_8UC1);
  const d = new cv.Mat();
  try {
    m.data.set(mask);
    cv.distanceTransform(m, d, cv.DIST_L2, cv.DIST_MASK_5);
    return d.data32F.slice(0, width * height);
  } finally {
    m.delete();
    d.delete();
  }
}

function erode(
  cv: CV,
  mask: Uint8Array,
  width: number,
  height: number,
  p: SegmentationParams['erosion'],
  distance: Float32Array | undefined,
): Uint8Array {
  const n = width * height;
  if (p.radius <= 0) return mask.slice();
  if (p.shape === 'disc' && distance) {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = distance[i]! > p.radius ? 1 : 0;
    return out;
  }
  const m = new cv.Mat(height, width, cv.CV_8UC1);
  const e = new cv.Mat();
  const k = cv.getStructuringElement(cv.MORPH_RECT, new cv.Size(2 * p.radius + 1, 2 * p.radius + 1));
  try {
    m.data.set(mask);
    cv.erode(m, e, k, new cv.Point(-1, -1), 1, cv.BORDER_CONSTANT, new cv.Scalar(0));
    return e.data.slice(0, n);
  } finally {
    m.delete();
    e.delete();
    k.delete();
  }
}
