/** Step 2: texture enhancement — cells are textured, the background is flat. */
import type { CV } from '../cv';
import type { SegmentationParams } from './params';

type Mat = InstanceType<CV['Mat']>;

/**
 * Texture of the (background-adjusted) 8-bit image as an 8-bit array: Sobel gradient magnitude or
 * local standard deviation, optionally Gaussian-smoothed, scaled so `percentile` maps to 255.
 */
export function enhanceTexture(cv: CV, adjusted: Mat, p: SegmentationParams['texture']): ByteImageWithHistogram {
  const n = adjusted.rows * adjusted.cols;
  const tex = p.kind === 'sobel' ? sobelMagnitude(cv, adjusted) : localStd(cv, adjusted, p.window);
  try {
    if (p.smoothing > 0) cv.GaussianBlur(tex, tex, new cv.Size(0, 0), p.smoothing, p.smoothing, cv.BORDER_REFLECT);
    // Upper bounds of the filters on 8-bit input: Sobel |g| <= 1020·√2, a local SD <= 127.5.
    const bound = p.kind === 'sobel' ? 1443 : 128;
    // Loops over views of the wasm heap run ~3× slower than over JS-owned arrays: copy out first.
    return scaleToByte(tex.data32F.slice(0, n), p.percentile, bound);
  } finally {
    tex.delete();
  }
}

function sobelMagnitude(cv: CV, src: Mat): Mat {
  const gx = new cv.Mat();
  const gy = new cv.Mat();
  try {
    // Float Sobel + cv.magnitude beat a JS loop over 16-bit gradients here (fewer heap copies).
    cv.Sobel(src, gx, cv.CV_32F, 1, 0, 3, 1, 0, cv.BORDER_REFLECT);
    cv.Sobel(src, gy, cv.CV_32F, 0, 1, 3, 1, 0, cv.BORDER_REFLECT);
    const mag = new cv.Mat();
    cv.magnitude(gx, gy, mag);
    return mag;
  } finally {
    gx.delete();
    gy.delete();
  }
}

function localStd(cv: CV, src: Mat, window: number): Mat {
  const f = new cv.Mat();
  const mean = new cv.Mat();
  const sq = new cv.Mat();
  const meanSq = new cv.Mat();
  try {
    src.convertTo(f, cv.CV_32F);
    const k = new cv.Size(window, window);
    cv.blur(f, mean, k, new cv.Point(-1, -1), cv.BORDER_REFLECT);
    cv.multiply(f, f, sq);
    cv.blur(sq, meanSq, k, new cv.Point(-1, -1), cv.BORDER_REFLECT);
    const m = mean.data32F.slice();
    const m2 = meanSq.data32F.slice();
    const o = new Float32Array(m.length);
    for (let i = 0; i < o.length; i++) {
      const v = m2[i]! - m[i]! * m[i]!;
      o[i] = v > 0 ? Math.sqrt(v) : 0;
    }
    const out = new cv.Mat(src.rows, src.cols, cv.CV_32F);
    out.data32F.set(o);
    return out;
  } finally {
    f.delete();
    mean.delete();
    sq.delete();
    meanSq.delete();
  }
}

export interface ByteImageWithHistogram {
  values: Uint8Array;
  /** Pixel count per grey level of `values`, for Otsu without another pass. */
  histogram: Float64Array;
}

/** Linear scaling of values in [0, max] to 0..255 with the given percentile at 255. */
export function scaleToByte(values: Float32Array, percentile: number, max: number): ByteImageWithHistogram {
  const out = new Uint8Array(values.length);
  // Integer counts are cheaper to bump than doubles; converted once at the end.
  const counts = new Int32Array(256);
  // A fine histogram locates the percentile without sorting a million floats.
  const bins = 4096;
  const hist = new Int32Array(bins);
  const toBin = (bins - 1) / max;
  for (let i = 0; i < values.length; i++) {
    const b = (values[i]! * toBin) | 0;
    hist[b < bins ? b : bins - 1]!++;
  }
  const target = (percentile / 100) * values.length;
  let acc = 0;
  let bin = 0;
  for (; bin < bins; bin++) {
    acc += hist[bin]!;
    if (acc >= target) break;
  }
  const top = Math.max((bin + 1) / toBin, 1e-6);
  const scale = 255 / top;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]! * scale;
    const b = v >= 255 ? 255 : v | 0;
    out[i] = b;
    counts[b]!++;
  }
  return { values: out, histogram: Float64Array.from(counts) };
}
