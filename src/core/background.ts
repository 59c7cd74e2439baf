/**
 * The field viewer's background layers: the illumination estimate the classical segmentation
 * subtracts in its first step (core/segmentation/background.ts), with the experiment's parameters
 * scaled to its pixel size as segmentation scales them, and the field with it subtracted. What the
 * viewer shows is what segmentation does.
 */
import type { CV } from './cv';
import type { Grey8 } from './experiment';
import { illuminationOf } from './segmentation/background';
import { classicalAtPixelSize, type SegmentationParams } from './segmentation/params';

export interface BackgroundEstimate {
  /** Smooth illumination, 8-bit, same size as the image (flat 128 when the method is 'none'). */
  background: Uint8Array;
  /** image − background + 128, clipped: the field with flat illumination (the image itself for 'none'). */
  corrected: Uint8Array;
}

export function estimateBackground(cv: CV, image: Grey8, params: SegmentationParams): BackgroundEstimate {
  const { width, height } = image;
  type Mat = InstanceType<CV['Mat']>;
  let src: Mat | null = null;
  let illumination: Mat | null = null;
  let corrected: Mat | null = null;
  try {
    src = cv.matFromArray(height, width, cv.CV_8UC1, image.data);
    illumination = illuminationOf(cv, src, classicalAtPixelSize(params).background);
    if (!illumination) return { background: new Uint8Array(width * height).fill(128), corrected: image.data.slice() };
    corrected = new cv.Mat();
    cv.addWeighted(src, 1, illumination, -1, 128, corrected);
    // Copy out before deleting: heap views go stale.
    return { background: illumination.data.slice(), corrected: corrected.data.slice() };
  } finally {
    src?.delete();
    illumination?.delete();
    corrected?.delete();
  }
}
