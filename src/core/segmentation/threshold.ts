/** Step 3: binarisation of the texture image, automatic (Otsu, scaled) or fixed. */
import type { SegmentationParams } from './params';

/** Grey-level histogram of an 8-bit array. */
export function histogram256(values: Uint8Array): Float64Array {
  const hist = new Float64Array(256);
  for (let i = 0; i < values.length; i++) hist[values[i]!]!++;
  return hist;
}

/** Otsu's threshold from a 256-level histogram: the level that maximises the between-class variance. */
export function otsuThreshold(hist: Float64Array): number {
  let n = 0;
  for (let t = 0; t < 256; t++) n += hist[t]!;
  let sumAll = 0;
  for (let t = 0; t < 256; t++) sumAll += t * hist[t]!;
  let w0 = 0;
  let sum0 = 0;
  let best = 0;
  let bestVar = -1;
  for (let t = 0; t < 256; t++) {
    w0 += hist[t]!;
    if (w0 === 0) continue;
    const w1 = n - w0;
    if (w1 === 0) break;
    sum0 += t * hist[t]!;
    const m0 = sum0 / w0;
    const m1 = (sumAll - sum0) / w1;
    const between = w0 * w1 * (m0 - m1) * (m0 - m1);
    if (between > bestVar) {
      bestVar = between;
      best = t;
    }
  }
  return best;
}

/** 1 where the texture is above the threshold (as OpenCV's THRESH_BINARY: strictly greater). */
export function binarise(
  texture: Uint8Array,
  p: SegmentationParams['threshold'],
  hist: Float64Array = histogram256(texture),
): { mask: Uint8Array; level: number } {
  const level = p.mode === 'otsu' ? otsuThreshold(hist) * p.otsuScale : p.fixedValue;
  const mask = new Uint8Array(texture.length);
  for (let i = 0; i < texture.length; i++) mask[i] = texture[i]! > level ? 1 : 0;
  return { mask, level };
}
