/**
 * Small previews for file lists: each thumbnail pixel is the mean of the source area it covers
 * (area averaging, with partly covered pixels weighted by the covered fraction), so thin bright
 * halos dim smoothly instead of flickering in and out as nearest-neighbour sampling would.
 */
import type { Grey8 } from '../experiment.ts';

/** Scales so that the longer side is at most `maxSide`; smaller images come back as a copy. */
export function makeThumbnail(img: Grey8, maxSide: number): Grey8 {
  if (!(maxSide >= 1)) throw new Error(`makeThumbnail: maxSide must be at least 1, got ${maxSide}`);
  const { width, height } = img;
  const scale = maxSide / Math.max(width, height);
  if (scale >= 1) return { width, height, data: img.data.slice() };
  const tw = Math.max(1, Math.round(width * scale));
  const th = Math.max(1, Math.round(height * scale));
  const xs = coverage(width, tw);
  const ys = coverage(height, th);

  // Rows first (height × tw), then columns: the separable form of the area mean.
  const rows = new Float64Array(height * tw);
  for (let y = 0; y < height; y++) {
    const src = y * width;
    for (let j = 0; j < tw; j++) {
      const c = xs[j]!;
      let sum = 0;
      for (let k = 0; k < c.weights.length; k++) sum += c.weights[k]! * img.data[src + c.first + k]!;
      rows[y * tw + j] = sum;
    }
  }
  const out = new Uint8Array(tw * th);
  for (let i = 0; i < th; i++) {
    const c = ys[i]!;
    for (let j = 0; j < tw; j++) {
      let sum = 0;
      for (let k = 0; k < c.weights.length; k++) sum += c.weights[k]! * rows[(c.first + k) * tw + j]!;
      out[i * tw + j] = Math.min(255, Math.floor(sum + 0.5));
    }
  }
  return { width: tw, height: th, data: out };
}

interface Coverage {
  first: number;
  /** Fraction of the output cell covered by each source pixel from `first` on; they sum to 1. */
  weights: Float64Array;
}

function coverage(source: number, target: number): Coverage[] {
  const step = source / target;
  return Array.from({ length: target }, (_, j) => {
    const a = j * step;
    const b = Math.min(source, (j + 1) * step);
    const first = Math.floor(a);
    const last = Math.min(source, Math.ceil(b)) - 1;
    const weights = new Float64Array(last - first + 1);
    for (let s = first; s <= last; s++) weights[s - first] = (Math.min(b, s + 1) - Math.max(a, s)) / (b - a);
    return { first, weights };
  });
}
