/**
 * 16-bit → 8-bit by the project's stated rule (shared/data/phase-contrast/README.md, "16-bit → 8-bit
 * rule"), reproduced bit for bit:
 *   p_lo, p_hi = numpy.percentile(raw, [0.5, 99.5])     (method "linear", float64)
 *   x  = (255 * (v - p_lo)) / (p_hi - p_lo)
 *   v8 = min(255, max(0, floor(x + 0.5)))                (half rounds UP, unlike OpenCV's convertTo)
 * If p_hi == p_lo (a flat image) the rule would divide by zero; every pixel then becomes 0.
 * 8-bit images pass through untouched.
 */
import type { Grey8, GreyImage } from '../experiment.ts';

export const STRETCH_LOW_PERCENT = 0.5;
export const STRETCH_HIGH_PERCENT = 99.5;

export interface Stretch {
  pLo: number;
  pHi: number;
}

export function to8bit(img: GreyImage): Grey8 {
  if (img.bitDepth === 8) return { width: img.width, height: img.height, data: img.data as Uint8Array };
  return applyStretch(img, stretchPercentiles(img));
}

/** The 0.5th and 99.5th percentiles of the pixel values, exactly as numpy computes them. */
export function stretchPercentiles(img: GreyImage): Stretch {
  const counts = histogram(img);
  return {
    pLo: percentileFromHistogram(counts, img.data.length, STRETCH_LOW_PERCENT),
    pHi: percentileFromHistogram(counts, img.data.length, STRETCH_HIGH_PERCENT),
  };
}

/** Maps every value through the rule with the given percentiles. */
export function applyStretch(img: GreyImage, { pLo, pHi }: Stretch): Grey8 {
  // The result depends only on the value, so compute it once per possible value.
  const lut = new Uint8Array(img.bitDepth === 16 ? 65536 : 256);
  if (pHi !== pLo) {
    for (let v = 0; v < lut.length; v++) {
      const x = (255 * (v - pLo)) / (pHi - pLo);
      lut[v] = Math.min(255, Math.max(0, Math.floor(x + 0.5)));
    }
  }
  const src = img.data;
  const out = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = lut[src[i]!]!;
  return { width: img.width, height: img.height, data: out };
}

function histogram(img: GreyImage): Uint32Array {
  const counts = new Uint32Array(img.bitDepth === 16 ? 65536 : 256);
  const d = img.data;
  for (let i = 0; i < d.length; i++) counts[d[i]!]!++;
  return counts;
}

/**
 * numpy's "linear" percentile from a histogram instead of a sort: h = (n−1)·q, i = floor(h), g = h−i,
 * then the i-th and (i+1)-th smallest values s[i], s[i+1] are read off the cumulative counts.
 * The interpolation keeps numpy's two forms (it switches at g = 0.5) so the bits match.
 */
export function percentileFromHistogram(counts: Uint32Array, n: number, percent: number): number {
  if (n === 0) return Number.NaN;
  const h = (n - 1) * (percent / 100);
  const i = Math.floor(h);
  const g = h - i;
  const lo = orderStatistic(counts, i);
  if (i >= n - 1) return lo;
  const hi = orderStatistic(counts, i + 1);
  const diff = hi - lo;
  return g >= 0.5 ? hi - diff * (1 - g) : lo + diff * g;
}

/** The k-th smallest value (0-based) from histogram counts. */
function orderStatistic(counts: Uint32Array, k: number): number {
  let seen = 0;
  for (let v = 0; v < counts.length; v++) {
    seen += counts[v]!;
    if (seen > k) return v;
  }
  return counts.length - 1;
}
