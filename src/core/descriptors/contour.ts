/**
 * Perimeter and solidity from a cell's largest outer contour, with OpenCV exactly as the reference
 * (shared/reference/README.md §1): findContours(RETR_EXTERNAL, CHAIN_APPROX_NONE) on the label's
 * 0/1 mask, the contour with the largest contourArea (the first on ties), its arcLength, and
 * contourArea(contour) / contourArea(convexHull(contour)).
 *
 * The mask is the label's bounding box padded by one pixel of 0. findContours treats everything
 * outside the image as 0 too, so this traces the same contour as the full image would, including
 * for cells touching the image border. (arcLength adds float32 step lengths, so a diagonal step
 * counts fround(√2); calling the same OpenCV code keeps even that identical.)
 */
import type { CV } from '../cv';
import type { LabelArray } from './labels';

export interface ContourShape {
  /** Outer contours found (more than 1 when the label is in several 8-connected pieces). */
  pieces: number;
  perimeter: number;
  /** Polygon area enclosed by the largest outer contour (holes included). */
  contourArea: number;
  hullArea: number;
}

/** Inclusive bounding box in image pixels. */
export interface Box {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/**
 * Traces one cell after another with the same four OpenCV objects, so that a field of 100 cells
 * does not create and free 400 of them. Call `delete()` when done (try/finally).
 */
export class ContourTracer {
  private readonly mask: InstanceType<CV['Mat']>;
  private readonly contours: InstanceType<CV['MatVector']>;
  private readonly hierarchy: InstanceType<CV['Mat']>;
  private readonly hull: InstanceType<CV['Mat']>;
  private readonly cv: CV;
  private bits = new Uint8Array(0);

  constructor(cv: CV) {
    this.cv = cv;
    this.mask = new cv.Mat();
    this.contours = new cv.MatVector();
    this.hierarchy = new cv.Mat();
    this.hull = new cv.Mat();
  }

  /** The largest outer contour of the pixels equal to `id` inside `box`. */
  shape(labels: LabelArray, width: number, id: number, box: Box): ContourShape {
    const { cv, mask, contours, hull } = this;
    const cols = box.maxX - box.minX + 3;
    const rows = box.maxY - box.minY + 3;
    // Built in JS memory, then copied into the Mat in one go: element writes through a view of
    // the wasm heap are several times slower.
    const bits = this.scratch(rows * cols);
    for (let y = box.minY; y <= box.maxY; y++) {
      const src = y * width;
      const dst = (y - box.minY + 1) * cols + 1 - box.minX;
      for (let x = box.minX; x <= box.maxX; x++) if (labels[src + x] === id) bits[dst + x] = 1;
    }
    mask.create(rows, cols, cv.CV_8UC1);
    mask.data.set(bits); // the view is taken after create(), which may have moved the data
    cv.findContours(mask, contours, this.hierarchy, cv.RETR_EXTERNAL, cv.CHAIN_APPROX_NONE);
    const pieces = contours.size();
    if (pieces === 0) return { pieces, perimeter: NaN, contourArea: NaN, hullArea: NaN };
    let best = 0;
    let bestArea = -1;
    for (let k = 0; k < pieces; k++) {
      const c = contours.get(k);
      try {
        const a = cv.contourArea(c);
        if (a > bestArea) {
          bestArea = a;
          best = k;
        }
      } finally {
        c.delete();
      }
    }
    const c = contours.get(best);
    try {
      const perimeter = cv.arcLength(c, true);
      cv.convexHull(c, hull, false, true);
      return { pieces, perimeter, contourArea: bestArea, hullArea: cv.contourArea(hull) };
    } finally {
      c.delete();
    }
  }

  delete(): void {
    this.mask.delete();
    this.contours.delete();
    this.hierarchy.delete();
    this.hull.delete();
  }

  /** A zeroed buffer of exactly `size` bytes, reusing one allocation across cells. */
  private scratch(size: number): Uint8Array {
    if (this.bits.length < size) this.bits = new Uint8Array(Math.max(size, 2 * this.bits.length));
    const view = this.bits.subarray(0, size);
    view.fill(0);
    return view;
  }
}
