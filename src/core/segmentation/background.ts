/** Step 1: background adjustment — subtract a large-scale estimate of uneven illumination. */
import type { CV } from '../cv';
import type { SegmentationParams } from './params';

type Mat = InstanceType<CV['Mat']>;

/**
 * The large-scale illumination of `src` as a new 8-bit Mat of its size (caller deletes), or null for
 * method 'none': a box or Gaussian blur made on a copy shrunk by `downscale` (a 51 px Gaussian
 * costs ~120 ms at full size in the wasm build, ~1 ms at 1/4), then enlarged back bilinearly. The
 * one estimate: segmentation subtracts it, the viewer shows it.
 */
export function illuminationOf(cv: CV, src: Mat, p: SegmentationParams['background']): Mat | null {
  if (p.method === 'none') return null;
  const f = Math.max(1, Math.round(p.downscale));
  const small = new cv.Mat();
  const smooth = new cv.Mat();
  const background = new cv.Mat();
  try {
    const sw = Math.max(1, Math.round(src.cols / f));
    const sh = Math.max(1, Math.round(src.rows / f));
    cv.resize(src, small, new cv.Size(sw, sh), 0, 0, cv.INTER_AREA);
    const r = p.radius / f;
    if (p.method === 'box') {
      const k = 2 * Math.max(1, Math.round(r)) + 1;
      cv.blur(small, smooth, new cv.Size(k, k), new cv.Point(-1, -1), cv.BORDER_REFLECT);
    } else {
      cv.GaussianBlur(small, smooth, new cv.Size(0, 0), Math.max(0.1, r), Math.max(0.1, r), cv.BORDER_REFLECT);
    }
    cv.resize(smooth, background, new cv.Size(src.cols, src.rows), 0, 0, cv.INTER_LINEAR);
    return background;
  } catch (err) {
    background.delete();
    throw err;
  } finally {
    small.delete();
    smooth.delete();
  }
}

/** Returns a new 8-bit Mat (caller deletes): `image − illumination + 128`, saturated. */
export function subtractBackground(cv: CV, src: Mat, p: SegmentationParams['background']): Mat {
  const background = illuminationOf(cv, src, p);
  if (!background) return src.clone();
  try {
    const out = new cv.Mat();
    cv.addWeighted(src, 1, background, -1, 128, out);
    return out;
  } finally {
    background.delete();
  }
}
