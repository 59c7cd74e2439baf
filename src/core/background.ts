/**
 * Background estimate of a phase-contrast field (uneven illumination), with OpenCV.js.
 *
 * A large blur at full resolution is the slowest call in the wasm build (a 51×51 Gaussian takes
 * ~120 ms), so the estimate is made on a shrunken copy (INTER_AREA), box-blurred there, and
 * enlarged back: a few ms for a 1000×1000 field.
 */
import type { CV } from './cv';
import type { Grey8 } from './experiment';

export interface BackgroundEstimate {
  /** Smooth illumination, 8-bit, same size as the image. */
  background: Uint8Array;
  /** image − background + 128, clipped: the field with flat illumination. */
  corrected: Uint8Array;
}

export function estimateBackground(
  cv: CV,
  image: Grey8,
  options: { windowPx: number; downscale: number },
): BackgroundEstimate {
  const { width, height } = image;
  const factor = Math.max(1, Math.round(options.downscale));
  const small = new cv.Size(Math.max(1, Math.round(width / factor)), Math.max(1, Math.round(height / factor)));
  const k = Math.max(1, Math.round(options.windowPx / factor)) | 1;
  const src = cv.matFromArray(height, width, cv.CV_8UC1, image.data);
  const shrunk = new cv.Mat();
  const blurred = new cv.Mat();
  const background = new cv.Mat();
  const corrected = new cv.Mat();
  try {
    cv.resize(src, shrunk, small, 0, 0, cv.INTER_AREA);
    cv.blur(shrunk, blurred, new cv.Size(k, k), new cv.Point(-1, -1), cv.BORDER_REFLECT);
    cv.resize(blurred, background, new cv.Size(width, height), 0, 0, cv.INTER_LINEAR);
    // Saturating src − background + 128 in one pass.
    cv.addWeighted(src, 1, background, -1, 128, corrected);
    // Copy out before deleting: heap views go stale.
    return { background: background.data.slice(), corrected: corrected.data.slice() };
  } finally {
    src.delete();
    shrunk.delete();
    blurred.delete();
    background.delete();
    corrected.delete();
  }
}
