/**
 * One pass over the image that collects, for every cell at once, all the per-pixel sums the
 * descriptors need: pixel count, bounding box, raw coordinate moments, intensity sum and GLCM
 * co-occurrence counts. Everything else is then computed per cell from these small arrays.
 */
import type { Grey8 } from '../experiment';
import { GLCM_ANGLES, GLCM_LEVELS, GLCM_SHIFT } from './glcm';
import { SKIPPED, UNSEEN, type LabelArray } from './labels';

/** Co-occurrence counts per cell: angles × levels × levels, stored one cell after another. */
export const GLCM_CELL_STRIDE = GLCM_ANGLES * GLCM_LEVELS * GLCM_LEVELS;

export interface CellPixelSums {
  /** Label id of each slot, in the order the pass met them (raster order unless preassigned). */
  ids: Int32Array;
  count: Float64Array;
  /** Inclusive bounding boxes. */
  minX: Int32Array;
  maxX: Int32Array;
  minY: Int32Array;
  maxY: Int32Array;
  /**
   * Σx, Σy, Σx², Σxy, Σy² over pixel centres at integer coordinates. Each term is an integer below
   * 2^53 for any image under ~90 megapixels, so these float64 sums are exact.
   */
  sumX: Float64Array;
  sumY: Float64Array;
  sumXX: Float64Array;
  sumXY: Float64Array;
  sumYY: Float64Array;
  sumIntensity: Float64Array;
  /**
   * Directed pair counts (not yet symmetric): for angle a, cooc[slot·STRIDE + a·1024 + qi·32 + qj]
   * counts pixels of level qi whose neighbour at offset a has level qj, both in the cell.
   * Offsets (row, col): a=0 (0,1), a=1 (1,1), a=2 (1,0), a=3 (1,−1), as skimage's 0, π/4, π/2, 3π/4.
   */
  cooc: Uint32Array;
}

/**
 * `slotOf` (from slotTable) maps ids to slots and is updated in place: an UNSEEN id gets the next
 * free slot when first met. Ids preassigned to slots keep them even when absent from the image.
 */
export function sumCellPixels(image: Grey8, labels: LabelArray, slotOf: Int32Array): CellPixelSums {
  const { width: w, height: h, data: img } = image;
  if (labels.length !== w * h || img.length !== w * h)
    throw new RangeError(`image ${w}×${h} has ${img.length} pixels, labels ${labels.length}: sizes differ`);
  const maxId = slotOf.length - 1;
  const ids: number[] = [];
  for (let id = 0; id <= maxId; id++) if (slotOf[id]! >= 0) ids[slotOf[id]!] = id;
  let s = allocate(Math.max(64, ids.length), w, h);
  // Imported constants copied to locals: some module loaders (Vitest's among them) turn every use
  // of an import into a property read, which would sit in the innermost loop.
  const levels = GLCM_LEVELS;
  const shift = GLCM_SHIFT;
  const stride = GLCM_CELL_STRIDE;
  const skipped = SKIPPED;
  const unseen = UNSEEN;
  const L2 = levels * levels;

  // Rows are read as runs of equal label: moments of a run have closed forms, background runs
  // cost one comparison per pixel, and a horizontal pair inside a run needs no label check.
  for (let y = 0; y < h; y++) {
    const rowStart = y * w;
    const hasBelow = y + 1 < h;
    let x = 0;
    while (x < w) {
      const id = labels[rowStart + x]!;
      let end = x + 1;
      while (end < w && labels[rowStart + end] === id) end++;
      let c = id === 0 || id > maxId ? skipped : slotOf[id]!;
      if (c === unseen) {
        c = ids.length;
        slotOf[id] = c;
        ids.push(id);
        if (c >= s.count.length) s = grow(s, 2 * s.count.length, w, h);
      }
      if (c >= 0) {
        addRun(s, c, x, end - 1, y);
        const cooc = s.cooc;
        const cell = c * stride;
        let intensity = 0;
        let prevLevel = -1;
        for (let xi = x; xi < end; xi++) {
          const i = rowStart + xi;
          const v = img[i]!;
          intensity += v;
          const level = v >> shift;
          const base = cell + level * levels;
          // 0°: the pair (left neighbour, this pixel), always inside the run
          if (prevLevel >= 0) cooc[cell + prevLevel * levels + level]!++;
          prevLevel = level;
          if (hasBelow) {
            const j = i + w;
            if (xi + 1 < w && labels[j + 1] === id) cooc[base + L2 + (img[j + 1]! >> shift)]!++;
            if (labels[j] === id) cooc[base + 2 * L2 + (img[j]! >> shift)]!++;
            if (xi > 0 && labels[j - 1] === id) cooc[base + 3 * L2 + (img[j - 1]! >> shift)]!++;
          }
        }
        s.sumIntensity[c]! += intensity;
      }
      x = end;
    }
  }
  const out = grow(s, ids.length, w, h);
  out.ids = Int32Array.from(ids);
  return out;
}

function addRun(s: CellPixelSums, c: number, x0: number, x1: number, y: number): void {
  const len = x1 - x0 + 1;
  // Σx and Σx² over x0…x1 as differences of the closed forms x(x+1)/2 and x(x+1)(2x+1)/6.
  const sx = (x1 * (x1 + 1) - (x0 - 1) * x0) / 2;
  const sxx = (x1 * (x1 + 1) * (2 * x1 + 1) - (x0 - 1) * x0 * (2 * x0 - 1)) / 6;
  s.count[c]! += len;
  s.sumX[c]! += sx;
  s.sumY[c]! += len * y;
  s.sumXX[c]! += sxx;
  s.sumXY[c]! += sx * y;
  s.sumYY[c]! += len * y * y;
  if (x0 < s.minX[c]!) s.minX[c] = x0;
  if (x1 > s.maxX[c]!) s.maxX[c] = x1;
  if (y < s.minY[c]!) s.minY[c] = y;
  s.maxY[c] = y; // rows are visited in increasing order
}

function allocate(n: number, w: number, h: number): CellPixelSums {
  return {
    ids: new Int32Array(0),
    count: new Float64Array(n),
    minX: new Int32Array(n).fill(w),
    maxX: new Int32Array(n).fill(-1),
    minY: new Int32Array(n).fill(h),
    maxY: new Int32Array(n).fill(-1),
    sumX: new Float64Array(n),
    sumY: new Float64Array(n),
    sumXX: new Float64Array(n),
    sumXY: new Float64Array(n),
    sumYY: new Float64Array(n),
    sumIntensity: new Float64Array(n),
    cooc: new Uint32Array(n * GLCM_CELL_STRIDE),
  };
}

/** A copy with room for n slots (or trimmed to n). */
function grow(s: CellPixelSums, n: number, w: number, h: number): CellPixelSums {
  const t = allocate(n, w, h);
  const k = Math.min(n, s.count.length);
  for (const key of ['count', 'sumX', 'sumY', 'sumXX', 'sumXY', 'sumYY', 'sumIntensity'] as const)
    t[key].set(s[key].subarray(0, k));
  for (const key of ['minX', 'maxX', 'minY', 'maxY'] as const) t[key].set(s[key].subarray(0, k));
  t.cooc.set(s.cooc.subarray(0, k * GLCM_CELL_STRIDE));
  return t;
}
